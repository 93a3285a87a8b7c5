-- A cheaper change beacon: the caller's scopes are kept on its session row.
--
-- app.sync_beacon (0018) looked up, on every check, the session, its user and organization, the
-- user's memberships and their projects, then the scopes' stamps: six relations, ~200 µs of server CPU
-- a check under load. Now the session row keeps the scopes (organization, user, active projects,
-- sorted), computed at the first check and forgotten (set NULL) whenever what they derive from changes:
-- a membership, a project's deletion, the user's status, the organization's deletion. A check reads the
-- session and one stamp per scope, each by its key. Same answer as before (a digest of scope:bumps over
-- the caller's scopes, the newest xid among them), same signature, no session state.
SET LOCAL ROLE super_admin;

ALTER TABLE auth.user_sessions ADD COLUMN beacon_scopes uuid[];

-- Whether the session's user and organization are still active (as app.current_session() asks).
CREATE FUNCTION app.beacon_user_active(p_user uuid, p_org uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT EXISTS (
    SELECT 1 FROM app.users u JOIN app.organizations o ON o.id = u.organization_id
    WHERE u.id = p_user AND u.organization_id = p_org AND u.status = 'ACTIVE' AND u.deleted_at IS NULL AND o.deleted_at IS NULL);
$$;
REVOKE ALL ON FUNCTION app.beacon_user_active(uuid, uuid) FROM PUBLIC;

-- The scopes of one session (organization, user, active projects; sorted), kept on its row; NULL
-- (nothing written) when the user or the organization is no longer active. Races with the triggers
-- below, which always lock the rows they clear: the row is locked here first (SKIP LOCKED: while a
-- change that clears it is in progress, the scopes are computed for this answer and not kept), and
-- the user and memberships are read after the lock, under a snapshot that has every change that
-- cleared the row before; a change after the lock waits for this write and then clears it.
CREATE FUNCTION app.fill_beacon_scopes(p_session uuid) RETURNS uuid[]
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_user uuid;
  v_org uuid;
  v_locked boolean;
  v_scopes uuid[];
BEGIN
  SELECT s.user_id, s.organization_id INTO v_user, v_org FROM auth.user_sessions s WHERE s.id = p_session;
  IF v_user IS NULL OR NOT app.beacon_user_active(v_user, v_org) THEN
    RETURN NULL; -- nothing locked or written: an inactive user's checks change nothing on the server
  END IF;
  PERFORM 1 FROM auth.user_sessions s WHERE s.id = p_session FOR UPDATE SKIP LOCKED;
  v_locked := FOUND;
  IF NOT app.beacon_user_active(v_user, v_org) THEN
    RETURN NULL;
  END IF;
  v_scopes := ARRAY(
    SELECT x.id FROM (
      SELECT v_org AS id
      UNION SELECT v_user
      UNION SELECT p.id FROM app.project_members m JOIN app.projects p ON p.id = m.project_id AND p.deleted_at IS NULL
            WHERE m.user_id = v_user AND m.is_active AND m.deleted_at IS NULL
    ) x ORDER BY x.id);
  IF v_locked THEN
    UPDATE auth.user_sessions SET beacon_scopes = v_scopes WHERE id = p_session;
  END IF;
  RETURN v_scopes;
END $$;
REVOKE ALL ON FUNCTION app.fill_beacon_scopes(uuid) FROM PUBLIC;

-- Forgets the kept scopes of the sessions a change concerns (they are computed again at their next check).
-- Every live session row concerned is updated, NULL or not, so that it is locked until this change
-- commits: a concurrent fill either waits for it or skips keeping (see app.fill_beacon_scopes).
CREATE FUNCTION app.forget_beacon_scopes() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_old jsonb := to_jsonb(OLD);
  v_new jsonb := to_jsonb(NEW);
  v_id uuid := coalesce(v_new ->> 'id', v_old ->> 'id')::uuid;
BEGIN
  CASE TG_TABLE_NAME
  WHEN 'project_members' THEN
    UPDATE auth.user_sessions SET beacon_scopes = NULL
    WHERE revoked_at IS NULL AND user_id IN ((v_old ->> 'user_id')::uuid, (v_new ->> 'user_id')::uuid);
  WHEN 'projects' THEN
    UPDATE auth.user_sessions SET beacon_scopes = NULL
    WHERE revoked_at IS NULL AND user_id IN (SELECT m.user_id FROM app.project_members m WHERE m.project_id = v_id);
  WHEN 'users' THEN
    UPDATE auth.user_sessions SET beacon_scopes = NULL WHERE revoked_at IS NULL AND user_id = v_id;
  WHEN 'organizations' THEN
    UPDATE auth.user_sessions SET beacon_scopes = NULL WHERE revoked_at IS NULL AND organization_id = v_id;
  END CASE;
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION app.forget_beacon_scopes() FROM PUBLIC;

CREATE TRIGGER t96_beacon_scopes AFTER INSERT OR DELETE OR UPDATE OF user_id, project_id, is_active, deleted_at ON app.project_members
  FOR EACH ROW EXECUTE FUNCTION app.forget_beacon_scopes();
CREATE TRIGGER t96_beacon_scopes AFTER UPDATE OF deleted_at OR DELETE ON app.projects
  FOR EACH ROW EXECUTE FUNCTION app.forget_beacon_scopes();
CREATE TRIGGER t96_beacon_scopes AFTER UPDATE OF status, deleted_at, organization_id ON app.users
  FOR EACH ROW EXECUTE FUNCTION app.forget_beacon_scopes();
CREATE TRIGGER t96_beacon_scopes AFTER UPDATE OF deleted_at ON app.organizations
  FOR EACH ROW EXECUTE FUNCTION app.forget_beacon_scopes();

-- The caller's change signature, as in 0018 (the same digest, so no desktop resyncs at the upgrade): no
-- row when the token is not a valid session; else the md5 of "scope:bumps" joined by commas over its
-- scopes (sorted) and the newest xid among them. Each step is a lookup by key:
-- the session by its token's hash, then each scope's stamp (one statement per scope, so that the plan
-- stays an index lookup: with "= ANY (array)" the planner re-plans on every call or scans the table).
CREATE OR REPLACE FUNCTION app.sync_beacon(p_token text)
RETURNS TABLE (signature text, last_xid text, check_ms integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_session uuid;
  v_scopes uuid[];
  v_scope uuid;
  v_bumps bigint;
  v_xid xid8;
  v_digest text := '';
  v_newest xid8 := '0';
  v_interval integer := nullif(current_setting('promanage.beacon_interval_ms', true), '')::integer;
BEGIN
  SELECT s.id, s.beacon_scopes INTO v_session, v_scopes
  FROM auth.user_sessions s
  WHERE s.token_hash = sha256(convert_to(nullif(p_token, ''), 'UTF8')) AND s.revoked_at IS NULL AND s.expires_at > now();
  IF v_session IS NULL THEN
    RETURN;
  END IF;
  IF v_scopes IS NULL THEN
    v_scopes := app.fill_beacon_scopes(v_session);
    IF v_scopes IS NULL THEN
      RETURN;
    END IF;
  END IF;
  FOREACH v_scope IN ARRAY v_scopes LOOP
    v_bumps := 0;
    v_xid := '0';
    SELECT b.bumps, b.last_xid INTO v_bumps, v_xid FROM app.change_beacons b WHERE b.scope_id = v_scope;
    v_digest := v_digest || CASE WHEN v_digest = '' THEN '' ELSE ',' END || v_scope::text || ':' || coalesce(v_bumps, 0)::text;
    IF v_xid > v_newest THEN
      v_newest := v_xid;
    END IF;
  END LOOP;
  signature := md5(v_digest);
  last_xid := v_newest::text;
  check_ms := CASE WHEN v_interval IS NOT NULL THEN least(60000, greatest(250, v_interval)) END;
  RETURN NEXT;
END $$;
