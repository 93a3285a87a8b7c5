-- Live updates that work through a transaction pooler and tell nobody about another organization.
--
-- Until now every change sent NOTIFY promanage_sync 'p:<project>' / 'o:<organization>' / 'u:<user>' on
-- one channel: any application_user session that LISTENed saw every organization's ids, and LISTEN
-- needs a server backend per desktop (no LISTEN through PgBouncer in transaction mode). Now a change
-- stamps its scope's row in app.change_beacons (unlogged: no WAL, nothing for a standby) at commit,
-- and a desktop asks app.sync_beacon(token) — one short statement through the pool — whether anything
-- it may see has changed: the answer is a digest of its own scopes' stamps and the newest writer's xid,
-- nothing about anyone else's. NOTIFY is kept only where app.notify_pokes is on (the embedded demo
-- central, one organization), with an empty payload. See docs/sync.md, "Live updates".
SET LOCAL ROLE super_admin;

CREATE UNLOGGED TABLE app.change_beacons (
  scope_id uuid PRIMARY KEY,
  -- Commits that touched the scope (a digest input: grows on every one, so no change is ever hidden).
  bumps bigint NOT NULL DEFAULT 1,
  -- The newest of those commits' xids: a pull shows all of them once its horizon is above this.
  last_xid xid8 NOT NULL
);
-- No policy: nobody but its owner's SECURITY DEFINER functions (super_admin, BYPASSRLS) reads or writes it.
ALTER TABLE app.change_beacons ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.change_beacons FORCE ROW LEVEL SECURITY;
REVOKE ALL ON app.change_beacons FROM PUBLIC;

-- Fired at commit (deferred constraint trigger), once per row; stamps each scope once per transaction,
-- so the beacon row is locked only between this moment and the commit.
CREATE OR REPLACE FUNCTION app.poke() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v jsonb := to_jsonb(coalesce(NEW, OLD));
  v_scope text := CASE TG_ARGV[0]
    WHEN 'project' THEN v ->> 'project_id'
    WHEN 'projects' THEN v ->> 'id'
    WHEN 'recipient' THEN v ->> 'recipient_id'
    ELSE coalesce(v ->> 'organization_id', v ->> 'id') END;
  v_done text := coalesce(current_setting('app.poked_scopes', true), '');
BEGIN
  IF v_scope IS NULL OR strpos(v_done, v_scope) > 0 THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('app.poked_scopes', v_done || v_scope || ',', true);
  INSERT INTO app.change_beacons AS b (scope_id, last_xid) VALUES (v_scope::uuid, pg_current_xact_id())
  ON CONFLICT (scope_id) DO UPDATE SET bumps = b.bumps + 1, last_xid = greatest(b.last_xid, EXCLUDED.last_xid);
  IF current_setting('app.notify_pokes', true) = 'on' THEN
    PERFORM pg_notify('promanage_sync', '');
  END IF;
  RETURN NULL;
END $$;

-- Every t95_poke trigger becomes a deferred constraint trigger (fires at commit).
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT t.tgrelid::regclass AS tbl, (regexp_match(pg_get_triggerdef(t.oid), 'poke\(''([a-z]+)''\)'))[1] AS arg
           FROM pg_trigger t WHERE t.tgname = 't95_poke' AND t.tgparentid = 0 LOOP
    EXECUTE format('DROP TRIGGER t95_poke ON %s', r.tbl);
    EXECUTE format('CREATE CONSTRAINT TRIGGER t95_poke AFTER INSERT OR UPDATE OR DELETE ON %s DEFERRABLE INITIALLY DEFERRED '
                   'FOR EACH ROW EXECUTE FUNCTION app.poke(%L)', r.tbl, r.arg);
  END LOOP;
END $$;

-- The caller's change signature: no row when the token is not a valid session; else a digest of the
-- stamps of the caller's organization, own notifications and active projects, and the newest xid among
-- them. One statement, no session state: it works through a transaction pooler. Every desktop asks about
-- once a second, so each step is a lookup by key: the session by its token's hash first (the same checks
-- as app.current_session(); keep the two alike), then its user and organization, then the memberships.
-- check_ms is the operator's interval for these checks, if set (ALTER DATABASE … SET
-- promanage.beacon_interval_ms = 2000: fewer checks, slower live updates).
CREATE FUNCTION app.sync_beacon(p_token text)
RETURNS TABLE (signature text, last_xid text, check_ms integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_user uuid;
  v_org uuid;
BEGIN
  SELECT s.user_id, s.organization_id INTO v_user, v_org
  FROM auth.user_sessions s
  WHERE s.token_hash = sha256(convert_to(nullif(p_token, ''), 'UTF8')) AND s.revoked_at IS NULL AND s.expires_at > now();
  IF v_user IS NULL OR NOT EXISTS (
    SELECT 1 FROM app.users u JOIN app.organizations o ON o.id = u.organization_id
    WHERE u.id = v_user AND u.organization_id = v_org AND u.status = 'ACTIVE' AND u.deleted_at IS NULL AND o.deleted_at IS NULL) THEN
    RETURN;
  END IF;
  RETURN QUERY
  WITH scopes AS (
    SELECT v_org AS id
    UNION ALL SELECT v_user
    UNION ALL
    SELECT p.id FROM app.project_members m JOIN app.projects p ON p.id = m.project_id AND p.deleted_at IS NULL
    WHERE m.user_id = v_user AND m.is_active AND m.deleted_at IS NULL
  )
  SELECT md5(string_agg(sc.id::text || ':' || coalesce(b.bumps, 0)::text, ',' ORDER BY sc.id)),
         coalesce(max(b.last_xid), '0'::xid8)::text,
         (SELECT least(60000, greatest(250, v)) FROM (SELECT nullif(current_setting('promanage.beacon_interval_ms', true), '')::integer) AS x(v)
          WHERE v IS NOT NULL)
  FROM scopes sc LEFT JOIN app.change_beacons b ON b.scope_id = sc.id;
END $$;
REVOKE ALL ON FUNCTION app.sync_beacon(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.sync_beacon(text) TO application_user;
