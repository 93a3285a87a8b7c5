-- Undoes 0016_hardening. application_user's connection limit is role-wide (other databases of the
-- cluster may rely on it) and is left as it is; its settings in this database are reset.
DO $$
BEGIN
  IF (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('ALTER ROLE application_user IN DATABASE %I RESET ALL', current_database());
  END IF;
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    PERFORM auth.restrict_catalogs(false);
  END IF;
END $$;

SET LOCAL ROLE super_admin;

DO $$
DECLARE
  v_kept jsonb := obj_description('auth.login(text, text, text, text, text)'::regprocedure, 'pg_proc')::jsonb;
BEGIN
  EXECUTE v_kept ->> 'definition';
  EXECUTE format('COMMENT ON FUNCTION auth.login(text, text, text, text, text) IS %L', v_kept ->> 'comment');
END $$;
DROP FUNCTION auth.login_unthrottled(text, text, text, text, text);
DROP TABLE auth.sign_in_failures;

DO $$
DECLARE
  v_kept jsonb := obj_description('app.push_mutations(uuid, jsonb)'::regprocedure, 'pg_proc')::jsonb;
BEGIN
  EXECUTE v_kept ->> 'definition';
  EXECUTE format('COMMENT ON FUNCTION app.push_mutations(uuid, jsonb) IS %L', v_kept ->> 'comment');
END $$;

ALTER TABLE app.users DROP CONSTRAINT users_preferences_limit;
ALTER TABLE app.test_executions DROP CONSTRAINT test_executions_step_results_limit;
ALTER TABLE app.tasks DROP CONSTRAINT tasks_tags_limit;
ALTER TABLE app.change_requests DROP CONSTRAINT change_requests_tags_limit;
ALTER TABLE app.test_cases DROP CONSTRAINT test_cases_tags_limit;
ALTER TABLE app.comments DROP CONSTRAINT comments_body_limit, DROP CONSTRAINT comments_body_not_empty,
  ADD CONSTRAINT comments_body_check CHECK (length(btrim(body)) BETWEEN 1 AND 20000);
ALTER TABLE app.document_updates DROP CONSTRAINT document_updates_update_data_limit,
  DROP CONSTRAINT document_updates_update_data_not_empty,
  ADD CONSTRAINT document_updates_update_data_check CHECK (length(update_data) BETWEEN 1 AND 20000000);
ALTER TABLE app.document_versions DROP CONSTRAINT document_versions_content_json_limit,
  DROP CONSTRAINT document_versions_content_limit,
  ADD CONSTRAINT document_versions_content_check CHECK (length(content) <= 5000000);
ALTER TABLE app.documents DROP CONSTRAINT documents_tags_limit, DROP CONSTRAINT documents_content_json_limit,
  DROP CONSTRAINT documents_content_limit, ADD CONSTRAINT documents_content_check CHECK (length(content) <= 5000000);
DROP FUNCTION app.within_limit(bigint, bigint, text, text);

DROP FUNCTION auth.stop_runaway_statements(interval, interval);
DROP FUNCTION auth.harden_database();
DROP FUNCTION auth.restore_role_settings();
DROP FUNCTION auth.application_user_settings();
DROP FUNCTION auth.restrict_catalogs(boolean);
