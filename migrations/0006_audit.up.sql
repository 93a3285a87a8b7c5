-- Audit trail: every change to the major tables writes activity_logs with who (user, session, device),
-- what (field by field, old → new), and when (the server's receipt time and the device's own time).
SET LOCAL ROLE super_admin;

CREATE TABLE app.activity_logs (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  project_id uuid,
  user_id uuid,
  session_id uuid,
  device_name text,
  entity_type text NOT NULL,
  entity_id uuid NOT NULL,
  action text NOT NULL CHECK (action IN ('CREATE', 'UPDATE', 'SOFT_DELETE', 'RESTORE', 'DELETE')),
  -- {"field": {"old": …, "new": …}}; long values are summarised (length and sha256).
  changes jsonb NOT NULL DEFAULT '{}',
  -- When the user acted, by the device's clock (app.client_time), e.g. hours before an offline change arrived.
  client_action_at timestamptz,
  client_addr inet,
  application_name text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
CREATE INDEX activity_logs_user_idx ON app.activity_logs (user_id, created_at DESC);
CREATE INDEX activity_logs_entity_idx ON app.activity_logs (entity_type, entity_id, created_at DESC);
CREATE INDEX activity_logs_project_idx ON app.activity_logs (project_id, created_at DESC);
SELECT app.register_partitioned_table('activity_logs', 'month', interval '1 year');

ALTER TABLE app.activity_logs ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.activity_logs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON app.activity_logs FOR SELECT
  USING (organization_id = (SELECT app.current_organization_id())
         AND (user_id = (SELECT app.current_user_id())
              OR project_id = ANY ((SELECT app.permitted_projects('ACTIVITY_LOG', 'READ'))::uuid[])));
GRANT SELECT ON app.activity_logs TO application_user, readonly_user;

CREATE FUNCTION app.audit_value(p_value jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT CASE WHEN length(p_value::text) <= 10000 THEN p_value
    ELSE jsonb_build_object('summary', true, 'length', length(p_value::text),
                            'sha256', encode(sha256(convert_to(p_value::text, 'UTF8')), 'hex')) END
$$;

-- The device's time of the action from app.client_time (ISO 8601), or NULL when absent or unreadable.
CREATE FUNCTION app.client_action_time() RETURNS timestamptz
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  raw text := nullif(current_setting('app.client_time', true), '');
BEGIN
  IF raw IS NULL OR length(raw) > 64 THEN
    RETURN NULL;
  END IF;
  RETURN raw::timestamptz;
EXCEPTION WHEN others THEN
  RETURN NULL;
END $$;

-- Trigger argument: the entity type recorded (DOCUMENT, TEST_EXECUTION, ...).
CREATE FUNCTION app.audit_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
DECLARE
  ignored constant text[] := ARRAY['search_vector', 'sync_xid', 'version', 'updated_at', 'updated_by'];
  v_old jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) - ignored END;
  v_new jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) - ignored END;
  v_row jsonb := coalesce(v_new, v_old);
  v_changes jsonb;
  v_action text;
  v_session record;
BEGIN
  IF TG_OP = 'INSERT' THEN
    v_action := 'CREATE';
    SELECT jsonb_object_agg(key, jsonb_build_object('new', app.audit_value(value))) INTO v_changes
    FROM jsonb_each(v_new) WHERE value <> 'null'::jsonb;
  ELSIF TG_OP = 'DELETE' THEN
    v_action := 'DELETE';
    SELECT jsonb_object_agg(key, jsonb_build_object('old', app.audit_value(value))) INTO v_changes
    FROM jsonb_each(v_old) WHERE value <> 'null'::jsonb;
  ELSE
    SELECT jsonb_object_agg(n.key, jsonb_build_object('old', app.audit_value(o.value), 'new', app.audit_value(n.value)))
    INTO v_changes
    FROM jsonb_each(v_new) n JOIN jsonb_each(v_old) o USING (key)
    WHERE n.value IS DISTINCT FROM o.value;
    IF v_changes IS NULL THEN
      RETURN NULL;
    END IF;
    v_action := CASE
      WHEN v_old ->> 'deleted_at' IS NULL AND v_new ->> 'deleted_at' IS NOT NULL THEN 'SOFT_DELETE'
      WHEN v_old ->> 'deleted_at' IS NOT NULL AND v_new ->> 'deleted_at' IS NULL THEN 'RESTORE'
      ELSE 'UPDATE' END;
  END IF;

  SELECT * INTO v_session FROM app.current_session();
  INSERT INTO app.activity_logs (organization_id, project_id, user_id, session_id, device_name, entity_type, entity_id,
                                 action, changes, client_action_at, client_addr, application_name)
  VALUES (
    coalesce((v_row ->> 'organization_id')::uuid, (v_row ->> 'id')::uuid),
    CASE WHEN TG_ARGV[0] = 'PROJECT' THEN (v_row ->> 'id')::uuid ELSE (v_row ->> 'project_id')::uuid END,
    coalesce(v_session.user_id, (v_row ->> 'updated_by')::uuid, (to_jsonb(NEW) ->> 'updated_by')::uuid),
    v_session.session_id, v_session.device_name,
    TG_ARGV[0], (v_row ->> 'id')::uuid, v_action, coalesce(v_changes, '{}'),
    app.client_action_time(), inet_client_addr(), current_setting('application_name', true));
  RETURN NULL;
END $$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['organizations', 'users', 'roles', 'role_permissions', 'projects', 'project_members',
                           'documents', 'document_versions', 'document_relations', 'test_cases', 'test_executions',
                           'test_case_relations', 'change_requests', 'change_request_impacts',
                           'change_request_approvals', 'tasks', 'comments'] LOOP
    EXECUTE format('CREATE TRIGGER t80_audit AFTER INSERT OR UPDATE OR DELETE ON app.%I '
                   'FOR EACH ROW EXECUTE FUNCTION app.audit_row(%L)', t, upper(regexp_replace(t, 's$', '')));
  END LOOP;
END $$;

GRANT EXECUTE ON FUNCTION app.audit_row(), app.audit_value(jsonb), app.client_action_time() TO application_user;
