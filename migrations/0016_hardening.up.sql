-- Defences against a modified client (docs/security-model.md, "Defences against a modified client"):
-- application_user's time and connection limits, size limits enforced here, a sign-in throttle per
-- organization and client address, and the statistics catalogs that showed one desktop the others'
-- sessions (query text, client addresses) closed to it.
SET LOCAL ROLE super_admin;

-- ---------------------------------------------------------------------------------------------
-- Time and connection limits of application_user.
-- ---------------------------------------------------------------------------------------------
-- Per database (roles are cluster-wide; other databases of the cluster keep their own settings). The
-- longest statement of a bootstrap pull of the 100,000-row benchmark project (one table's COPY, while
-- the desktop applies its rows) ran 0.33–0.42 s, the whole pull 1.6 s, and its transaction was never idle
-- for more than 1 ms between statements (bench/pull-statements.bench.ts); a push of 1,000 mutations takes
-- ~0.5 s (docs/performance.md). 60 s leaves a margin of ~150× for slower desktops and networks and larger
-- projects; 15 s of waiting for a lock is already a fault (the sync retries on 55P03).
-- The connection limit keeps 10 of the server's connections for the operator, maintenance and
-- reporting; an operator's own choice (anything but unlimited) is kept.
-- Needs a superuser or a login with CREATEROLE (ALTER ROLE) and a superuser (the catalogs); another
-- login gets a warning and the operator runs SELECT auth.harden_database() as a superuser. A database
-- made from a template or restored from a dump does not inherit per-database role settings: run it
-- there too (the test fixtures do).
-- application_user's settings in this database, as pg_db_role_setting stores them.
CREATE FUNCTION auth.application_user_settings() RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY['idle_in_transaction_session_timeout=60s', 'lock_timeout=15s', 'statement_timeout=60s']
$$;

-- PostgreSQL lets any role change its own session defaults (ALTER ROLE application_user [IN DATABASE …]
-- SET …), so a modified client could lift the limits, or impose others on every desktop. This puts
-- application_user's settings back to exactly the ones above (in this database, and none for every
-- database) when they differ; true when it changed them.
CREATE FUNCTION auth.restore_role_settings() RETURNS boolean
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_here text[] := (SELECT array_agg(c ORDER BY c) FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase,
                           unnest(s.setconfig) c
                    WHERE d.datname = current_database() AND s.setrole = 'application_user'::regrole);
  v_everywhere boolean := EXISTS (SELECT 1 FROM pg_db_role_setting s WHERE s.setdatabase = 0 AND s.setrole = 'application_user'::regrole);
  v_setting text;
BEGIN
  IF v_here IS NOT DISTINCT FROM auth.application_user_settings() AND NOT v_everywhere THEN
    RETURN false;
  END IF;
  EXECUTE 'ALTER ROLE application_user RESET ALL';
  EXECUTE format('ALTER ROLE application_user IN DATABASE %I RESET ALL', current_database());
  FOREACH v_setting IN ARRAY auth.application_user_settings() LOOP
    EXECUTE format('ALTER ROLE application_user IN DATABASE %I SET %s = %L', current_database(),
                   split_part(v_setting, '=', 1), split_part(v_setting, '=', 2));
  END LOOP;
  RETURN true;
END $$;

CREATE FUNCTION auth.harden_database() RETURNS text
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_super boolean;
  v_createrole boolean;
  v_done text[] := '{}';
  v_limit int := greatest(current_setting('max_connections')::int - 10, 10);
BEGIN
  SELECT rolsuper, rolcreaterole INTO v_super, v_createrole FROM pg_roles WHERE rolname = current_user;
  IF v_super OR v_createrole THEN
    PERFORM auth.restore_role_settings();
    IF (SELECT rolconnlimit FROM pg_roles WHERE rolname = 'application_user') = -1 THEN
      EXECUTE format('ALTER ROLE application_user CONNECTION LIMIT %s', v_limit);
    END IF;
    v_done := v_done || 'role limits'::text;
  ELSE
    RAISE WARNING 'application_user''s time and connection limits were not set: % may not alter roles', current_user
      USING HINT = 'Run SELECT auth.harden_database() as a superuser in this database.';
  END IF;
  IF v_super THEN
    PERFORM auth.restrict_catalogs(true);
    v_done := v_done || 'catalogs'::text;
  ELSE
    RAISE WARNING 'The statistics catalogs are still readable by every login: % is not a superuser', current_user
      USING HINT = 'Run SELECT auth.harden_database() as a superuser in this database.';
  END IF;
  RETURN array_to_string(v_done, ', ');
END $$;

-- Any session may change its own statement_timeout, idle_in_transaction_session_timeout and
-- lock_timeout: the role's settings bound honest clients, and this watchdog, run every minute by the
-- operator's scheduler as a superuser (it reads every session, signals backends and alters the role), bounds
-- a modified one: it cancels application_user's statements running longer than the role's
-- statement_timeout in this database and ends its sessions idle in a transaction for longer than its
-- idle_in_transaction_session_timeout (or the limits given), and puts back application_user's settings
-- when a client changed them (auth.restore_role_settings). Returns what it did.
CREATE FUNCTION auth.stop_runaway_statements(p_statement_limit interval DEFAULT NULL, p_idle_limit interval DEFAULT NULL)
RETURNS TABLE (pid integer, action text, for_how_long interval)
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_settings text[] := auth.application_user_settings();
  v_statement interval := coalesce(p_statement_limit,
    (SELECT substr(c, length('statement_timeout=') + 1)::interval FROM unnest(v_settings) c WHERE c LIKE 'statement\_timeout=%'),
    interval '60 seconds');
  v_idle interval := coalesce(p_idle_limit,
    (SELECT substr(c, length('idle_in_transaction_session_timeout=') + 1)::interval FROM unnest(v_settings) c
     WHERE c LIKE 'idle\_in\_transaction\_session\_timeout=%'),
    interval '60 seconds');
BEGIN
  IF auth.restore_role_settings() THEN
    RETURN QUERY SELECT NULL::integer, 'settings restored', NULL::interval;
  END IF;
  -- The candidates first (materialized): a qual on pg_stat_activity may be evaluated before the view's
  -- joins filter by database and role, and a cancel there would reach other databases' and roles' work.
  RETURN QUERY
  WITH candidates AS MATERIALIZED (
    SELECT a.pid, a.state, now() - CASE WHEN a.state = 'active' THEN a.query_start ELSE a.state_change END AS how_long
    FROM pg_stat_activity a
    WHERE a.datname = current_database() AND a.usename = 'application_user' AND a.pid <> pg_backend_pid()
      AND ((a.state = 'active' AND now() - a.query_start > v_statement)
        OR (a.state LIKE 'idle in transaction%' AND now() - a.state_change > v_idle)))
  SELECT c.pid, CASE WHEN c.state = 'active' THEN 'cancelled' ELSE 'terminated' END, c.how_long
  FROM candidates c
  WHERE CASE WHEN c.state = 'active' THEN pg_cancel_backend(c.pid) ELSE pg_terminate_backend(c.pid) END;
END $$;

-- ---------------------------------------------------------------------------------------------
-- What a member sees of others: the statistics views and functions that show every session of the
-- same role (all desktops log in as application_user): query text, client address and port, start
-- times, wait events, locks, progress. Closed to PUBLIC in this database; monitoring roles
-- (pg_read_all_stats, so pg_monitor) and superusers keep them. pg_stats and pg_stats_ext already hide
-- tables with row-level security from application_user; materialized views are readable only through
-- the filtering views of 0007; no sequence is readable (see the tests).
-- ---------------------------------------------------------------------------------------------
-- Restricting touches only what PUBLIC may use (pg_stat_statements_reset, for one, is not); lifting the
-- restriction, only what it granted to pg_read_all_stats.
CREATE FUNCTION auth.restrict_catalogs(p_restrict boolean) RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_schemas oid[] := ARRAY['pg_catalog'::regnamespace::oid,
                           coalesce((SELECT e.extnamespace FROM pg_extension e WHERE e.extname = 'pg_stat_statements'), 0)];
  r record;
BEGIN
  FOR r IN
    SELECT o.kind, o.name, o.privilege FROM (
      SELECT 'TABLE' AS kind, c.oid::regclass::text AS name, 'SELECT' AS privilege, c.relacl AS acl, false AS public_by_default
      FROM pg_class c
      WHERE c.relnamespace = ANY (v_schemas)
        AND c.relname IN ('pg_stat_activity', 'pg_stat_ssl', 'pg_stat_gssapi', 'pg_stat_replication', 'pg_stat_wal_receiver',
                          'pg_stat_subscription', 'pg_locks', 'pg_stat_progress_vacuum', 'pg_stat_progress_analyze',
                          'pg_stat_progress_create_index', 'pg_stat_progress_cluster', 'pg_stat_progress_basebackup',
                          'pg_stat_progress_copy', 'pg_stat_statements', 'pg_stat_statements_info')
      UNION ALL
      SELECT 'FUNCTION', p.oid::regprocedure::text, 'EXECUTE', p.proacl, true
      FROM pg_proc p
      WHERE p.pronamespace = ANY (v_schemas)
        AND (p.proname LIKE 'pg\_stat\_get\_backend\_%' OR p.proname IN ('pg_stat_get_activity', 'pg_stat_get_progress_info',
             'pg_stat_get_wal_receiver', 'pg_stat_get_subscription', 'pg_lock_status', 'pg_blocking_pids',
             'pg_safe_snapshot_blocking_pids', 'pg_stat_statements', 'pg_stat_statements_info'))) o
    WHERE CASE WHEN p_restrict
               THEN (o.acl IS NULL AND o.public_by_default) OR EXISTS (SELECT 1 FROM aclexplode(o.acl) x WHERE x.grantee = 0)
               ELSE EXISTS (SELECT 1 FROM aclexplode(o.acl) x WHERE x.grantee = 'pg_read_all_stats'::regrole) END
    ORDER BY 1, 2
  LOOP
    IF p_restrict THEN
      EXECUTE format('REVOKE ALL ON %s %s FROM PUBLIC', r.kind, r.name);
      EXECUTE format('GRANT %s ON %s %s TO pg_read_all_stats', r.privilege, r.kind, r.name);
    ELSE
      EXECUTE format('REVOKE ALL ON %s %s FROM pg_read_all_stats', r.kind, r.name);
      EXECUTE format('GRANT %s ON %s %s TO PUBLIC', r.privilege, r.kind, r.name);
    END IF;
  END LOOP;
END $$;

-- ---------------------------------------------------------------------------------------------
-- Size limits, for direct SQL and pushes alike. A value over its limit raises PM414 with what and by
-- how much, so that a push rejects that mutation with a message a person understands (not the
-- generic check-constraint failure). The limits are the local write API's (src/shared/replica/inputs.ts)
-- or above them, so that an honest client never meets them.
-- ---------------------------------------------------------------------------------------------
-- No SET clause (it uses pg_catalog alone, always searched first): with one, each call cost ~3.4 µs
-- instead of ~0.8 µs, and check constraints call it for every row written.
CREATE FUNCTION app.within_limit(p_size bigint, p_limit bigint, p_what text, p_unit text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  IF p_size > p_limit THEN
    RAISE EXCEPTION USING ERRCODE = 'PM414',
      MESSAGE = format('Too large: %s has %s %s, at most %s.', p_what, to_char(p_size, 'FM999,999,999,999'), p_unit,
                       to_char(p_limit, 'FM999,999,999,999')),
      HINT = 'Shorten it, or split it into several items.';
  END IF;
  RETURN true;
END $$;
GRANT EXECUTE ON FUNCTION app.within_limit(bigint, bigint, text, text) TO application_user;

-- The limits 0005 and 0008 had (as generic check constraints) raise PM414 now; existing rows are not
-- checked again (NOT VALID), new and changed rows are.
ALTER TABLE app.documents DROP CONSTRAINT documents_content_check,
  ADD CONSTRAINT documents_content_limit CHECK (app.within_limit(length(content), 5000000, 'the document''s text', 'characters')) NOT VALID,
  ADD CONSTRAINT documents_content_json_limit
    CHECK (app.within_limit(pg_column_size(content_json), 32000000, 'the document''s formatted content', 'bytes')) NOT VALID,
  ADD CONSTRAINT documents_tags_limit CHECK (app.within_limit(length(array_to_string(tags, '')), 5000, 'the list of tags', 'characters')) NOT VALID;
ALTER TABLE app.document_versions DROP CONSTRAINT document_versions_content_check,
  ADD CONSTRAINT document_versions_content_limit
    CHECK (app.within_limit(length(content), 5000000, 'the document version''s text', 'characters')) NOT VALID,
  ADD CONSTRAINT document_versions_content_json_limit
    CHECK (app.within_limit(pg_column_size(content_json), 32000000, 'the document version''s formatted content', 'bytes')) NOT VALID;
ALTER TABLE app.document_updates DROP CONSTRAINT document_updates_update_data_check,
  ADD CONSTRAINT document_updates_update_data_not_empty CHECK (length(update_data) >= 1),
  ADD CONSTRAINT document_updates_update_data_limit
    CHECK (app.within_limit(length(update_data), 20000000, 'the edit of the document''s content (Yjs update)', 'bytes')) NOT VALID;
ALTER TABLE app.comments DROP CONSTRAINT comments_body_check,
  ADD CONSTRAINT comments_body_not_empty CHECK (length(btrim(body)) >= 1),
  ADD CONSTRAINT comments_body_limit CHECK (app.within_limit(length(btrim(body)), 20000, 'the comment', 'characters')) NOT VALID;
ALTER TABLE app.test_cases
  ADD CONSTRAINT test_cases_tags_limit CHECK (app.within_limit(length(array_to_string(tags, '')), 5000, 'the list of tags', 'characters')) NOT VALID;
ALTER TABLE app.change_requests
  ADD CONSTRAINT change_requests_tags_limit CHECK (app.within_limit(length(array_to_string(tags, '')), 5000, 'the list of tags', 'characters')) NOT VALID;
ALTER TABLE app.tasks
  ADD CONSTRAINT tasks_tags_limit CHECK (app.within_limit(length(array_to_string(tags, '')), 5000, 'the list of tags', 'characters')) NOT VALID;
ALTER TABLE app.test_executions
  ADD CONSTRAINT test_executions_step_results_limit
    CHECK (app.within_limit(jsonb_array_length(step_results), 500, 'the list of step results', 'steps')
           AND app.within_limit(pg_column_size(step_results), 32000000, 'the list of step results', 'bytes')) NOT VALID;
ALTER TABLE app.users
  ADD CONSTRAINT users_preferences_limit CHECK (app.within_limit(pg_column_size(preferences), 65536, 'the preferences', 'bytes')) NOT VALID;

-- ---------------------------------------------------------------------------------------------
-- A push: at most 1,000 mutations (the app sends batches of 1,000), each at most 64 MB (a document's
-- 5,000,000 characters and its formatted content, or a 20 MB Yjs update in hex, fit). A larger push is
-- refused whole (PM414); a larger mutation is rejected alone (PM414), like any refused change.
-- As 0014's app.push_mutations otherwise. That definition and the comment it had (0014's down migration
-- reads it) are kept in the function's comment, as JSON, for the down migration.
-- ---------------------------------------------------------------------------------------------
DO $$
BEGIN
  EXECUTE format('COMMENT ON FUNCTION app.push_mutations(uuid, jsonb) IS %L',
                 jsonb_build_object('definition', pg_get_functiondef('app.push_mutations(uuid, jsonb)'::regprocedure),
                                    'comment', obj_description('app.push_mutations(uuid, jsonb)'::regprocedure, 'pg_proc')));
END $$;

CREATE OR REPLACE FUNCTION app.push_mutations(p_client_id uuid, p_mutations jsonb) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, app, pg_temp AS $$
DECLARE
  max_mutations constant int := 1000;
  max_mutation_bytes constant int := 64000000;
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
  IF jsonb_array_length(p_mutations) > max_mutations THEN
    PERFORM app.fail('PM414', format('A push carries at most %s changes; this one has %s.', max_mutations, jsonb_array_length(p_mutations)),
                     'Send the changes in batches of at most 1,000 (the app does).');
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
    IF pg_column_size(v_all[i]) > max_mutation_bytes THEN
      v_results := v_results || jsonb_build_object('id', (v_all[i] ->> 'id')::bigint, 'status', 'rejected', 'code', 'PM414',
        'message', format('This change is too large: %s bytes, at most %s.', to_char(pg_column_size(v_all[i]), 'FM999,999,999,999'),
                          to_char(max_mutation_bytes, 'FM999,999,999,999')),
        'hint', 'Shorten it, or split it into several items.', 'row', NULL);
      v_last := (v_all[i] ->> 'id')::bigint;
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
               OR (v_all[j + 1] ->> 'id')::bigint <= (v_all[j] ->> 'id')::bigint
               OR pg_column_size(v_all[j + 1]) > max_mutation_bytes;
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

-- ---------------------------------------------------------------------------------------------
-- Sign-in throttle. More than 20 failed sign-ins (wrong password or code, unknown email) into one
-- organization from one client address within 5 minutes, and that address's next sign-ins into that
-- organization are refused (TOO_MANY_ATTEMPTS) until the window holds fewer — before any email or
-- password is looked at, so that the answer and its time are the same for every email, known or not,
-- and a sprayed password cannot be confirmed meanwhile. People at other addresses are not affected;
-- people behind the same address wait a few minutes at most. The lockout of one account after 5
-- failures (0003) stays as it was. auth.login keeps its arguments and results: the previous function's
-- body becomes auth.login_unthrottled (not executable by application_user), which the new one calls; its
-- definition is kept in auth.login's comment for the down migration.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE auth.sign_in_failures (
  organization_id uuid NOT NULL REFERENCES app.organizations (id) ON DELETE CASCADE,
  client_addr inet,
  failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_failures_key_idx ON auth.sign_in_failures (organization_id, client_addr, failed_at);
ALTER TABLE auth.sign_in_failures ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth.sign_in_failures FORCE ROW LEVEL SECURITY;

DO $$
DECLARE
  v_def text := pg_get_functiondef('auth.login(text, text, text, text, text)'::regprocedure);
BEGIN
  -- The same body under the new name (its parameters are qualified by the function's name).
  EXECUTE regexp_replace(replace(v_def, 'FUNCTION auth.login(', 'FUNCTION auth.login_unthrottled('), '\mlogin\.', 'login_unthrottled.', 'g');
  EXECUTE format('COMMENT ON FUNCTION auth.login(text, text, text, text, text) IS %L',
                 jsonb_build_object('definition', v_def, 'comment', obj_description('auth.login(text, text, text, text, text)'::regprocedure, 'pg_proc')));
END $$;

CREATE OR REPLACE FUNCTION auth.login(org_slug text, email text, password text, totp_code text DEFAULT NULL,
                           device_name text DEFAULT NULL)
RETURNS TABLE (token text, user_id uuid, organization_id uuid, expires_at timestamptz,
               error_code text, error_message text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, app, auth, extensions, pg_temp AS $$
DECLARE
  max_failures constant int := 20;
  failure_window constant interval := interval '5 minutes';
  v_org uuid;
  v_addr inet := inet_client_addr();
  v_result record;
BEGIN
  IF length(org_slug) <= 100 THEN
    SELECT o.id INTO v_org FROM app.organizations o WHERE o.slug = lower(btrim(org_slug)) AND o.deleted_at IS NULL;
  END IF;
  IF v_org IS NOT NULL AND (SELECT count(*) FROM auth.sign_in_failures f
                            WHERE f.organization_id = v_org AND f.client_addr IS NOT DISTINCT FROM v_addr
                              AND f.failed_at > now() - failure_window) >= max_failures THEN
    RETURN QUERY SELECT NULL::text, NULL::uuid, NULL::uuid, NULL::timestamptz, 'TOO_MANY_ATTEMPTS',
      'Too many failed sign-ins into this organization from your network. Wait 5 minutes and try again, or ask an administrator.';
    RETURN;
  END IF;
  SELECT * INTO v_result FROM auth.login_unthrottled(org_slug, email, password, totp_code, device_name) l;
  -- "Locked" is said only to whoever gives the right password: to others it would tell that the email
  -- exists. (A locked account's sign-in skips the password check; this one costs the same as the check
  -- an unknown email gets.)
  IF v_result.error_code = 'ACCOUNT_LOCKED' AND NOT EXISTS (
       SELECT 1 FROM app.users u JOIN auth.user_credentials c ON c.user_id = u.id
       WHERE u.organization_id = v_org AND lower(u.email) = lower(btrim(login.email)) AND u.deleted_at IS NULL
         AND extensions.crypt(password, c.password_hash) = c.password_hash) THEN
    v_result.error_code := 'INVALID_CREDENTIALS';
    v_result.error_message := 'The email or password is incorrect.';
  END IF;
  IF v_org IS NOT NULL AND v_result.error_code IN ('INVALID_CREDENTIALS', 'INVALID_TOTP', 'ACCOUNT_LOCKED') THEN
    DELETE FROM auth.sign_in_failures f
    WHERE f.organization_id = v_org AND f.client_addr IS NOT DISTINCT FROM v_addr AND f.failed_at <= now() - failure_window;
    INSERT INTO auth.sign_in_failures (organization_id, client_addr) VALUES (v_org, v_addr);
  END IF;
  RETURN QUERY SELECT v_result.token, v_result.user_id, v_result.organization_id, v_result.expires_at,
                      v_result.error_code, v_result.error_message;
END $$;
GRANT EXECUTE ON FUNCTION auth.login(text, text, text, text, text) TO application_user;

-- The role limits and the catalogs (as the migrating login: ALTER ROLE and the catalogs' grants are not
-- super_admin's to change).
RESET ROLE;
SELECT auth.harden_database();
