// Change requests from the replica: the approvals inbox, detail with impacts and decisions, create and
// edit, impacts. Decisions themselves are recorded by decisions.ts; the database has the last word.
import type Database from 'better-sqlite3';
import type { ApproverItem, ChangeRequestDetail, ChangeRequestListItem, DecisionItem, ImpactItem } from '../../shared/ipc/domains/change-requests';
import { priorityRank } from './local-schema';
import type { LocalWriter } from './local-writer';
import { LocalWriteError } from './local-writer';
import type { ReplicaStore } from './replica-store';

/** System roles holding CHANGE_REQUEST/APPROVE (the catalogue itself is not replicated; custom roles are
 *  given the benefit of the doubt and central decides at sync). */
const APPROVER_ROLES = new Set(['ORG_ADMIN', 'PROJECT_MANAGER', 'REVIEWER']);

interface CrRow {
  id: string; project_id: string; number: number; title: string; status: string; priority: string; revision: number; requested_by_name: string | null;
  assigned_to: string | null; assigned_to_name: string | null; due_date: string | null; submitted_at: string | null; created_at: string; unsynced: number;
  my_decision: number; description?: string; justification?: string; approval_policy?: string; approval_quorum?: number | null;
  approval_mode?: string; decided_at?: string | null;
}

const SELECT = `SELECT c.*, r.full_name AS requested_by_name, a.full_name AS assigned_to_name,
    EXISTS (SELECT 1 FROM outbox o WHERE o.table_name = 'change_requests' AND o.row_id = c.id) AS unsynced,
    EXISTS (SELECT 1 FROM change_request_approvals d WHERE d.change_request_id = c.id AND d.approver_id = @me
            AND d.change_request_revision = c.revision AND d.deleted_at IS NULL) AS my_decision
  FROM change_requests c LEFT JOIN users r ON r.id = c.requested_by LEFT JOIN users a ON a.id = c.assigned_to`;

const CHANGES: Record<string, string> = {
  title: 'title', description: 'description', justification: 'justification', priority: 'priority', status: 'status', dueDate: 'due_date',
  approvalPolicy: 'approval_policy', approvalQuorum: 'approval_quorum', approvalMode: 'approval_mode', assignedTo: 'assigned_to',
};

export function toColumns(changes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined).map(([k, v]) => [CHANGES[k] ?? k, v]));
}

export class ChangeRequestService {
  private readonly db: Database.Database;

  constructor(private readonly store: ReplicaStore, private readonly writer: LocalWriter) {
    this.db = store.db;
  }

  private me(): string {
    return this.store.getState('user_id') ?? '';
  }

  /** Whether my role in the project lets me decide (the database checks again at sync). */
  canDecide(projectId: string): boolean {
    const roles = this.db.prepare(`SELECT r.name, r.is_system FROM project_members m JOIN roles r ON r.id = m.role_id
      WHERE m.project_id = ? AND m.user_id = ? AND m.is_active = 1 AND m.deleted_at IS NULL
      UNION SELECT r.name, r.is_system FROM users u JOIN roles r ON r.id = u.org_role_id WHERE u.id = ?`)
      .all(projectId, this.me(), this.me()) as { name: string; is_system: number }[];
    return roles.some((r) => APPROVER_ROLES.has(r.name) || r.is_system === 0);
  }

  approvers(changeRequestId: string, revision: number): ApproverItem[] {
    return (this.db.prepare(`SELECT a.id, a.approver_id, u.full_name, a.position,
        (SELECT d.decision FROM change_request_approvals d WHERE d.change_request_id = a.change_request_id AND d.approver_id = a.approver_id
           AND d.change_request_revision = @revision AND d.deleted_at IS NULL ORDER BY d.decided_at DESC LIMIT 1) AS decision
      FROM change_request_approvers a LEFT JOIN users u ON u.id = a.approver_id
      WHERE a.change_request_id = @id AND a.deleted_at IS NULL ORDER BY a.position, u.full_name`).all({ id: changeRequestId, revision }) as
      { id: string; approver_id: string; full_name: string | null; position: number; decision: string | null }[])
      .map((a) => ({ id: a.id, approverId: a.approver_id, name: a.full_name, position: a.position, decision: a.decision }));
  }

  /** With approvers listed, only they decide; when sequential, only once everyone before them has approved. */
  private myTurn(row: CrRow): boolean {
    const approvers = this.approvers(row.id, row.revision);
    if (approvers.length === 0) return row.assigned_to === null || row.assigned_to === this.me();
    const mine = approvers.find((a) => a.approverId === this.me());
    if (!mine) return false;
    if (row.approval_mode !== 'SEQUENTIAL') return true;
    return approvers.filter((a) => a.position < mine.position).every((a) => a.decision === 'APPROVED');
  }

  private item(row: CrRow): ChangeRequestListItem {
    const since = row.submitted_at ?? row.created_at;
    return {
      id: row.id, number: row.number, title: row.title, status: row.status, priority: row.priority, revision: row.revision,
      requestedByName: row.requested_by_name, assignedToName: row.assigned_to_name, dueDate: row.due_date,
      ageDays: Math.max(0, Math.floor((Date.now() - new Date(since).getTime()) / 86_400_000)),
      awaitingMe: row.status === 'IN_REVIEW' && row.my_decision === 0 && this.canDecide(row.project_id) && this.myTurn(row),
      unsynced: row.unsynced === 1,
    };
  }

  list(filter: { projectId: string; status?: string; awaitingMe?: boolean }): ChangeRequestListItem[] {
    const rows = this.db.prepare(`${SELECT} WHERE c.project_id = @projectId AND c.deleted_at IS NULL AND (@status IS NULL OR c.status = @status)
      ORDER BY c.number DESC, c.created_at DESC`).all({ me: this.me(), projectId: filter.projectId, status: filter.status ?? null }) as CrRow[];
    const items = rows.map((r) => this.item(r));
    return filter.awaitingMe ? items.filter((i) => i.awaitingMe) : items;
  }

  inbox(): ChangeRequestListItem[] {
    const rows = this.db.prepare(`${SELECT} WHERE c.status = 'IN_REVIEW' AND c.deleted_at IS NULL
      ORDER BY ${priorityRank('c.priority')}, c.due_date`).all({ me: this.me() }) as CrRow[];
    return rows.map((r) => this.item(r)).filter((i) => i.awaitingMe);
  }

  get(id: string): ChangeRequestDetail {
    const row = this.db.prepare(`${SELECT} WHERE c.id = @id AND c.deleted_at IS NULL`).get({ me: this.me(), id }) as CrRow | undefined;
    if (!row) throw new LocalWriteError('NOT_FOUND', 'That change request does not exist on this device (it may have been deleted).');
    const impacts = this.db.prepare(`SELECT i.id, i.entity_type, i.entity_id, i.severity, i.description,
        coalesce(d.title, t.title, k.title, '(not on this device)') AS entity_title
      FROM change_request_impacts i
      LEFT JOIN documents d ON i.entity_type = 'DOCUMENT' AND d.id = i.entity_id
      LEFT JOIN test_cases t ON i.entity_type = 'TEST_CASE' AND t.id = i.entity_id
      LEFT JOIN tasks k ON i.entity_type = 'TASK' AND k.id = i.entity_id
      WHERE i.change_request_id = ? AND i.deleted_at IS NULL ORDER BY i.created_at`).all(id) as
      { id: string; entity_type: ImpactItem['entityType']; entity_id: string; severity: string; description: string; entity_title: string }[];
    const decisions = this.db.prepare(`SELECT d.id, u.full_name, d.decision, d.comment, d.change_request_revision, d.decided_at, d.signature_meaning,
        d.signer_name, d.signature IS NOT NULL AS signed, d.created_at,
        EXISTS (SELECT 1 FROM outbox o WHERE o.table_name = 'change_request_approvals' AND o.row_id = d.id) AS pending
      FROM change_request_approvals d LEFT JOIN users u ON u.id = d.approver_id
      WHERE d.change_request_id = ? AND d.deleted_at IS NULL ORDER BY d.decided_at`).all(id) as
      { id: string; full_name: string | null; decision: string; comment: string; change_request_revision: number; decided_at: string; signature_meaning: string | null;
        signer_name: string | null; signed: number; created_at: string | null; pending: number }[];
    return {
      ...this.item(row), projectId: row.project_id, description: row.description ?? '', justification: row.justification ?? '',
      approvalPolicy: row.approval_policy ?? 'ALL', approvalQuorum: row.approval_quorum ?? null, approvalMode: row.approval_mode ?? 'PARALLEL',
      submittedAt: row.submitted_at, decidedAt: row.decided_at ?? null, canDecide: this.canDecide(row.project_id),
      approvers: this.approvers(row.id, row.revision),
      impacts: impacts.map((i) => ({ id: i.id, entityType: i.entity_type, entityId: i.entity_id, entityTitle: i.entity_title, severity: i.severity, description: i.description })),
      decisions: decisions.map((d): DecisionItem => ({
        id: d.id, approverName: d.full_name, decision: d.decision, comment: d.comment, revision: d.change_request_revision, decidedAt: d.decided_at,
        signatureMeaning: d.signature_meaning, signerName: d.signer_name, signed: d.signed === 1,
        receivedAt: d.pending === 1 ? null : d.created_at, pending: d.pending === 1,
      })),
    };
  }

  create(projectId: string, title: string, changes: Record<string, unknown>): { id: string } {
    return this.writer.create('changeRequest', projectId, { title, ...toColumns(changes) } as never);
  }

  update(id: string, changes: Record<string, unknown>): { id: string } {
    this.writer.update('changeRequest', id, toColumns(changes) as never);
    return { id };
  }

  addImpact(input: { changeRequestId: string; entityType: string; entityId: string; severity: string; description: string }): { id: string } {
    const cr = this.get(input.changeRequestId);
    return this.writer.create('impact', cr.projectId, {
      change_request_id: cr.id, entity_type: input.entityType as never, entity_id: input.entityId, severity: input.severity as never, description: input.description,
    });
  }

  /** Records a decision bound to the revision the approver saw (append-only; central checks it at sync). */
  decide(input: {
    id: string; changeRequestId: string; decision: string; comment: string; revision: number; decidedAt: string; meaning: string | null;
    signature: string | null; signatureEpoch: number | null; signerName: string | null;
  }): { id: string } {
    const cr = this.get(input.changeRequestId);
    if (cr.status !== 'IN_REVIEW') {
      throw new LocalWriteError('INVALID_ARGUMENT', `CR-${cr.number} is ${cr.status.toLowerCase().replace('_', ' ')}, not in review: there is nothing to decide.`);
    }
    if (cr.revision !== input.revision) {
      throw new LocalWriteError('INVALID_ARGUMENT', `CR-${cr.number} changed to revision ${cr.revision} while you were deciding — review the new revision.`);
    }
    return this.writer.create('approval', cr.projectId, {
      change_request_id: cr.id, decision: input.decision as never, comment: input.comment, change_request_revision: input.revision,
      decided_at: input.decidedAt, signature_meaning: input.meaning, signature: input.signature, signature_epoch: input.signatureEpoch,
      signer_name: input.signerName,
    }, input.id);
  }

  removeImpact(id: string): { id: string } {
    this.writer.remove('impact', id);
    return { id };
  }
}
