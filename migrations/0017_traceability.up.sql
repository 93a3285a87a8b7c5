SET LOCAL ROLE super_admin;
-- Traceability (issue 13): suspect links, their reviews, and baselines.
--
-- Suspect links: when a document gets a new version (a row in document_versions, named or automatic)
-- or a test case's case_version goes up, every live link to or from it (document_relations, and
-- test_case_relations between test cases) becomes suspect, remembering which version of which side made
-- it so. Set here, at push, so every client agrees.
-- A suspect link is cleared by a review (app.relation_reviews, append-only): the reviewer must be
-- allowed to edit the side that did not change (both sides when both changed), and names the
-- suspect_revision they saw (a link that became suspect again since is refused, PM410).
--
-- Baselines: a named, immutable snapshot of a project (or of chosen documents and suites) recording the
-- exact version of every item: app.baselines (header, with the number of items it holds) and
-- app.baseline_items (one per document or test case). Created offline with client ids and synced like
-- every append-only record. Items are added only by the baseline's creator and only up to item_count, so
-- a complete baseline cannot grow; a baseline is renamed or (soft) deleted only by an organization
-- administrator, and never otherwise changed. Everything is audited by the usual triggers.

-- ---------------------------------------------------------------------------------------------
-- Suspect links
-- ---------------------------------------------------------------------------------------------
ALTER TABLE app.document_relations
  ADD COLUMN suspect boolean NOT NULL DEFAULT false,
  -- The version of the source document / of the target that made the link suspect (NULL: that side did not change).
  ADD COLUMN suspect_source_version integer,
  ADD COLUMN suspect_target_version integer,
  ADD COLUMN suspect_at timestamptz,
  -- +1 each time the link becomes suspect; a review names the one it saw.
  ADD COLUMN suspect_revision integer NOT NULL DEFAULT 0,
  ADD COLUMN reviewed_at timestamptz,
  ADD COLUMN reviewed_by uuid,
  ADD COLUMN review_note text CHECK (length(review_note) <= 2000),
  ADD CONSTRAINT document_relations_suspect_check
    CHECK (suspect = (suspect_source_version IS NOT NULL OR suspect_target_version IS NOT NULL)),
  ADD CONSTRAINT document_relations_id_project_key UNIQUE (id, project_id);
ALTER TABLE app.test_case_relations
  ADD COLUMN suspect boolean NOT NULL DEFAULT false,
  ADD COLUMN suspect_source_version integer,
  ADD COLUMN suspect_target_version integer,
  ADD COLUMN suspect_at timestamptz,
  ADD COLUMN suspect_revision integer NOT NULL DEFAULT 0,
  ADD COLUMN reviewed_at timestamptz,
  ADD COLUMN reviewed_by uuid,
  ADD COLUMN review_note text CHECK (length(review_note) <= 2000),
  ADD CONSTRAINT test_case_relations_suspect_check
    CHECK (suspect = (suspect_source_version IS NOT NULL OR suspect_target_version IS NOT NULL)),
  ADD CONSTRAINT test_case_relations_id_project_key UNIQUE (id, project_id);
CREATE INDEX test_case_relations_suspect_idx ON app.test_case_relations (project_id) WHERE suspect AND deleted_at IS NULL;
CREATE INDEX document_relations_source_idx ON app.document_relations (source_document_id) WHERE deleted_at IS NULL;
CREATE INDEX document_relations_suspect_idx ON app.document_relations (project_id) WHERE suspect AND deleted_at IS NULL;

-- A new document version makes the document's live links suspect (both directions).
CREATE FUNCTION app.flag_document_links() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
BEGIN
  UPDATE app.document_relations r SET
    suspect = true,
    suspect_source_version = CASE WHEN r.source_document_id = NEW.document_id THEN NEW.version_number ELSE r.suspect_source_version END,
    suspect_target_version = CASE WHEN r.target_document_id = NEW.document_id THEN NEW.version_number ELSE r.suspect_target_version END,
    suspect_at = now(),
    suspect_revision = r.suspect_revision + 1
  WHERE (r.source_document_id = NEW.document_id OR r.target_document_id = NEW.document_id) AND r.deleted_at IS NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER t70_suspect AFTER INSERT ON app.document_versions
  FOR EACH ROW EXECUTE FUNCTION app.flag_document_links();

-- A test case whose case_version went up makes the links to and from it suspect.
CREATE FUNCTION app.flag_test_case_links() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
BEGIN
  UPDATE app.document_relations r SET
    suspect = true, suspect_target_version = NEW.case_version, suspect_at = now(), suspect_revision = r.suspect_revision + 1
  WHERE r.target_test_case_id = NEW.id AND r.deleted_at IS NULL;
  UPDATE app.test_case_relations r SET
    suspect = true,
    suspect_source_version = CASE WHEN r.source_test_case_id = NEW.id THEN NEW.case_version ELSE r.suspect_source_version END,
    suspect_target_version = CASE WHEN r.target_test_case_id = NEW.id THEN NEW.case_version ELSE r.suspect_target_version END,
    suspect_at = now(),
    suspect_revision = r.suspect_revision + 1
  WHERE (r.source_test_case_id = NEW.id OR r.target_test_case_id = NEW.id) AND r.deleted_at IS NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER t70_suspect AFTER UPDATE ON app.test_cases
  FOR EACH ROW WHEN (NEW.case_version > OLD.case_version) EXECUTE FUNCTION app.flag_test_case_links();

CREATE TABLE app.relation_reviews (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  project_id uuid NOT NULL,
  -- The link reviewed: a document relation or a test case relation.
  relation_id uuid,
  test_case_relation_id uuid,
  -- The link's suspect_revision the reviewer saw.
  suspect_revision integer NOT NULL CHECK (suspect_revision >= 1),
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  -- The device's time of the review; reviewer_id is set by the server.
  reviewed_at timestamptz NOT NULL,
  reviewer_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  version bigint NOT NULL DEFAULT 1,
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  FOREIGN KEY (project_id, organization_id) REFERENCES app.projects (id, organization_id),
  FOREIGN KEY (relation_id, project_id) REFERENCES app.document_relations (id, project_id),
  FOREIGN KEY (test_case_relation_id, project_id) REFERENCES app.test_case_relations (id, project_id),
  FOREIGN KEY (reviewer_id, organization_id) REFERENCES app.users (id, organization_id),
  CHECK (num_nonnulls(relation_id, test_case_relation_id) = 1)
);
CREATE INDEX relation_reviews_relation_idx ON app.relation_reviews (relation_id, created_at) WHERE deleted_at IS NULL;
CREATE INDEX relation_reviews_case_relation_idx ON app.relation_reviews (test_case_relation_id, created_at) WHERE deleted_at IS NULL;
CREATE INDEX relation_reviews_sync_idx ON app.relation_reviews (project_id, sync_xid, id);

-- The state of a link (a document relation, or a test case relation when p_case_link), whoever asks
-- (used when a review arrives). source_resource / target_resource: what editing each side needs.
CREATE FUNCTION app.relation_state(p_id uuid, p_case_link boolean, OUT project_id uuid, OUT deleted boolean, OUT suspect boolean,
                                   OUT suspect_revision integer, OUT source_changed boolean, OUT target_changed boolean,
                                   OUT source_resource text, OUT target_resource text, OUT source_title text, OUT target_title text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
BEGIN
  IF p_case_link THEN
    SELECT r.project_id, r.deleted_at IS NOT NULL, r.suspect, r.suspect_revision,
           r.suspect_source_version IS NOT NULL, r.suspect_target_version IS NOT NULL, 'TEST_CASE', 'TEST_CASE', sc.title, tc.title
    INTO project_id, deleted, suspect, suspect_revision, source_changed, target_changed, source_resource, target_resource, source_title, target_title
    FROM app.test_case_relations r
    JOIN app.test_cases sc ON sc.id = r.source_test_case_id
    JOIN app.test_cases tc ON tc.id = r.target_test_case_id
    WHERE r.id = p_id;
  ELSE
    SELECT r.project_id, r.deleted_at IS NOT NULL, r.suspect, r.suspect_revision,
           r.suspect_source_version IS NOT NULL, r.suspect_target_version IS NOT NULL, 'DOCUMENT',
           CASE WHEN r.target_test_case_id IS NOT NULL THEN 'TEST_CASE' ELSE 'DOCUMENT' END,
           sd.title, coalesce(td.title, tc.title)
    INTO project_id, deleted, suspect, suspect_revision, source_changed, target_changed, source_resource, target_resource, source_title, target_title
    FROM app.document_relations r
    JOIN app.documents sd ON sd.id = r.source_document_id
    LEFT JOIN app.documents td ON td.id = r.target_document_id
    LEFT JOIN app.test_cases tc ON tc.id = r.target_test_case_id
    WHERE r.id = p_id;
  END IF;
END $$;

-- A review names a live relation of its project and the suspicion it clears; the reviewer may edit the
-- side(s) that did not change.
CREATE FUNCTION app.check_relation_review() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v record;
  v_item text;
BEGIN
  IF NOT app.is_privileged() THEN
    NEW.reviewer_id := app.current_user_id();
  END IF;
  v := app.relation_state(coalesce(NEW.relation_id, NEW.test_case_relation_id), NEW.test_case_relation_id IS NOT NULL);
  IF v.project_id IS DISTINCT FROM NEW.project_id OR v.deleted THEN
    PERFORM app.fail('PM404', 'That link does not exist in this project (it may have been removed).', 'Refresh the item''s links.');
  END IF;
  IF v.suspect_revision <> NEW.suspect_revision THEN
    PERFORM app.fail('PM410', format('The link between "%s" and "%s" changed again after you reviewed it.', v.source_title, v.target_title),
                     'Review the link again against the new version.');
  END IF;
  IF NOT app.is_privileged() THEN
    -- The source changed: the target is the side to check, and the other way round.
    IF v.source_changed AND NOT app.has_permission(NEW.project_id, v.target_resource, 'UPDATE') THEN
      v_item := format('%s "%s"', CASE v.target_resource WHEN 'TEST_CASE' THEN 'the test case' ELSE 'the document' END, v.target_title);
      PERFORM app.fail('PM403', format('You may not mark the link to "%s" reviewed: that needs someone who may edit %s.', v.target_title, v_item),
                       'Ask a member who maintains it (a tester for test cases, an author for documents) to review the link.');
    END IF;
    IF v.target_changed AND NOT app.has_permission(NEW.project_id, v.source_resource, 'UPDATE') THEN
      v_item := format('%s "%s"', CASE v.source_resource WHEN 'TEST_CASE' THEN 'the test case' ELSE 'the document' END, v.source_title);
      PERFORM app.fail('PM403', format('You may not mark the link from "%s" reviewed: that needs someone who may edit %s.', v.source_title, v_item),
                       'Ask a member who maintains it (a tester for test cases, an author for documents) to review the link.');
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER t20_check BEFORE INSERT ON app.relation_reviews FOR EACH ROW EXECUTE FUNCTION app.check_relation_review();

-- An accepted review clears the suspicion it names (a link already cleared stays as it is).
CREATE FUNCTION app.apply_relation_review() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
BEGIN
  UPDATE app.document_relations SET suspect = false, suspect_source_version = NULL, suspect_target_version = NULL,
    reviewed_at = NEW.reviewed_at, reviewed_by = NEW.reviewer_id, review_note = NEW.note
  WHERE id = NEW.relation_id AND suspect AND suspect_revision = NEW.suspect_revision AND deleted_at IS NULL;
  UPDATE app.test_case_relations SET suspect = false, suspect_source_version = NULL, suspect_target_version = NULL,
    reviewed_at = NEW.reviewed_at, reviewed_by = NEW.reviewer_id, review_note = NEW.note
  WHERE id = NEW.test_case_relation_id AND suspect AND suspect_revision = NEW.suspect_revision AND deleted_at IS NULL;
  RETURN NULL;
END $$;
CREATE TRIGGER t60_apply AFTER INSERT ON app.relation_reviews FOR EACH ROW EXECUTE FUNCTION app.apply_relation_review();

-- ---------------------------------------------------------------------------------------------
-- Baselines
-- ---------------------------------------------------------------------------------------------
CREATE TABLE app.baselines (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  project_id uuid NOT NULL,
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
  -- PROJECT: every document and test case; SELECTION: the documents and suites named below.
  scope text NOT NULL DEFAULT 'PROJECT' CHECK (scope IN ('PROJECT', 'SELECTION')),
  document_ids uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(document_ids) <= 20000),
  suites text[] NOT NULL DEFAULT '{}' CHECK (cardinality(suites) <= 1000),
  -- How many items the baseline holds (declared by its creator); items_received counts those arrived.
  item_count integer NOT NULL CHECK (item_count BETWEEN 0 AND 200000),
  items_received integer NOT NULL DEFAULT 0,
  -- The device's time the snapshot was taken.
  taken_at timestamptz NOT NULL,
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
  CHECK (items_received <= item_count)
);
CREATE INDEX baselines_project_idx ON app.baselines (project_id, taken_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX baselines_sync_idx ON app.baselines (project_id, sync_xid, id);

CREATE TABLE app.baseline_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  project_id uuid NOT NULL,
  baseline_id uuid NOT NULL,
  item_type text NOT NULL CHECK (item_type IN ('DOCUMENT', 'TEST_CASE')),
  item_id uuid NOT NULL,
  -- Documents: the version recorded (NULL when the document had none yet) and its number (set by the
  -- server from the version); test cases: the case_version the device saw (at most the current one).
  document_version_id uuid REFERENCES app.document_versions (id),
  version_number integer NOT NULL DEFAULT 0 CHECK (version_number >= 0),
  title text NOT NULL CHECK (length(title) <= 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  version bigint NOT NULL DEFAULT 1,
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  FOREIGN KEY (project_id, organization_id) REFERENCES app.projects (id, organization_id),
  FOREIGN KEY (baseline_id, project_id) REFERENCES app.baselines (id, project_id),
  CHECK (item_type = 'DOCUMENT' OR document_version_id IS NULL)
);
CREATE UNIQUE INDEX baseline_items_key ON app.baseline_items (baseline_id, item_type, item_id);
CREATE INDEX baseline_items_live_idx ON app.baseline_items (baseline_id) WHERE deleted_at IS NULL;
CREATE INDEX baseline_items_sync_idx ON app.baseline_items (project_id, sync_xid, id);

-- A baseline is taken by someone who may create documents or test cases; its header is a permanent
-- record: an organization administrator may rename it or (soft) delete it, nobody may change the rest.
CREATE FUNCTION app.guard_baseline() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF app.is_privileged() THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NOT (app.has_permission(NEW.project_id, 'DOCUMENT', 'CREATE') OR app.has_permission(NEW.project_id, 'TEST_CASE', 'CREATE')) THEN
      PERFORM app.fail('PM403', 'You do not have permission to take a baseline in this project.',
                       'Ask a document author, a tester or the project manager to take it.');
    END IF;
    NEW.items_received := 0;
    RETURN NEW;
  END IF;
  IF NOT app.has_org_permission('ORGANIZATION', 'MANAGE') THEN
    PERFORM app.fail('PM403', format('Baseline "%s" is a permanent record: only an organization administrator may rename or delete it.', OLD.name),
                     'Take a new baseline instead, or ask an organization administrator.');
  END IF;
  IF (NEW.scope, NEW.document_ids, NEW.suites, NEW.item_count, NEW.items_received, NEW.taken_at)
     IS DISTINCT FROM (OLD.scope, OLD.document_ids, OLD.suites, OLD.item_count, OLD.items_received, OLD.taken_at) THEN
    PERFORM app.fail('PM422', format('What baseline "%s" recorded cannot be changed; only its name and description.', OLD.name),
                     'Take a new baseline instead.');
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER t20_guard BEFORE INSERT OR UPDATE ON app.baselines FOR EACH ROW EXECUTE FUNCTION app.guard_baseline();

-- The baseline an item is added to, whoever asks.
CREATE FUNCTION app.baseline_state(p_id uuid, OUT project_id uuid, OUT created_by uuid, OUT name text, OUT deleted boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
BEGIN
  SELECT b.project_id, b.created_by, b.name, b.deleted_at IS NOT NULL INTO project_id, created_by, name, deleted
  FROM app.baselines b WHERE b.id = p_id;
END $$;

-- The number of a document version, whoever asks (NULL when it is not a version of that document).
CREATE FUNCTION app.document_version_number(p_version_id uuid, p_document_id uuid) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
  SELECT version_number FROM app.document_versions WHERE id = p_version_id AND document_id = p_document_id
$$;

CREATE FUNCTION app.check_baseline_item() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v record;
BEGIN
  v := app.baseline_state(NEW.baseline_id);
  IF v.project_id IS DISTINCT FROM NEW.project_id OR v.deleted THEN
    PERFORM app.fail('PM404', 'That baseline does not exist in this project.', 'Refresh the list of baselines.');
  END IF;
  IF NOT app.is_privileged() AND v.created_by IS DISTINCT FROM app.current_user_id() THEN
    PERFORM app.fail('PM403', format('Baseline "%s" is a permanent record: only its creator''s device adds its items, once.', v.name),
                     'Take a new baseline instead.');
  END IF;
  IF app.entity_project(NEW.item_type, NEW.item_id) IS DISTINCT FROM NEW.project_id THEN
    PERFORM app.fail('PM404', format('The %s this baseline records does not exist in this project.', replace(lower(NEW.item_type), '_', ' ')),
                     'Take the baseline again.');
  END IF;
  IF NEW.item_type = 'DOCUMENT' THEN
    NEW.version_number := CASE WHEN NEW.document_version_id IS NULL THEN 0
                               ELSE app.document_version_number(NEW.document_version_id, NEW.item_id) END;
    IF NEW.version_number IS NULL THEN
      PERFORM app.fail('PM404', 'The document version this baseline records is not a version of that document.', 'Take the baseline again.');
    END IF;
  ELSIF NOT NEW.version_number BETWEEN 1 AND app.test_case_version(NEW.item_id) THEN
    PERFORM app.fail('PM422', format('Version %s of test case "%s" never existed.', NEW.version_number, NEW.title), 'Take the baseline again.');
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER t20_check BEFORE INSERT ON app.baseline_items FOR EACH ROW EXECUTE FUNCTION app.check_baseline_item();

-- Counts the items that arrived (per statement: a pushed group of hundreds is one update); a baseline
-- that would hold more than it declared is refused whole.
CREATE FUNCTION app.count_baseline_items() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
DECLARE
  v_full text;
BEGIN
  WITH arrived AS (SELECT baseline_id, count(*)::int AS n FROM new_rows GROUP BY baseline_id)
  SELECT b.name INTO v_full FROM arrived a JOIN app.baselines b ON b.id = a.baseline_id
  WHERE b.items_received + a.n > b.item_count LIMIT 1;
  IF v_full IS NOT NULL THEN
    PERFORM app.fail('PM409', format('Baseline "%s" is complete: it cannot be given more items.', v_full), 'Take a new baseline instead.');
  END IF;
  WITH arrived AS (SELECT baseline_id, count(*)::int AS n FROM new_rows GROUP BY baseline_id)
  UPDATE app.baselines b SET items_received = b.items_received + a.n FROM arrived a WHERE b.id = a.baseline_id;
  RETURN NULL;
END $$;
CREATE TRIGGER t60_count AFTER INSERT ON app.baseline_items REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.count_baseline_items();

-- ---------------------------------------------------------------------------------------------
-- Permissions, audit, pokes, push
-- ---------------------------------------------------------------------------------------------
-- Reading needs DOCUMENT/READ; inserting is checked by the tables' own triggers beyond that.
SELECT app.setup_project_table('app.relation_reviews', 'DOCUMENT', 'append', '{reviewer_id}', 'READ');
SELECT app.setup_project_table('app.baselines', 'DOCUMENT', 'crud', '{items_received}', 'READ');
SELECT app.setup_project_table('app.baseline_items', 'DOCUMENT', 'append', '{}', 'READ');

CREATE TRIGGER t80_audit AFTER UPDATE OR DELETE ON app.relation_reviews FOR EACH ROW EXECUTE FUNCTION app.audit_row('RELATION_REVIEW');
CREATE TRIGGER t80_audit_insert AFTER INSERT ON app.relation_reviews REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.audit_inserts('RELATION_REVIEW');
CREATE TRIGGER t80_audit AFTER UPDATE OR DELETE ON app.baselines FOR EACH ROW EXECUTE FUNCTION app.audit_row('BASELINE');
CREATE TRIGGER t80_audit_insert AFTER INSERT ON app.baselines REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.audit_inserts('BASELINE');
CREATE TRIGGER t80_audit AFTER UPDATE OR DELETE ON app.baseline_items FOR EACH ROW EXECUTE FUNCTION app.audit_row('BASELINE_ITEM');
CREATE TRIGGER t80_audit_insert AFTER INSERT ON app.baseline_items REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.audit_inserts('BASELINE_ITEM');
CREATE TRIGGER t95_poke AFTER INSERT OR UPDATE OR DELETE ON app.relation_reviews FOR EACH ROW EXECUTE FUNCTION app.poke('project');
CREATE TRIGGER t95_poke AFTER INSERT OR UPDATE OR DELETE ON app.baselines FOR EACH ROW EXECUTE FUNCTION app.poke('project');
CREATE TRIGGER t95_poke AFTER INSERT OR UPDATE OR DELETE ON app.baseline_items FOR EACH ROW EXECUTE FUNCTION app.poke('project');

GRANT EXECUTE ON FUNCTION app.relation_state(uuid, boolean), app.baseline_state(uuid), app.document_version_number(uuid, uuid) TO application_user;

-- Clients may push to the new tables; baselines and their items may be applied in groups (their
-- triggers do not make one row's outcome depend on another row of the same group). The definitions
-- replaced are kept in the functions' comments, so that the down migration restores them exactly.
DO $$
DECLARE
  v_pushable text := jsonb_build_object('definition', pg_get_functiondef('app.pushable_tables()'::regprocedure),
                                        'comment', obj_description('app.pushable_tables()'::regprocedure, 'pg_proc'))::text;
  v_groupable text := jsonb_build_object('definition', pg_get_functiondef('app.groupable_tables()'::regprocedure),
                                         'comment', obj_description('app.groupable_tables()'::regprocedure, 'pg_proc'))::text;
BEGIN
  EXECUTE format('CREATE OR REPLACE FUNCTION app.pushable_tables() RETURNS text[] LANGUAGE sql IMMUTABLE AS %L',
                 format('SELECT %L::text[]', app.pushable_tables() || ARRAY['relation_reviews', 'baselines', 'baseline_items']));
  EXECUTE format('COMMENT ON FUNCTION app.pushable_tables() IS %L', v_pushable);
  EXECUTE format('CREATE OR REPLACE FUNCTION app.groupable_tables() RETURNS text[] LANGUAGE sql IMMUTABLE AS %L',
                 format('SELECT %L::text[]', app.groupable_tables() || ARRAY['baselines', 'baseline_items']));
  EXECUTE format('COMMENT ON FUNCTION app.groupable_tables() IS %L', v_groupable);
END $$;
