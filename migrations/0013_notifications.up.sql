SET LOCAL ROLE super_admin;
-- Notifications beyond mentions: an approval requested (a change request enters review: its listed
-- approvers, else its assignee, else everyone who may approve in the project), a decision on my request
-- (its requester), a failed execution in my run (the run's creator). Written by SECURITY DEFINER
-- triggers, never for the person who acted; they sync to the recipient like any notification.

CREATE FUNCTION app.notify(p_org uuid, p_project uuid, p_recipients uuid[], p_type text, p_title text, p_body text,
                           p_entity_type text, p_entity_id uuid) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
  INSERT INTO app.notifications (organization_id, project_id, recipient_id, type, title, body, entity_type, entity_id, channels, created_by)
  SELECT p_org, p_project, r, p_type, left(p_title, 500), left(coalesce(p_body, ''), 5000), p_entity_type, p_entity_id,
         '{IN_APP,DESKTOP}', app.current_user_id()
  FROM (SELECT DISTINCT unnest(p_recipients) AS r) recipients
  WHERE r IS NOT NULL AND r IS DISTINCT FROM app.current_user_id()
    AND EXISTS (SELECT 1 FROM app.project_members m WHERE m.project_id = p_project AND m.user_id = r AND m.is_active AND m.deleted_at IS NULL);
$$;

CREATE FUNCTION app.notify_review_requested() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
DECLARE
  v_recipients uuid[];
BEGIN
  IF NEW.status <> 'IN_REVIEW' OR (TG_OP = 'UPDATE' AND OLD.status = 'IN_REVIEW') OR NEW.deleted_at IS NOT NULL THEN
    RETURN NULL;
  END IF;
  SELECT array_agg(approver_id) INTO v_recipients FROM app.change_request_approvers
  WHERE change_request_id = NEW.id AND deleted_at IS NULL;
  IF v_recipients IS NULL AND NEW.assigned_to IS NOT NULL THEN
    v_recipients := ARRAY[NEW.assigned_to];
  END IF;
  IF v_recipients IS NULL THEN
    SELECT array_agg(m.user_id) INTO v_recipients FROM app.project_members m
    WHERE m.project_id = NEW.project_id AND m.is_active AND m.deleted_at IS NULL
      AND app.user_has_permission(m.user_id, NEW.project_id, 'CHANGE_REQUEST', 'APPROVE');
  END IF;
  PERFORM app.notify(NEW.organization_id, NEW.project_id, v_recipients, 'APPROVAL_REQUESTED',
                     format('CR-%s waits for your decision', NEW.number), NEW.title, 'CHANGE_REQUEST', NEW.id);
  RETURN NULL;
END $$;
CREATE TRIGGER t61_notify_review AFTER INSERT OR UPDATE OF status ON app.change_requests
  FOR EACH ROW EXECUTE FUNCTION app.notify_review_requested();

CREATE FUNCTION app.notify_decision() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
DECLARE
  v_cr record;
BEGIN
  SELECT number, title, requested_by INTO v_cr FROM app.change_requests WHERE id = NEW.change_request_id;
  PERFORM app.notify(NEW.organization_id, NEW.project_id, ARRAY[v_cr.requested_by], 'DECISION',
                     format('%s %s CR-%s', coalesce((SELECT full_name FROM app.users WHERE id = NEW.approver_id), 'Someone'),
                            CASE NEW.decision WHEN 'APPROVED' THEN 'approved' WHEN 'REJECTED' THEN 'rejected' ELSE 'asked for changes to' END,
                            v_cr.number),
                     coalesce(nullif(NEW.comment, ''), v_cr.title), 'CHANGE_REQUEST', NEW.change_request_id);
  RETURN NULL;
END $$;
CREATE TRIGGER t61_notify_decision AFTER INSERT ON app.change_request_approvals
  FOR EACH ROW EXECUTE FUNCTION app.notify_decision();

CREATE FUNCTION app.notify_failed_execution() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
DECLARE
  v_run record;
BEGIN
  IF NEW.status <> 'FAILED' OR NEW.test_run_id IS NULL THEN
    RETURN NULL;
  END IF;
  SELECT name, created_by INTO v_run FROM app.test_runs WHERE id = NEW.test_run_id;
  PERFORM app.notify(NEW.organization_id, NEW.project_id, ARRAY[v_run.created_by], 'EXECUTION_FAILED',
                     format('Failed in %s: %s', v_run.name, coalesce((SELECT title FROM app.test_cases WHERE id = NEW.test_case_id), 'a test case')),
                     NEW.actual_result, 'TEST_CASE', NEW.test_case_id);
  RETURN NULL;
END $$;
CREATE TRIGGER t61_notify_failed AFTER INSERT ON app.test_executions
  FOR EACH ROW EXECUTE FUNCTION app.notify_failed_execution();

GRANT EXECUTE ON FUNCTION app.notify_review_requested(), app.notify_decision(), app.notify_failed_execution() TO application_user;
