// A text picture of everything the migrations define (tables, columns, constraints, indexes, policies,
// functions, triggers, views, privileges), for comparing two databases' schemas.
import type { CentralConnection } from '../../src/main/central/connection';

const SCHEMAS = `('app', 'auth', 'admin', 'extensions')`;

const SNAPSHOT_SQL = `
WITH ns AS (SELECT oid FROM pg_namespace WHERE nspname IN ${SCHEMAS})
SELECT line FROM (
  SELECT 'column ' || table_schema || '.' || table_name || '.' || column_name || ' ' || data_type || ' null=' || is_nullable
         || ' default=' || coalesce(column_default, '') AS line
  FROM information_schema.columns WHERE table_schema IN ${SCHEMAS}
  UNION ALL
  SELECT 'index ' || schemaname || '.' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname IN ${SCHEMAS}
  UNION ALL
  SELECT 'constraint ' || conrelid::regclass || '.' || conname || ' ' || pg_get_constraintdef(c.oid)
  FROM pg_constraint c WHERE connamespace IN (SELECT oid FROM ns)
  UNION ALL
  SELECT 'policy ' || schemaname || '.' || tablename || '.' || policyname || ' ' || cmd || ' ' || coalesce(qual, '') || ' / '
         || coalesce(with_check, '') FROM pg_policies WHERE schemaname IN ${SCHEMAS}
  UNION ALL
  SELECT 'function ' || p.oid::regprocedure || ' ' || md5(pg_get_functiondef(p.oid)) || ' owner=' || pg_get_userbyid(p.proowner)
         || ' acl=' || coalesce(p.proacl::text, '')
  FROM pg_proc p WHERE pronamespace IN (SELECT oid FROM ns) AND prokind IN ('f', 'p')
  UNION ALL
  SELECT 'trigger ' || tgrelid::regclass || '.' || tgname || ' ' || pg_get_triggerdef(t.oid)
  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT tgisinternal AND c.relnamespace IN (SELECT oid FROM ns)
  UNION ALL
  SELECT 'relation ' || c.oid::regclass || ' kind=' || c.relkind::text || ' rls=' || c.relrowsecurity || '/' || c.relforcerowsecurity
         || ' owner=' || pg_get_userbyid(c.relowner) || ' acl=' || coalesce(c.relacl::text, '')
         || coalesce(' view=' || md5(pg_get_viewdef(c.oid)), '')
  FROM pg_class c WHERE c.relnamespace IN (SELECT oid FROM ns) AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
  UNION ALL
  SELECT 'column-acl ' || attrelid::regclass || '.' || attname || ' ' || attacl::text
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  WHERE c.relnamespace IN (SELECT oid FROM ns) AND attacl IS NOT NULL
  UNION ALL
  SELECT 'schema ' || nspname || ' owner=' || pg_get_userbyid(nspowner) || ' acl=' || coalesce(nspacl::text, '')
  FROM pg_namespace WHERE nspname IN ${SCHEMAS}
) lines ORDER BY line`;

export async function schemaSnapshot(conn: CentralConnection): Promise<string[]> {
  const { rows } = await conn.query<{ line: string }>(SNAPSHOT_SQL);
  return rows.map((r) => r.line);
}
