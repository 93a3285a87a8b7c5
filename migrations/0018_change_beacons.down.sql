SET LOCAL ROLE super_admin;
DROP FUNCTION app.sync_beacon(text);
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT t.tgrelid::regclass AS tbl, (regexp_match(pg_get_triggerdef(t.oid), 'poke\(''([a-z]+)''\)'))[1] AS arg
           FROM pg_trigger t WHERE t.tgname = 't95_poke' AND t.tgparentid = 0 LOOP
    EXECUTE format('DROP TRIGGER t95_poke ON %s', r.tbl);
    EXECUTE format('CREATE TRIGGER t95_poke AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION app.poke(%L)', r.tbl, r.arg);
  END LOOP;
END $$;
CREATE OR REPLACE FUNCTION app.poke() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v jsonb := to_jsonb(coalesce(NEW, OLD));
BEGIN
  PERFORM pg_notify('promanage_sync', CASE TG_ARGV[0]
    WHEN 'project' THEN 'p:' || coalesce(v ->> 'project_id', '')
    WHEN 'projects' THEN 'p:' || (v ->> 'id')
    WHEN 'recipient' THEN 'u:' || (v ->> 'recipient_id')
    ELSE 'o:' || coalesce(v ->> 'organization_id', v ->> 'id', '') END);
  RETURN NULL;
END $$;
DROP TABLE app.change_beacons;
