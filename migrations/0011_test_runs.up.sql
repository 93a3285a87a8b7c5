SET LOCAL ROLE super_admin;
-- Test runs: a run groups test cases (chosen or by a filter), is assigned to testers and shows progress;
-- executions may belong to a run. Same conventions as every replicated table (sync columns, RLS through
-- app.setup_project_table with the TEST_CASE permissions, audit, sync pokes, pushable).

CREATE TABLE app.test_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  project_id uuid NOT NULL,
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 500),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
  status text NOT NULL DEFAULT 'PLANNED' CHECK (status IN ('PLANNED', 'IN_PROGRESS', 'COMPLETED', 'ARCHIVED')),
  environment text NOT NULL DEFAULT '' CHECK (length(environment) <= 500),
  build text NOT NULL DEFAULT '' CHECK (length(build) <= 500),
  due_date date,
  assignees uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(assignees) <= 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  version bigint NOT NULL DEFAULT 1,
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  UNIQUE (id, project_id),
  FOREIGN KEY (project_id, organization_id) REFERENCES app.projects (id, organization_id)
);
CREATE INDEX test_runs_project_status_idx ON app.test_runs (project_id, status) WHERE deleted_at IS NULL;
CREATE INDEX test_runs_sync_idx ON app.test_runs (project_id, sync_xid, id);

CREATE TABLE app.test_run_cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  project_id uuid NOT NULL,
  test_run_id uuid NOT NULL,
  test_case_id uuid NOT NULL,
  assigned_to uuid,
  position integer NOT NULL DEFAULT 0 CHECK (position >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  version bigint NOT NULL DEFAULT 1,
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  FOREIGN KEY (project_id, organization_id) REFERENCES app.projects (id, organization_id),
  FOREIGN KEY (test_run_id, project_id) REFERENCES app.test_runs (id, project_id),
  FOREIGN KEY (test_case_id, project_id) REFERENCES app.test_cases (id, project_id),
  FOREIGN KEY (assigned_to, organization_id) REFERENCES app.users (id, organization_id)
);
CREATE UNIQUE INDEX test_run_cases_key ON app.test_run_cases (test_run_id, test_case_id) WHERE deleted_at IS NULL;
CREATE INDEX test_run_cases_case_idx ON app.test_run_cases (test_case_id) WHERE deleted_at IS NULL;
CREATE INDEX test_run_cases_sync_idx ON app.test_run_cases (project_id, sync_xid, id);

-- An execution may be part of a run (set by the tester's device; never changed afterwards).
ALTER TABLE app.test_executions ADD COLUMN test_run_id uuid;
ALTER TABLE app.test_executions ADD CONSTRAINT test_executions_run_fk
  FOREIGN KEY (test_run_id, project_id) REFERENCES app.test_runs (id, project_id);
CREATE INDEX test_executions_run_idx ON app.test_executions (test_run_id) WHERE test_run_id IS NOT NULL;
GRANT INSERT (test_run_id) ON app.test_executions TO application_user;

SELECT app.setup_project_table('app.test_runs', 'TEST_CASE', 'crud');
SELECT app.setup_project_table('app.test_run_cases', 'TEST_CASE', 'crud');

CREATE TRIGGER t80_audit AFTER INSERT OR UPDATE OR DELETE ON app.test_runs FOR EACH ROW EXECUTE FUNCTION app.audit_row('TEST_RUN');
CREATE TRIGGER t80_audit AFTER INSERT OR UPDATE OR DELETE ON app.test_run_cases FOR EACH ROW EXECUTE FUNCTION app.audit_row('TEST_RUN_CASE');
CREATE TRIGGER t95_poke AFTER INSERT OR UPDATE OR DELETE ON app.test_runs FOR EACH ROW EXECUTE FUNCTION app.poke('project');
CREATE TRIGGER t95_poke AFTER INSERT OR UPDATE OR DELETE ON app.test_run_cases FOR EACH ROW EXECUTE FUNCTION app.poke('project');

-- Clients may push to the new tables: extend the list, whatever earlier migrations put in it. The
-- definition it replaces is kept in the function's comment, so that the down migration restores it exactly.
DO $$
DECLARE
  v_previous text := pg_get_functiondef('app.pushable_tables()'::regprocedure);
BEGIN
  EXECUTE format('CREATE OR REPLACE FUNCTION app.pushable_tables() RETURNS text[] LANGUAGE sql IMMUTABLE AS %L',
                 format('SELECT %L::text[]', app.pushable_tables() || ARRAY['test_runs', 'test_run_cases']));
  EXECUTE format('COMMENT ON FUNCTION app.pushable_tables() IS %L', v_previous);
END $$;
