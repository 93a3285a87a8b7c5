// changeRequests:* — the managers' approvals inbox, change request detail, create and edit.
import { z } from 'zod';
import { changeRequestFields } from '../../replica/inputs';

const id = z.uuid({ error: 'must be an id (UUID)' });
export const CR_STATUSES = changeRequestFields.shape.status.options;

export interface ChangeRequestListItem {
  id: string;
  number: number;
  title: string;
  status: string;
  priority: string;
  revision: number;
  requestedByName: string | null;
  assignedToName: string | null;
  dueDate: string | null;
  /** Days since it was submitted (or created). */
  ageDays: number;
  /** True when it waits for my decision at its current revision. */
  awaitingMe: boolean;
  unsynced: boolean;
}

export interface ImpactItem {
  id: string;
  entityType: 'DOCUMENT' | 'TEST_CASE' | 'TASK';
  entityId: string;
  entityTitle: string;
  severity: string;
  description: string;
}

export interface DecisionItem {
  id: string;
  approverName: string | null;
  decision: string;
  comment: string;
  revision: number;
  decidedAt: string;
  signatureMeaning: string | null;
  /** The signer's printed name as signed (null: unsigned, or signed before names were signed). */
  signerName: string | null;
  /** Whether the decision carries an electronic signature (verifiable with changeRequests:verifySignature). */
  signed: boolean;
  /** Central's time of receipt (null while queued on this device). */
  receivedAt: string | null;
  /** Not yet accepted by central (queued on this device). */
  pending: boolean;
}


export interface ApproverItem {
  id: string;
  approverId: string;
  name: string | null;
  position: number;
  /** This approver's decision at the current revision, if any. */
  decision: string | null;
}

export interface ChangeRequestDetail extends ChangeRequestListItem {
  approvers: ApproverItem[];
  projectId: string;
  description: string;
  justification: string;
  approvalPolicy: string;
  approvalQuorum: number | null;
  approvalMode: string;
  submittedAt: string | null;
  decidedAt: string | null;
  impacts: ImpactItem[];
  decisions: DecisionItem[];
  /** Whether my permissions let me decide (the database decides at sync in any case). */
  canDecide: boolean;
}

const editable = z.object({
  title: changeRequestFields.shape.title.optional(),
  description: changeRequestFields.shape.description.optional(),
  justification: changeRequestFields.shape.justification.optional(),
  priority: changeRequestFields.shape.priority.optional(),
  status: changeRequestFields.shape.status.optional(),
  dueDate: changeRequestFields.shape.due_date.optional(),
  approvalPolicy: changeRequestFields.shape.approval_policy.optional(),
  approvalQuorum: changeRequestFields.shape.approval_quorum.optional(),
  approvalMode: changeRequestFields.shape.approval_mode.optional(),
  assignedTo: id.nullable().optional(),
}).strict();

export const changeRequestChannels = {
  'changeRequests:list': { input: z.object({ projectId: id, status: z.enum(CR_STATUSES).optional(), awaitingMe: z.boolean().optional() }).strict(), output: z.custom<ChangeRequestListItem[]>() },
  /** Waiting for my decision, across my projects (the navigation's count). */
  'changeRequests:inbox': { input: z.undefined(), output: z.custom<ChangeRequestListItem[]>() },
  'changeRequests:get': { input: z.object({ id }).strict(), output: z.custom<ChangeRequestDetail>() },
  'changeRequests:create': { input: z.object({ projectId: id, title: changeRequestFields.shape.title }).extend(editable.omit({ title: true, status: true }).shape).strict(), output: z.custom<{ id: string }>() },
  'changeRequests:update': { input: z.object({ id, changes: editable }).strict(), output: z.custom<{ id: string }>() },
  'changeRequests:addImpact': {
    input: z.object({ changeRequestId: id, entityType: z.enum(['DOCUMENT', 'TEST_CASE', 'TASK']), entityId: id, severity: changeRequestFields.shape.priority, description: z.string().max(20_000) }).strict(),
    output: z.custom<{ id: string }>(),
  },
  'changeRequests:removeImpact': { input: z.object({ id }).strict(), output: z.custom<{ id: string }>() },
  /** Lists a person whose decision the request needs (position: their turn when sequential). */
  'changeRequests:addApprover': { input: z.object({ changeRequestId: id, approverId: id, position: z.number().int().min(1).max(1000) }).strict(), output: z.custom<{ id: string }>() },
  'changeRequests:removeApprover': { input: z.object({ id }).strict(), output: z.custom<{ id: string }>() },
  /**
   * A decision on the revision the manager sees. Approving or rejecting is an electronic signature: the
   * password is re-entered and the signing key derived from it on the device at that moment (checked
   * against the password epoch's parameters from sign-in; never stored or sent); central verifies the
   * signature at sync and at any time later.
   */
  'changeRequests:decide': {
    input: z.object({
      id,
      decision: z.enum(['APPROVED', 'REJECTED', 'CHANGES_REQUESTED']),
      comment: z.string().max(20_000),
      password: z.string().max(1000).optional(),
      meaning: z.string().trim().max(500).optional(),
    }).strict(),
    output: z.custom<{ id: string }>(),
  },
} as const;
