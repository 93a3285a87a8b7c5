SET LOCAL ROLE super_admin;
-- The definition 0012 replaced, and its comment, were kept in the function's comment.
DO $$
DECLARE
  v_previous jsonb := obj_description('app.pushable_tables()'::regprocedure, 'pg_proc')::jsonb;
BEGIN
  EXECUTE v_previous ->> 'definition';
  EXECUTE format('COMMENT ON FUNCTION app.pushable_tables() IS %L', v_previous ->> 'comment');
END $$;
DROP FUNCTION app.get_attachment_chunk(uuid, integer), app.complete_attachment(uuid),
  app.put_attachment_chunk(uuid, integer, bytea), app.visible_attachment(uuid);
DROP TABLE app.attachment_chunks, app.attachments;
