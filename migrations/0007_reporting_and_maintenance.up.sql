-- Dashboard statistics (materialized views refreshed concurrently) and the maintenance routine.
SET LOCAL ROLE super_admin;

CREATE MATERIALIZED VIEW app.project_stats AS
SELECT
  p.id AS project_id,
  p.organization_id,
  (SELECT count(*) FROM app.documents d WHERE d.project_id = p.id AND d.deleted_at IS NULL) AS documents,
  (SELECT count(*) FROM app.test_cases c WHERE c.project_id = p.id AND c.deleted_at IS NULL) AS test_cases,
  e.executions_30d,
  e.passed_30d,
  e.failed_30d,
  CASE WHEN e.executions_30d > 0 THEN round(100.0 * e.passed_30d / e.executions_30d, 1) END AS pass_rate_30d,
  (SELECT count(*) FROM app.change_requests cr WHERE cr.project_id = p.id AND cr.deleted_at IS NULL
     AND cr.status NOT IN ('IMPLEMENTED', 'CLOSED', 'CANCELLED', 'REJECTED')) AS open_change_requests,
  (SELECT count(*) FROM app.change_requests cr WHERE cr.project_id = p.id AND cr.deleted_at IS NULL
     AND cr.status = 'IN_REVIEW') AS change_requests_in_review,
  (SELECT count(*) FROM app.tasks t WHERE t.project_id = p.id AND t.deleted_at IS NULL
     AND t.status NOT IN ('DONE', 'CANCELLED')) AS open_tasks,
  (SELECT count(*) FROM app.tasks t WHERE t.project_id = p.id AND t.deleted_at IS NULL
     AND t.status NOT IN ('DONE', 'CANCELLED') AND t.due_date < current_date) AS overdue_tasks,
  (SELECT count(*) FROM app.project_members m WHERE m.project_id = p.id AND m.deleted_at IS NULL AND m.is_active) AS members,
  now() AS refreshed_at
FROM app.projects p
CROSS JOIN LATERAL (
  SELECT count(*) AS executions_30d,
         count(*) FILTER (WHERE x.status = 'PASSED') AS passed_30d,
         count(*) FILTER (WHERE x.status = 'FAILED') AS failed_30d
  FROM app.test_executions x
  WHERE x.project_id = p.id AND x.deleted_at IS NULL AND x.executed_at > now() - interval '30 days') e
WHERE p.deleted_at IS NULL;
CREATE UNIQUE INDEX project_stats_key ON app.project_stats (project_id);
CREATE INDEX project_stats_org_idx ON app.project_stats (organization_id);

CREATE MATERIALIZED VIEW app.user_dashboard_stats AS
SELECT
  u.id AS user_id,
  u.organization_id,
  (SELECT count(*) FROM app.tasks t WHERE t.assignee_id = u.id AND t.deleted_at IS NULL
     AND t.status NOT IN ('DONE', 'CANCELLED')) AS open_tasks,
  (SELECT count(*) FROM app.tasks t WHERE t.assignee_id = u.id AND t.deleted_at IS NULL
     AND t.status NOT IN ('DONE', 'CANCELLED') AND t.due_date < current_date) AS overdue_tasks,
  (SELECT count(*) FROM app.tasks t WHERE t.assignee_id = u.id AND t.deleted_at IS NULL
     AND t.status NOT IN ('DONE', 'CANCELLED') AND t.due_date BETWEEN current_date AND current_date + 7) AS tasks_due_this_week,
  (SELECT count(*) FROM app.change_requests cr WHERE cr.requested_by = u.id AND cr.deleted_at IS NULL
     AND cr.status NOT IN ('IMPLEMENTED', 'CLOSED', 'CANCELLED', 'REJECTED')) AS my_open_change_requests,
  (SELECT count(*) FROM app.change_requests cr
     JOIN app.project_members pm ON pm.project_id = cr.project_id AND pm.user_id = u.id AND pm.is_active AND pm.deleted_at IS NULL
     JOIN app.role_permissions rp ON rp.role_id = pm.role_id AND rp.deleted_at IS NULL
     JOIN app.permissions pe ON pe.id = rp.permission_id AND pe.resource = 'CHANGE_REQUEST' AND pe.action = 'APPROVE'
     WHERE cr.status = 'IN_REVIEW' AND cr.deleted_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM app.change_request_approvals a WHERE a.change_request_id = cr.id
                       AND a.approver_id = u.id AND a.change_request_revision = cr.revision AND a.deleted_at IS NULL)
  ) AS approvals_awaiting_me,
  (SELECT count(*) FROM app.notifications n WHERE n.recipient_id = u.id AND n.read_at IS NULL AND n.deleted_at IS NULL)
    AS unread_notifications,
  (SELECT count(*) FROM app.test_executions x WHERE x.executed_by = u.id AND x.deleted_at IS NULL
     AND x.executed_at > now() - interval '30 days') AS executions_30d,
  (SELECT count(*) FROM app.documents d WHERE d.created_by = u.id AND d.deleted_at IS NULL) AS documents_authored,
  now() AS refreshed_at
FROM app.users u
WHERE u.deleted_at IS NULL;
CREATE UNIQUE INDEX user_dashboard_stats_key ON app.user_dashboard_stats (user_id);

-- Materialized views have no row-level security: clients read them only through these views, which
-- keep to the signed-in user's own row and readable projects.
CREATE VIEW app.my_dashboard_stats WITH (security_barrier) AS
  SELECT * FROM app.user_dashboard_stats WHERE user_id = (SELECT app.current_user_id());
CREATE VIEW app.visible_project_stats WITH (security_barrier) AS
  SELECT * FROM app.project_stats
  WHERE organization_id = (SELECT app.current_organization_id())
    AND project_id = ANY ((SELECT app.permitted_projects('PROJECT', 'READ'))::uuid[]);
GRANT SELECT ON app.my_dashboard_stats, app.visible_project_stats TO application_user, readonly_user;

-- The weekly routine (run as super_admin): future partitions and retention, statistics refresh,
-- expired session and old notification clean-up, ANALYZE. VACUUM cannot run inside a function:
-- autovacuum does it.
CREATE FUNCTION app.maintain_database() RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog, app, auth, pg_temp AS $$
DECLARE
  v_partitions text[];
  v_sessions bigint;
  v_notifications bigint;
  v_analyzed int := 0;
  t record;
BEGIN
  v_partitions := app.ensure_partitions(3);
  DELETE FROM auth.user_sessions
  WHERE expires_at < now() - interval '7 days' OR revoked_at < now() - interval '7 days';
  GET DIAGNOSTICS v_sessions = ROW_COUNT;
  DELETE FROM app.notifications
  WHERE expires_at < now() OR read_at < now() - interval '90 days' OR deleted_at < now() - interval '30 days';
  GET DIAGNOSTICS v_notifications = ROW_COUNT;
  REFRESH MATERIALIZED VIEW CONCURRENTLY app.project_stats;
  REFRESH MATERIALIZED VIEW CONCURRENTLY app.user_dashboard_stats;
  FOR t IN
    SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname IN ('app', 'auth') AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  LOOP
    EXECUTE format('ANALYZE %I.%I', t.nspname, t.relname);
    v_analyzed := v_analyzed + 1;
  END LOOP;
  RETURN jsonb_build_object('partitions_changed', to_jsonb(v_partitions), 'expired_sessions_deleted', v_sessions,
                            'notifications_deleted', v_notifications, 'materialized_views_refreshed', 2,
                            'tables_analyzed', v_analyzed);
END $$;
