// The local write API later IPC handlers call: validate, check references against the replica, then
// write the row and its outbox mutation in one local transaction. Returns at once; sync follows.
import type { ZodType } from 'zod';
import type { TableName } from '../../shared/replica/registry';
import { WRITABLE } from '../../shared/replica/inputs';
import type { CreateInput, UpdateInput, WritableKind } from '../../shared/replica/inputs';
import { uuidv7 } from '../../shared/ids';
import type { ReplicaStore } from './replica-store';
import { documentVersioned, testCaseChanged } from './suspect-local';

export type LocalWriteErrorCode = 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'CONFLICT_DELETED';

export class LocalWriteError extends Error {
  override readonly name = 'LocalWriteError';
  constructor(readonly code: LocalWriteErrorCode, message: string) {
    super(message);
  }
}

const DEFAULTS: Record<WritableKind, Record<string, unknown>> = {
  document: { content: '', content_json: null, document_type: 'GENERAL', status: 'DRAFT', is_template: false, tags: [] },
  testCase: {
    description: '', preconditions: '', steps: [], expected_result: '', priority: 'MEDIUM', status: 'DRAFT', test_type: 'FUNCTIONAL',
    automation_status: 'MANUAL', is_template: false, suite: '', tags: [],
  },
  execution: { step_results: [], actual_result: '', environment: '', build: '', notes: '' },
  changeRequest: {
    description: '', justification: '', priority: 'MEDIUM', status: 'DRAFT', approval_policy: 'ALL', approval_mode: 'PARALLEL', tags: [],
  },
  impact: { severity: 'MEDIUM', description: '' },
  approval: { comment: '' },
  approver: { position: 1 },
  task: { description: '', task_type: 'TASK', status: 'TODO', priority: 'MEDIUM', logged_hours: 0, tags: [] },
  comment: { parent_id: null, mentions: [] },
  documentUpdate: {},
  attachment: { mime_type: 'application/octet-stream', storage_provider: 'DATABASE' },
  documentVersion: { content_json: null, change_summary: '', is_automatic: false },
  documentSignature: {},
  notification: {},
  testRun: { description: '', status: 'PLANNED', environment: '', build: '', due_date: null, assignees: [] },
  testRunCase: { assigned_to: null, position: 0 },
  documentRelation: { target_document_id: null, target_test_case_id: null, description: '' },
  relationReview: { note: '', relation_id: null, test_case_relation_id: null },
  baseline: { description: '', scope: 'PROJECT', document_ids: [], suites: [] },
  baselineItem: { document_version_id: null },
};

/** Server-owned fields shown locally until the server's row arrives. */
function placeholders(kind: WritableKind, me: string): Record<string, unknown> {
  switch (kind) {
    case 'testCase': return { case_version: 1, reuse_count: 0 };
    case 'changeRequest': return { number: 0, revision: 1, requested_by: me };
    case 'execution': return { executed_by: me, executed_against_stale_version: false };
    case 'approval': return { approver_id: me };
    case 'documentSignature': return { signer_id: me };
    case 'task': return { reporter_id: me };
    case 'documentUpdate': return { is_snapshot: false };
    case 'documentVersion': return { version_number: 0 };
    case 'attachment': return { stored: false, storage_path: null, uploaded_at: null };
    case 'relationReview': return { reviewer_id: me };
    case 'baseline': return { items_received: 0 };
    case 'documentRelation': return { suspect: false, suspect_revision: 0 };
    default: return {};
  }
}

const ENTITY_TABLES: Record<string, TableName> = {
  DOCUMENT: 'documents', TEST_CASE: 'test_cases', TEST_EXECUTION: 'test_executions', CHANGE_REQUEST: 'change_requests', TASK: 'tasks',
};

function kindLabel(kind: WritableKind): string {
  return kind.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
}

export class LocalWriter {
  constructor(private readonly store: ReplicaStore, private readonly onWrite: () => void = () => undefined) {}

  private me(): string {
    const user = this.store.getState('user_id');
    if (!user) throw new LocalWriteError('NOT_FOUND', 'Sign in and sync once before making changes.');
    return user;
  }

  private parse(schema: ZodType, input: unknown, what: string): Record<string, unknown> {
    const result = schema.safeParse(input);
    if (!result.success) {
      const detail = result.error.issues.map((i) => `${i.path.join('.') || 'input'} ${i.message}`).join('; ');
      throw new LocalWriteError('INVALID_ARGUMENT', `Cannot save the ${what}: ${detail}.`);
    }
    return result.data as Record<string, unknown>;
  }

  private live(table: TableName, id: string): Record<string, unknown> | undefined {
    const row = this.store.readRow(table, id);
    return row && row.deleted_at === null ? row : undefined;
  }

  private requireInProject(table: TableName, id: unknown, projectId: string, field: string): void {
    if (id === null || id === undefined) return;
    const row = this.live(table, String(id));
    if (!row || (row.project_id !== undefined && row.project_id !== projectId)) {
      throw new LocalWriteError('NOT_FOUND', `${field} refers to an item that does not exist in this project.`);
    }
  }

  private requireUsers(ids: unknown, field: string): void {
    const organization = this.store.getState('organization_id');
    for (const id of ([] as unknown[]).concat(ids ?? [])) {
      if (id === null) continue;
      const user = this.live('users', String(id));
      if (!user || user.organization_id !== organization) {
        throw new LocalWriteError('NOT_FOUND', `${field} refers to a person who is not in your organization.`);
      }
    }
  }

  private checkReferences(kind: WritableKind, values: Record<string, unknown>, projectId: string): void {
    switch (kind) {
      case 'execution':
        this.requireInProject('test_cases', values.test_case_id, projectId, 'test_case_id');
        this.requireInProject('test_runs', values.test_run_id, projectId, 'test_run_id');
        break;
      case 'testRun': this.requireUsers(values.assignees, 'assignees'); break;
      case 'testRunCase':
        this.requireInProject('test_runs', values.test_run_id, projectId, 'test_run_id');
        this.requireInProject('test_cases', values.test_case_id, projectId, 'test_case_id');
        this.requireUsers(values.assigned_to, 'assigned_to');
        break;
      case 'impact':
        this.requireInProject('change_requests', values.change_request_id, projectId, 'change_request_id');
        if (values.entity_type) this.requireInProject(ENTITY_TABLES[String(values.entity_type)]!, values.entity_id, projectId, 'entity_id');
        break;
      case 'approval': this.requireInProject('change_requests', values.change_request_id, projectId, 'change_request_id'); break;
      case 'approver':
        this.requireInProject('change_requests', values.change_request_id, projectId, 'change_request_id');
        this.requireUsers(values.approver_id, 'approver_id');
        break;
      case 'task':
        this.requireInProject('tasks', values.parent_id, projectId, 'parent_id');
        this.requireInProject('change_requests', values.change_request_id, projectId, 'change_request_id');
        this.requireUsers(values.assignee_id, 'assignee_id');
        break;
      case 'comment':
        if (values.entity_type) this.requireInProject(ENTITY_TABLES[String(values.entity_type)]!, values.entity_id, projectId, 'entity_id');
        this.requireInProject('comments', values.parent_id, projectId, 'parent_id');
        this.requireUsers(values.mentions, 'mentions');
        break;
      case 'changeRequest': this.requireUsers(values.assigned_to, 'assigned_to'); break;
      case 'attachment': {
        // Evidence is attached to an execution before it is saved (its id is made in advance).
        const table = values.entity_type === 'COMMENT' ? 'comments' : ENTITY_TABLES[String(values.entity_type)]!;
        if (table !== 'test_executions' || this.store.readRow(table, String(values.entity_id))) this.requireInProject(table, values.entity_id, projectId, 'entity_id');
        break;
      }
      case 'documentUpdate':
      case 'documentVersion': this.requireInProject('documents', values.document_id, projectId, 'document_id'); break;
      case 'documentSignature':
        this.requireInProject('documents', values.document_id, projectId, 'document_id');
        this.requireInProject('document_versions', values.document_version_id, projectId, 'document_version_id');
        break;
      case 'documentRelation':
        this.requireInProject('documents', values.source_document_id, projectId, 'source_document_id');
        this.requireInProject('documents', values.target_document_id, projectId, 'target_document_id');
        this.requireInProject('test_cases', values.target_test_case_id, projectId, 'target_test_case_id');
        break;
      case 'relationReview':
        this.requireInProject('document_relations', values.relation_id, projectId, 'relation_id');
        this.requireInProject('test_case_relations', values.test_case_relation_id, projectId, 'test_case_relation_id');
        break;
      case 'baselineItem':
        this.requireInProject('baselines', values.baseline_id, projectId, 'baseline_id');
        this.requireInProject(values.item_type === 'DOCUMENT' ? 'documents' : 'test_cases', values.item_id, projectId, 'item_id');
        if (values.document_version_id) this.requireInProject('document_versions', values.document_version_id, projectId, 'document_version_id');
        break;
      case 'document': if (values.template_id) this.requireInProject('documents', values.template_id, projectId, 'template_id'); break;
      case 'testCase': if (values.template_id) this.requireInProject('test_cases', values.template_id, projectId, 'template_id'); break;
    }
  }

  /** Several writes as one local transaction (all or none). */
  transaction<T>(work: () => T): T {
    return this.store.transaction(work);
  }

  create<K extends WritableKind>(kind: K, projectId: string, input: CreateInput<K>, id: string = uuidv7()): { id: string } {
    const spec = WRITABLE[kind];
    const me = this.me();
    const project = this.live('projects', projectId);
    if (!project || !this.store.replicatedProjects().includes(projectId)) {
      throw new LocalWriteError('NOT_FOUND', 'That project is not one of yours on this device (or has not synced yet).');
    }
    const values = { ...DEFAULTS[kind], ...this.parse(spec.create.strict(), input, kindLabel(kind)) };
    this.checkReferences(kind, values, projectId);
    if (this.store.readRow(spec.table, id)) throw new LocalWriteError('INVALID_ARGUMENT', 'An item with that id already exists.');
    const now = new Date().toISOString();
    const payload = { organization_id: project.organization_id, project_id: projectId, ...values };
    this.store.transaction(() => {
      this.store.write(spec.table, 'insert', id, projectId, payload, {
        ...placeholders(kind, me), created_at: now, created_by: me, updated_at: now, updated_by: me, version: 0, deleted_at: null,
      });
      if (kind === 'documentVersion') documentVersioned(this.store, String(values.document_id));
    });
    this.onWrite();
    return { id };
  }

  /**
   * Many new items of one kind in one project, all or none (a baseline's items): each validated and its
   * references checked as `create` does, written in one local transaction with statements prepared once.
   */
  createMany<K extends WritableKind>(kind: K, projectId: string, inputs: readonly CreateInput<K>[]): { ids: string[] } {
    const spec = WRITABLE[kind];
    const me = this.me();
    const project = this.live('projects', projectId);
    if (!project || !this.store.replicatedProjects().includes(projectId)) {
      throw new LocalWriteError('NOT_FOUND', 'That project is not one of yours on this device (or has not synced yet).');
    }
    const now = new Date().toISOString();
    const localOnly = { ...placeholders(kind, me), created_at: now, created_by: me, updated_at: now, updated_by: me, version: 0, deleted_at: null };
    const schema = spec.create.strict();
    const rows = inputs.map((input) => {
      const values = { ...DEFAULTS[kind], ...this.parse(schema, input, kindLabel(kind)) };
      this.checkReferences(kind, values, projectId);
      return { rowId: uuidv7(), projectId, values: { organization_id: project.organization_id, project_id: projectId, ...values }, localOnly };
    });
    this.store.insertMany(spec.table, rows);
    this.onWrite();
    return { ids: rows.map((r) => r.rowId) };
  }

  update<K extends WritableKind>(kind: K, id: string, changes: UpdateInput<K>): void {
    const spec = WRITABLE[kind];
    if (spec.append) throw new LocalWriteError('INVALID_ARGUMENT', `A ${kindLabel(kind)} is a permanent record and cannot be edited.`);
    const row = this.existing(kind, id);
    const values = this.parse(spec.update.strict(), changes, kindLabel(kind));
    if (Object.keys(values).length === 0) return;
    this.checkReferences(kind, values, String(row.project_id));
    this.store.transaction(() => {
      this.store.write(spec.table, 'update', id, row.project_id == null ? null : String(row.project_id), values, { updated_at: new Date().toISOString() });
      if (kind === 'testCase') testCaseChanged(this.store, row, values);
    });
    this.onWrite();
  }

  /** Soft delete. */
  remove(kind: WritableKind, id: string): void {
    const spec = WRITABLE[kind];
    const row = this.existing(kind, id);
    this.store.write(spec.table, 'update', id, String(row.project_id), { deleted_at: new Date().toISOString() });
    this.onWrite();
  }

  private existing(kind: WritableKind, id: unknown): Record<string, unknown> {
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) throw new LocalWriteError('INVALID_ARGUMENT', 'That is not an item id.');
    const row = this.store.readRow(WRITABLE[kind].table, id);
    if (!row) throw new LocalWriteError('NOT_FOUND', `There is no ${kindLabel(kind)} with that id on this device.`);
    if (row.deleted_at !== null) throw new LocalWriteError('CONFLICT_DELETED', `This ${kindLabel(kind)} was deleted.`);
    return row;
  }
}
