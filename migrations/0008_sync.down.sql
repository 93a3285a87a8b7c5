SET LOCAL ROLE super_admin;
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['documents', 'document_versions', 'document_relations', 'test_cases',
                           'test_executions', 'test_case_relations', 'change_requests', 'change_request_impacts',
                           'change_request_approvals', 'tasks', 'comments', 'project_members', 'tombstones',
                           'organizations', 'users', 'roles', 'role_permissions', 'projects', 'notifications'] LOOP
    EXECUTE format('DROP TRIGGER t95_poke ON app.%I', t);
  END LOOP;
END $$;
DROP FUNCTION app.compact_document_updates(uuid, uuid, bytea, uuid[]);
DROP TABLE app.document_updates;
DROP FUNCTION app.poke(), app.push_mutations(uuid, jsonb), app.pushable_tables();
DROP TABLE app.sync_clients;
DROP FUNCTION app.guard_sync_client(), app.new_generation();
DROP TABLE app.db_generation;
