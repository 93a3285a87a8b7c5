// Test runs from the replica: list with progress, detail with each case's latest result in the run,
// create from chosen cases or a filter, assignment, and JUnit import as executions of the run.
import type Database from 'better-sqlite3';
import type { JunitReport, RunCaseItem, RunDetail, RunListItem, RunProgress } from '../../shared/ipc/domains/runs';
import { parseJunit } from './junit';
import type { LocalWriter } from './local-writer';
import { LocalWriteError } from './local-writer';
import type { ReplicaStore } from './replica-store';
import type { TestingService } from './testing';

interface RunRow {
  id: string; project_id: string; name: string; description: string; status: string; environment: string; build: string; due_date: string | null;
  assignees: string | null; unsynced: number;
}

const LATEST = `(SELECT e.id FROM test_executions e WHERE e.test_run_id = rc.test_run_id AND e.test_case_id = rc.test_case_id AND e.deleted_at IS NULL
  ORDER BY e.executed_at DESC, e.rid DESC LIMIT 1)`;

export class RunService {
  private readonly db: Database.Database;

  constructor(store: ReplicaStore, private readonly writer: LocalWriter, private readonly testing: TestingService) {
    this.db = store.db;
  }

  private names(ids: string[]): string[] {
    if (ids.length === 0) return [];
    const rows = this.db.prepare(`SELECT id, coalesce(full_name, email) AS name FROM users WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as { id: string; name: string }[];
    return ids.map((i) => rows.find((r) => r.id === i)?.name ?? 'Unknown');
  }

  cases(runId: string): RunCaseItem[] {
    const rows = this.db.prepare(`SELECT rc.id AS run_case_id, c.id AS test_case_id, c.title, c.suite, c.priority, c.automation_id, a.full_name AS assigned_name,
        e.status, e.executed_at, x.full_name AS executed_name, e.executed_against_stale_version AS stale, e.test_case_version, e.current_case_version
      FROM test_run_cases rc JOIN test_cases c ON c.id = rc.test_case_id
      LEFT JOIN users a ON a.id = rc.assigned_to
      LEFT JOIN test_executions e ON e.id = ${LATEST}
      LEFT JOIN users x ON x.id = e.executed_by
      WHERE rc.test_run_id = ? AND rc.deleted_at IS NULL AND c.deleted_at IS NULL ORDER BY rc.position, c.title`).all(runId) as Record<string, unknown>[];
    return rows.map((r) => ({
      runCaseId: String(r.run_case_id), testCaseId: String(r.test_case_id), title: String(r.title), suite: String(r.suite ?? ''),
      priority: String(r.priority), automationId: (r.automation_id as string | null) ?? null, assignedToName: (r.assigned_name as string | null) ?? null,
      result: (r.status as string | null) ?? null, executedAt: (r.executed_at as string | null) ?? null, executedByName: (r.executed_name as string | null) ?? null,
      stale: r.stale === 1, testCaseVersion: (r.test_case_version as number | null) ?? null, currentCaseVersion: (r.current_case_version as number | null) ?? null,
    }));
  }

  private progress(cases: RunCaseItem[]): RunProgress {
    const count = (status: string | null) => cases.filter((c) => c.result === status).length;
    return { total: cases.length, passed: count('PASSED'), failed: count('FAILED'), blocked: count('BLOCKED'), skipped: count('SKIPPED'), untested: count(null) };
  }

  private item(row: RunRow, cases: RunCaseItem[]): RunListItem {
    const assignees = JSON.parse(row.assignees ?? '[]') as string[];
    return {
      id: row.id, name: row.name, status: row.status, environment: row.environment, build: row.build, dueDate: row.due_date,
      assigneeNames: this.names(assignees), progress: this.progress(cases), unsynced: row.unsynced === 1,
    };
  }

  private rows(where: string, param: string): RunRow[] {
    return this.db.prepare(`SELECT r.*, EXISTS (SELECT 1 FROM outbox o WHERE o.table_name = 'test_runs' AND o.row_id = r.id) AS unsynced FROM test_runs r
      WHERE ${where} AND r.deleted_at IS NULL ORDER BY r.created_at DESC`).all(param) as RunRow[];
  }

  list(projectId: string): RunListItem[] {
    return this.rows('r.project_id = ?', projectId).map((r) => this.item(r, this.cases(r.id)));
  }

  get(id: string): RunDetail {
    const row = this.rows('r.id = ?', id)[0];
    if (!row) throw new LocalWriteError('NOT_FOUND', 'That test run does not exist on this device.');
    const cases = this.cases(id);
    return { ...this.item(row, cases), projectId: row.project_id, description: row.description, assignees: JSON.parse(row.assignees ?? '[]') as string[], cases };
  }

  create(input: {
    projectId: string; name: string; description?: string; environment?: string; build?: string; dueDate?: string | null; assignees?: string[];
    testCaseIds?: string[]; filter?: { suite?: string; status?: string; priority?: string; text?: string };
  }): { id: string; cases: number } {
    const ids = input.testCaseIds ?? (input.filter ? this.testing.list({ projectId: input.projectId, ...input.filter }).map((c) => c.id) : []);
    if (ids.length === 0) throw new LocalWriteError('INVALID_ARGUMENT', 'Choose at least one test case for the run (or a filter that matches some).');
    const assignees = input.assignees ?? [];
    return this.writer.transaction(() => {
      const { id } = this.writer.create('testRun', input.projectId, {
        name: input.name, description: input.description ?? '', environment: input.environment ?? '', build: input.build ?? '',
        due_date: input.dueDate ?? null, assignees, status: 'PLANNED',
      });
      [...new Set(ids)].forEach((testCaseId, position) => {
        this.writer.create('testRunCase', input.projectId, {
          test_run_id: id, test_case_id: testCaseId, position, assigned_to: assignees.length ? assignees[position % assignees.length]! : null,
        });
      });
      return { id, cases: new Set(ids).size };
    });
  }

  update(id: string, changes: { name?: string; status?: string; assignees?: string[] }): { id: string } {
    this.writer.update('testRun', id, changes as never);
    return { id };
  }

  assignCase(runCaseId: string, assignedTo: string | null): { id: string } {
    this.writer.update('testRunCase', runCaseId, { assigned_to: assignedTo });
    return { id: runCaseId };
  }

  /** Records each reported test case as an execution of the run's case with that automation id. */
  async importJunit(runId: string, xml: string): Promise<JunitReport> {
    const results = await parseJunit(xml);
    const run = this.get(runId);
    const byAutomationId = new Map(run.cases.filter((c) => c.automationId).map((c) => [c.automationId!, c]));
    const report: JunitReport = { matched: [], unmatched: [], notReported: [] };
    const seen = new Set<string>();
    const now = new Date().toISOString();
    this.writer.transaction(() => {
      for (const result of results) {
        const match = result.ids.map((key) => byAutomationId.get(key)).find(Boolean);
        if (!match) {
          report.unmatched.push({ name: result.name, status: result.status });
          continue;
        }
        const testCase = this.testing.essentials(match.testCaseId);
        seen.add(match.testCaseId);
        this.testing.record({
          testCaseId: match.testCaseId, testRunId: runId, status: result.status, executedAt: now,
          stepResults: testCase.steps.map((_, step) => ({ step, status: result.status === 'PASSED' ? 'PASSED' : result.status === 'SKIPPED' ? 'SKIPPED' : 'UNTESTED' })),
          actualResult: result.message, environment: run.environment, build: run.build, notes: `Imported from JUnit: ${result.name}`,
          ...(result.durationSeconds === null ? {} : { durationSeconds: result.durationSeconds }),
        });
        report.matched.push({ name: result.name, testCaseTitle: testCase.title, status: result.status });
      }
    });
    report.notReported = run.cases.filter((c) => c.automationId && !seen.has(c.testCaseId)).map((c) => c.title);
    return report;
  }
}
