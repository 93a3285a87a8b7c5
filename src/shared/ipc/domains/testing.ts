// testCases:* and executions:* — the test case library and offline execution.
import { z } from 'zod';
import { executionFields, testCaseFields } from '../../replica/inputs';

const id = z.uuid({ error: 'must be an id (UUID)' });

export const EXECUTION_STATUSES = ['PASSED', 'FAILED', 'BLOCKED', 'SKIPPED'] as const;
export const STEP_STATUSES = ['PASSED', 'FAILED', 'BLOCKED', 'SKIPPED', 'UNTESTED'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

export interface TestCaseListItem {
  id: string;
  title: string;
  suite: string;
  priority: string;
  status: string;
  automationStatus: string;
  tags: string[];
  caseVersion: number;
  lastResult: string | null;
  lastExecutedAt: string | null;
}

export interface ExecutionItem {
  id: string;
  status: string;
  executedAt: string;
  executedByName: string | null;
  testCaseVersion: number;
  /** Central's case version when the execution arrived; null until it has synced. */
  currentCaseVersion: number | null;
  /** True when the case changed between the tester's copy and the execution's arrival. */
  stale: boolean;
  environment: string;
  build: string;
  durationSeconds: number | null;
  unsynced: boolean;
}

export interface TestCaseDetail extends TestCaseListItem {
  projectId: string;
  description: string;
  preconditions: string;
  expectedResult: string;
  steps: { action: string; expected_result: string }[];
  automationId: string | null;
  linkedDocuments: { id: string; title: string; relationType: string }[];
  executions: ExecutionItem[];
}

export const testCaseFilter = z.object({
  projectId: id,
  text: z.string().max(500).optional(),
  suite: z.string().max(500).optional(),
  status: testCaseFields.shape.status.optional(),
  priority: testCaseFields.shape.priority.optional(),
  sort: z.enum(['title', 'priority', 'updated_at', 'suite']).optional(),
}).strict();

export const recordExecutionInput = z.object({
  testCaseId: id,
  /** Made by the device in advance, so evidence can be attached before the execution is saved. */
  executionId: id.optional(),
  /** The run this execution belongs to, when executed from a run. */
  testRunId: id.optional(),
  status: z.enum(EXECUTION_STATUSES),
  /** Required when the status differs from the one the step results give. */
  statusOverrideReason: z.string().trim().max(2000).optional(),
  stepResults: executionFields.shape.step_results,
  actualResult: executionFields.shape.actual_result.optional(),
  environment: executionFields.shape.environment.optional(),
  build: executionFields.shape.build.optional(),
  notes: executionFields.shape.notes.optional(),
  startedAt: z.iso.datetime({ offset: true }).optional(),
  executedAt: z.iso.datetime({ offset: true }),
  durationSeconds: z.number().int().min(0).max(31 * 86_400).optional(),
}).strict();

export const createDefectInput = z.object({
  testCaseId: id,
  executionId: id.optional(),
  step: z.number().int().min(0).optional(),
  title: z.string().trim().min(1, 'must not be empty').max(500),
  description: z.string().max(100_000),
}).strict();

export const testingChannels = {
  'testCases:list': { input: testCaseFilter, output: z.custom<TestCaseListItem[]>() },
  'testCases:suites': { input: z.object({ projectId: id }).strict(), output: z.custom<string[]>() },
  'testCases:get': { input: z.object({ id }).strict(), output: z.custom<TestCaseDetail>() },
  'executions:record': { input: recordExecutionInput, output: z.custom<{ id: string }>() },
  /** A bug task for a failed step, linked to the case (and the execution) in its description and tags. */
  'tasks:createDefect': { input: createDefectInput, output: z.custom<{ id: string }>() },
} as const;

/** The overall status the step results give: any failed → FAILED, any blocked → BLOCKED, all passed
 *  (or skipped) → PASSED; untested steps leave it open (null). */
export function derivedStatus(steps: readonly { status: StepStatus }[]): ExecutionStatus | null {
  if (steps.some((s) => s.status === 'FAILED')) return 'FAILED';
  if (steps.some((s) => s.status === 'BLOCKED')) return 'BLOCKED';
  if (steps.length === 0 || steps.some((s) => s.status === 'UNTESTED')) return null;
  return steps.every((s) => s.status === 'SKIPPED') ? 'SKIPPED' : 'PASSED';
}
