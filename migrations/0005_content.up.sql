-- Project content: documents and versions, test cases and executions, change requests with impacts
-- and approvals, tasks, comments, notifications.
SET LOCAL ROLE super_admin;

-- Server-assigned per-scope numbers (CR-12, document version 4): rows created offline get theirs on push.
CREATE TABLE app.counters (
  scope_id uuid NOT NULL,
  kind text NOT NULL,
  value bigint NOT NULL,
  PRIMARY KEY (scope_id, kind)
);
ALTER TABLE app.counters ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.counters FORCE ROW LEVEL SECURITY;
CREATE FUNCTION app.next_number(p_scope uuid, p_kind text) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
DECLARE
  v_value bigint;
BEGIN
  INSERT INTO app.counters (scope_id, kind, value) VALUES (p_scope, p_kind, 1)
  ON CONFLICT (scope_id, kind) DO UPDATE SET value = app.counters.value + 1
  RETURNING value INTO v_value;
  RETURN v_value;
END $$;

-- search_vector with the seed's weights: title A, content B (the columns named in the trigger
-- arguments; strings inside JSON are included), tags C.
CREATE FUNCTION app.update_search_vector() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v jsonb := to_jsonb(NEW);
  body text := '';
  col text;
BEGIN
  FOREACH col IN ARRAY TG_ARGV LOOP
    body := body || ' ' || CASE jsonb_typeof(v -> col)
      WHEN 'string' THEN v ->> col
      WHEN 'array' THEN coalesce((SELECT string_agg(x #>> '{}', ' ') FROM jsonb_path_query(v -> col, 'strict $.**') x
                                  WHERE jsonb_typeof(x) = 'string'), '')
      WHEN 'object' THEN coalesce((SELECT string_agg(x #>> '{}', ' ') FROM jsonb_path_query(v -> col, 'strict $.**') x
                                   WHERE jsonb_typeof(x) = 'string'), '')
      ELSE '' END;
  END LOOP;
  NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('english', body), 'B') ||
    setweight(to_tsvector('simple', array_to_string(coalesce(NEW.tags, '{}'), ' ')), 'C');
  RETURN NEW;
END $$;

-- The project of a polymorphic reference (entity_type, entity_id), or NULL when there is none.
CREATE FUNCTION app.entity_project(p_entity_type text, p_entity_id uuid) RETURNS uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
DECLARE
  v_table text := CASE p_entity_type
    WHEN 'DOCUMENT' THEN 'documents' WHEN 'TEST_CASE' THEN 'test_cases' WHEN 'TEST_EXECUTION' THEN 'test_executions'
    WHEN 'CHANGE_REQUEST' THEN 'change_requests' WHEN 'TASK' THEN 'tasks' END;
  v_project uuid;
BEGIN
  IF v_table IS NULL THEN
    RETURN NULL;
  END IF;
  EXECUTE format('SELECT project_id FROM app.%I WHERE id = $1 AND deleted_at IS NULL', v_table) INTO v_project USING p_entity_id;
  RETURN v_project;
END $$;

-- BEFORE INSERT OR UPDATE: (entity_type, entity_id) names a live item of the row's own project.
CREATE FUNCTION app.check_entity_reference() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF app.entity_project(NEW.entity_type, NEW.entity_id) IS DISTINCT FROM NEW.project_id THEN
    PERFORM app.fail('PM404', format('The %s this refers to does not exist in this project.', replace(lower(NEW.entity_type), '_', ' ')),
                     'Pick an item of the same project.');
  END IF;
  RETURN NEW;
END $$;

-- ---------------------------------------------------------------------------------------------
-- Documents
-- ---------------------------------------------------------------------------------------------
CREATE TABLE app.documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  project_id uuid NOT NULL,
  title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 500),
  content text NOT NULL DEFAULT '' CHECK (length(content) <= 5000000),
  content_json jsonb,
  document_type text NOT NULL DEFAULT 'GENERAL' CHECK (document_type IN
    ('GENERAL', 'REQUIREMENT', 'SPECIFICATION', 'DESIGN', 'TEST_PLAN', 'REPORT', 'PROCEDURE', 'OTHER')),
  status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'IN_REVIEW', 'APPROVED', 'PUBLISHED', 'ARCHIVED')),
  is_template boolean NOT NULL DEFAULT false,
  template_id uuid REFERENCES app.documents (id),
  tags text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 50),
  current_version integer NOT NULL DEFAULT 0,
  owner_id uuid,
  file_name text CHECK (length(file_name) <= 500),
  file_size bigint CHECK (file_size >= 0),
  mime_type text CHECK (length(mime_type) <= 200),
  checksum_sha256 text CHECK (checksum_sha256 ~ '^[0-9a-f]{64}$'),
  storage_provider text CHECK (storage_provider IN ('DATABASE', 'LOCAL', 'MINIO', 'S3', 'AZURE_BLOB')),
  storage_path text CHECK (length(storage_path) <= 2000),
  search_vector tsvector,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  version bigint NOT NULL DEFAULT 1,
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  UNIQUE (id, project_id),
  FOREIGN KEY (project_id, organization_id) REFERENCES app.projects (id, organization_id),
  FOREIGN KEY (owner_id, organization_id) REFERENCES app.users (id, organization_id)
);
CREATE INDEX documents_project_status_idx ON app.documents (project_id, status) WHERE deleted_at IS NULL;
CREATE INDEX documents_project_updated_idx ON app.documents (project_id, updated_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX documents_project_created_idx ON app.documents (project_id, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX documents_templates_idx ON app.documents (organization_id, document_type) WHERE is_template AND deleted_at IS NULL;
CREATE INDEX documents_search_idx ON app.documents USING gin (search_vector);
CREATE INDEX documents_tags_idx ON app.documents USING gin (tags);
CREATE INDEX documents_sync_idx ON app.documents (project_id, sync_xid, id);

CREATE TABLE app.document_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  project_id uuid NOT NULL,
  document_id uuid NOT NULL,
  version_number integer NOT NULL DEFAULT 0,
  title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 500),
  content text NOT NULL DEFAULT '' CHECK (length(content) <= 5000000),
  content_json jsonb,
  change_summary text NOT NULL DEFAULT '' CHECK (length(change_summary) <= 2000),
  is_automatic boolean NOT NULL DEFAULT false,
  file_name text CHECK (length(file_name) <= 500),
  file_size bigint CHECK (file_size >= 0),
  mime_type text CHECK (length(mime_type) <= 200),
  checksum_sha256 text CHECK (checksum_sha256 ~ '^[0-9a-f]{64}$'),
  storage_provider text CHECK (storage_provider IN ('DATABASE', 'LOCAL', 'MINIO', 'S3', 'AZURE_BLOB')),
  storage_path text CHECK (length(storage_path) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  version bigint NOT NULL DEFAULT 1,
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  FOREIGN KEY (project_id, organization_id) REFERENCES app.projects (id, organization_id),
  FOREIGN KEY (document_id, project_id) REFERENCES app.documents (id, project_id)
);
CREATE UNIQUE INDEX document_versions_number_key ON app.document_versions (document_id, version_number);
CREATE INDEX document_versions_sync_idx ON app.document_versions (project_id, sync_xid, id);

-- Versions are numbered by the server in arrival order; the document remembers its latest number.
CREATE FUNCTION app.number_document_version() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
BEGIN
  NEW.version_number := app.next_number(NEW.document_id, 'document_version');
  UPDATE app.documents SET current_version = NEW.version_number WHERE id = NEW.document_id;
  RETURN NEW;
END $$;
CREATE TRIGGER t20_number BEFORE INSERT ON app.document_versions
  FOR EACH ROW EXECUTE FUNCTION app.number_document_version();

-- ---------------------------------------------------------------------------------------------
-- Test cases and executions
-- ---------------------------------------------------------------------------------------------
-- Steps: a JSON array of {"action": text, "expected_result": text} objects.
CREATE FUNCTION app.valid_test_steps(p_steps jsonb) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  step jsonb;
BEGIN
  IF jsonb_typeof(p_steps) IS DISTINCT FROM 'array' OR jsonb_array_length(p_steps) > 500 THEN
    RETURN false;
  END IF;
  FOR step IN SELECT value FROM jsonb_array_elements(p_steps) LOOP
    IF NOT coalesce(jsonb_typeof(step) = 'object'
                    AND jsonb_typeof(step -> 'action') = 'string' AND length(btrim(step ->> 'action')) BETWEEN 1 AND 10000
                    AND coalesce(jsonb_typeof(step -> 'expected_result'), 'string') = 'string'
                    AND length(coalesce(step ->> 'expected_result', '')) <= 10000, false) THEN
      RETURN false;
    END IF;
  END LOOP;
  RETURN true;
END $$;

CREATE TABLE app.test_cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  project_id uuid NOT NULL,
  title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 500),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 100000),
  preconditions text NOT NULL DEFAULT '' CHECK (length(preconditions) <= 20000),
  steps jsonb NOT NULL DEFAULT '[]' CHECK (app.valid_test_steps(steps)),
  expected_result text NOT NULL DEFAULT '' CHECK (length(expected_result) <= 20000),
  priority text NOT NULL DEFAULT 'MEDIUM' CHECK (priority IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
  status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'READY', 'APPROVED', 'DEPRECATED')),
  test_type text NOT NULL DEFAULT 'FUNCTIONAL' CHECK (test_type IN
    ('FUNCTIONAL', 'REGRESSION', 'INTEGRATION', 'PERFORMANCE', 'SECURITY', 'USABILITY', 'ACCEPTANCE', 'SMOKE')),
  automation_status text NOT NULL DEFAULT 'MANUAL' CHECK (automation_status IN ('MANUAL', 'PLANNED', 'AUTOMATED', 'NOT_AUTOMATABLE')),
  automation_id text CHECK (length(automation_id) <= 500),
  is_template boolean NOT NULL DEFAULT false,
  template_id uuid REFERENCES app.test_cases (id),
  reuse_count integer NOT NULL DEFAULT 0 CHECK (reuse_count >= 0),
  suite text NOT NULL DEFAULT '' CHECK (length(suite) <= 500),
  estimated_minutes integer CHECK (estimated_minutes >= 0),
  owner_id uuid,
  -- The test's own version: +1 when what a tester does or checks changes (title, steps, ...).
  case_version integer NOT NULL DEFAULT 1,
  tags text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 50),
  search_vector tsvector,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  version bigint NOT NULL DEFAULT 1,
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  UNIQUE (id, project_id),
  FOREIGN KEY (project_id, organization_id) REFERENCES app.projects (id, organization_id),
  FOREIGN KEY (owner_id, organization_id) REFERENCES app.users (id, organization_id)
);
CREATE INDEX test_cases_project_status_idx ON app.test_cases (project_id, status, priority) WHERE deleted_at IS NULL;
CREATE INDEX test_cases_project_suite_idx ON app.test_cases (project_id, suite) WHERE deleted_at IS NULL;
CREATE INDEX test_cases_templates_idx ON app.test_cases (organization_id, reuse_count DESC) WHERE is_template AND deleted_at IS NULL;
CREATE UNIQUE INDEX test_cases_automation_key ON app.test_cases (project_id, automation_id)
  WHERE automation_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX test_cases_search_idx ON app.test_cases USING gin (search_vector);
CREATE INDEX test_cases_tags_idx ON app.test_cases USING gin (tags);
CREATE INDEX test_cases_sync_idx ON app.test_cases (project_id, sync_xid, id);

-- Clients never set case_version or reuse_count: the first follows content changes, the second
-- counts test cases created from a template (maintained by the database's own trigger).
CREATE FUNCTION app.version_test_case() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NOT app.is_privileged() THEN
      NEW.case_version := 1;
      NEW.reuse_count := 0;
    END IF;
    RETURN NEW;
  END IF;
  NEW.case_version := OLD.case_version;
  IF NOT app.is_privileged() THEN
    NEW.reuse_count := OLD.reuse_count;
  END IF;
  IF (NEW.title, NEW.description, NEW.preconditions, NEW.steps, NEW.expected_result)
     IS DISTINCT FROM (OLD.title, OLD.description, OLD.preconditions, OLD.steps, OLD.expected_result) THEN
    NEW.case_version := OLD.case_version + 1;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER t20_version BEFORE INSERT OR UPDATE ON app.test_cases
  FOR EACH ROW EXECUTE FUNCTION app.version_test_case();

CREATE FUNCTION app.count_template_reuse() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
BEGIN
  IF NEW.template_id IS NOT NULL THEN
    UPDATE app.test_cases SET reuse_count = reuse_count + 1 WHERE id = NEW.template_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER t50_template_reuse AFTER INSERT ON app.test_cases
  FOR EACH ROW EXECUTE FUNCTION app.count_template_reuse();

-- The current version of a test case, whoever asks (used when an execution arrives).
CREATE FUNCTION app.test_case_version(p_test_case_id uuid) RETURNS integer
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
BEGIN
  RETURN (SELECT case_version FROM app.test_cases WHERE id = p_test_case_id);
END $$;

CREATE TABLE app.test_executions (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  project_id uuid NOT NULL,
  test_case_id uuid NOT NULL,
  -- The case version the tester saw; when central had moved on by the time the execution arrived it is
  -- kept and flagged.
  test_case_version integer NOT NULL CHECK (test_case_version >= 1),
  current_case_version integer,
  executed_against_stale_version boolean NOT NULL DEFAULT false,
  status text NOT NULL CHECK (status IN ('PASSED', 'FAILED', 'BLOCKED', 'SKIPPED')),
  status_override_reason text CHECK (length(status_override_reason) <= 2000),
  step_results jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(step_results) = 'array'),
  actual_result text NOT NULL DEFAULT '' CHECK (length(actual_result) <= 100000),
  environment text NOT NULL DEFAULT '' CHECK (length(environment) <= 500),
  build text NOT NULL DEFAULT '' CHECK (length(build) <= 500),
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 100000),
  executed_by uuid,
  started_at timestamptz,
  executed_at timestamptz NOT NULL,
  duration_seconds integer CHECK (duration_seconds >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  version bigint NOT NULL DEFAULT 1,
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  PRIMARY KEY (id, created_at),
  FOREIGN KEY (project_id, organization_id) REFERENCES app.projects (id, organization_id),
  FOREIGN KEY (test_case_id, project_id) REFERENCES app.test_cases (id, project_id)
) PARTITION BY RANGE (created_at);
CREATE INDEX test_executions_case_idx ON app.test_executions (test_case_id, executed_at DESC);
CREATE INDEX test_executions_project_status_idx ON app.test_executions (project_id, status, executed_at DESC);
CREATE INDEX test_executions_executor_idx ON app.test_executions (executed_by, executed_at DESC);
CREATE INDEX test_executions_sync_idx ON app.test_executions (project_id, sync_xid, id);
SELECT app.register_partitioned_table('test_executions', 'quarter');

CREATE FUNCTION app.receive_test_execution() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NOT app.is_privileged() THEN
    NEW.executed_by := app.current_user_id();
  END IF;
  NEW.current_case_version := app.test_case_version(NEW.test_case_id);
  NEW.executed_against_stale_version := NEW.test_case_version <> NEW.current_case_version;
  RETURN NEW;
END $$;

CREATE TABLE app.test_case_relations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  project_id uuid NOT NULL,
  source_test_case_id uuid NOT NULL,
  target_test_case_id uuid NOT NULL,
  relation_type text NOT NULL CHECK (relation_type IN ('DEPENDS_ON', 'DUPLICATES', 'RELATED', 'PARENT_OF', 'BLOCKS')),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  version bigint NOT NULL DEFAULT 1,
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  FOREIGN KEY (project_id, organization_id) REFERENCES app.projects (id, organization_id),
  FOREIGN KEY (source_test_case_id, project_id) REFERENCES app.test_cases (id, project_id),
  FOREIGN KEY (target_test_case_id, project_id) REFERENCES app.test_cases (id, project_id),
  CHECK (source_test_case_id <> target_test_case_id)
);
CREATE UNIQUE INDEX test_case_relations_key ON app.test_case_relations (source_test_case_id, target_test_case_id, relation_type)
  WHERE deleted_at IS NULL;
CREATE INDEX test_case_relations_target_idx ON app.test_case_relations (target_test_case_id) WHERE deleted_at IS NULL;
CREATE INDEX test_case_relations_sync_idx ON app.test_case_relations (project_id, sync_xid, id);

CREATE TABLE app.document_relations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  project_id uuid NOT NULL,
  source_document_id uuid NOT NULL,
  target_document_id uuid,
  target_test_case_id uuid,
  relation_type text NOT NULL CHECK (relation_type IN ('REFERENCES', 'DEPENDS_ON', 'SUPERSEDES', 'TRACES_TO', 'VERIFIED_BY', 'RELATED')),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  version bigint NOT NULL DEFAULT 1,
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  FOREIGN KEY (project_id, organization_id) REFERENCES app.projects (id, organization_id),
  FOREIGN KEY (source_document_id, project_id) REFERENCES app.documents (id, project_id),
  FOREIGN KEY (target_document_id, project_id) REFERENCES app.documents (id, project_id),
  FOREIGN KEY (target_test_case_id, project_id) REFERENCES app.test_cases (id, project_id),
  CHECK (num_nonnulls(target_document_id, target_test_case_id) = 1),
  CHECK (source_document_id <> target_document_id)
);
CREATE UNIQUE INDEX document_relations_key ON app.document_relations
  (source_document_id, coalesce(target_document_id, target_test_case_id), relation_type) WHERE deleted_at IS NULL;
CREATE INDEX document_relations_target_doc_idx ON app.document_relations (target_document_id) WHERE deleted_at IS NULL;
CREATE INDEX document_relations_target_case_idx ON app.document_relations (target_test_case_id) WHERE deleted_at IS NULL;
CREATE INDEX document_relations_sync_idx ON app.document_relations (project_id, sync_xid, id);

-- ---------------------------------------------------------------------------------------------
-- Change requests
-- ---------------------------------------------------------------------------------------------
CREATE TABLE app.change_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  project_id uuid NOT NULL,
  number integer NOT NULL DEFAULT 0,
  title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 500),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 100000),
  justification text NOT NULL DEFAULT '' CHECK (length(justification) <= 100000),
  priority text NOT NULL DEFAULT 'MEDIUM' CHECK (priority IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
  status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN
    ('DRAFT', 'SUBMITTED', 'IN_REVIEW', 'APPROVED', 'REJECTED', 'IMPLEMENTED', 'CLOSED', 'CANCELLED')),
  -- +1 whenever what reviewers judge changes; approvals name the revision they saw.
  revision integer NOT NULL DEFAULT 1,
  requested_by uuid,
  assigned_to uuid,
  due_date date,
  approval_policy text NOT NULL DEFAULT 'ALL' CHECK (approval_policy IN ('ALL', 'ANY', 'QUORUM')),
  approval_quorum integer CHECK (approval_quorum >= 1),
  approval_mode text NOT NULL DEFAULT 'PARALLEL' CHECK (approval_mode IN ('PARALLEL', 'SEQUENTIAL')),
  submitted_at timestamptz,
  decided_at timestamptz,
  implemented_at timestamptz,
  closed_at timestamptz,
  tags text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 50),
  search_vector tsvector,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  version bigint NOT NULL DEFAULT 1,
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  UNIQUE (id, project_id),
  FOREIGN KEY (project_id, organization_id) REFERENCES app.projects (id, organization_id),
  FOREIGN KEY (requested_by, organization_id) REFERENCES app.users (id, organization_id),
  FOREIGN KEY (assigned_to, organization_id) REFERENCES app.users (id, organization_id),
  CHECK ((approval_policy = 'QUORUM') = (approval_quorum IS NOT NULL))
);
CREATE INDEX change_requests_project_status_idx ON app.change_requests (project_id, status, priority) WHERE deleted_at IS NULL;
CREATE INDEX change_requests_assignee_idx ON app.change_requests (assigned_to, status) WHERE deleted_at IS NULL;
CREATE INDEX change_requests_requester_idx ON app.change_requests (requested_by, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX change_requests_due_idx ON app.change_requests (project_id, due_date) WHERE deleted_at IS NULL AND due_date IS NOT NULL;
CREATE UNIQUE INDEX change_requests_number_key ON app.change_requests (project_id, number) WHERE number > 0;
CREATE INDEX change_requests_search_idx ON app.change_requests USING gin (search_vector);
CREATE INDEX change_requests_tags_idx ON app.change_requests USING gin (tags);
CREATE INDEX change_requests_sync_idx ON app.change_requests (project_id, sync_xid, id);

-- The workflow: DRAFT → SUBMITTED → IN_REVIEW → APPROVED/REJECTED → IMPLEMENTED → CLOSED, with
-- withdrawal and cancellation. APPROVED and REJECTED are reached only through approvals.
CREATE FUNCTION app.change_request_transition_allowed(p_from text, p_to text) RETURNS boolean
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT p_from = p_to OR (p_from, p_to) IN (
    ('DRAFT', 'SUBMITTED'), ('DRAFT', 'CANCELLED'),
    ('SUBMITTED', 'IN_REVIEW'), ('SUBMITTED', 'DRAFT'), ('SUBMITTED', 'CANCELLED'),
    ('IN_REVIEW', 'APPROVED'), ('IN_REVIEW', 'REJECTED'), ('IN_REVIEW', 'DRAFT'), ('IN_REVIEW', 'CANCELLED'),
    ('APPROVED', 'IMPLEMENTED'), ('APPROVED', 'CANCELLED'),
    ('REJECTED', 'DRAFT'), ('REJECTED', 'CLOSED'),
    ('IMPLEMENTED', 'CLOSED'))
$$;

CREATE FUNCTION app.apply_change_request_rules() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_privileged boolean := app.is_privileged();
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.number := app.next_number(NEW.project_id, 'change_request');
    NEW.revision := 1;
    IF NOT v_privileged THEN
      NEW.requested_by := app.current_user_id();
      IF NEW.status NOT IN ('DRAFT', 'SUBMITTED') THEN
        PERFORM app.fail('PM422', 'A new change request starts as a draft or as submitted.', 'Create it as a draft, then submit it.');
      END IF;
    END IF;
  ELSE
    IF NOT v_privileged THEN
      NEW.number := OLD.number;
      NEW.revision := OLD.revision;
    END IF;
    IF NOT app.change_request_transition_allowed(OLD.status, NEW.status) THEN
      PERFORM app.fail('PM422', format('A change request cannot go from %s to %s.', OLD.status, NEW.status),
                       'Follow the workflow: draft, submitted, in review, approved or rejected, implemented, closed.');
    END IF;
    IF NEW.status IN ('APPROVED', 'REJECTED') AND NEW.status <> OLD.status AND NOT v_privileged THEN
      PERFORM app.fail('PM422', 'A change request is approved or rejected by its approvers'' decisions, not by editing its status.',
                       'Record a decision instead.');
    END IF;
    IF (NEW.title, NEW.description, NEW.justification, NEW.priority, NEW.due_date, NEW.approval_policy, NEW.approval_quorum, NEW.approval_mode)
       IS DISTINCT FROM (OLD.title, OLD.description, OLD.justification, OLD.priority, OLD.due_date, OLD.approval_policy, OLD.approval_quorum, OLD.approval_mode) THEN
      NEW.revision := NEW.revision + 1;
    END IF;
  END IF;
  IF TG_OP = 'INSERT' OR NEW.status <> OLD.status THEN
    CASE NEW.status
      WHEN 'SUBMITTED' THEN NEW.submitted_at := now();
      WHEN 'APPROVED', 'REJECTED' THEN NEW.decided_at := now();
      WHEN 'IMPLEMENTED' THEN NEW.implemented_at := now();
      WHEN 'CLOSED', 'CANCELLED' THEN NEW.closed_at := now();
      ELSE NULL;
    END CASE;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER t20_rules BEFORE INSERT OR UPDATE ON app.change_requests
  FOR EACH ROW EXECUTE FUNCTION app.apply_change_request_rules();

CREATE TABLE app.change_request_impacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  project_id uuid NOT NULL,
  change_request_id uuid NOT NULL,
  entity_type text NOT NULL CHECK (entity_type IN ('DOCUMENT', 'TEST_CASE', 'TASK')),
  entity_id uuid NOT NULL,
  severity text NOT NULL DEFAULT 'MEDIUM' CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  version bigint NOT NULL DEFAULT 1,
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  FOREIGN KEY (project_id, organization_id) REFERENCES app.projects (id, organization_id),
  FOREIGN KEY (change_request_id, project_id) REFERENCES app.change_requests (id, project_id)
);
CREATE UNIQUE INDEX change_request_impacts_key ON app.change_request_impacts (change_request_id, entity_type, entity_id)
  WHERE deleted_at IS NULL;
CREATE INDEX change_request_impacts_entity_idx ON app.change_request_impacts (entity_type, entity_id) WHERE deleted_at IS NULL;
CREATE INDEX change_request_impacts_sync_idx ON app.change_request_impacts (project_id, sync_xid, id);
CREATE TRIGGER t20_entity BEFORE INSERT OR UPDATE OF entity_type, entity_id ON app.change_request_impacts
  FOR EACH ROW EXECUTE FUNCTION app.check_entity_reference();

-- Impacts are part of what reviewers judge: changing them moves the request to a new revision.
CREATE FUNCTION app.revise_change_request() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
BEGIN
  UPDATE app.change_requests SET revision = revision + 1 WHERE id = NEW.change_request_id;
  RETURN NULL;
END $$;
CREATE TRIGGER t60_revise AFTER INSERT OR UPDATE ON app.change_request_impacts
  FOR EACH ROW EXECUTE FUNCTION app.revise_change_request();

CREATE TABLE app.change_request_approvals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  project_id uuid NOT NULL,
  change_request_id uuid NOT NULL,
  approver_id uuid,
  decision text NOT NULL CHECK (decision IN ('APPROVED', 'REJECTED', 'CHANGES_REQUESTED')),
  comment text NOT NULL DEFAULT '' CHECK (length(comment) <= 20000),
  change_request_revision integer NOT NULL,
  signature_meaning text CHECK (length(signature_meaning) <= 500),
  decided_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  version bigint NOT NULL DEFAULT 1,
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  FOREIGN KEY (project_id, organization_id) REFERENCES app.projects (id, organization_id),
  FOREIGN KEY (change_request_id, project_id) REFERENCES app.change_requests (id, project_id),
  FOREIGN KEY (approver_id, organization_id) REFERENCES app.users (id, organization_id)
);
CREATE INDEX change_request_approvals_cr_idx ON app.change_request_approvals (change_request_id, created_at);
CREATE INDEX change_request_approvals_approver_idx ON app.change_request_approvals (approver_id, created_at DESC);
CREATE INDEX change_request_approvals_sync_idx ON app.change_request_approvals (project_id, sync_xid, id);

-- A decision needs CHANGE_REQUEST/APPROVE on the project and is bound to the revision the approver saw:
-- refused when the request is no longer in review or has changed since.
-- The state of a change request, whoever asks (used when a decision arrives).
CREATE FUNCTION app.change_request_state(p_id uuid, OUT project_id uuid, OUT number integer, OUT status text,
                                         OUT revision integer, OUT deleted boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
BEGIN
  SELECT c.project_id, c.number, c.status, c.revision, c.deleted_at IS NOT NULL
  INTO project_id, number, status, revision, deleted
  FROM app.change_requests c WHERE c.id = p_id;
END $$;

CREATE FUNCTION app.check_approval() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_cr record;
BEGIN
  IF NOT app.is_privileged() THEN
    NEW.approver_id := app.current_user_id();
    IF NOT app.has_permission(NEW.project_id, 'CHANGE_REQUEST', 'APPROVE') THEN
      PERFORM app.fail('PM403', 'You do not have permission to approve change requests in this project.',
                       'Ask a project manager to add you as a reviewer.');
    END IF;
  END IF;
  v_cr := app.change_request_state(NEW.change_request_id);
  IF v_cr.project_id IS DISTINCT FROM NEW.project_id OR v_cr.deleted THEN
    PERFORM app.fail('PM404', 'That change request does not exist in this project.', 'Refresh the list of change requests.');
  END IF;
  IF v_cr.status <> 'IN_REVIEW' THEN
    PERFORM app.fail('PM411', format('Change request CR-%s is %s, no longer in review, so your decision was not recorded.',
                                     v_cr.number, lower(replace(v_cr.status, '_', ' '))),
                     'Open the change request to see its current state.');
  END IF;
  IF v_cr.revision <> NEW.change_request_revision THEN
    PERFORM app.fail('PM410', format('Change request CR-%s changed after you reviewed it (you saw revision %s, it is now at %s).',
                                     v_cr.number, NEW.change_request_revision, v_cr.revision),
                     'Review the new revision and decide again.');
  END IF;
  RETURN NEW;
END $$;

-- ---------------------------------------------------------------------------------------------
-- Tasks
-- ---------------------------------------------------------------------------------------------
CREATE TABLE app.tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  project_id uuid NOT NULL,
  parent_id uuid,
  change_request_id uuid,
  title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 500),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 100000),
  task_type text NOT NULL DEFAULT 'TASK' CHECK (task_type IN ('TASK', 'BUG', 'STORY', 'EPIC', 'SUBTASK')),
  status text NOT NULL DEFAULT 'TODO' CHECK (status IN ('TODO', 'IN_PROGRESS', 'IN_REVIEW', 'BLOCKED', 'DONE', 'CANCELLED')),
  priority text NOT NULL DEFAULT 'MEDIUM' CHECK (priority IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
  assignee_id uuid,
  reporter_id uuid,
  start_date date,
  due_date date,
  estimate_hours numeric(8, 2) CHECK (estimate_hours >= 0),
  logged_hours numeric(8, 2) NOT NULL DEFAULT 0 CHECK (logged_hours >= 0),
  story_points integer CHECK (story_points >= 0),
  sprint text CHECK (length(sprint) <= 200),
  completed_at timestamptz,
  tags text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 50),
  search_vector tsvector,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  version bigint NOT NULL DEFAULT 1,
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  UNIQUE (id, project_id),
  FOREIGN KEY (project_id, organization_id) REFERENCES app.projects (id, organization_id),
  FOREIGN KEY (parent_id, project_id) REFERENCES app.tasks (id, project_id),
  FOREIGN KEY (change_request_id, project_id) REFERENCES app.change_requests (id, project_id),
  FOREIGN KEY (assignee_id, organization_id) REFERENCES app.users (id, organization_id),
  FOREIGN KEY (reporter_id, organization_id) REFERENCES app.users (id, organization_id),
  CHECK (parent_id <> id),
  CHECK (due_date IS NULL OR start_date IS NULL OR due_date >= start_date)
);
CREATE INDEX tasks_project_status_idx ON app.tasks (project_id, status, priority) WHERE deleted_at IS NULL;
CREATE INDEX tasks_assignee_idx ON app.tasks (assignee_id, status, due_date) WHERE deleted_at IS NULL;
CREATE INDEX tasks_due_idx ON app.tasks (project_id, due_date) WHERE deleted_at IS NULL AND status NOT IN ('DONE', 'CANCELLED');
CREATE INDEX tasks_parent_idx ON app.tasks (parent_id) WHERE deleted_at IS NULL;
CREATE INDEX tasks_change_request_idx ON app.tasks (change_request_id) WHERE deleted_at IS NULL;
CREATE INDEX tasks_sprint_idx ON app.tasks (project_id, sprint) WHERE deleted_at IS NULL AND sprint IS NOT NULL;
CREATE INDEX tasks_search_idx ON app.tasks USING gin (search_vector);
CREATE INDEX tasks_tags_idx ON app.tasks USING gin (tags);
CREATE INDEX tasks_sync_idx ON app.tasks (project_id, sync_xid, id);
CREATE TRIGGER t20_hierarchy BEFORE INSERT OR UPDATE OF parent_id ON app.tasks
  FOR EACH ROW EXECUTE FUNCTION app.check_hierarchy();

CREATE FUNCTION app.apply_task_rules() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' AND NEW.reporter_id IS NULL THEN
    NEW.reporter_id := app.current_user_id();
  END IF;
  IF NEW.status = 'DONE' AND (TG_OP = 'INSERT' OR OLD.status <> 'DONE') THEN
    NEW.completed_at := now();
  ELSIF NEW.status <> 'DONE' THEN
    NEW.completed_at := NULL;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER t20_rules BEFORE INSERT OR UPDATE ON app.tasks FOR EACH ROW EXECUTE FUNCTION app.apply_task_rules();

-- ---------------------------------------------------------------------------------------------
-- Comments and notifications
-- ---------------------------------------------------------------------------------------------
CREATE TABLE app.comments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  project_id uuid NOT NULL,
  entity_type text NOT NULL CHECK (entity_type IN ('DOCUMENT', 'TEST_CASE', 'TEST_EXECUTION', 'CHANGE_REQUEST', 'TASK')),
  entity_id uuid NOT NULL,
  parent_id uuid,
  body text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 20000),
  mentions uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(mentions) <= 50),
  edited_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  version bigint NOT NULL DEFAULT 1,
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  UNIQUE (id, project_id),
  FOREIGN KEY (project_id, organization_id) REFERENCES app.projects (id, organization_id),
  FOREIGN KEY (parent_id, project_id) REFERENCES app.comments (id, project_id)
);
CREATE INDEX comments_entity_idx ON app.comments (entity_type, entity_id, created_at) WHERE deleted_at IS NULL;
CREATE INDEX comments_author_idx ON app.comments (created_by, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX comments_mentions_idx ON app.comments USING gin (mentions);
CREATE INDEX comments_sync_idx ON app.comments (project_id, sync_xid, id);
CREATE TRIGGER t20_entity BEFORE INSERT OR UPDATE OF entity_type, entity_id ON app.comments
  FOR EACH ROW EXECUTE FUNCTION app.check_entity_reference();

CREATE FUNCTION app.mark_comment_edited() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NEW.body <> OLD.body THEN
    NEW.edited_at := now();
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER t20_edited BEFORE UPDATE ON app.comments FOR EACH ROW EXECUTE FUNCTION app.mark_comment_edited();

CREATE TABLE app.notifications (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  project_id uuid,
  recipient_id uuid NOT NULL,
  type text NOT NULL CHECK (type IN ('MENTION', 'APPROVAL_REQUESTED', 'DECISION', 'EXECUTION_FAILED', 'ASSIGNMENT', 'SYSTEM')),
  title text NOT NULL CHECK (length(title) <= 500),
  body text NOT NULL DEFAULT '' CHECK (length(body) <= 5000),
  entity_type text,
  entity_id uuid,
  channels text[] NOT NULL DEFAULT '{IN_APP}' CHECK (channels <@ ARRAY['IN_APP', 'DESKTOP', 'EMAIL']),
  delivery_status text NOT NULL DEFAULT 'PENDING' CHECK (delivery_status IN ('PENDING', 'SENT', 'DELIVERED', 'FAILED')),
  delivered_at timestamptz,
  read_at timestamptz,
  expires_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  version bigint NOT NULL DEFAULT 1,
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  PRIMARY KEY (id, created_at),
  FOREIGN KEY (recipient_id, organization_id) REFERENCES app.users (id, organization_id)
) PARTITION BY RANGE (created_at);
CREATE INDEX notifications_recipient_idx ON app.notifications (recipient_id, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX notifications_unread_idx ON app.notifications (recipient_id) WHERE read_at IS NULL AND deleted_at IS NULL;
CREATE INDEX notifications_entity_idx ON app.notifications (entity_type, entity_id);
CREATE INDEX notifications_sync_idx ON app.notifications (recipient_id, sync_xid, id);
CREATE INDEX notifications_expiry_idx ON app.notifications (expires_at) WHERE expires_at IS NOT NULL;
SELECT app.register_partitioned_table('notifications', 'month');

-- A mention notifies each mentioned active member of the project (not the author).
CREATE FUNCTION app.notify_mentions() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
BEGIN
  INSERT INTO app.notifications (organization_id, project_id, recipient_id, type, title, body, entity_type, entity_id,
                                 channels, created_by)
  SELECT NEW.organization_id, NEW.project_id, pm.user_id, 'MENTION',
         format('%s mentioned you', coalesce((SELECT full_name FROM app.users WHERE id = NEW.created_by), 'Someone')),
         left(NEW.body, 500), NEW.entity_type, NEW.entity_id, '{IN_APP,DESKTOP}', NEW.created_by
  FROM app.project_members pm
  WHERE pm.project_id = NEW.project_id AND pm.user_id = ANY (NEW.mentions) AND pm.is_active AND pm.deleted_at IS NULL
    AND pm.user_id IS DISTINCT FROM NEW.created_by
    AND (TG_OP = 'INSERT' OR NOT pm.user_id = ANY (OLD.mentions));
  RETURN NULL;
END $$;
CREATE TRIGGER t60_mentions AFTER INSERT OR UPDATE OF mentions ON app.comments
  FOR EACH ROW EXECUTE FUNCTION app.notify_mentions();

-- ---------------------------------------------------------------------------------------------
-- Stamping, permissions, RLS, grants, search
-- ---------------------------------------------------------------------------------------------
SELECT app.setup_project_table('app.documents', 'DOCUMENT', 'crud', '{current_version}');
SELECT app.setup_project_table('app.document_versions', 'DOCUMENT', 'append', '{version_number}');
SELECT app.setup_project_table('app.document_relations', 'DOCUMENT', 'crud');
SELECT app.setup_project_table('app.test_cases', 'TEST_CASE', 'crud', '{case_version,reuse_count}');
SELECT app.setup_project_table('app.test_executions', 'TEST_EXECUTION', 'append',
  '{executed_by,current_case_version,executed_against_stale_version}');
SELECT app.setup_project_table('app.test_case_relations', 'TEST_CASE', 'crud');
SELECT app.setup_project_table('app.change_requests', 'CHANGE_REQUEST', 'crud',
  '{number,revision,requested_by,submitted_at,decided_at,implemented_at,closed_at}');
SELECT app.setup_project_table('app.change_request_impacts', 'CHANGE_REQUEST', 'crud');
SELECT app.setup_project_table('app.change_request_approvals', 'CHANGE_REQUEST', 'append', '{approver_id}', 'APPROVE');
SELECT app.setup_project_table('app.tasks', 'TASK', 'crud', '{completed_at}');
SELECT app.setup_project_table('app.comments', 'COMMENT', 'crud', '{edited_at}');

CREATE TRIGGER t20_receive BEFORE INSERT ON app.test_executions
  FOR EACH ROW EXECUTE FUNCTION app.receive_test_execution();
CREATE TRIGGER t20_check BEFORE INSERT ON app.change_request_approvals
  FOR EACH ROW EXECUTE FUNCTION app.check_approval();

CREATE TRIGGER t40_search BEFORE INSERT OR UPDATE ON app.documents
  FOR EACH ROW EXECUTE FUNCTION app.update_search_vector('content');
CREATE TRIGGER t40_search BEFORE INSERT OR UPDATE ON app.test_cases
  FOR EACH ROW EXECUTE FUNCTION app.update_search_vector('description', 'preconditions', 'steps', 'expected_result');
CREATE TRIGGER t40_search BEFORE INSERT OR UPDATE ON app.change_requests
  FOR EACH ROW EXECUTE FUNCTION app.update_search_vector('description', 'justification');
CREATE TRIGGER t40_search BEFORE INSERT OR UPDATE ON app.tasks
  FOR EACH ROW EXECUTE FUNCTION app.update_search_vector('description');

-- Notifications belong to their recipient: read, marked read or dismissed by them alone; created by
-- the database's own triggers.
CREATE TRIGGER t10_stamp BEFORE INSERT OR UPDATE ON app.notifications FOR EACH ROW EXECUTE FUNCTION app.stamp_row();
ALTER TABLE app.notifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.notifications FORCE ROW LEVEL SECURITY;
CREATE POLICY recipient_read ON app.notifications FOR SELECT
  USING (organization_id = (SELECT app.current_organization_id()) AND recipient_id = (SELECT app.current_user_id()));
CREATE POLICY recipient_update ON app.notifications FOR UPDATE
  USING (organization_id = (SELECT app.current_organization_id()) AND recipient_id = (SELECT app.current_user_id()))
  WITH CHECK (organization_id = (SELECT app.current_organization_id()) AND recipient_id = (SELECT app.current_user_id()));
GRANT SELECT ON app.notifications TO application_user, readonly_user;
GRANT UPDATE (read_at, deleted_at) ON app.notifications TO application_user;
CREATE TRIGGER t90_tombstone AFTER DELETE ON app.notifications FOR EACH ROW EXECUTE FUNCTION app.record_tombstone('notifications');

GRANT EXECUTE ON FUNCTION app.update_search_vector(), app.check_entity_reference(), app.entity_project(text, uuid),
  app.version_test_case(), app.count_template_reuse(), app.receive_test_execution(), app.number_document_version(),
  app.apply_change_request_rules(), app.change_request_transition_allowed(text, text), app.revise_change_request(),
  app.check_approval(), app.apply_task_rules(), app.mark_comment_edited(), app.notify_mentions(),
  app.valid_test_steps(jsonb), app.next_number(uuid, text), app.test_case_version(uuid),
  app.change_request_state(uuid)
  TO application_user;
