SET LOCAL ROLE super_admin;
-- The definition 0011 replaced was kept in the function's comment.
DO $$
BEGIN
  EXECUTE obj_description('app.pushable_tables()'::regprocedure, 'pg_proc');
  COMMENT ON FUNCTION app.pushable_tables() IS NULL;
END $$;
REVOKE INSERT (test_run_id) ON app.test_executions FROM application_user;
DROP INDEX app.test_executions_run_idx;
ALTER TABLE app.test_executions DROP CONSTRAINT test_executions_run_fk;
ALTER TABLE app.test_executions DROP COLUMN test_run_id;
DROP TABLE app.test_run_cases, app.test_runs;
