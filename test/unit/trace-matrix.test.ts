// The coverage matrix on a real replica file: which rows and cells each filter keeps, the latest
// execution of each case, the summary and paging.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplicaStore } from '../../src/main/replica/replica-store';
import type { CentralRow } from '../../src/main/replica/replica-store';
import { TraceMatrixService } from '../../src/main/replica/trace-matrix';
import type { MatrixFilter } from '../../src/shared/trace/matrix';

const project = randomUUID();
const common = () => ({ organization_id: randomUUID(), project_id: project, created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z',
  deleted_at: null, version: 1, sync_xid: '1' });
const ids = Object.fromEntries(['A', 'B', 'C', 'T', 'c1', 'c2', 'c3'].map((k) => [k, randomUUID()])) as Record<string, string>;
let store: ReplicaStore;
let matrix: TraceMatrixService;

const doc = (key: string, title: string, tags: string[], template = false): CentralRow =>
  ({ id: ids[key]!, ...common(), title, content: '', document_type: 'REQUIREMENT', status: 'APPROVED', is_template: template, tags, current_version: 2 });
const testCase = (key: string, title: string, suite: string, tags: string[]): CentralRow =>
  ({ id: ids[key]!, ...common(), title, suite, tags, steps: [], priority: 'HIGH', status: 'READY', case_version: 3, is_template: false });
const link = (from: string, to: string, extra: Record<string, unknown> = {}): CentralRow =>
  ({ id: randomUUID(), ...common(), source_document_id: ids[from], target_document_id: null, target_test_case_id: ids[to], relation_type: 'VERIFIED_BY',
    description: '', suspect: false, suspect_revision: 0, ...extra });
const run = (key: string, status: string, at: string): CentralRow =>
  ({ id: randomUUID(), ...common(), test_case_id: ids[key], test_case_version: 1, status, executed_at: at, step_results: [] });

beforeAll(() => {
  store = new ReplicaStore(join(mkdtempSync(join(tmpdir(), 'trace-matrix-')), 'replica.db'));
  store.transaction(() => {
    store.applyPulled('documents', [doc('A', 'Alarm requirement', ['safety']), doc('B', 'Battery requirement', []), doc('C', 'Connectivity requirement', []),
      doc('T', 'A template', [], true)]);
    store.applyPulled('test_cases', [testCase('c1', 'Alarm sounds', 'S1', ['smoke']), testCase('c2', 'Alarm silenced', 'S2', []),
      testCase('c3', 'Battery lasts', 'S1', [])]);
    store.applyPulled('document_relations', [link('A', 'c1'), link('A', 'c2', { suspect: true, suspect_source_version: 2, suspect_revision: 1 }),
      link('B', 'c3'), link('B', 'c2', { deleted_at: '2026-01-02T00:00:00.000Z' }), link('T', 'c1')]);
    store.applyPulled('test_executions', [run('c1', 'PASSED', '2026-01-03T00:00:00.000Z'), run('c1', 'FAILED', '2026-01-04T00:00:00.000Z'),
      run('c3', 'BLOCKED', '2026-01-03T00:00:00.000Z')]);
  });
  matrix = new TraceMatrixService(store.db);
});
afterAll(() => store.close());

const shape = (filter: Omit<MatrixFilter, 'projectId'> = {}) =>
  matrix.matrix({ projectId: project, ...filter }).rows.map((r) => [r.title, r.cells.map((c) => `${c.caseTitle}:${c.result}${c.suspect ? ':suspect' : ''}`)]);

describe('coverage matrix', () => {
  it('lists every document but templates, with its live links and each case\'s latest result, and counts them', () => {
    expect(shape()).toEqual([
      ['Alarm requirement', ['Alarm silenced:UNTESTED:suspect', 'Alarm sounds:FAILED']],
      ['Battery requirement', ['Battery lasts:BLOCKED']],
      ['Connectivity requirement', []],
    ]);
    const all = matrix.matrix({ projectId: project });
    expect(all.summary).toEqual({ documents: 3, covered: 2, uncovered: 1, links: 3, passed: 0, failed: 1, blocked: 1, skipped: 0, untested: 1, suspect: 1 });
    expect(all.rows[0]!.cells.find((c) => c.caseTitle === 'Alarm sounds')).toMatchObject({ executedAt: '2026-01-04T00:00:00.000Z', caseVersion: 3, suite: 'S1' });
    expect(all.rows[2]).toMatchObject({ uncovered: true, currentVersion: 2 });
  });

  it('filters by state, suite, tag (of the document or of the case) and document', () => {
    expect(shape({ status: 'UNCOVERED' }).map(([t]) => t)).toEqual(['Connectivity requirement']);
    expect(shape({ status: 'FAILED' }).map(([t]) => t)).toEqual(['Alarm requirement']);
    expect(shape({ status: 'SUSPECT' }).map(([t]) => t)).toEqual(['Alarm requirement']);
    expect(shape({ status: 'PASSED' })).toEqual([]);
    expect(shape({ suite: 'S1' })).toEqual([['Alarm requirement', ['Alarm sounds:FAILED']], ['Battery requirement', ['Battery lasts:BLOCKED']]]);
    expect(shape({ tag: 'smoke' })).toEqual([['Alarm requirement', ['Alarm sounds:FAILED']]]);
    expect(shape({ tag: 'safety' })).toEqual([['Alarm requirement', ['Alarm silenced:UNTESTED:suspect', 'Alarm sounds:FAILED']]]);
    expect(shape({ documentId: ids.B })).toEqual([['Battery requirement', ['Battery lasts:BLOCKED']]]);
    expect(matrix.filterOptions(project)).toEqual({ tags: ['safety', 'smoke'], suites: ['S1', 'S2'] });
  });

  it('returns the page asked for, with the total and the summary of every matching row', () => {
    const page = matrix.matrix({ projectId: project, offset: 1, limit: 1 });
    expect(page.rows.map((r) => r.title)).toEqual(['Battery requirement']);
    expect(page.totalRows).toBe(3);
    expect(page.summary.documents).toBe(3);
  });
});
