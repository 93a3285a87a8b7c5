SET LOCAL ROLE super_admin;
DO $$
BEGIN
  EXECUTE obj_description('app.push_mutations(uuid, jsonb)'::regprocedure, 'pg_proc');
  EXECUTE obj_description('app.audit_row()'::regprocedure, 'pg_proc');
  EXECUTE obj_description('app.current_session()'::regprocedure, 'pg_proc');
END $$;
COMMENT ON FUNCTION app.push_mutations(uuid, jsonb) IS NULL;
COMMENT ON FUNCTION app.audit_row() IS NULL;
COMMENT ON FUNCTION app.current_session() IS NULL;
DROP FUNCTION app.apply_mutation(jsonb), app.apply_mutation_group(jsonb[]), app.groupable_tables(), app.mutation_shape(jsonb),
  app.client_action_time(uuid);
