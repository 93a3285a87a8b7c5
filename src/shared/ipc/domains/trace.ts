// trace:* and baselines:* — the coverage matrix, suspect links and their reviews, baselines and their
// comparison. All served by the replica; reviews and baselines are written to it (and its outbox).
import { z } from 'zod';
import type { BaselineComparison, BaselineEntry, BaselineSummary } from '../../trace/baseline';
import type { CoverageMatrix, MatrixFilterOptions } from '../../trace/matrix';
import { MATRIX_STATUSES } from '../../trace/matrix';
import type { SuspectLink } from '../../trace/suspect';

const id = z.uuid({ error: 'must be an id (UUID)' });
const name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const description = z.string().max(5000, 'must be at most 5,000 characters');

const matrixInput = z.object({
  projectId: id,
  documentId: id.optional(),
  tag: z.string().max(100).optional(),
  suite: z.string().max(500).optional(),
  status: z.enum(MATRIX_STATUSES).optional(),
  offset: z.number().int().min(0).max(1_000_000).optional(),
  limit: z.number().int().min(1).max(5000).optional(),
}).strict();

export const traceChannels = {
  'trace:matrix': { input: matrixInput, output: z.custom<CoverageMatrix>() },
  /** What the matrix's tag and suite filters offer. */
  'trace:filterOptions': { input: z.object({ projectId: id }).strict(), output: z.custom<MatrixFilterOptions>() },
  /** Suspect links of the project, or those to and from one document or test case. */
  'trace:suspectLinks': { input: z.object({ projectId: id, itemId: id.optional() }).strict(), output: z.custom<SuspectLink[]>() },
  'trace:suspectCount': { input: z.object({ projectId: id }).strict(), output: z.custom<{ count: number }>() },
  /** Marks a suspect link reviewed; central checks that the reviewer may edit the side that did not change. */
  'trace:review': {
    input: z.object({ relationId: id, note: z.string().max(2000, 'must be at most 2,000 characters').optional() }).strict(),
    output: z.custom<{ id: string }>(),
  },
  'baselines:list': { input: z.object({ projectId: id }).strict(), output: z.custom<BaselineSummary[]>() },
  'baselines:create': {
    input: z.object({
      projectId: id, name, description: description.optional(),
      documentIds: z.array(id).max(20_000).optional(), suites: z.array(z.string().max(500)).max(1000).optional(),
    }).strict(),
    output: z.custom<BaselineSummary>(),
  },
  'baselines:items': { input: z.object({ id }).strict(), output: z.custom<BaselineEntry[]>() },
  /** `toId` null: the baseline against the project as it is now. */
  'baselines:compare': { input: z.object({ fromId: id, toId: id.nullable() }).strict(), output: z.custom<BaselineComparison>() },
  /** Organization administrators only (central refuses anyone else). */
  'baselines:rename': {
    input: z.object({ id, changes: z.object({ name: name.optional(), description: description.optional() }).strict() }).strict(),
    output: z.custom<BaselineSummary>(),
  },
  'baselines:delete': { input: z.object({ id }).strict(), output: z.custom<{ id: string }>() },
  /** Whether the user may rename and delete baselines (an organization administrator). */
  'baselines:canManage': { input: z.undefined(), output: z.custom<{ allowed: boolean }>() },
} as const;
