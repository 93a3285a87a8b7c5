// npm run bench: the coverage matrix's first screen (trace_matrix_ms) on a replica holding 5,000
// documents and 15,000 test cases (each linked to a document, most run once or twice, some links
// suspect), read as the traceability screen reads it: TraceMatrixService.matrix, 200 rows; then taking
// a baseline of it and comparing that with now.
// Prints one JSON object per figure: {"name", "value", "unit"}. Needs no server: the replica is filled
// with rows in central's form, as a pull stores them.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ReplicaStore } from '../src/main/replica/replica-store';
import type { CentralRow } from '../src/main/replica/replica-store';
import { TraceMatrixService } from '../src/main/replica/trace-matrix';
import { BaselineService } from '../src/main/replica/baselines';
import { LocalWriter } from '../src/main/replica/local-writer';
import { report } from './report';

const DOCUMENTS = 5_000;
const CASES = 15_000;
const RUNS = 25;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const organization = randomUUID();
const project = randomUUID();
const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
const common = (i: number) => ({
  organization_id: organization, project_id: project, created_at: at(i), updated_at: at(i), deleted_at: null, version: 1, sync_xid: String(1000 + i),
});
const STATUSES = ['PASSED', 'PASSED', 'PASSED', 'FAILED', 'BLOCKED', 'SKIPPED'];

function fill(store: ReplicaStore): void {
  const documents: CentralRow[] = [];
  for (let i = 0; i < DOCUMENTS; i++) {
    documents.push({ id: randomUUID(), ...common(i), title: `REQ-${String(i).padStart(5, '0')} requirement ${i}`, content: 'The system shall …',
      document_type: 'REQUIREMENT', status: 'APPROVED', is_template: false, tags: [`area-${i % 20}`], current_version: 1 + (i % 4) });
  }
  const cases: CentralRow[] = [];
  const links: CentralRow[] = [];
  const executions: CentralRow[] = [];
  for (let i = 0; i < CASES; i++) {
    const id = randomUUID();
    cases.push({ id, ...common(i), title: `Case ${i}`, description: '', preconditions: '', steps: [{ action: 'Do it', expected_result: 'Done' }],
      expected_result: '', priority: 'MEDIUM', status: 'READY', test_type: 'FUNCTIONAL', automation_status: 'MANUAL', is_template: false,
      suite: `Suite ${i % 40}`, case_version: 1 + (i % 3), tags: [`suite-${i % 40}`], reuse_count: 0 });
    // Every tenth document has no case; the other 4,500 share the cases (three or four each).
    const k = i % (DOCUMENTS * 0.9);
    const document = documents[Math.floor(k / 9) * 10 + (k % 9) + 1]!;
    links.push({ id: randomUUID(), ...common(i), source_document_id: document.id, target_document_id: null, target_test_case_id: id,
      relation_type: 'VERIFIED_BY', description: '', suspect: i % 25 === 0, suspect_source_version: i % 25 === 0 ? 2 : null,
      suspect_target_version: null, suspect_revision: i % 25 === 0 ? 1 : 0 });
    for (let run = 0; run < i % 3; run++) {
      executions.push({ id: randomUUID(), ...common(i), test_case_id: id, test_case_version: 1, status: STATUSES[(i + run) % STATUSES.length],
        step_results: [], actual_result: '', environment: 'rig', build: '1.0', notes: '', executed_at: at(i * 3 + run), executed_against_stale_version: false });
    }
  }
  store.transaction(() => {
    // The project and the signed-in user, as after a first sync (the local write API needs both).
    store.applyPulled('projects', [{ id: project, ...common(0), project_id: undefined, key: 'BENCH', name: 'Bench', status: 'ACTIVE' }]);
    store.setCursor(`p:${project}`, '1');
    store.setState('user_id', randomUUID());
    store.setState('organization_id', organization);
    store.applyPulled('documents', documents);
    store.applyPulled('test_cases', cases);
    store.applyPulled('document_relations', links);
    store.applyPulled('test_executions', executions);
  });
  store.indexSearchBacklog();
  store.db.exec('ANALYZE');
  console.error(`# ${documents.length} documents, ${cases.length} cases, ${links.length} links, ${executions.length} executions`);
}

const store = new ReplicaStore(join(mkdtempSync(join(tmpdir(), 'bench-trace-')), 'replica.db'));
fill(store);
const matrix = new TraceMatrixService(store.db);
const time = (filter: Parameters<TraceMatrixService['matrix']>[0]) => {
  const started = performance.now();
  const result = matrix.matrix(filter);
  const ms = performance.now() - started;
  if (result.rows.length === 0) throw new Error('the matrix came back empty');
  return ms;
};
report('trace_matrix_cold_ms', time({ projectId: project, limit: 200 }), 'ms');
const firstScreen: number[] = [];
const failedOnly: number[] = [];
for (let i = 0; i < RUNS; i++) {
  firstScreen.push(time({ projectId: project, limit: 200 }));
  failedOnly.push(time({ projectId: project, status: 'FAILED', limit: 200 }));
}
report('trace_matrix_ms', median(firstScreen), 'ms');
report('trace_matrix_failed_filter_ms', median(failedOnly), 'ms');

// A baseline of the whole project (20,000 items with their outbox mutations, one local transaction),
// then its comparison with now.
const baselines = new BaselineService(store.db, new LocalWriter(store));
let started = performance.now();
const taken = baselines.take({ projectId: project, name: 'Bench baseline' });
report('baseline_take_ms', performance.now() - started, 'ms');
started = performance.now();
const compared = baselines.compare(taken.id, null);
report('baseline_compare_now_ms', performance.now() - started, 'ms');
if (compared.counts.UNCHANGED !== DOCUMENTS + CASES) throw new Error(`the comparison found ${JSON.stringify(compared.counts)}`);
store.close();
