// The test case library and execution, served by the replica: lists with the last result, detail with
// steps, linked documents and execution history; executions recorded offline (append-only, with the
// case version the tester saw), and defects raised from failed steps.
import type Database from 'better-sqlite3';
import type { ExecutionItem, TestCaseDetail, TestCaseListItem } from '../../shared/ipc/domains/testing';
import { derivedStatus } from '../../shared/ipc/domains/testing';
import type { ExecutionStatus, StepStatus } from '../../shared/ipc/domains/testing';
import { ftsQuery } from './reads';
import { priorityRank } from './local-schema';
import type { LocalWriter } from './local-writer';
import { LocalWriteError } from './local-writer';

export interface TestCaseQuery {
  projectId: string;
  text?: string;
  suite?: string;
  status?: string;
  priority?: string;
  sort?: 'title' | 'priority' | 'updated_at' | 'suite';
}

interface CaseRow {
  id: string; project_id: string; title: string; suite: string; priority: string; status: string; automation_status: string; tags: string;
  case_version: number; last_result: string | null; last_executed_at: string | null; description?: string; preconditions?: string;
  expected_result?: string; steps?: string; automation_id?: string | null;
}

const LAST = `(SELECT e.status FROM test_executions e WHERE e.test_case_id = c.id AND e.deleted_at IS NULL ORDER BY e.executed_at DESC LIMIT 1) AS last_result,
  (SELECT max(e.executed_at) FROM test_executions e WHERE e.test_case_id = c.id AND e.deleted_at IS NULL) AS last_executed_at`;

const CASE_NOT_FOUND = 'That test case does not exist on this device (it may have been deleted).';

const ORDER: Record<NonNullable<TestCaseQuery['sort']>, string> = {
  title: 'c.title', priority: `${priorityRank('c.priority')}, c.title`, updated_at: 'c.updated_at DESC', suite: 'c.suite, c.title',
};

function item(row: CaseRow): TestCaseListItem {
  return {
    id: row.id, title: row.title, suite: row.suite, priority: row.priority, status: row.status, automationStatus: row.automation_status,
    tags: JSON.parse(row.tags || '[]') as string[], caseVersion: row.case_version, lastResult: row.last_result, lastExecutedAt: row.last_executed_at,
  };
}

export class TestingService {
  constructor(private readonly db: Database.Database, private readonly writer: LocalWriter) {}

  list(query: TestCaseQuery): TestCaseListItem[] {
    const match = query.text ? ftsQuery(query.text) : undefined;
    if (query.text && !match) return [];
    const rows = this.db.prepare(`SELECT c.id, c.project_id, c.title, c.suite, c.priority, c.status, c.automation_status, c.tags, c.case_version, ${LAST}
      FROM test_cases c WHERE c.project_id = @projectId AND c.deleted_at IS NULL
        AND (@suite IS NULL OR c.suite = @suite) AND (@status IS NULL OR c.status = @status) AND (@priority IS NULL OR c.priority = @priority)
        AND (@match IS NULL OR c.rid IN (SELECT rowid FROM test_cases_fts WHERE test_cases_fts MATCH @match))
      ORDER BY ${ORDER[query.sort ?? 'suite']} LIMIT 5000`).all({
      projectId: query.projectId, suite: query.suite ?? null, status: query.status ?? null, priority: query.priority ?? null, match: match ?? null,
    }) as CaseRow[];
    return rows.map(item);
  }

  suites(projectId: string): string[] {
    return (this.db.prepare(`SELECT DISTINCT suite FROM test_cases WHERE project_id = ? AND deleted_at IS NULL AND suite <> '' ORDER BY suite`)
      .all(projectId) as { suite: string }[]).map((r) => r.suite);
  }

  get(id: string): TestCaseDetail {
    const row = this.db.prepare(`SELECT c.*, ${LAST} FROM test_cases c WHERE c.id = ? AND c.deleted_at IS NULL`).get(id) as CaseRow | undefined;
    if (!row) throw new LocalWriteError('NOT_FOUND', CASE_NOT_FOUND);
    const linkedDocuments = this.db.prepare(`SELECT d.id, d.title, r.relation_type AS relationType FROM document_relations r
      JOIN documents d ON d.id = r.source_document_id AND d.deleted_at IS NULL
      WHERE r.target_test_case_id = ? AND r.deleted_at IS NULL ORDER BY d.title`).all(id) as TestCaseDetail['linkedDocuments'];
    const executions = (this.db.prepare(`SELECT e.id, e.status, e.executed_at, u.full_name, e.test_case_version, e.current_case_version,
        e.executed_against_stale_version, e.environment, e.build, e.duration_seconds,
        EXISTS (SELECT 1 FROM outbox o WHERE o.table_name = 'test_executions' AND o.row_id = e.id) AS unsynced
      FROM test_executions e LEFT JOIN users u ON u.id = e.executed_by
      WHERE e.test_case_id = ? AND e.deleted_at IS NULL ORDER BY e.executed_at DESC LIMIT 200`).all(id) as {
      id: string; status: string; executed_at: string; full_name: string | null; test_case_version: number; current_case_version: number | null;
      executed_against_stale_version: number; environment: string; build: string; duration_seconds: number | null; unsynced: number;
    }[]).map((e): ExecutionItem => ({
      id: e.id, status: e.status, executedAt: e.executed_at, executedByName: e.full_name, testCaseVersion: e.test_case_version,
      currentCaseVersion: e.unsynced ? null : e.current_case_version, stale: e.executed_against_stale_version === 1, environment: e.environment,
      build: e.build, durationSeconds: e.duration_seconds, unsynced: e.unsynced === 1,
    }));
    return {
      ...item(row), projectId: row.project_id, description: row.description ?? '', preconditions: row.preconditions ?? '',
      expectedResult: row.expected_result ?? '', steps: JSON.parse(row.steps || '[]') as TestCaseDetail['steps'], automationId: row.automation_id ?? null,
      linkedDocuments, executions,
    };
  }

  /** The case itself, without its history and links: what recording an execution or a defect needs. */
  essentials(id: string): { id: string; projectId: string; title: string; caseVersion: number; steps: TestCaseDetail['steps'] } {
    const row = this.db.prepare('SELECT project_id, title, case_version, steps FROM test_cases WHERE id = ? AND deleted_at IS NULL').get(id) as
      { project_id: string; title: string; case_version: number; steps: string | null } | undefined;
    if (!row) throw new LocalWriteError('NOT_FOUND', CASE_NOT_FOUND);
    return { id, projectId: row.project_id, title: row.title, caseVersion: row.case_version, steps: JSON.parse(row.steps || '[]') as TestCaseDetail['steps'] };
  }

  /** Records an execution: append-only, with the case version this device has (central flags it when stale). */
  record(input: {
    testCaseId: string; executionId?: string; testRunId?: string; status: ExecutionStatus; statusOverrideReason?: string;
    stepResults: { step: number; status: StepStatus; actual_result?: string; evidence?: string[] }[];
    actualResult?: string; environment?: string; build?: string; notes?: string; startedAt?: string; executedAt: string; durationSeconds?: number;
  }): { id: string } {
    const testCase = this.essentials(input.testCaseId);
    if (input.stepResults.some((s) => s.step >= testCase.steps.length)) {
      throw new LocalWriteError('INVALID_ARGUMENT', `This test case has ${testCase.steps.length} steps; a result names a step that does not exist.`);
    }
    const derived = derivedStatus(input.stepResults);
    const overridden = derived !== null && derived !== input.status;
    if (overridden && !input.statusOverrideReason) {
      throw new LocalWriteError('INVALID_ARGUMENT', `The steps give ${derived}; say why the execution is ${input.status} (override reason).`);
    }
    // Evidence must be files attached to this very execution (made in advance, attachments:add).
    const evidence = input.stepResults.flatMap((s) => s.evidence ?? []);
    const attached = evidence.length === 0 ? 0 : (this.db.prepare(`SELECT count(*) AS n FROM attachments WHERE entity_type = 'TEST_EXECUTION' AND entity_id = ?
      AND id IN (SELECT value FROM json_each(?))`).get(input.executionId ?? '', JSON.stringify(evidence)) as { n: number }).n;
    if (attached !== new Set(evidence).size) {
      throw new LocalWriteError('INVALID_ARGUMENT', 'Evidence names a file that is not attached to this execution; attach it again.');
    }
    return this.writer.create('execution', testCase.projectId, {
      test_case_id: testCase.id, test_run_id: input.testRunId ?? null, test_case_version: testCase.caseVersion, status: input.status,
      status_override_reason: overridden ? input.statusOverrideReason! : null, step_results: input.stepResults,
      actual_result: input.actualResult ?? '', environment: input.environment ?? '', build: input.build ?? '', notes: input.notes ?? '',
      started_at: input.startedAt ?? null, executed_at: input.executedAt, duration_seconds: input.durationSeconds ?? null,
    }, input.executionId);
  }

  /** A BUG task for a failed step; the case and execution are named in it so it can be traced back. */
  createDefect(input: { testCaseId: string; executionId?: string; step?: number; title: string; description: string }): { id: string } {
    const testCase = this.essentials(input.testCaseId);
    const stepText = input.step === undefined ? '' : testCase.steps[input.step]
      ? `\n\nFailed step ${input.step + 1}: ${testCase.steps[input.step]!.action}\nExpected: ${testCase.steps[input.step]!.expected_result}` : '';
    const trace = `\n\nTest case: ${testCase.title} (${testCase.id}, version ${testCase.caseVersion})${input.executionId ? `\nExecution: ${input.executionId}` : ''}`;
    return this.writer.create('task', testCase.projectId, {
      title: input.title, description: `${input.description}${stepText}${trace}`, task_type: 'BUG', status: 'TODO', priority: 'HIGH',
      tags: ['defect', `test-case:${testCase.id}`],
    });
  }
}
