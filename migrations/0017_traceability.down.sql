SET LOCAL ROLE super_admin;
-- The definitions 0017 replaced, and their comments, were kept in the functions' comments.
DO $$
DECLARE
  v_pushable jsonb := obj_description('app.pushable_tables()'::regprocedure, 'pg_proc')::jsonb;
  v_groupable jsonb := obj_description('app.groupable_tables()'::regprocedure, 'pg_proc')::jsonb;
BEGIN
  EXECUTE v_pushable ->> 'definition';
  EXECUTE format('COMMENT ON FUNCTION app.pushable_tables() IS %L', v_pushable ->> 'comment');
  EXECUTE v_groupable ->> 'definition';
  EXECUTE format('COMMENT ON FUNCTION app.groupable_tables() IS %L', v_groupable ->> 'comment');
END $$;
DROP TABLE app.baseline_items, app.baselines, app.relation_reviews;
DROP FUNCTION app.count_baseline_items(), app.check_baseline_item(), app.document_version_number(uuid, uuid), app.baseline_state(uuid),
  app.guard_baseline(), app.apply_relation_review(), app.check_relation_review(), app.relation_state(uuid, boolean);
DROP TRIGGER t70_suspect ON app.test_cases;
DROP TRIGGER t70_suspect ON app.document_versions;
DROP FUNCTION app.flag_test_case_links(), app.flag_document_links();
DROP INDEX app.document_relations_suspect_idx, app.document_relations_source_idx, app.test_case_relations_suspect_idx;
ALTER TABLE app.test_case_relations
  DROP CONSTRAINT test_case_relations_id_project_key,
  DROP CONSTRAINT test_case_relations_suspect_check,
  DROP COLUMN review_note, DROP COLUMN reviewed_by, DROP COLUMN reviewed_at, DROP COLUMN suspect_revision,
  DROP COLUMN suspect_at, DROP COLUMN suspect_target_version, DROP COLUMN suspect_source_version, DROP COLUMN suspect;
ALTER TABLE app.document_relations
  DROP CONSTRAINT document_relations_id_project_key,
  DROP CONSTRAINT document_relations_suspect_check,
  DROP COLUMN review_note, DROP COLUMN reviewed_by, DROP COLUMN reviewed_at, DROP COLUMN suspect_revision,
  DROP COLUMN suspect_at, DROP COLUMN suspect_target_version, DROP COLUMN suspect_source_version, DROP COLUMN suspect;
