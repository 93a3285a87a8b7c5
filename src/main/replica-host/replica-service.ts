// Everything the app asks of its replica, in one object: local writes, reads, search, sync control.
// Runs inside the replica host worker (replica-worker.ts); tests also use it directly.
import type { CreateInput, UpdateInput, WritableKind } from '../../shared/replica/inputs';
import type { TableName } from '../../shared/replica/registry';
import { connectPg } from '../central/connection';
import type { DocumentDetail, DocumentListItem, LinkTarget, RelationItem, VersionDetail, VersionListItem } from '../../shared/ipc/domains/documents';
import type { Person, ProjectSummary } from '../../shared/ipc/domains/sync';
import { DocumentContent } from '../replica/document-content';
import { BaselineService } from '../replica/baselines';
import type { TakeBaseline } from '../replica/baselines';
import { SuspectLinkService } from '../replica/suspect-links';
import { TraceMatrixService } from '../replica/trace-matrix';
import type { BaselineComparison, BaselineEntry, BaselineSummary } from '../../shared/trace/baseline';
import type { CoverageMatrix, MatrixFilter, MatrixFilterOptions } from '../../shared/trace/matrix';
import type { SuspectLink } from '../../shared/trace/suspect';
import { DocumentDeriver } from '../replica/document-derive';
import { DocumentService } from '../replica/documents';
import type { DocumentFilter } from '../replica/documents';
import { LocalWriter } from '../replica/local-writer';
import { TestingService } from '../replica/testing';
import { RunService } from '../replica/runs';
import type { JunitReport, RunDetail, RunListItem } from '../../shared/ipc/domains/runs';
import { CollaborationService } from '../replica/collaboration';
import { TaskService } from '../replica/tasks';
import { ChangeRequestService } from '../replica/change-requests';
import type { ChangeRequestDetail, ChangeRequestListItem } from '../../shared/ipc/domains/change-requests';
import type { TaskChanges } from '../replica/tasks';
import type { TaskItem } from '../../shared/ipc/domains/tasks';
import type { CommentItem, NotificationItem, SearchResult } from '../../shared/ipc/domains/collaboration';
import type { TestCaseQuery } from '../replica/testing';
import type { TestCaseDetail, TestCaseListItem } from '../../shared/ipc/domains/testing';
import { ReplicaReads } from '../replica/reads';
import type { SearchHit, TestCaseFilter } from '../replica/reads';
import { ReplicaStore } from '../replica/replica-store';
import type { KeptAside, Rejection } from '../replica/replica-store';
import { AttachmentService } from '../replica/attachments';
import type { AddAttachment } from '../replica/attachments';
import type { AttachmentItem } from '../../shared/ipc/domains/attachments';
import { downloadAttachment } from '../sync/uploads';
import { dirname, join } from 'node:path';
import { SyncEngine } from '../sync/sync-engine';
import { collectGarbage, LARGE_PULL_ROWS } from './memory';
import type { SyncEngineOptions, SyncOutcome, SyncStatus } from '../sync/sync-engine';
import type { MessagePort } from 'node:worker_threads';
import { PortCentral } from '../demo/port-central-client';
import { ExportService } from '../exports/export-service';
import type { ExportFile, ExportProgress, ImportPreview, ReqifImportReport } from '../../shared/ipc/domains/exports';
import type { ColumnMapping } from '../exports/case-import';

/** How long after a large pull its housekeeping runs (the replica is usable at once). */
const AFTER_LARGE_PULL_MS = 1000;
/** Rows indexed for search per slice after a large pull (a few tens of milliseconds; requests go between). */
const SEARCH_SLICE_ROWS = 5000;

export interface ReplicaConfig {
  replicaPath: string;
  /** postgres:// URL of central (the primary, directly or through a pooler), as application_user … */
  centralUrl?: string;
  /** … with, optionally, a read-only standby of it for pulls (docs/deployment.md). */
  centralReadUrl?: string;
  /** How often the engine asks central's change beacon whether anything changed (default 1,000 ms). */
  beaconIntervalMs?: number;
  /** … or a port to the embedded demo central (demo/port-central-server.ts). */
  centralPort?: MessagePort;
  token: string;
  pollIntervalMs?: number;
  backoff?: { initialMs: number; maxMs: number };
  /** Start syncing at once (default true). */
  autoSync?: boolean;
  /** Where attached files are kept (default: `attachments` beside the replica file). */
  attachmentsDir?: string;
}

export type ReplicaEvent =
  | { type: 'status'; status: SyncStatus }
  | { type: 'changed'; tables: string[] }
  | { type: 'progress'; progress: ExportProgress };

const DERIVE_DELAY_MS = 1000;
const CLOSE_FLUSH_MS = 3000;

/** How the engine reaches central: a server URL, or the embedded demo central's port. */
function centralAccess(config: ReplicaConfig): Pick<SyncEngineOptions, 'connect' | 'listen' | 'connectReader' | 'beacon'> {
  if (config.centralPort) {
    const central = new PortCentral(config.centralPort);
    return {
      connect: () => central.connect(),
      listen: (onPoke, onLost) => central.listen('promanage_sync', onPoke, onLost),
    };
  }
  const url = config.centralUrl;
  if (!url) throw new Error('The replica host needs centralUrl or centralPort.');
  // A server: no LISTEN (a backend per desktop, and no LISTEN through a transaction pooler); the change
  // beacon instead (docs/sync.md, "Live updates").
  const readUrl = config.centralReadUrl;
  return {
    connect: () => connectPg(url),
    beacon: { intervalMs: config.beaconIntervalMs ?? 1000 },
    ...(readUrl ? { connectReader: () => connectPg(readUrl) } : {}),
  };
}

export class ReplicaService {
  readonly store: ReplicaStore;
  readonly reads: ReplicaReads;
  readonly writer: LocalWriter;
  readonly engine: SyncEngine;
  readonly content: DocumentContent;
  readonly documents: DocumentService;
  readonly testing: TestingService;
  readonly runs: RunService;
  readonly collaboration: CollaborationService;
  readonly tasks: TaskService;
  readonly changeRequests: ChangeRequestService;
  readonly attachments: AttachmentService;
  readonly exports: ExportService;
  readonly baselines: BaselineService;
  readonly suspects: SuspectLinkService;
  readonly matrix: TraceMatrixService;
  private readonly deriver: DocumentDeriver;
  private deriveTimer: NodeJS.Timeout | undefined;
  private indexTimer: NodeJS.Immediate | undefined;
  /** A slice failed: not tried again before the next pull (else every status would retry it). */
  private indexingFailed = false;
  private closing = false;

  constructor(config: ReplicaConfig, emit: (event: ReplicaEvent) => void) {
    this.store = new ReplicaStore(config.replicaPath);
    const access = centralAccess(config);
    this.reads = new ReplicaReads(this.store.db);
    this.engine = new SyncEngine({
      store: this.store,
      token: config.token,
      ...access,
      ...(config.pollIntervalMs ? { pollIntervalMs: config.pollIntervalMs } : {}),
      ...(config.backoff ? { backoff: config.backoff } : {}),
      // Housekeeping after a large pull, once its round has finished: the memory it churned through
      // and the write-ahead log it left (see ReplicaStore.beginStreamedPull).
      afterPull: (pulled) => {
        this.indexingFailed = false;
        const large = pulled.rows >= LARGE_PULL_ROWS;
        if (!large && !this.store.checkpointDue) return;
        setTimeout(() => {
          try {
            if (large) collectGarbage();
            this.store.checkpoint();
          } catch (error) {
            console.error('Housekeeping after a large pull failed', error);
          }
        }, AFTER_LARGE_PULL_MS).unref();
      },
    });
    this.writer = new LocalWriter(this.store, () => this.engine.localChange());
    this.content = new DocumentContent(this.store, this.writer);
    this.documents = new DocumentService(this.store.db, this.writer, this.content);
    this.testing = new TestingService(this.store.db, this.writer);
    this.runs = new RunService(this.store, this.writer, this.testing);
    this.collaboration = new CollaborationService(this.store, this.reads, this.writer);
    this.tasks = new TaskService(this.store.db, this.writer);
    this.changeRequests = new ChangeRequestService(this.store, this.writer);
    this.attachments = new AttachmentService(this.store, this.writer, config.attachmentsDir ?? join(dirname(config.replicaPath), 'attachments'),
      async (id, size) => {
        const conn = await access.connect();
        try {
          return await downloadAttachment(conn, config.token, id, size);
        } finally {
          await conn.close().catch(() => undefined);
        }
      });
    this.exports = new ExportService(this.store, this.writer, this.content, this.testing, this.attachments,
      (progress) => emit({ type: 'progress', progress }));
    this.baselines = new BaselineService(this.store.db, this.writer);
    this.suspects = new SuspectLinkService(this.store.db, this.writer);
    this.matrix = new TraceMatrixService(this.store.db);
    this.deriver = new DocumentDeriver(this.store, this.writer, this.content);
    this.store.onChange((tables) => {
      emit({ type: 'changed', tables: [...tables] });
      if (tables.has('document_updates')) this.scheduleDerive();
    });
    // Text typed just before the app was killed is derived now.
    this.scheduleDerive();
    this.engine.onStatus((status) => {
      emit({ type: 'status', status });
      if (status.indexing > 0 && status.state !== 'syncing') this.indexSearch();
    });
    // Rows of a large pull that the app closed before indexing for search.
    if (this.store.searchBacklog() > 0) this.indexSearch();
    if (config.autoSync !== false) this.engine.start();
  }

  create<K extends WritableKind>(kind: K, projectId: string, input: CreateInput<K>, id?: string): { id: string } {
    return this.writer.create(kind, projectId, input, id);
  }

  update<K extends WritableKind>(kind: K, id: string, changes: UpdateInput<K>): void {
    this.writer.update(kind, id, changes);
  }

  remove(kind: WritableKind, id: string): void {
    this.writer.remove(kind, id);
  }

  row(table: TableName, id: string): Record<string, unknown> | undefined {
    return this.reads.row(table, id);
  }

  rows(table: TableName, projectId: string): Record<string, unknown>[] {
    return this.reads.rows(table, projectId);
  }

  testCases(filter: TestCaseFilter): Record<string, unknown>[] {
    return this.reads.testCases(filter);
  }

  search(text: string, options: { projectId?: string; limit?: number } = {}): SearchHit[] {
    return this.reads.search(text, options);
  }

  projects(): string[] {
    return this.store.replicatedProjects();
  }

  /** The signed-in user's projects on this device, by name. */
  projectSummaries(): ProjectSummary[] {
    const ids = new Set(this.store.replicatedProjects());
    const rows = this.store.db.prepare(`SELECT id, key, name, coalesce(description, '') AS description FROM projects
      WHERE deleted_at IS NULL ORDER BY name`).all() as ProjectSummary[];
    return rows.filter((p) => ids.has(p.id));
  }

  /** People of the organization (names for "updated by", mentions, assignees). */
  people(): Person[] {
    return this.store.db.prepare(`SELECT id, coalesce(full_name, email) AS fullName, email FROM users
      WHERE deleted_at IS NULL ORDER BY full_name`).all() as Person[];
  }

  me(): { userId: string; organizationId: string } | undefined {
    const userId = this.store.getState('user_id');
    const organizationId = this.store.getState('organization_id');
    return userId && organizationId ? { userId, organizationId } : undefined;
  }

  // ---- change requests ----------------------------------------------------------------------
  crList(filter: Parameters<ChangeRequestService['list']>[0]): ChangeRequestListItem[] {
    return this.changeRequests.list(filter);
  }

  crInbox(): ChangeRequestListItem[] {
    return this.changeRequests.inbox();
  }

  crGet(id: string): ChangeRequestDetail {
    return this.changeRequests.get(id);
  }

  crCreate(projectId: string, title: string, changes: Record<string, unknown>): { id: string } {
    return this.changeRequests.create(projectId, title, changes);
  }

  crUpdate(id: string, changes: Record<string, unknown>): { id: string } {
    return this.changeRequests.update(id, changes);
  }

  crAddImpact(input: Parameters<ChangeRequestService['addImpact']>[0]): { id: string } {
    return this.changeRequests.addImpact(input);
  }

  crDecide(input: Parameters<ChangeRequestService['decide']>[0]): { id: string } {
    return this.changeRequests.decide(input);
  }

  crRemoveImpact(id: string): { id: string } {
    return this.changeRequests.removeImpact(id);
  }

  // ---- tasks --------------------------------------------------------------------------------
  taskList(filter: Parameters<TaskService['list']>[0]): TaskItem[] {
    return this.tasks.list(filter);
  }

  taskCreate(projectId: string, title: string, parentId: string | undefined, changes: TaskChanges): { id: string } {
    return this.tasks.create(projectId, title, parentId, changes);
  }

  taskUpdate(id: string, changes: TaskChanges): { id: string } {
    return this.tasks.update(id, changes);
  }

  taskLogTime(id: string, hours: number): { id: string } {
    return this.tasks.logTime(id, hours);
  }

  // ---- search, comments, notifications -------------------------------------------------------
  searchAll(text: string, options: { projectId?: string; limit?: number }): SearchResult[] {
    return this.collaboration.search(text, options);
  }

  commentList(entityType: string, entityId: string): CommentItem[] {
    return this.collaboration.comments(entityType, entityId);
  }

  commentAdd(input: Parameters<CollaborationService['addComment']>[0]): CommentItem[] {
    return this.collaboration.addComment(input);
  }

  commentEdit(id: string, body: string, mentions?: string[]): { id: string } {
    this.writer.update('comment', id, { body, ...(mentions ? { mentions } : {}) });
    return { id };
  }

  commentDelete(id: string): { id: string } {
    this.writer.remove('comment', id);
    return { id };
  }

  notificationList(unreadOnly: boolean): NotificationItem[] {
    return this.collaboration.notifications(unreadOnly);
  }

  notificationMarkRead(ids: string[]): { updated: number } {
    return this.collaboration.markRead(ids);
  }

  // ---- test runs ----------------------------------------------------------------------------
  runList(projectId: string): RunListItem[] {
    return this.runs.list(projectId);
  }

  runGet(id: string): RunDetail {
    return this.runs.get(id);
  }

  runCreate(input: Parameters<RunService['create']>[0]): { id: string; cases: number } {
    return this.runs.create(input);
  }

  runUpdate(id: string, changes: Parameters<RunService['update']>[1]): { id: string } {
    return this.runs.update(id, changes);
  }

  runAssignCase(runCaseId: string, assignedTo: string | null): { id: string } {
    return this.runs.assignCase(runCaseId, assignedTo);
  }

  runImportJunit(id: string, xml: string): Promise<JunitReport> {
    return this.runs.importJunit(id, xml);
  }

  // ---- test cases and executions -----------------------------------------------------------
  testCaseList(query: TestCaseQuery): TestCaseListItem[] {
    return this.testing.list(query);
  }

  testCaseSuites(projectId: string): string[] {
    return this.testing.suites(projectId);
  }

  testCaseGet(id: string): TestCaseDetail {
    return this.testing.get(id);
  }

  executionRecord(input: Parameters<TestingService['record']>[0]): { id: string } {
    return this.testing.record(input);
  }

  defectCreate(input: Parameters<TestingService['createDefect']>[0]): { id: string } {
    return this.testing.createDefect(input);
  }

  // ---- documents ------------------------------------------------------------------------
  documentList(filter: DocumentFilter): DocumentListItem[] {
    return this.documents.list(filter);
  }

  documentGet(id: string): DocumentDetail {
    return this.documents.get(id);
  }

  documentCreate(input: Parameters<DocumentService['create']>[0]): { id: string } {
    return this.documents.create(input);
  }

  documentUpdate(id: string, changes: { title?: string; status?: string; documentType?: string; tags?: string[] }): DocumentDetail {
    this.writer.update('document', id, {
      ...(changes.title === undefined ? {} : { title: changes.title }),
      ...(changes.status === undefined ? {} : { status: changes.status as never }),
      ...(changes.documentType === undefined ? {} : { document_type: changes.documentType as never }),
      ...(changes.tags === undefined ? {} : { tags: changes.tags }),
    });
    return this.documents.get(id);
  }

  documentDelete(id: string): { id: string } {
    this.writer.remove('document', id);
    return { id };
  }

  /** Yjs content as base64: all of it, or what a replica with the given state vector lacks. */
  documentContent(id: string, stateVector?: string): { update: string } {
    this.documents.get(id);
    const missing = this.content.missing(id, stateVector ? Buffer.from(stateVector, 'base64') : undefined);
    return { update: Buffer.from(missing).toString('base64') };
  }

  documentEdit(id: string, update: string): { id: string } {
    this.documents.get(id);
    return this.content.append(id, Buffer.from(update, 'base64'));
  }

  /**
   * Indexes the search backlog a slice at a time, between the host's requests, once a sync round has
   * ended (after a large pull, or at start if the app closed first); the status carries how many rows
   * still wait.
   */
  private indexSearch(): void {
    if (this.indexTimer || this.closing || this.indexingFailed) return;
    this.indexTimer = setImmediate(() => {
      this.indexTimer = undefined;
      // Not during a sync round (a large pull adds to the backlog): its end starts indexing again.
      if (this.closing || this.engine.state === 'syncing') return;
      try {
        const left = this.store.transaction(() => this.store.indexSearchBacklog(SEARCH_SLICE_ROWS));
        this.engine.refreshStatus();
        if (left > 0) this.indexSearch();
      } catch (error) {
        this.indexingFailed = true;
        console.error('Indexing for search failed; it is tried again after the next pull', error);
      }
    });
  }

  /** Document text/JSON follow their Yjs content a moment after edits (local or pulled) settle. */
  private scheduleDerive(): void {
    clearTimeout(this.deriveTimer);
    this.deriveTimer = setTimeout(() => void this.derive(), DERIVE_DELAY_MS);
  }

  private async derive(): Promise<void> {
    // Mid-way through a large pull a document may have only some of its updates here: deriving its
    // text now would push older text to central. The pull's last transaction announces the changes.
    if (this.store.streamingPull) {
      if (!this.closing) this.scheduleDerive();
      return;
    }
    try {
      await this.deriver.run();
    } catch (error) {
      console.error('Deriving document text failed; it is retried after the next edit', error);
    }
  }

  documentVersions(documentId: string): VersionListItem[] {
    return this.documents.versions(documentId);
  }

  documentVersion(id: string): VersionDetail {
    return this.documents.version(id);
  }

  documentSaveVersion(input: Parameters<DocumentService['saveVersion']>[0]): VersionListItem {
    return this.documents.saveVersion(input);
  }

  documentRelations(documentId: string): RelationItem[] {
    return this.documents.relations(documentId);
  }

  documentLinkTargets(documentId: string, text: string): LinkTarget[] {
    return this.documents.linkTargets(documentId, text);
  }

  documentRelate(input: Parameters<DocumentService['relate']>[0]): RelationItem[] {
    return this.documents.relate(input);
  }

  documentUnrelate(documentId: string, relationId: string): RelationItem[] {
    return this.documents.unrelate(documentId, relationId);
  }

  // ---- traceability -------------------------------------------------------------------------
  traceMatrix(filter: MatrixFilter): CoverageMatrix {
    return this.matrix.matrix(filter);
  }

  traceFilterOptions(projectId: string): MatrixFilterOptions {
    return this.matrix.filterOptions(projectId);
  }

  suspectLinks(projectId: string, itemId?: string): SuspectLink[] {
    return this.suspects.list(projectId, itemId);
  }

  suspectCount(projectId: string): number {
    return this.suspects.count(projectId);
  }

  reviewLink(relationId: string, note: string): { id: string } {
    return this.suspects.review(relationId, note);
  }

  baselineList(projectId: string): BaselineSummary[] {
    return this.baselines.list(projectId);
  }

  baselineCreate(input: TakeBaseline): BaselineSummary {
    return this.baselines.take(input);
  }

  baselineItems(id: string): BaselineEntry[] {
    return this.baselines.items(id);
  }

  baselineCompare(fromId: string, toId: string | null): BaselineComparison {
    return this.baselines.compare(fromId, toId);
  }

  baselineRename(id: string, changes: { name?: string; description?: string }): BaselineSummary {
    return this.baselines.rename(id, changes);
  }

  baselineDelete(id: string): void {
    this.baselines.remove(id);
  }

  baselineCanManage(): boolean {
    return this.baselines.canManage();
  }

  // ---- attachments --------------------------------------------------------------------------
  attachmentAdd(input: AddAttachment): AttachmentItem {
    return this.attachments.add(input);
  }

  attachmentList(entityType: string, entityId: string): AttachmentItem[] {
    return this.attachments.list(entityType, entityId);
  }

  attachmentOpen(id: string): Promise<{ fileName: string; mimeType: string; dataBase64: string }> {
    return this.attachments.open(id);
  }

  // ---- exports and imports (run here, in the worker: off the main process's event loop) ---------
  exportDocumentPdf(id: string, versionId?: string): Promise<ExportFile> {
    return this.exports.documentPdf(id, versionId);
  }

  exportDocumentDocx(id: string, versionId?: string): Promise<ExportFile> {
    return this.exports.documentDocx(id, versionId);
  }

  exportRunPdf(id: string): Promise<ExportFile> {
    return this.exports.runPdf(id);
  }

  exportTestCasesXlsx(projectId: string): Promise<ExportFile> {
    return this.exports.testCasesXlsx(projectId);
  }

  exportCoverageXlsx(filter: Omit<MatrixFilter, 'offset' | 'limit'>): Promise<ExportFile> {
    const { rows } = this.matrix.matrix({ ...filter, offset: 0, limit: Number.MAX_SAFE_INTEGER });
    return this.exports.coverageXlsx(filter.projectId, rows);
  }

  exportReqif(projectId: string): Promise<ExportFile> {
    return this.exports.reqifExport(projectId);
  }

  importCasesPreview(projectId: string, fileName: string, dataBase64: string, mapping?: ColumnMapping): Promise<ImportPreview> {
    return this.exports.casesPreview(projectId, fileName, dataBase64, mapping);
  }

  importCases(projectId: string, fileName: string, dataBase64: string, mapping: ColumnMapping): Promise<{ imported: number }> {
    return this.exports.casesImport(projectId, fileName, dataBase64, mapping);
  }

  importReqif(projectId: string, xml: string): Promise<ReqifImportReport> {
    return this.exports.reqifImport(projectId, xml);
  }

  status(): SyncStatus {
    return this.engine.status;
  }

  syncNow(): Promise<SyncOutcome> {
    return this.engine.syncNow();
  }

  rejections(): Rejection[] {
    return this.store.rejections();
  }

  dismissRejection(mutationId: number): void {
    this.store.dismissRejection(mutationId);
  }

  keptAside(): KeptAside[] {
    return this.store.keptAside();
  }

  /** Stops syncing and closes the replica; pending writes are already durable in SQLite. */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.deriveTimer);
    clearImmediate(this.indexTimer);
    await this.derive();
    // Flush: one last push of what is pending (a few seconds at most; offline, it simply stays queued).
    if (this.store.pendingCount() > 0 && this.engine.status.state !== 'offline' && this.engine.status.state !== 'signed-out') {
      await Promise.race([this.engine.syncNow().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, CLOSE_FLUSH_MS))]);
    }
    await this.engine.stop();
    this.store.close();
  }
}

/** The methods the host can call across the worker boundary. */
export const REPLICA_METHODS = ['create', 'update', 'remove', 'row', 'rows', 'testCases', 'search', 'projects', 'projectSummaries',
  'people', 'me', 'status', 'syncNow', 'rejections', 'dismissRejection', 'keptAside', 'close', 'documentList', 'documentGet',
  'documentCreate', 'documentUpdate', 'documentDelete', 'documentContent', 'documentEdit', 'documentVersions',
  'documentVersion', 'documentSaveVersion', 'documentRelations', 'documentLinkTargets', 'documentRelate', 'documentUnrelate',
  'runList', 'runGet', 'runCreate', 'runUpdate', 'runAssignCase', 'runImportJunit',
  'testCaseList', 'testCaseSuites', 'testCaseGet', 'executionRecord', 'defectCreate',
  'crList', 'crInbox', 'crGet', 'crCreate', 'crUpdate', 'crAddImpact', 'crRemoveImpact', 'crDecide',
  'taskList', 'taskCreate', 'taskUpdate', 'taskLogTime',
  'attachmentAdd', 'attachmentList', 'attachmentOpen',
  'exportDocumentPdf', 'exportDocumentDocx', 'exportRunPdf', 'exportTestCasesXlsx', 'exportCoverageXlsx', 'exportReqif',
  'importCasesPreview', 'importCases', 'importReqif',
  'searchAll', 'commentList', 'commentAdd', 'commentEdit', 'commentDelete', 'notificationList', 'notificationMarkRead',
  'traceMatrix', 'traceFilterOptions', 'suspectLinks', 'suspectCount', 'reviewLink', 'baselineList', 'baselineCreate', 'baselineItems', 'baselineCompare',
  'baselineRename', 'baselineDelete', 'baselineCanManage',
] as const satisfies readonly (keyof ReplicaService)[];
export type ReplicaMethod = (typeof REPLICA_METHODS)[number];
export type ReplicaApi = Pick<ReplicaService, ReplicaMethod>;
