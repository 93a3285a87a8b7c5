SET LOCAL ROLE super_admin;
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['organizations', 'users', 'roles', 'role_permissions', 'projects', 'project_members',
                           'documents', 'document_versions', 'document_relations', 'test_cases', 'test_executions',
                           'test_case_relations', 'change_requests', 'change_request_impacts',
                           'change_request_approvals', 'tasks', 'comments'] LOOP
    EXECUTE format('DROP TRIGGER t80_audit ON app.%I', t);
  END LOOP;
END $$;
DELETE FROM app.partition_plans WHERE table_name = 'activity_logs';
DROP TABLE app.activity_logs;
DROP FUNCTION app.audit_row(), app.client_action_time(), app.audit_value(jsonb);
