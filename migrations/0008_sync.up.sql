-- Sync support: database generation, per-device push bookkeeping (exactly-once), the batch push
-- function, data-free change pokes (NOTIFY), and the Yjs update log of document content.
SET LOCAL ROLE super_admin;

-- One row. A restore from backup must be followed by SELECT app.new_generation(): clients that see a
-- new generation resync from scratch (keeping their unpushed changes).
CREATE TABLE app.db_generation (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  generation uuid NOT NULL DEFAULT gen_random_uuid(),
  started_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO app.db_generation DEFAULT VALUES;
GRANT SELECT ON app.db_generation TO application_user, readonly_user;

CREATE FUNCTION app.new_generation() RETURNS uuid
LANGUAGE sql VOLATILE SET search_path = pg_catalog, app, pg_temp AS $$
  UPDATE app.db_generation SET generation = gen_random_uuid(), started_at = now() RETURNING generation
$$;

CREATE TABLE app.sync_clients (
  client_id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app.users (id),
  organization_id uuid NOT NULL REFERENCES app.organizations (id),
  last_mutation_id bigint NOT NULL DEFAULT 0 CHECK (last_mutation_id >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_push_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE app.sync_clients ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.sync_clients FORCE ROW LEVEL SECURITY;
CREATE POLICY own_devices ON app.sync_clients FOR ALL
  USING (user_id = (SELECT app.current_user_id()))
  WITH CHECK (user_id = (SELECT app.current_user_id()) AND organization_id = (SELECT app.current_organization_id()));
GRANT SELECT, INSERT (client_id, user_id, organization_id), UPDATE (last_mutation_id, last_push_at)
  ON app.sync_clients TO application_user;

CREATE FUNCTION app.guard_sync_client() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.last_mutation_id < OLD.last_mutation_id THEN
    PERFORM app.fail('PM422', 'A device''s mutation counter never goes back.', 'Sync again from this device.');
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER t20_guard BEFORE UPDATE ON app.sync_clients FOR EACH ROW EXECUTE FUNCTION app.guard_sync_client();

-- Tables a client may push mutations to.
CREATE FUNCTION app.pushable_tables() RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY['documents', 'document_versions', 'document_relations', 'document_updates', 'test_cases',
               'test_executions', 'test_case_relations', 'change_requests', 'change_request_impacts',
               'change_request_approvals', 'tasks', 'comments', 'notifications', 'users']
$$;

-- Applies a batch of one device's mutations, each in its own subtransaction (savepoint), as the
-- signed-in user under RLS. p_mutations: [{id, table, op: insert|update, row_id, values, client_time}].
-- Mutations with id <= the device's last applied id are skipped (a re-sent batch has effect once).
-- A permanent failure (constraint, permission, domain rule) becomes a rejection carrying the row as
-- the server has it; a transient one (serialization, connection, resources) aborts the whole batch.
-- Returns [{id, status: applied|skipped|rejected, code, message, hint, row}].
CREATE FUNCTION app.push_mutations(p_client_id uuid, p_mutations jsonb) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, app, pg_temp AS $$
DECLARE
  v_user uuid := app.current_user_id();
  v_last bigint;
  v_results jsonb := '[]';
  m jsonb;
  v_id bigint;
  v_table text;
  v_op text;
  v_row uuid;
  v_values jsonb;
  v_cols text;
  v_count int;
  v_state text;
  v_message text;
  v_hint text;
  v_current jsonb;
BEGIN
  IF v_user IS NULL THEN
    PERFORM app.fail('PM401', 'You are not signed in, or your session has ended.', 'Sign in again; your changes are kept.');
  END IF;
  IF jsonb_typeof(p_mutations) IS DISTINCT FROM 'array' THEN
    PERFORM app.fail('PM422', 'A push is a JSON array of mutations.', NULL);
  END IF;
  INSERT INTO app.sync_clients (client_id, user_id, organization_id)
  VALUES (p_client_id, v_user, app.current_organization_id()) ON CONFLICT (client_id) DO NOTHING;
  SELECT last_mutation_id INTO v_last FROM app.sync_clients WHERE client_id = p_client_id FOR UPDATE;
  IF v_last IS NULL THEN
    PERFORM app.fail('PM403', 'This device id is registered to another user.', 'Reset the device''s replica.');
  END IF;

  FOR m IN SELECT value FROM jsonb_array_elements(p_mutations) LOOP
    v_id := (m ->> 'id')::bigint;
    IF v_id <= v_last THEN
      v_results := v_results || jsonb_build_object('id', v_id, 'status', 'skipped');
      CONTINUE;
    END IF;
    v_table := m ->> 'table';
    v_op := m ->> 'op';
    v_row := (m ->> 'row_id')::uuid;
    v_values := coalesce(m -> 'values', '{}') - 'id';
    BEGIN
      IF v_table IS NULL OR NOT v_table = ANY (app.pushable_tables()) THEN
        PERFORM app.fail('PM422', format('"%s" is not a table changes can be sent to.', v_table), NULL);
      END IF;
      PERFORM set_config('app.client_time', coalesce(m ->> 'client_time', ''), true);
      SELECT string_agg(quote_ident(k), ', ') INTO v_cols FROM jsonb_object_keys(v_values) k;
      IF v_op = 'insert' THEN
        EXECUTE format('INSERT INTO app.%I (id%s) SELECT $1%s FROM jsonb_populate_record(NULL::app.%I, $2) r',
                       v_table, coalesce(', ' || v_cols, ''), coalesce(', r.' || replace(v_cols, ', ', ', r.'), ''), v_table)
          USING v_row, v_values;
      ELSIF v_op = 'update' AND v_cols IS NOT NULL THEN
        EXECUTE format('UPDATE app.%I SET (%s) = (SELECT %s FROM jsonb_populate_record(NULL::app.%I, $2) r) WHERE id = $1',
                       v_table, v_cols, 'r.' || replace(v_cols, ', ', ', r.'), v_table)
          USING v_row, v_values;
        GET DIAGNOSTICS v_count = ROW_COUNT;
        IF v_count = 0 THEN
          PERFORM app.fail('PM404', 'This item does not exist on the server, or you can no longer see it.', NULL);
        END IF;
      ELSIF v_op <> 'update' THEN
        PERFORM app.fail('PM422', format('Unknown operation "%s".', v_op), NULL);
      END IF;
      v_results := v_results || jsonb_build_object('id', v_id, 'status', 'applied');
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT, v_hint = PG_EXCEPTION_HINT;
      IF v_state ~ '^(40|08|53|57|58)' OR v_state = '55P03' THEN
        RAISE;
      END IF;
      v_current := NULL;
      IF v_table = ANY (app.pushable_tables()) AND v_row IS NOT NULL THEN
        EXECUTE format('SELECT to_jsonb(t) - ''search_vector'' FROM app.%I t WHERE id = $1', v_table) INTO v_current USING v_row;
      END IF;
      v_results := v_results || jsonb_build_object('id', v_id, 'status', 'rejected', 'code', v_state,
        'message', v_message, 'hint', nullif(v_hint, ''), 'row', v_current);
    END;
    v_last := v_id;
  END LOOP;
  UPDATE app.sync_clients SET last_mutation_id = v_last, last_push_at = now() WHERE client_id = p_client_id;
  RETURN v_results;
END $$;

-- ---------------------------------------------------------------------------------------------
-- Live updates: a data-free poke on commit, 'p:<project>' for project content, 'o:<organization>' for
-- organization-wide tables, 'u:<user>' for a user's notifications.
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION app.poke() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v jsonb := to_jsonb(coalesce(NEW, OLD));
BEGIN
  PERFORM pg_notify('promanage_sync', CASE TG_ARGV[0]
    WHEN 'project' THEN 'p:' || coalesce(v ->> 'project_id', '')
    WHEN 'projects' THEN 'p:' || (v ->> 'id')
    WHEN 'recipient' THEN 'u:' || (v ->> 'recipient_id')
    ELSE 'o:' || coalesce(v ->> 'organization_id', v ->> 'id', '') END);
  RETURN NULL;
END $$;

-- ---------------------------------------------------------------------------------------------
-- Document content as Yjs updates: an append-only log per document; clients merge it. Compaction
-- replaces a set of updates by one snapshot (their merge) in one transaction.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE app.document_updates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  project_id uuid NOT NULL,
  document_id uuid NOT NULL,
  update_data bytea NOT NULL CHECK (length(update_data) BETWEEN 1 AND 20000000),
  is_snapshot boolean NOT NULL DEFAULT false,
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
CREATE INDEX document_updates_document_idx ON app.document_updates (document_id, created_at);
CREATE INDEX document_updates_sync_idx ON app.document_updates (project_id, sync_xid, id);
SELECT app.setup_project_table('app.document_updates', 'DOCUMENT', 'append', '{is_snapshot}', 'UPDATE');

-- Replaces p_replaced (updates of p_document_id) by one snapshot update. Needs DOCUMENT/UPDATE.
CREATE FUNCTION app.compact_document_updates(p_document_id uuid, p_snapshot_id uuid, p_snapshot bytea, p_replaced uuid[])
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
DECLARE
  v_doc record;
  v_deleted integer;
BEGIN
  SELECT organization_id, project_id INTO v_doc FROM app.documents WHERE id = p_document_id;
  IF v_doc.project_id IS NULL OR NOT app.has_permission(v_doc.project_id, 'DOCUMENT', 'UPDATE')
     OR v_doc.organization_id IS DISTINCT FROM app.current_organization_id() THEN
    PERFORM app.fail('PM403', 'You do not have permission to edit this document.', NULL);
  END IF;
  INSERT INTO app.document_updates (id, organization_id, project_id, document_id, update_data, is_snapshot, created_by)
  VALUES (p_snapshot_id, v_doc.organization_id, v_doc.project_id, p_document_id, p_snapshot, true, app.current_user_id());
  DELETE FROM app.document_updates WHERE document_id = p_document_id AND id = ANY (p_replaced) AND id <> p_snapshot_id;
  GET DIAGNOSTICS v_deleted = ROW_COUNT;
  RETURN v_deleted;
END $$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['documents', 'document_versions', 'document_relations', 'document_updates', 'test_cases',
                           'test_executions', 'test_case_relations', 'change_requests', 'change_request_impacts',
                           'change_request_approvals', 'tasks', 'comments', 'project_members', 'tombstones'] LOOP
    EXECUTE format('CREATE TRIGGER t95_poke AFTER INSERT OR UPDATE OR DELETE ON app.%I FOR EACH ROW EXECUTE FUNCTION app.poke(%L)',
                   t, 'project');
  END LOOP;
  FOREACH t IN ARRAY ARRAY['organizations', 'users', 'roles', 'role_permissions'] LOOP
    EXECUTE format('CREATE TRIGGER t95_poke AFTER INSERT OR UPDATE OR DELETE ON app.%I FOR EACH ROW EXECUTE FUNCTION app.poke(%L)',
                   t, 'organization');
  END LOOP;
END $$;
CREATE TRIGGER t95_poke AFTER INSERT OR UPDATE OR DELETE ON app.projects FOR EACH ROW EXECUTE FUNCTION app.poke('projects');
CREATE TRIGGER t95_poke AFTER INSERT OR UPDATE OR DELETE ON app.notifications FOR EACH ROW EXECUTE FUNCTION app.poke('recipient');

GRANT EXECUTE ON FUNCTION app.push_mutations(uuid, jsonb), app.poke(), app.guard_sync_client(), app.pushable_tables(),
  app.compact_document_updates(uuid, uuid, bytea, uuid[]) TO application_user;
