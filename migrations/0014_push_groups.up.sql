SET LOCAL ROLE super_admin;
-- Faster pushes: consecutive mutations of one table with the same operation and fields are applied as
-- one statement (planned once, the row-level security checks' subqueries run once) inside one
-- savepoint; if that statement fails for any reason other than a transient one, the group is rolled
-- back and its mutations are applied one by one as before, so each gets its own result. Tables whose
-- triggers make one row's outcome depend on another's (change requests, their approvals, approvers
-- and impacts, users) are always applied one by one.
--
-- The device's time of each mutation reaches the audit trail per row: app.client_times holds
-- '<row id>=<time>;' for the group being applied, read by app.client_action_time(row id).
--
-- What each written row costs the triggers is cut too: inserts are audited per statement (one session
-- lookup and one INSERT for a group), current_session() hashes the token once, audit_value is inlined
-- and skips measuring small values, and a new task's reporter comes from created_by.
--
-- The definitions replaced are kept in the functions' comments, so that the down migration restores
-- them exactly.
DO $$
BEGIN
  EXECUTE format('COMMENT ON FUNCTION app.push_mutations(uuid, jsonb) IS %L',
                 pg_get_functiondef('app.push_mutations(uuid, jsonb)'::regprocedure));
  EXECUTE format('COMMENT ON FUNCTION app.audit_row() IS %L', pg_get_functiondef('app.audit_row()'::regprocedure));
  EXECUTE format('COMMENT ON FUNCTION app.audit_value(jsonb) IS %L', pg_get_functiondef('app.audit_value(jsonb)'::regprocedure));
  EXECUTE format('COMMENT ON FUNCTION app.current_session() IS %L', pg_get_functiondef('app.current_session()'::regprocedure));
  EXECUTE format('COMMENT ON FUNCTION app.apply_task_rules() IS %L', pg_get_functiondef('app.apply_task_rules()'::regprocedure));
END $$;

-- As in 0005, the reporter of a new task defaulting to its creator: for a signed-in user that is what
-- t10_stamp has just written into created_by (the user's id), which saves a session lookup per row.
CREATE OR REPLACE FUNCTION app.apply_task_rules() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' AND NEW.reporter_id IS NULL THEN
    NEW.reporter_id := CASE WHEN app.is_privileged() THEN app.current_user_id() ELSE NEW.created_by END;
  END IF;
  IF NEW.status = 'DONE' AND (TG_OP = 'INSERT' OR OLD.status <> 'DONE') THEN
    NEW.completed_at := now();
  ELSIF NEW.status <> 'DONE' THEN
    NEW.completed_at := NULL;
  END IF;
  RETURN NEW;
END $$;

-- As in 0002, with the token's hash computed once: written inline, it was computed again for every
-- session row a sequential scan read (the planner's choice while the table is small), which made
-- this function, called several times for each row written, cost ~70 µs a call.
CREATE OR REPLACE FUNCTION app.current_session()
RETURNS TABLE (session_id uuid, user_id uuid, organization_id uuid, device_name text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, app, auth, pg_temp AS $$
DECLARE
  v_hash bytea := sha256(convert_to(nullif(current_setting('app.session_token', true), ''), 'UTF8'));
BEGIN
  IF v_hash IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY
  SELECT s.id, s.user_id, s.organization_id, s.device_name
  FROM auth.user_sessions s
  JOIN app.users u ON u.id = s.user_id AND u.organization_id = s.organization_id
  JOIN app.organizations o ON o.id = s.organization_id
  WHERE s.token_hash = v_hash
    AND s.revoked_at IS NULL
    AND s.expires_at > now()
    AND u.status = 'ACTIVE' AND u.deleted_at IS NULL
    AND o.deleted_at IS NULL;
END $$;

-- The device's time for one row: its entry in app.client_times, else app.client_time.
CREATE FUNCTION app.client_action_time(p_row_id uuid) RETURNS timestamptz
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_times text := current_setting('app.client_times', true);
  v_at integer;
  v_raw text;
BEGIN
  v_at := CASE WHEN coalesce(v_times, '') = '' OR p_row_id IS NULL THEN 0 ELSE strpos(v_times, p_row_id::text || '=') END;
  IF v_at = 0 THEN
    RETURN app.client_action_time();
  END IF;
  v_raw := nullif(split_part(substr(v_times, v_at + 37), ';', 1), '');
  IF v_raw IS NULL OR length(v_raw) > 64 THEN
    RETURN NULL;
  END IF;
  RETURN v_raw::timestamptz;
EXCEPTION WHEN others THEN
  RETURN NULL;
END $$;
GRANT EXECUTE ON FUNCTION app.client_action_time(uuid) TO application_user;

-- A value too long for the audit trail is summarised (0006). Strings and booleans whose stored size
-- (under 1,600 bytes) puts their text well under the 10,000-character limit (a character is at most six
-- in JSON text) skip the measuring; numbers, arrays and objects do not (1e100000 is short but long
-- text). Without 0006's SET clause the function is inlined into the audit triggers' queries, where a
-- call per value was a quarter of their time.
CREATE OR REPLACE FUNCTION app.audit_value(p_value jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN (pg_catalog.jsonb_typeof(p_value) IN ('string', 'boolean') AND pg_catalog.pg_column_size(p_value) < 1600)
                   OR pg_catalog.length(p_value::text) <= 10000 THEN p_value
    ELSE pg_catalog.jsonb_build_object('summary', true, 'length', pg_catalog.length(p_value::text),
                                       'sha256', pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(p_value::text, 'UTF8')), 'hex')) END
$$;

-- As in 0006 for updates and deletes (inserts are audited per statement, by app.audit_inserts below),
-- with the device time of the row itself.
CREATE OR REPLACE FUNCTION app.audit_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
DECLARE
  ignored constant text[] := ARRAY['search_vector', 'sync_xid', 'version', 'updated_at', 'updated_by'];
  v_old jsonb := to_jsonb(OLD) - ignored;
  v_new jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) - ignored END;
  v_row jsonb := coalesce(v_new, v_old);
  v_changes jsonb;
  v_action text;
  v_session record;
BEGIN
  IF TG_OP = 'INSERT' THEN
    RAISE EXCEPTION 'app.audit_row() audits updates and deletes; inserts are audited by app.audit_inserts()';
  ELSIF TG_OP = 'DELETE' THEN
    v_action := 'DELETE';
    SELECT jsonb_object_agg(key, jsonb_build_object('old', app.audit_value(value))) INTO v_changes
    FROM jsonb_each(v_old) WHERE value <> 'null'::jsonb;
  ELSE
    SELECT jsonb_object_agg(n.key, jsonb_build_object(
      'old', app.audit_value(o.value),
      'new', app.audit_value(n.value)))
    INTO v_changes
    FROM jsonb_each(v_new) n JOIN jsonb_each(v_old) o USING (key)
    WHERE n.value IS DISTINCT FROM o.value;
    IF v_changes IS NULL THEN
      RETURN NULL;
    END IF;
    v_action := CASE
      WHEN v_old ->> 'deleted_at' IS NULL AND v_new ->> 'deleted_at' IS NOT NULL THEN 'SOFT_DELETE'
      WHEN v_old ->> 'deleted_at' IS NOT NULL AND v_new ->> 'deleted_at' IS NULL THEN 'RESTORE'
      ELSE 'UPDATE' END;
  END IF;

  SELECT * INTO v_session FROM app.current_session();
  INSERT INTO app.activity_logs (organization_id, project_id, user_id, session_id, device_name, entity_type, entity_id,
                                 action, changes, client_action_at, client_addr, application_name)
  VALUES (
    coalesce((v_row ->> 'organization_id')::uuid, (v_row ->> 'id')::uuid),
    CASE WHEN TG_ARGV[0] = 'PROJECT' THEN (v_row ->> 'id')::uuid ELSE (v_row ->> 'project_id')::uuid END,
    coalesce(v_session.user_id, (to_jsonb(NEW) ->> 'updated_by')::uuid),
    v_session.session_id, v_session.device_name,
    TG_ARGV[0], (v_row ->> 'id')::uuid, v_action, coalesce(v_changes, '{}'),
    app.client_action_time((v_row ->> 'id')::uuid), inet_client_addr(), current_setting('application_name', true));
  RETURN NULL;
END $$;

-- Inserts are audited once per statement (a transition table of the new rows), with the same rows
-- audit_row wrote one by one: one session lookup and one INSERT for a whole group of pushed rows.
-- Updates and deletes keep the row trigger (their changes compare old and new values).
CREATE FUNCTION app.audit_inserts() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
DECLARE
  v_session record;
BEGIN
  SELECT * INTO v_session FROM app.current_session();
  INSERT INTO app.activity_logs (organization_id, project_id, user_id, session_id, device_name, entity_type, entity_id,
                                 action, changes, client_action_at, client_addr, application_name)
  SELECT coalesce((r.j ->> 'organization_id')::uuid, (r.j ->> 'id')::uuid),
         CASE WHEN TG_ARGV[0] = 'PROJECT' THEN (r.j ->> 'id')::uuid ELSE (r.j ->> 'project_id')::uuid END,
         coalesce(v_session.user_id, r.updated_by),
         v_session.session_id, v_session.device_name,
         TG_ARGV[0], (r.j ->> 'id')::uuid, 'CREATE',
         coalesce((SELECT jsonb_object_agg(key, jsonb_build_object('new', app.audit_value(value)))
                   FROM jsonb_each(r.j) WHERE value <> 'null'::jsonb), '{}'),
         app.client_action_time((r.j ->> 'id')::uuid), inet_client_addr(), current_setting('application_name', true)
  FROM (SELECT to_jsonb(n) - ARRAY['search_vector', 'sync_xid', 'version', 'updated_at', 'updated_by'] AS j,
               (to_jsonb(n) ->> 'updated_by')::uuid AS updated_by
        FROM new_rows n) r;
  RETURN NULL;
END $$;
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT t.tgrelid::regclass AS tbl, (regexp_match(pg_get_triggerdef(t.oid), 'audit_row\(''([A-Z_]+)''\)'))[1] AS entity
           FROM pg_trigger t WHERE t.tgname = 't80_audit' AND t.tgparentid = 0 LOOP
    EXECUTE format('DROP TRIGGER t80_audit ON %s', r.tbl);
    EXECUTE format('CREATE TRIGGER t80_audit AFTER UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION app.audit_row(%L)', r.tbl, r.entity);
    EXECUTE format('CREATE TRIGGER t80_audit_insert AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION app.audit_inserts(%L)', r.tbl, r.entity);
  END LOOP;
END $$;
GRANT EXECUTE ON FUNCTION app.audit_inserts() TO application_user;

-- Failures that abort a push (it is retried) rather than reject one mutation: serialization,
-- connection, resources, operator intervention, system errors, lock not available.
CREATE FUNCTION app.is_transient_error(p_state text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT p_state ~ '^(40|08|53|57|58)' OR p_state = '55P03'
$$;

-- One mutation in its own savepoint (the loop body of 0008's push_mutations): its result object.
-- A transient failure (serialization, connection, resources, lock) is raised and aborts the push.
CREATE FUNCTION app.apply_mutation(m jsonb) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, app, pg_temp AS $$
DECLARE
  v_id bigint := (m ->> 'id')::bigint;
  v_table text := m ->> 'table';
  v_op text := m ->> 'op';
  v_row uuid := (m ->> 'row_id')::uuid;
  v_values jsonb := coalesce(m -> 'values', '{}') - 'id';
  v_cols text;
  v_count int;
  v_state text;
  v_message text;
  v_hint text;
  v_current jsonb;
BEGIN
  BEGIN
    IF v_table IS NULL OR NOT v_table = ANY (app.pushable_tables()) THEN
      PERFORM app.fail('PM422', format('"%s" is not a table changes can be sent to.', v_table), NULL);
    END IF;
    PERFORM set_config('app.client_times', '', true), set_config('app.client_time', coalesce(m ->> 'client_time', ''), true);
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
    ELSIF v_op IS DISTINCT FROM 'update' THEN
      PERFORM app.fail('PM422', format('Unknown operation "%s".', v_op), NULL);
    END IF;
    RETURN jsonb_build_object('id', v_id, 'status', 'applied');
  EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT, v_hint = PG_EXCEPTION_HINT;
    IF app.is_transient_error(v_state) THEN
      RAISE;
    END IF;
    v_current := NULL;
    IF v_table = ANY (app.pushable_tables()) AND v_row IS NOT NULL THEN
      EXECUTE format('SELECT to_jsonb(t) - ''search_vector'' FROM app.%I t WHERE id = $1', v_table) INTO v_current USING v_row;
    END IF;
    RETURN jsonb_build_object('id', v_id, 'status', 'rejected', 'code', v_state, 'message', v_message,
                              'hint', nullif(v_hint, ''), 'row', v_current);
  END;
END $$;

-- Mutations of one table, operation and set of fields, on distinct rows, as one statement in one
-- savepoint. True when applied; false when it failed and was rolled back (the caller then applies
-- them one by one). A transient failure is raised.
CREATE FUNCTION app.apply_mutation_group(p_group jsonb[]) RETURNS boolean
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, app, pg_temp AS $$
DECLARE
  v_table text := p_group[1] ->> 'table';
  v_op text := p_group[1] ->> 'op';
  v_cols text;
  v_count int;
  v_state text;
BEGIN
  SELECT string_agg(quote_ident(k), ', ') INTO v_cols FROM jsonb_object_keys(coalesce(p_group[1] -> 'values', '{}') - 'id') k;
  BEGIN
    PERFORM set_config('app.client_time', coalesce(p_group[array_length(p_group, 1)] ->> 'client_time', ''), true),
            set_config('app.client_times',
                       (SELECT string_agg((g ->> 'row_id')::uuid::text || '=' || CASE WHEN length(g ->> 'client_time') <= 64
                                                AND strpos(g ->> 'client_time', ';') = 0 THEN g ->> 'client_time' ELSE '' END, ';') || ';'
                        FROM unnest(p_group) g), true);
    IF v_op = 'insert' THEN
      EXECUTE format('INSERT INTO app.%I (id%s) SELECT (g.m ->> ''row_id'')::uuid%s
                      FROM unnest($1) WITH ORDINALITY g(m, n)
                      CROSS JOIN LATERAL jsonb_populate_record(NULL::app.%I, coalesce(g.m -> ''values'', ''{}'') - ''id'') r
                      ORDER BY g.n',
                     v_table, coalesce(', ' || v_cols, ''), coalesce(', r.' || replace(v_cols, ', ', ', r.'), ''), v_table)
        USING p_group;
    ELSE
      EXECUTE format('UPDATE app.%I t SET (%s) = (SELECT %s FROM jsonb_populate_record(NULL::app.%I, coalesce(g.m -> ''values'', ''{}'') - ''id'') r)
                      FROM unnest($1) g(m) WHERE t.id = (g.m ->> ''row_id'')::uuid',
                     v_table, v_cols, 'r.' || replace(v_cols, ', ', ', r.'), v_table)
        USING p_group;
      GET DIAGNOSTICS v_count = ROW_COUNT;
      IF v_count <> array_length(p_group, 1) THEN
        PERFORM app.fail('PM404', 'Not every item of the group exists on the server.', NULL);
      END IF;
    END IF;
    RETURN true;
  EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE;
    IF app.is_transient_error(v_state) THEN
      RAISE;
    END IF;
    RETURN false;
  END;
END $$;

-- Tables whose mutations may be applied in groups (see the top of this file).
CREATE FUNCTION app.groupable_tables() RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY['documents', 'document_versions', 'document_relations', 'document_updates', 'test_cases', 'test_executions',
               'test_case_relations', 'test_runs', 'test_run_cases', 'tasks', 'comments', 'notifications', 'attachments']
$$;

-- The shape that groups mutations: table, operation and the sorted names of the fields sent.
CREATE FUNCTION app.mutation_shape(m jsonb) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT concat_ws('|', m ->> 'table', m ->> 'op',
                   (SELECT string_agg(k, ',' ORDER BY k) FROM jsonb_object_keys(coalesce(m -> 'values', '{}') - 'id') k))
$$;

-- As in 0008 (same arguments, results and exactly-once bookkeeping), applying groups where it can.
CREATE OR REPLACE FUNCTION app.push_mutations(p_client_id uuid, p_mutations jsonb) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, app, pg_temp AS $$
DECLARE
  v_user uuid := app.current_user_id();
  v_last bigint;
  v_all jsonb[];
  v_results jsonb[] := '{}';
  v_count int;
  v_shape text;
  v_rows uuid[];
  v_row uuid;
  i int := 1;
  j int;
  k int;
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

  SELECT array_agg(value ORDER BY n) INTO v_all FROM jsonb_array_elements(p_mutations) WITH ORDINALITY e(value, n);
  v_count := coalesce(array_length(v_all, 1), 0);
  WHILE i <= v_count LOOP
    IF (v_all[i] ->> 'id')::bigint <= v_last THEN
      v_results := v_results || jsonb_build_object('id', (v_all[i] ->> 'id')::bigint, 'status', 'skipped');
      i := i + 1;
      CONTINUE;
    END IF;
    -- The group starting here: following mutations of the same shape on rows not yet in it, with
    -- increasing ids (at most 500).
    j := i;
    IF v_all[i] ->> 'table' = ANY (app.groupable_tables()) AND v_all[i] ->> 'op' IN ('insert', 'update')
       AND jsonb_typeof(v_all[i] -> 'values') = 'object' AND (v_all[i] ->> 'row_id') ~* '^[0-9a-f-]{36}$' THEN
      v_shape := app.mutation_shape(v_all[i]);
      v_rows := ARRAY[(v_all[i] ->> 'row_id')::uuid];
      WHILE j < v_count AND j - i < 499 LOOP
        EXIT WHEN app.mutation_shape(v_all[j + 1]) IS DISTINCT FROM v_shape
               OR jsonb_typeof(v_all[j + 1] -> 'values') IS DISTINCT FROM 'object'
               OR (v_all[j + 1] ->> 'row_id') !~* '^[0-9a-f-]{36}$'
               OR (v_all[j + 1] ->> 'id')::bigint <= (v_all[j] ->> 'id')::bigint;
        v_row := (v_all[j + 1] ->> 'row_id')::uuid;
        EXIT WHEN v_row = ANY (v_rows);
        v_rows := v_rows || v_row;
        j := j + 1;
      END LOOP;
    END IF;
    IF j > i AND app.apply_mutation_group(v_all[i:j]) THEN
      FOR k IN i..j LOOP
        v_results := v_results || jsonb_build_object('id', (v_all[k] ->> 'id')::bigint, 'status', 'applied');
      END LOOP;
    ELSE
      FOR k IN i..j LOOP
        v_results := v_results || app.apply_mutation(v_all[k]);
      END LOOP;
    END IF;
    v_last := (v_all[j] ->> 'id')::bigint;
    i := j + 1;
  END LOOP;
  UPDATE app.sync_clients SET last_mutation_id = v_last, last_push_at = now() WHERE client_id = p_client_id;
  RETURN to_jsonb(v_results);
END $$;

GRANT EXECUTE ON FUNCTION app.apply_mutation(jsonb), app.apply_mutation_group(jsonb[]), app.groupable_tables(), app.is_transient_error(text),
  app.mutation_shape(jsonb) TO application_user;
