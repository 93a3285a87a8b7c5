SET LOCAL ROLE super_admin;
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT t.tgrelid::regclass AS tbl, (regexp_match(pg_get_triggerdef(t.oid), 'audit_inserts\(''([A-Z_]+)''\)'))[1] AS entity
           FROM pg_trigger t WHERE t.tgname = 't80_audit_insert' AND t.tgparentid = 0 LOOP
    EXECUTE format('DROP TRIGGER t80_audit_insert ON %s', r.tbl);
    EXECUTE format('DROP TRIGGER t80_audit ON %s', r.tbl);
    EXECUTE format('CREATE TRIGGER t80_audit AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION app.audit_row(%L)', r.tbl, r.entity);
  END LOOP;
END $$;
DROP FUNCTION app.audit_inserts();
DO $$
BEGIN
  EXECUTE obj_description('app.push_mutations(uuid, jsonb)'::regprocedure, 'pg_proc');
  EXECUTE obj_description('app.audit_row()'::regprocedure, 'pg_proc');
  EXECUTE obj_description('app.audit_value(jsonb)'::regprocedure, 'pg_proc');
  EXECUTE obj_description('app.current_session()'::regprocedure, 'pg_proc');
  EXECUTE obj_description('app.apply_task_rules()'::regprocedure, 'pg_proc');
END $$;
COMMENT ON FUNCTION app.push_mutations(uuid, jsonb) IS NULL;
COMMENT ON FUNCTION app.audit_row() IS NULL;
COMMENT ON FUNCTION app.audit_value(jsonb) IS NULL;
COMMENT ON FUNCTION app.current_session() IS NULL;
COMMENT ON FUNCTION app.apply_task_rules() IS NULL;
DROP FUNCTION app.apply_mutation(jsonb), app.apply_mutation_group(jsonb[]), app.groupable_tables(), app.mutation_shape(jsonb),
  app.is_transient_error(text),
  app.client_action_time(uuid);
