// runs:* — test runs: a group of cases to execute, assigned to testers, with progress; JUnit import.
import { z } from 'zod';
import { testCaseFields, testRunFields } from '../../replica/inputs';

const id = z.uuid({ error: 'must be an id (UUID)' });

export interface RunProgress {
  total: number;
  passed: number;
  failed: number;
  blocked: number;
  skipped: number;
  untested: number;
}

export interface RunListItem {
  id: string;
  name: string;
  status: string;
  environment: string;
  build: string;
  dueDate: string | null;
  assigneeNames: string[];
  progress: RunProgress;
  unsynced: boolean;
}

export interface RunCaseItem {
  runCaseId: string;
  testCaseId: string;
  title: string;
  suite: string;
  priority: string;
  automationId: string | null;
  assignedToName: string | null;
  /** The latest execution of this case in this run. */
  result: string | null;
  executedAt: string | null;
  executedByName: string | null;
  stale: boolean;
  testCaseVersion: number | null;
  currentCaseVersion: number | null;
}

export interface RunDetail extends RunListItem {
  projectId: string;
  description: string;
  assignees: string[];
  cases: RunCaseItem[];
}

export interface JunitReport {
  /** Test cases of the XML matched to the run's cases by automation id, with the result recorded. */
  matched: { name: string; testCaseTitle: string; status: string }[];
  /** Test cases of the XML with no case of that automation id in the run. */
  unmatched: { name: string; status: string }[];
  /** Cases of the run with an automation id the XML did not report. */
  notReported: string[];
}

const caseFilter = z.object({
  suite: z.string().max(500).optional(),
  status: testCaseFields.shape.status.optional(),
  priority: testCaseFields.shape.priority.optional(),
  text: z.string().max(500).optional(),
}).strict();

export const runChannels = {
  'runs:list': { input: z.object({ projectId: id }).strict(), output: z.custom<RunListItem[]>() },
  'runs:get': { input: z.object({ id }).strict(), output: z.custom<RunDetail>() },
  /** A run of the chosen cases, or of every case matching a filter. */
  'runs:create': {
    input: z.object({
      projectId: id, name: testRunFields.shape.name, description: testRunFields.shape.description.optional(),
      environment: testRunFields.shape.environment.optional(), build: testRunFields.shape.build.optional(),
      dueDate: testRunFields.shape.due_date.optional(), assignees: testRunFields.shape.assignees.optional(),
      testCaseIds: z.array(id).max(5000).optional(), filter: caseFilter.optional(),
    }).strict(),
    output: z.custom<{ id: string; cases: number }>(),
  },
  'runs:update': {
    input: z.object({ id, changes: z.object({ name: testRunFields.shape.name.optional(), status: testRunFields.shape.status.optional(), assignees: testRunFields.shape.assignees.optional() }).strict() }).strict(),
    output: z.custom<{ id: string }>(),
  },
  'runs:assignCase': { input: z.object({ runCaseId: id, assignedTo: id.nullable() }).strict(), output: z.custom<{ id: string }>() },
  /** Automated results (JUnit XML) recorded as executions of the run's cases, matched by automation id. */
  'runs:importJunit': { input: z.object({ id, xml: z.string().min(1, 'the file is empty').max(20_000_000, 'is larger than 20 MB') }).strict(), output: z.custom<JunitReport>() },
} as const;
