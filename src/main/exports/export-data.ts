// What the exports print, read from the replica (so every export works offline): a document with its
// version, approvals and content; a test run with each execution, its steps and evidence files.
import { existsSync, readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import type { DocumentContent } from '../replica/document-content';
import { LocalWriteError } from '../replica/local-writer';
import type { Block, PmNode } from './content-blocks';
import { contentBlocks } from './content-blocks';

export interface ApprovalEntry {
  changeRequest: string;
  approverName: string;
  decision: string;
  meaning: string | null;
  decidedAt: string;
  revision: number;
  signed: boolean;
  /** The printed name the signature covers (null: unsigned, or signed before names were signed). */
  signerName: string | null;
  /** Central's time of receipt (null while the decision waits on this device). */
  receivedAt: string | null;
}

/** An electronic signature of one of the document's versions (authored, reviewed, approved). */
export interface VersionSignatureEntry {
  versionLabel: string;
  meaning: string;
  statement: string;
  signerName: string;
  signedAt: string;
  receivedAt: string | null;
}

export interface DocumentExport {
  id: string;
  projectName: string;
  title: string;
  documentType: string;
  status: string;
  authorName: string;
  createdAt: string;
  updatedAt: string;
  updatedByName: string;
  /** "Version 3 (saved …)" or "Current content (latest saved version 2)". */
  versionLabel: string;
  approvals: ApprovalEntry[];
  /** Signatures of the exported version (of every saved version when the current content is exported). */
  versionSignatures: VersionSignatureEntry[];
  blocks: Block[];
  /** The editor JSON the blocks came from (ReqIF uses it for XHTML). */
  json: PmNode | null;
  plainText: string;
}

export interface EvidenceImage {
  fileName: string;
  mimeType: string;
  /** The file's bytes when it is on this device, else undefined (named in the report instead). */
  data?: Buffer;
}

export interface ExecutionExport {
  caseTitle: string;
  suite: string;
  status: string;
  executedAt: string;
  executorName: string;
  caseVersion: number;
  currentCaseVersion: number | null;
  stale: boolean;
  environment: string;
  build: string;
  notes: string;
  actualResult: string;
  overrideReason: string | null;
  durationSeconds: number | null;
  steps: { number: number; action: string; expected: string; status: string; actual: string; evidence: EvidenceImage[] }[];
}

export interface RunExport {
  name: string;
  projectName: string;
  status: string;
  environment: string;
  build: string;
  description: string;
  counts: { total: number; passed: number; failed: number; blocked: number; skipped: number; untested: number };
  executions: ExecutionExport[];
  /** Cases of the run with no execution yet. */
  untested: { title: string; suite: string }[];
}

let toJson: typeof yXmlFragmentToProsemirrorJSON | undefined;

export class ExportData {
  constructor(private readonly db: Database.Database, private readonly content: DocumentContent) {}

  private projectName(id: string): string {
    return (this.db.prepare('SELECT name FROM projects WHERE id = ?').get(id) as { name: string } | undefined)?.name ?? '';
  }

  /** The document's current editor JSON, merged from its Yjs updates (newer than the derived column). */
  async currentJson(documentId: string, derived: string | null): Promise<PmNode | null> {
    const hasUpdates = this.db.prepare('SELECT 1 FROM document_updates WHERE document_id = ? AND deleted_at IS NULL LIMIT 1').get(documentId);
    if (hasUpdates) {
      toJson ??= (await import('@tiptap/y-tiptap')).yXmlFragmentToProsemirrorJSON;
      const json = toJson(this.content.load(documentId).getXmlFragment('default')) as PmNode;
      if ((json.content ?? []).length > 0) return json;
    }
    return derived ? (JSON.parse(derived) as PmNode) : null;
  }

  async document(id: string, versionId?: string): Promise<DocumentExport> {
    const row = this.db.prepare(`SELECT d.*, c.full_name AS author_name, u.full_name AS updated_by_name FROM documents d
      LEFT JOIN users c ON c.id = d.created_by LEFT JOIN users u ON u.id = d.updated_by
      WHERE d.id = ? AND d.deleted_at IS NULL`).get(id) as Record<string, string | number | null> | undefined;
    if (!row) throw new LocalWriteError('NOT_FOUND', 'That document does not exist on this device (it may have been deleted).');
    const latest = this.db.prepare(`SELECT version_number, created_at FROM document_versions WHERE document_id = ? AND deleted_at IS NULL
      AND version_number > 0 ORDER BY version_number DESC LIMIT 1`).get(id) as { version_number: number; created_at: string } | undefined;
    let json: PmNode | null;
    let plainText: string;
    let versionLabel: string;
    let title = String(row.title);
    if (versionId) {
      const version = this.db.prepare(`SELECT * FROM document_versions WHERE id = ? AND document_id = ? AND deleted_at IS NULL`).get(versionId, id) as
        Record<string, string | number | null> | undefined;
      if (!version) throw new LocalWriteError('NOT_FOUND', 'That version of the document is not on this device.');
      json = version.content_json ? (JSON.parse(String(version.content_json)) as PmNode) : null;
      plainText = String(version.content ?? '');
      title = String(version.title ?? title);
      const number = Number(version.version_number);
      versionLabel = `${number > 0 ? `Version ${number}` : 'Automatic version'} of ${String(version.created_at)}`;
    } else {
      json = await this.currentJson(id, row.content_json === null ? null : String(row.content_json));
      plainText = String(row.content ?? '');
      versionLabel = latest ? `Current content (latest saved version: ${latest.version_number} of ${latest.created_at})` : 'Current content (no saved version yet)';
    }
    const approvals = (this.db.prepare(`SELECT cr.number, cr.title, coalesce(u.full_name, u.email, 'Unknown') AS name, a.decision, a.signature_meaning,
        a.decided_at, a.change_request_revision, a.signature, a.signer_name, a.created_at,
        EXISTS (SELECT 1 FROM outbox o WHERE o.table_name = 'change_request_approvals' AND o.row_id = a.id) AS pending
      FROM change_request_impacts i JOIN change_requests cr ON cr.id = i.change_request_id AND cr.deleted_at IS NULL
      JOIN change_request_approvals a ON a.change_request_id = cr.id AND a.deleted_at IS NULL
      LEFT JOIN users u ON u.id = a.approver_id
      WHERE i.entity_type = 'DOCUMENT' AND i.entity_id = ? AND i.deleted_at IS NULL
      ORDER BY cr.number, a.decided_at`).all(id) as {
      number: number | null; title: string; name: string; decision: string; signature_meaning: string | null; decided_at: string;
      change_request_revision: number; signature: string | null; signer_name: string | null; created_at: string; pending: number;
    }[]).map((a): ApprovalEntry => ({
      changeRequest: `${a.number ? `CR-${a.number} ` : ''}${a.title}`, approverName: a.name, decision: a.decision, meaning: a.signature_meaning,
      decidedAt: a.decided_at, revision: a.change_request_revision, signed: Boolean(a.signature), signerName: a.signer_name,
      receivedAt: a.pending ? null : a.created_at,
    }));
    const versionSignatures = (this.db.prepare(`SELECT v.version_number, v.created_at AS version_at, s.meaning, s.statement, s.signer_name, s.signed_at,
        s.created_at, EXISTS (SELECT 1 FROM outbox o WHERE o.table_name = 'document_signatures' AND o.row_id = s.id) AS pending
      FROM document_signatures s JOIN document_versions v ON v.id = s.document_version_id
      WHERE s.document_id = ? AND s.deleted_at IS NULL AND (? IS NULL OR s.document_version_id = ?)
      ORDER BY v.version_number, s.signed_at`).all(id, versionId ?? null, versionId ?? null) as {
      version_number: number; version_at: string; meaning: string; statement: string; signer_name: string; signed_at: string; created_at: string; pending: number;
    }[]).map((s): VersionSignatureEntry => ({
      versionLabel: s.version_number > 0 ? `Version ${s.version_number}` : `Version of ${s.version_at}`, meaning: s.meaning, statement: s.statement,
      signerName: s.signer_name, signedAt: s.signed_at, receivedAt: s.pending ? null : s.created_at,
    }));
    return {
      id, projectName: this.projectName(String(row.project_id)), title, documentType: String(row.document_type), status: String(row.status),
      authorName: String(row.author_name ?? 'Unknown'), createdAt: String(row.created_at ?? ''), updatedAt: String(row.updated_at ?? ''),
      updatedByName: String(row.updated_by_name ?? 'Unknown'), versionLabel, approvals, versionSignatures, blocks: contentBlocks(json, plainText), json, plainText,
    };
  }

  run(id: string, attachmentFile: (attachmentId: string) => string | undefined): RunExport {
    const run = this.db.prepare('SELECT * FROM test_runs WHERE id = ? AND deleted_at IS NULL').get(id) as Record<string, string | null> | undefined;
    if (!run) throw new LocalWriteError('NOT_FOUND', 'That test run does not exist on this device.');
    const cases = this.db.prepare(`SELECT c.id, c.title, c.suite, c.steps FROM test_run_cases rc JOIN test_cases c ON c.id = rc.test_case_id
      WHERE rc.test_run_id = ? AND rc.deleted_at IS NULL AND c.deleted_at IS NULL ORDER BY rc.position, c.title`).all(id) as
      { id: string; title: string; suite: string | null; steps: string | null }[];
    const executions: ExecutionExport[] = [];
    const untested: RunExport['untested'] = [];
    const latest: string[] = [];
    const evidenceMeta = this.db.prepare(`SELECT id, file_name, mime_type FROM attachments WHERE id = ? AND deleted_at IS NULL`);
    // The run's executions in one query, each case's in the order they were made.
    const byCase = new Map<string, Record<string, string | number | null>[]>();
    for (const e of this.db.prepare(`SELECT e.*, coalesce(u.full_name, u.email) AS executor FROM test_executions e LEFT JOIN users u ON u.id = e.executed_by
      WHERE e.test_run_id = ? AND e.deleted_at IS NULL ORDER BY e.executed_at, e.rid`).all(id) as Record<string, string | number | null>[]) {
      const key = String(e.test_case_id);
      const list = byCase.get(key);
      if (list) list.push(e);
      else byCase.set(key, [e]);
    }
    for (const c of cases) {
      const rows = byCase.get(c.id) ?? [];
      if (rows.length === 0) { untested.push({ title: c.title, suite: c.suite ?? '' }); continue; }
      const steps = JSON.parse(c.steps || '[]') as { action: string; expected_result: string }[];
      for (const e of rows) {
        const results = JSON.parse(String(e.step_results ?? '[]')) as { step: number; status: string; actual_result?: string; evidence?: string[] }[];
        executions.push({
          caseTitle: c.title, suite: c.suite ?? '', status: String(e.status), executedAt: String(e.executed_at), executorName: String(e.executor ?? 'Unknown'),
          caseVersion: Number(e.test_case_version), currentCaseVersion: e.current_case_version === null ? null : Number(e.current_case_version),
          stale: e.executed_against_stale_version === 1, environment: String(e.environment ?? ''), build: String(e.build ?? ''), notes: String(e.notes ?? ''),
          actualResult: String(e.actual_result ?? ''), overrideReason: e.status_override_reason === null ? null : String(e.status_override_reason),
          durationSeconds: e.duration_seconds === null ? null : Number(e.duration_seconds),
          steps: results.map((s) => ({
            number: s.step + 1, action: steps[s.step]?.action ?? '', expected: steps[s.step]?.expected_result ?? '', status: s.status, actual: s.actual_result ?? '',
            evidence: (s.evidence ?? []).map((attachmentId) => {
              const meta = evidenceMeta.get(attachmentId) as { file_name: string; mime_type: string } | undefined;
              const path = attachmentFile(attachmentId);
              return {
                fileName: meta?.file_name ?? attachmentId, mimeType: meta?.mime_type ?? 'application/octet-stream',
                ...(path && existsSync(path) ? { data: readFileSync(path) } : {}),
              };
            }),
          })),
        });
      }
      latest.push(String(rows[rows.length - 1]!.status));
    }
    const count = (status: string) => latest.filter((s) => s === status).length;
    return {
      name: String(run.name), projectName: this.projectName(String(run.project_id)), status: String(run.status), environment: String(run.environment ?? ''),
      build: String(run.build ?? ''), description: String(run.description ?? ''),
      counts: { total: cases.length, passed: count('PASSED'), failed: count('FAILED'), blocked: count('BLOCKED'), skipped: count('SKIPPED'), untested: untested.length },
      executions, untested,
    };
  }
}
