// Traceability in the demo workspace: requirements linked to the test cases that verify them (one
// document left without a case), a baseline of the release taken by the manager, and a later version of
// the risk file that makes its link suspect (central's own trigger, migration 0017).
import type { CentralConnection } from '../central/connection';

type Insert = (conn: CentralConnection, table: string, values: Record<string, unknown>) => Promise<string>;

interface DemoTrace {
  /** [document index, test case index] pairs, VERIFIED_BY. */
  verifiedBy: [number, number][];
  /** [from document index, to document index] pairs, TRACES_TO. */
  tracesTo: [number, number][];
  baseline: string;
  /** A new version of this document after the baseline: its links become suspect. */
  revised: { document: number; summary: string; paragraph: string };
}

export const DEMO_TRACE: Record<string, DemoTrace> = {
  IPX2: {
    verifiedBy: [[0, 0], [0, 1], [0, 2], [0, 3], [2, 2]],
    tracesTo: [[1, 0]],
    baseline: 'Release 2.1 verification baseline',
    revised: { document: 2, summary: 'Hazard H-12 added', paragraph: 'H-12: an occlusion downstream of the pump is detected late when the line is cold.' },
  },
};

export interface TraceContext {
  conn: CentralConnection;
  insert: Insert;
  scoped: { organization_id: string; project_id: string };
  people: { manager: string; author: string };
  documents: string[];
  testCases: string[];
}

export async function seedTraceability(key: string, ctx: TraceContext): Promise<void> {
  const spec = DEMO_TRACE[key];
  if (!spec) return;
  const { conn, insert, scoped, people } = ctx;
  const by = { created_by: people.author, updated_by: people.author };
  for (const [from, to] of spec.verifiedBy) {
    await insert(conn, 'app.document_relations', {
      ...scoped, ...by, source_document_id: ctx.documents[from], target_test_case_id: ctx.testCases[to], relation_type: 'VERIFIED_BY',
    });
  }
  for (const [from, to] of spec.tracesTo) {
    await insert(conn, 'app.document_relations', { ...scoped, ...by, source_document_id: ctx.documents[from], target_document_id: ctx.documents[to], relation_type: 'TRACES_TO' });
  }
  // The baseline records every live document (its latest version) and test case.
  const { rows: items } = await conn.query<{ type: string; id: string; title: string; version_id: string | null; version: number }>(`
    SELECT 'DOCUMENT' AS type, d.id, d.title,
      (SELECT v.id FROM app.document_versions v WHERE v.document_id = d.id ORDER BY v.version_number DESC LIMIT 1) AS version_id, d.current_version AS version
    FROM app.documents d WHERE d.project_id = $1 AND NOT d.is_template AND d.deleted_at IS NULL
    UNION ALL
    SELECT 'TEST_CASE', c.id, c.title, NULL, c.case_version FROM app.test_cases c WHERE c.project_id = $1 AND NOT c.is_template AND c.deleted_at IS NULL`,
  [scoped.project_id]);
  const baseline = await insert(conn, 'app.baselines', {
    ...scoped, name: spec.baseline, description: 'Everything verified for release 2.1, before the risk review.', scope: 'PROJECT', item_count: items.length,
    taken_at: new Date(Date.now() - 86_400_000).toISOString(), created_by: people.manager, updated_by: people.manager,
  });
  for (const item of items) {
    await insert(conn, 'app.baseline_items', {
      ...scoped, baseline_id: baseline, item_type: item.type, item_id: item.id, document_version_id: item.version_id, version_number: item.version,
      title: item.title, created_by: people.manager, updated_by: people.manager,
    });
  }
  // The risk file moves on after the baseline: its link to the occlusion case becomes suspect.
  const revised = ctx.documents[spec.revised.document]!;
  const { rows } = await conn.query<{ title: string; content: string; content_json: { content: unknown[] } | null }>(
    'SELECT title, content, content_json FROM app.documents WHERE id = $1', [revised]);
  const current = rows[0]!;
  const block = { type: 'paragraph', content: [{ type: 'text', text: spec.revised.paragraph }] };
  const json = { type: 'doc', content: [...(current.content_json?.content ?? []), block] };
  const content = `${current.content}\n\n${spec.revised.paragraph}`;
  await conn.query('UPDATE app.documents SET content = $2, content_json = $3 WHERE id = $1', [revised, content, JSON.stringify(json)]);
  await insert(conn, 'app.document_versions', {
    ...scoped, document_id: revised, title: current.title, content, content_json: json, change_summary: spec.revised.summary,
    created_by: people.manager, updated_by: people.manager,
  });
}
