-- Time partitioning: a registry of partitioned tables and a function that creates their coming
-- partitions (maintain_database calls it) and drops those past retention.
SET LOCAL ROLE super_admin;

CREATE TABLE app.partition_plans (
  table_name text PRIMARY KEY,
  period text NOT NULL CHECK (period IN ('month', 'quarter')),
  retention interval
);

-- Creates the partitions of every registered table from the period before now() to p_periods_ahead
-- periods after it, enables and forces RLS on them (they are reachable only through the parent),
-- and drops partitions whose whole range is older than the table's retention. Returns the names of the
-- partitions created and dropped.
CREATE FUNCTION app.ensure_partitions(p_periods_ahead int DEFAULT 3) RETURNS text[]
LANGUAGE plpgsql SET search_path = pg_catalog, app, pg_temp AS $$
DECLARE
  plan app.partition_plans%ROWTYPE;
  step interval;
  period_start timestamptz;
  period_end timestamptz;
  part_name text;
  changed text[] := '{}';
  old record;
BEGIN
  FOR plan IN SELECT * FROM app.partition_plans ORDER BY table_name LOOP
    step := CASE plan.period WHEN 'month' THEN interval '1 month' ELSE interval '3 months' END;
    period_start := date_trunc(plan.period, now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - step;
    FOR i IN 0 .. p_periods_ahead + 1 LOOP
      period_end := period_start + step;
      part_name := plan.table_name || '_' || CASE plan.period
        WHEN 'month' THEN to_char(period_start AT TIME ZONE 'UTC', '"y"YYYY"m"MM')
        ELSE to_char(period_start AT TIME ZONE 'UTC', '"y"YYYY"q"Q') END;
      IF to_regclass('app.' || part_name) IS NULL THEN
        EXECUTE format('CREATE TABLE app.%I PARTITION OF app.%I FOR VALUES FROM (%L) TO (%L)',
                       part_name, plan.table_name, period_start, period_end);
        EXECUTE format('ALTER TABLE app.%I ENABLE ROW LEVEL SECURITY', part_name);
        EXECUTE format('ALTER TABLE app.%I FORCE ROW LEVEL SECURITY', part_name);
        changed := changed || ('+' || part_name);
      END IF;
      period_start := period_end;
    END LOOP;

    IF plan.retention IS NOT NULL THEN
      FOR old IN
        SELECT c.relname
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        JOIN pg_class p ON p.oid = i.inhparent
        JOIN pg_namespace n ON n.oid = p.relnamespace
        WHERE n.nspname = 'app' AND p.relname = plan.table_name
          AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'
          AND (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \(''([^'']+)''\)'))[1]::timestamptz
              < now() - plan.retention
      LOOP
        EXECUTE format('DROP TABLE app.%I', old.relname);
        changed := changed || ('-' || old.relname);
      END LOOP;
    END IF;
  END LOOP;
  RETURN changed;
END $$;

-- Registers a partitioned table, creates its DEFAULT partition (a safety net that should stay empty)
-- and its current partitions.
CREATE FUNCTION app.register_partitioned_table(p_table text, p_period text, p_retention interval DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, app, pg_temp AS $$
BEGIN
  INSERT INTO app.partition_plans (table_name, period, retention) VALUES (p_table, p_period, p_retention);
  EXECUTE format('CREATE TABLE app.%I PARTITION OF app.%I DEFAULT', p_table || '_default', p_table);
  EXECUTE format('ALTER TABLE app.%I ENABLE ROW LEVEL SECURITY', p_table || '_default');
  EXECUTE format('ALTER TABLE app.%I FORCE ROW LEVEL SECURITY', p_table || '_default');
  PERFORM app.ensure_partitions();
END $$;
