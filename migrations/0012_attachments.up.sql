SET LOCAL ROLE super_admin;
-- Attachments (evidence files): replicated metadata in app.attachments, content in app.attachment_chunks
-- (1 MB chunks, not replicated), written and read only through the SECURITY DEFINER functions below.
-- A device inserts the metadata row (pushed like any project content), uploads the chunks, then asks
-- central to complete the file: central checks size and sha256 and only then marks it stored.

CREATE TABLE app.attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  project_id uuid NOT NULL,
  entity_type text NOT NULL CHECK (entity_type IN ('TEST_EXECUTION', 'DOCUMENT', 'TEST_CASE', 'CHANGE_REQUEST', 'TASK', 'COMMENT')),
  entity_id uuid NOT NULL,
  file_name text NOT NULL CHECK (length(btrim(file_name)) BETWEEN 1 AND 500),
  mime_type text NOT NULL DEFAULT 'application/octet-stream' CHECK (length(mime_type) BETWEEN 1 AND 255),
  file_size bigint NOT NULL CHECK (file_size BETWEEN 0 AND 104857600),
  checksum_sha256 text NOT NULL CHECK (checksum_sha256 ~ '^[0-9a-f]{64}$'),
  storage_provider text NOT NULL DEFAULT 'DATABASE' CHECK (storage_provider IN ('DATABASE')),
  storage_path text,
  stored boolean NOT NULL DEFAULT false,
  uploaded_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  version bigint NOT NULL DEFAULT 1,
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  FOREIGN KEY (project_id, organization_id) REFERENCES app.projects (id, organization_id)
);
CREATE INDEX attachments_entity_idx ON app.attachments (entity_type, entity_id) WHERE deleted_at IS NULL;
CREATE INDEX attachments_sync_idx ON app.attachments (project_id, sync_xid, id);

-- The content: no grants, no policies (RLS forced): only the functions below read or write it.
CREATE TABLE app.attachment_chunks (
  attachment_id uuid NOT NULL REFERENCES app.attachments (id) ON DELETE CASCADE,
  chunk_index integer NOT NULL CHECK (chunk_index >= 0),
  data bytea NOT NULL CHECK (length(data) BETWEEN 1 AND 1048576),
  PRIMARY KEY (attachment_id, chunk_index)
);
ALTER TABLE app.attachment_chunks ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.attachment_chunks FORCE ROW LEVEL SECURITY;

-- Append-only evidence; stored, uploaded_at and storage_path are the server's.
SELECT app.setup_project_table('app.attachments', 'TEST_EXECUTION', 'append', '{stored,uploaded_at,storage_path}');

-- Who sees and adds an attachment follows the item it belongs to: its entity type is the permission
-- resource (a tester READs and CREATEs executions, so may attach evidence to them; documents, test cases,
-- change requests and tasks need UPDATE on the item; comments CREATE). One branch per type keeps the
-- permission look-ups to once per statement.
DO $$
DECLARE
  v_types constant text[] := ARRAY['TEST_EXECUTION', 'DOCUMENT', 'TEST_CASE', 'CHANGE_REQUEST', 'TASK', 'COMMENT'];
  v_type text;
  v_action text;
  v_read text[] := '{}';
  v_create text[] := '{}';
BEGIN
  FOREACH v_type IN ARRAY v_types LOOP
    v_action := CASE WHEN v_type IN ('TEST_EXECUTION', 'COMMENT') THEN 'CREATE' ELSE 'UPDATE' END;
    v_read := v_read || format(
      '(entity_type = %1$L AND (project_id = ANY ((SELECT app.permitted_projects(%1$L, ''READ''))::uuid[]) OR '
      '(created_by = (SELECT app.current_user_id()) AND project_id = ANY ((SELECT app.self_permitted_projects(%1$L, ''READ''))::uuid[]))))',
      v_type);
    v_create := v_create || format(
      '(entity_type = %1$L AND (project_id = ANY ((SELECT app.permitted_projects(%1$L, %2$L))::uuid[]) OR '
      'project_id = ANY ((SELECT app.self_permitted_projects(%1$L, %2$L))::uuid[])))', v_type, v_action);
  END LOOP;
  DROP POLICY tenant_read ON app.attachments;
  DROP POLICY tenant_insert ON app.attachments;
  EXECUTE format('CREATE POLICY tenant_read ON app.attachments FOR SELECT USING (organization_id = (SELECT app.current_organization_id()) AND (%s))',
                 array_to_string(v_read, ' OR '));
  EXECUTE format('CREATE POLICY tenant_insert ON app.attachments FOR INSERT WITH CHECK (organization_id = (SELECT app.current_organization_id()) AND (%s))',
                 array_to_string(v_create, ' OR '));
END $$;

CREATE TRIGGER t80_audit AFTER INSERT OR UPDATE OR DELETE ON app.attachments FOR EACH ROW EXECUTE FUNCTION app.audit_row('ATTACHMENT');
CREATE TRIGGER t95_poke AFTER INSERT OR UPDATE OR DELETE ON app.attachments FOR EACH ROW EXECUTE FUNCTION app.poke('project');

-- The attachment as the signed-in user may see it (the read policy's rule, for one row), or no row.
CREATE FUNCTION app.visible_attachment(p_id uuid) RETURNS app.attachments
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
DECLARE
  v_row app.attachments;
  v_user uuid := app.current_user_id();
BEGIN
  IF v_user IS NULL THEN
    PERFORM app.fail('PM401', 'You are not signed in, or your session has ended.', 'Sign in again.');
  END IF;
  SELECT * INTO v_row FROM app.attachments a WHERE a.id = p_id AND a.deleted_at IS NULL
    AND a.organization_id = app.current_organization_id()
    AND (a.project_id = ANY (app.permitted_projects(a.entity_type, 'READ'))
         OR (a.created_by = v_user AND a.project_id = ANY (app.self_permitted_projects(a.entity_type, 'READ'))));
  IF v_row.id IS NULL THEN
    PERFORM app.fail('PM404', 'That attachment does not exist, or you may not see it.', 'Sync, then try again.');
  END IF;
  RETURN v_row;
END $$;

-- Stores one chunk (1 MB at most; index from 0) of an attachment the caller created and that is not
-- complete yet. Re-sending a chunk replaces it, so an interrupted upload simply resumes.
CREATE FUNCTION app.put_attachment_chunk(p_attachment_id uuid, p_index integer, p_data bytea) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
DECLARE
  v_row app.attachments := app.visible_attachment(p_attachment_id);
BEGIN
  IF v_row.created_by IS DISTINCT FROM app.current_user_id() THEN
    PERFORM app.fail('PM403', 'Only the person who attached a file uploads its content.', NULL);
  END IF;
  IF v_row.stored THEN
    RETURN;
  END IF;
  IF p_index IS NULL OR p_index < 0 OR p_index::bigint * 1048576 >= v_row.file_size THEN
    PERFORM app.fail('PM422', format('Chunk %s is outside the file (%s bytes).', p_index, v_row.file_size), 'Send chunks of 1 MB from index 0.');
  END IF;
  IF p_data IS NULL OR length(p_data) = 0 OR length(p_data) > 1048576 THEN
    PERFORM app.fail('PM422', 'A chunk holds 1 byte to 1 MB.', 'Send chunks of 1 MB from index 0.');
  END IF;
  INSERT INTO app.attachment_chunks (attachment_id, chunk_index, data) VALUES (p_attachment_id, p_index, p_data)
  ON CONFLICT (attachment_id, chunk_index) DO UPDATE SET data = excluded.data;
END $$;

-- Completes an upload: the chunks, in order, must make exactly file_size bytes with checksum_sha256.
-- Returns {"status":"stored"}; {"status":"incomplete","code":"PM416","missing":[…]} (chunks kept, send
-- the missing ones); or {"status":"refused","code":"PM417",…} when size or checksum differ — the chunks
-- are deleted (in this committed transaction) so the device uploads the file again.
CREATE FUNCTION app.complete_attachment(p_attachment_id uuid) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, app, extensions, pg_temp AS $$
DECLARE
  v_row app.attachments := app.visible_attachment(p_attachment_id);
  v_chunks integer := ceil(v_row.file_size / 1048576.0)::integer;
  v_missing integer[];
  v_content bytea;
  v_checksum text;
BEGIN
  IF v_row.created_by IS DISTINCT FROM app.current_user_id() THEN
    PERFORM app.fail('PM403', 'Only the person who attached a file uploads its content.', NULL);
  END IF;
  IF v_row.stored THEN
    RETURN jsonb_build_object('status', 'stored');
  END IF;
  PERFORM 1 FROM app.attachments WHERE id = p_attachment_id FOR UPDATE;
  SELECT array_agg(i ORDER BY i) INTO v_missing FROM generate_series(0, v_chunks - 1) AS i
   WHERE NOT EXISTS (SELECT 1 FROM app.attachment_chunks c WHERE c.attachment_id = p_attachment_id AND c.chunk_index = i);
  IF v_missing IS NOT NULL THEN
    RETURN jsonb_build_object('status', 'incomplete', 'code', 'PM416', 'missing', to_jsonb(v_missing),
                              'message', format('%s of %s chunks of %s have not arrived.', cardinality(v_missing), v_chunks, v_row.file_name));
  END IF;
  SELECT coalesce(string_agg(data, ''::bytea ORDER BY chunk_index), ''::bytea) INTO v_content
    FROM app.attachment_chunks WHERE attachment_id = p_attachment_id;
  v_checksum := encode(digest(v_content, 'sha256'), 'hex');
  IF length(v_content) <> v_row.file_size OR v_checksum <> v_row.checksum_sha256 THEN
    DELETE FROM app.attachment_chunks WHERE attachment_id = p_attachment_id;
    RETURN jsonb_build_object('status', 'refused', 'code', 'PM417',
      'message', format('The uploaded content of %s (%s bytes, sha256 %s) does not match its metadata (%s bytes, sha256 %s).',
                        v_row.file_name, length(v_content), v_checksum, v_row.file_size, v_row.checksum_sha256),
      'hint', 'The device uploads the file again.');
  END IF;
  UPDATE app.attachments SET stored = true, uploaded_at = now(), storage_path = 'app.attachment_chunks/' || p_attachment_id
   WHERE id = p_attachment_id;
  RETURN jsonb_build_object('status', 'stored');
END $$;

-- One chunk of a stored attachment the caller may see (NULL past the end).
CREATE FUNCTION app.get_attachment_chunk(p_attachment_id uuid, p_index integer) RETURNS bytea
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
DECLARE
  v_row app.attachments := app.visible_attachment(p_attachment_id);
BEGIN
  IF NOT v_row.stored THEN
    PERFORM app.fail('PM404', format('%s has not been uploaded to central yet.', v_row.file_name),
                     'It arrives once the device that attached it syncs.');
  END IF;
  RETURN (SELECT data FROM app.attachment_chunks WHERE attachment_id = p_attachment_id AND chunk_index = p_index);
END $$;

GRANT EXECUTE ON FUNCTION app.put_attachment_chunk(uuid, integer, bytea), app.complete_attachment(uuid),
  app.get_attachment_chunk(uuid, integer) TO application_user;

-- Clients may push attachment metadata: extend the list, whatever earlier migrations put in it. The
-- definition it replaces and that definition's own comment (0011's way back) are kept in the function's
-- comment as JSON, so that the down migration restores both exactly.
DO $$
DECLARE
  v_previous jsonb := jsonb_build_object(
    'definition', pg_get_functiondef('app.pushable_tables()'::regprocedure),
    'comment', obj_description('app.pushable_tables()'::regprocedure, 'pg_proc'));
BEGIN
  EXECUTE format('CREATE OR REPLACE FUNCTION app.pushable_tables() RETURNS text[] LANGUAGE sql IMMUTABLE AS %L',
                 format('SELECT %L::text[]', app.pushable_tables() || ARRAY['attachments']));
  EXECUTE format('COMMENT ON FUNCTION app.pushable_tables() IS %L', v_previous::text);
END $$;
