SET LOCAL ROLE super_admin;
-- The beacon of 0018 again.
CREATE OR REPLACE FUNCTION app.sync_beacon(p_token text)
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
DROP TRIGGER t96_beacon_scopes ON app.project_members;
DROP TRIGGER t96_beacon_scopes ON app.projects;
DROP TRIGGER t96_beacon_scopes ON app.users;
DROP TRIGGER t96_beacon_scopes ON app.organizations;
DROP FUNCTION app.forget_beacon_scopes();
DROP FUNCTION app.fill_beacon_scopes(uuid);
DROP FUNCTION app.beacon_user_active(uuid, uuid);
ALTER TABLE auth.user_sessions DROP COLUMN beacon_scopes;
