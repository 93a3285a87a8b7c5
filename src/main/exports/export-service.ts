// Exports and imports, run in the replica host's worker thread (off the main process's event loop) and
// read from / written to the replica, so all of them work offline. Files cross to the window as base64;
// the window saves them where the person chooses.
import type { ExportFile, ExportProgress, ImportPreview, ReqifImportReport } from '../../shared/ipc/domains/exports';
import { documentFields, documentRelationFields } from '../../shared/replica/inputs';
import type { AttachmentService } from '../replica/attachments';
import type { DocumentContent } from '../replica/document-content';
import type { LocalWriter } from '../replica/local-writer';
import { LocalWriteError } from '../replica/local-writer';
import type { ReplicaStore } from '../replica/replica-store';
import type { TestingService } from '../replica/testing';
import type { ColumnMapping } from './case-import';
import { guessMapping, mapRows, preview, readTable, refusedMessage } from './case-import';
import { documentDocx } from './document-docx';
import { documentPdf } from './document-pdf';
import { ExportData } from './export-data';
import type { ReqifContent } from './reqif';
import { parseReqif, writeReqif } from './reqif';
import { runPdf } from './run-pdf';
import type { MatrixRow } from '../../shared/trace/matrix';
import type { CaseForExport } from './xlsx';
import { caseLibrarySheets, coverageInput, coverageSheets, writeWorkbook } from './xlsx';

const MIME = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  reqif: 'application/xml',
};

/** A file name from a title: no characters that Windows, macOS or Linux refuse. */
export function fileNameOf(title: string, extension: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what must go
  const base = title.replace(/[<>:"/\\|?*\x00-\x1f]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120) || 'export';
  return `${base}.${extension}`;
}

const file = (fileName: string, mimeType: string, data: Buffer | string): ExportFile =>
  ({ fileName, mimeType, dataBase64: Buffer.from(data).toString('base64') });

const stamp = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** How often a long task reports how far it has got (and always at its start and end). */
const PROGRESS_EVERY_MS = 150;

/** A counter for one task that reports `done` of `total`, a few times a second at most. */
function progressOf(report: (progress: ExportProgress) => void, task: string, total: number): () => void {
  let done = 0;
  let last = 0;
  report({ task, done, total });
  return () => {
    done++;
    const now = Date.now();
    if (done === total || now - last >= PROGRESS_EVERY_MS) {
      last = now;
      report({ task, done, total });
    }
  };
}

export class ExportService {
  private readonly data: ExportData;

  constructor(private readonly store: ReplicaStore, private readonly writer: LocalWriter, content: DocumentContent, private readonly testing: TestingService,
    private readonly attachments: AttachmentService, private readonly report: (progress: ExportProgress) => void = () => undefined) {
    this.data = new ExportData(store.db, content);
  }

  private projectName(projectId: string): string {
    const row = this.store.db.prepare('SELECT name FROM projects WHERE id = ? AND deleted_at IS NULL').get(projectId) as { name: string } | undefined;
    return row?.name ?? (() => { throw new LocalWriteError('NOT_FOUND', 'That project is not on this device.'); })();
  }

  async documentPdf(id: string, versionId?: string): Promise<ExportFile> {
    const doc = await this.data.document(id, versionId);
    return file(fileNameOf(doc.title, 'pdf'), MIME.pdf, await documentPdf(doc, stamp()));
  }

  async documentDocx(id: string, versionId?: string): Promise<ExportFile> {
    const doc = await this.data.document(id, versionId);
    return file(fileNameOf(doc.title, 'docx'), MIME.docx, await documentDocx(doc, stamp()));
  }

  /** Evidence of the run's executions that is not on this device yet is fetched from central when online. */
  private async fetchEvidence(runId: string): Promise<void> {
    const missing = this.store.db.prepare(`SELECT DISTINCT a.id FROM test_executions e, json_each(e.step_results) s, json_each(s.value, '$.evidence') ev
      JOIN attachments a ON a.id = ev.value AND a.deleted_at IS NULL AND a.mime_type LIKE 'image/%'
      WHERE e.test_run_id = ? AND e.deleted_at IS NULL AND a.id NOT IN (SELECT id FROM attachment_cache)`).all(runId) as { id: string }[];
    for (const { id } of missing) await this.attachments.open(id).catch(() => undefined); // offline: the report names the file instead
  }

  async runPdf(id: string): Promise<ExportFile> {
    await this.fetchEvidence(id);
    const cached = this.store.db.prepare('SELECT path FROM attachment_cache WHERE id = ?');
    const run = this.data.run(id, (attachmentId) => (cached.get(attachmentId) as { path: string } | undefined)?.path);
    const tick = progressOf(this.report, 'exports:runPdf', run.executions.length);
    return file(fileNameOf(`Test run report - ${run.name}`, 'pdf'), MIME.pdf, await runPdf(run, stamp(), tick));
  }

  private casesForExport(projectId: string): CaseForExport[] {
    const ids = this.testing.list({ projectId, sort: 'suite' }).map((c) => c.id);
    const tick = progressOf(this.report, 'exports:testCasesXlsx', ids.length);
    const types = new Map((this.store.db.prepare('SELECT id, test_type FROM test_cases WHERE project_id = ?').all(projectId) as { id: string; test_type: string }[])
      .map((r) => [r.id, r.test_type]));
    return ids.map((caseId) => {
      const c = this.testing.get(caseId);
      tick();
      return {
        id: c.id, title: c.title, suite: c.suite, priority: c.priority, status: c.status, testType: types.get(c.id) ?? '', automationStatus: c.automationStatus,
        automationId: c.automationId, tags: c.tags, caseVersion: c.caseVersion, description: c.description, preconditions: c.preconditions,
        expectedResult: c.expectedResult, steps: c.steps, lastResult: c.lastResult, lastExecutedAt: c.lastExecutedAt,
      };
    });
  }

  async testCasesXlsx(projectId: string): Promise<ExportFile> {
    const name = this.projectName(projectId);
    return file(fileNameOf(`${name} - test cases`, 'xlsx'), MIME.xlsx, await writeWorkbook(caseLibrarySheets(this.casesForExport(projectId))));
  }

  /** The coverage matrix as XLSX: every row the traceability screen's filter matches (not only its page). */
  async coverageXlsx(projectId: string, rows: MatrixRow[]): Promise<ExportFile> {
    const name = this.projectName(projectId);
    return file(fileNameOf(`${name} - coverage matrix`, 'xlsx'), MIME.xlsx, await writeWorkbook(coverageSheets(coverageInput(name, rows))));
  }

  async casesPreview(projectId: string, fileName: string, dataBase64: string, mapping?: ColumnMapping): Promise<ImportPreview> {
    this.projectName(projectId);
    const table = await readTable(fileName, Buffer.from(dataBase64, 'base64'));
    return preview(table, mapping ?? guessMapping(table.columns));
  }

  /** All rows or none: any refused row refuses the import, naming the rows and why. One local transaction. */
  async casesImport(projectId: string, fileName: string, dataBase64: string, mapping: ColumnMapping): Promise<{ imported: number }> {
    this.projectName(projectId);
    const table = await readTable(fileName, Buffer.from(dataBase64, 'base64'));
    const { cases, refused } = mapRows(table, mapping);
    if (refused.length > 0) throw new LocalWriteError('INVALID_ARGUMENT', refusedMessage(refused));
    let current = 0;
    const tick = progressOf(this.report, 'imports:cases', cases.length);
    try {
      this.writer.transaction(() => {
        for (const { row, input } of cases) {
          current = row;
          tick();
          this.writer.create('testCase', projectId, input);
        }
      });
    } catch (error) {
      const e = error as { code?: string; message: string };
      throw new LocalWriteError(e.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'INVALID_ARGUMENT', `Row ${current}: ${e.message} Nothing was imported.`);
    }
    return { imported: cases.length };
  }

  async reqifExport(projectId: string): Promise<ExportFile> {
    const name = this.projectName(projectId);
    const rows = this.store.db.prepare(`SELECT id, title, document_type, content, content_json FROM documents
      WHERE project_id = ? AND deleted_at IS NULL AND is_template = 0 ORDER BY created_at, title`).all(projectId) as
      { id: string; title: string; document_type: string; content: string | null; content_json: string | null }[];
    const content: ReqifContent = { title: name, documents: [], relations: [] };
    const tick = progressOf(this.report, 'exports:reqif', rows.length);
    for (const row of rows) {
      tick();
      content.documents.push({
        key: row.id, title: row.title, documentType: row.document_type, json: await this.data.currentJson(row.id, row.content_json),
        plainText: row.content ?? '',
      });
    }
    const ids = new Set(rows.map((r) => r.id));
    const relations = this.store.db.prepare(`SELECT id, source_document_id, target_document_id, relation_type, description FROM document_relations
      WHERE project_id = ? AND deleted_at IS NULL AND target_document_id IS NOT NULL ORDER BY created_at`).all(projectId) as
      { id: string; source_document_id: string; target_document_id: string; relation_type: string; description: string | null }[];
    for (const r of relations) {
      if (ids.has(r.source_document_id) && ids.has(r.target_document_id)) {
        content.relations.push({ key: r.id, source: r.source_document_id, target: r.target_document_id, relationType: r.relation_type, description: r.description ?? '' });
      }
    }
    return file(fileNameOf(name, 'reqif'), MIME.reqif, writeReqif(content));
  }

  /** Every document and relation of the file as new items of the project, in one local transaction. */
  async reqifImport(projectId: string, xml: string): Promise<ReqifImportReport> {
    this.projectName(projectId);
    const content = await parseReqif(xml);
    const { plainText } = await import('../replica/document-derive');
    const types = documentFields.shape.document_type.options as readonly string[];
    const relationTypes = documentRelationFields.shape.relation_type.options as readonly string[];
    let current = '';
    const tick = progressOf(this.report, 'imports:reqif', content.documents.length);
    try {
      return this.writer.transaction(() => {
        const made = new Map<string, string>();
        for (const d of content.documents) {
          current = `<SPEC-OBJECT> "${d.key}"`;
          tick();
          const json = d.json as Record<string, unknown> | null;
          const { id } = this.writer.create('document', projectId, {
            title: d.title, document_type: (types.includes(d.documentType) ? d.documentType : 'OTHER') as never,
            content: d.json ? plainText(d.json) : d.plainText, content_json: json,
          });
          made.set(d.key, id);
        }
        for (const r of content.relations) {
          current = `<SPEC-RELATION> "${r.key}"`;
          this.writer.create('documentRelation', projectId, {
            source_document_id: made.get(r.source)!, target_document_id: made.get(r.target)!, target_test_case_id: null,
            relation_type: (relationTypes.includes(r.relationType) ? r.relationType : 'RELATED') as never, description: r.description.slice(0, 2000),
          });
        }
        return { documents: content.documents.length, relations: content.relations.length, documentIds: [...made.values()] };
      });
    } catch (error) {
      const e = error as { message: string };
      throw new LocalWriteError('INVALID_ARGUMENT', `${current}: ${e.message} Nothing was imported.`);
    }
  }
}
