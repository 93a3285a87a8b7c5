// What the documents screens ask of the replica: lists, detail, version history and relations,
// all read locally; writes go through the local write API (row + outbox in one transaction).
import type Database from 'better-sqlite3';
import type {
  DocumentDetail, DocumentListItem, LinkTarget, RelationItem, VersionDetail, VersionListItem,
} from '../../shared/ipc/domains/documents';
import type { VersionSignatureItem } from '../../shared/ipc/domains/signatures';
import { ftsQuery } from './reads';
import { STILL_SUSPECT } from './suspect-links';
import type { LocalWriter } from './local-writer';
import { LocalWriteError } from './local-writer';
import type { DocumentContent } from './document-content';

export interface DocumentFilter {
  projectId: string;
  text?: string;
  status?: string;
  tag?: string;
  templatesOnly?: boolean;
}

interface DocumentRow {
  id: string; project_id: string; title: string; status: string; document_type: string; tags: string | null; is_template: number;
  current_version: number | null; updated_at: string; updated_by: string | null; updated_by_name: string | null; unsynced: number;
  content: string; content_json: string | null; template_id: string | null; created_at: string; created_by_name: string | null;
}

interface VersionRow {
  id: string; document_id: string; version_number: number; title: string; change_summary: string; is_automatic: number;
  created_at: string; created_by: string | null; author_name: string | null; content?: string; content_json?: string | null;
}

const UNSYNCED = `(EXISTS (SELECT 1 FROM outbox o WHERE o.table_name = 'documents' AND o.row_id = d.id)
  OR EXISTS (SELECT 1 FROM outbox o WHERE o.table_name = 'document_updates' AND json_extract(o.payload, '$.document_id') = d.id))`;

const DOCUMENT_COLUMNS = `d.id, d.project_id, d.title, d.status, d.document_type, d.tags, d.is_template, d.current_version, d.updated_at,
  d.updated_by, u.full_name AS updated_by_name, ${UNSYNCED} AS unsynced`;

function listItem(row: DocumentRow): DocumentListItem {
  return {
    id: row.id, title: row.title, status: row.status, documentType: row.document_type, tags: JSON.parse(row.tags ?? '[]') as string[],
    isTemplate: row.is_template === 1, currentVersion: row.current_version ?? 0, updatedAt: row.updated_at, updatedBy: row.updated_by,
    updatedByName: row.updated_by_name, unsynced: row.unsynced === 1,
  };
}

function versionItem(row: VersionRow, signatures: VersionSignatureItem[] = []): VersionListItem {
  return {
    id: row.id, number: row.version_number > 0 ? row.version_number : null, title: row.title, summary: row.change_summary,
    automatic: row.is_automatic === 1, createdAt: row.created_at, authorId: row.created_by, authorName: row.author_name, signatures,
  };
}

interface SignatureRow {
  id: string; document_version_id: string; meaning: VersionSignatureItem['meaning']; statement: string; signer_name: string; signed_at: string;
  created_at: string; pending: number;
}

export class DocumentService {
  constructor(private readonly db: Database.Database, private readonly writer: LocalWriter, private readonly content: DocumentContent) {}

  list(filter: DocumentFilter): DocumentListItem[] {
    const match = filter.text ? ftsQuery(filter.text) : undefined;
    if (filter.text && !match) return [];
    const rows = this.db.prepare(`SELECT ${DOCUMENT_COLUMNS} FROM documents d LEFT JOIN users u ON u.id = d.updated_by
      WHERE d.project_id = @projectId AND d.deleted_at IS NULL
        AND (@status IS NULL OR d.status = @status)
        AND (@tag IS NULL OR EXISTS (SELECT 1 FROM json_each(d.tags) WHERE value = @tag))
        AND (@templates = 0 OR d.is_template = 1)
        AND (@match IS NULL OR d.rid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH @match))
      ORDER BY d.updated_at DESC LIMIT 2000`).all({
      projectId: filter.projectId, status: filter.status ?? null, tag: filter.tag ?? null, templates: filter.templatesOnly ? 1 : 0,
      match: match ?? null,
    }) as DocumentRow[];
    return rows.map(listItem);
  }

  get(id: string): DocumentDetail {
    const row = this.db.prepare(`SELECT ${DOCUMENT_COLUMNS}, d.content, d.content_json, d.template_id, d.created_at,
        c.full_name AS created_by_name
      FROM documents d LEFT JOIN users u ON u.id = d.updated_by LEFT JOIN users c ON c.id = d.created_by
      WHERE d.id = ? AND d.deleted_at IS NULL`).get(id) as DocumentRow | undefined;
    if (!row) throw new LocalWriteError('NOT_FOUND', 'That document does not exist on this device (it may have been deleted).');
    return {
      ...listItem(row), projectId: row.project_id, content: row.content, templateId: row.template_id, createdAt: row.created_at,
      createdByName: row.created_by_name, contentJson: row.content_json ? (JSON.parse(row.content_json) as Record<string, unknown>) : null,
    };
  }

  /** A new document; from a template, it starts with the template's content (its Yjs state). */
  create(input: { projectId: string; title: string; documentType?: string; tags?: string[]; isTemplate?: boolean; templateId?: string }): { id: string } {
    const template = input.templateId ? this.get(input.templateId) : undefined;
    if (template && template.projectId !== input.projectId) throw new LocalWriteError('NOT_FOUND', 'That template is not in this project.');
    const { id } = this.writer.create('document', input.projectId, {
      title: input.title,
      ...(input.documentType ? { document_type: input.documentType as never } : template ? { document_type: template.documentType as never } : {}),
      tags: input.tags ?? template?.tags ?? [],
      is_template: input.isTemplate ?? false,
      ...(template ? { template_id: template.id, content: template.content, content_json: template.contentJson } : {}),
    });
    if (template) {
      const state = this.content.state(template.id);
      if (state.byteLength > 2) this.content.append(id, state);
    }
    return { id };
  }

  versions(documentId: string): VersionListItem[] {
    this.get(documentId);
    const rows = this.db.prepare(`SELECT v.id, v.document_id, v.version_number, v.title, v.change_summary, v.is_automatic, v.created_at,
        v.created_by, u.full_name AS author_name
      FROM document_versions v LEFT JOIN users u ON u.id = v.created_by
      WHERE v.document_id = ? AND v.deleted_at IS NULL
      ORDER BY CASE WHEN v.version_number > 0 THEN v.version_number ELSE 1e9 END DESC, v.created_at DESC`).all(documentId) as VersionRow[];
    const signatures = this.signatures('s.document_id = ?', documentId);
    return rows.map((row) => versionItem(row, signatures.get(row.id)));
  }

  /** The live signatures of the versions `where` selects, by version. */
  private signatures(where: string, value: string): Map<string, VersionSignatureItem[]> {
    const rows = this.db.prepare(`SELECT s.id, s.document_version_id, s.meaning, s.statement, s.signer_name, s.signed_at, s.created_at,
        EXISTS (SELECT 1 FROM outbox o WHERE o.table_name = 'document_signatures' AND o.row_id = s.id) AS pending
      FROM document_signatures s WHERE ${where} AND s.deleted_at IS NULL ORDER BY s.signed_at`).all(value) as SignatureRow[];
    const byVersion = new Map<string, VersionSignatureItem[]>();
    for (const r of rows) {
      const list = byVersion.get(r.document_version_id) ?? [];
      list.push({ id: r.id, meaning: r.meaning, statement: r.statement, signerName: r.signer_name, signedAt: r.signed_at,
        receivedAt: r.pending ? null : r.created_at, pending: r.pending === 1 });
      byVersion.set(r.document_version_id, list);
    }
    return byVersion;
  }

  version(id: string): VersionDetail {
    const row = this.db.prepare(`SELECT v.*, u.full_name AS author_name FROM document_versions v LEFT JOIN users u ON u.id = v.created_by
      WHERE v.id = ? AND v.deleted_at IS NULL`).get(id) as VersionRow | undefined;
    if (!row) throw new LocalWriteError('NOT_FOUND', 'That version does not exist on this device.');
    return {
      ...versionItem(row, this.signatures('s.document_version_id = ?', id).get(id)), documentId: row.document_id, content: row.content ?? '',
      contentJson: row.content_json ? (JSON.parse(row.content_json) as Record<string, unknown>) : null,
    };
  }

  saveVersion(input: { documentId: string; summary: string; automatic: boolean; content: string; contentJson: Record<string, unknown> }): VersionListItem {
    const document = this.get(input.documentId);
    const { id } = this.writer.create('documentVersion', document.projectId, {
      document_id: document.id, title: document.title, content: input.content, content_json: input.contentJson,
      change_summary: input.summary, is_automatic: input.automatic,
    });
    return versionItem(this.db.prepare(`SELECT v.*, u.full_name AS author_name FROM document_versions v
      LEFT JOIN users u ON u.id = v.created_by WHERE v.id = ?`).get(id) as VersionRow);
  }

  relations(documentId: string): RelationItem[] {
    this.get(documentId);
    const rows = this.db.prepare(`
      SELECT r.id, r.relation_type, r.description, 'outgoing' AS direction, ${STILL_SUSPECT('r')} AS suspect,
        CASE WHEN r.target_document_id IS NOT NULL THEN 'document' ELSE 'testCase' END AS kind,
        coalesce(r.target_document_id, r.target_test_case_id) AS other_id, coalesce(td.title, tc.title, '(not on this device)') AS other_title
      FROM document_relations r LEFT JOIN documents td ON td.id = r.target_document_id LEFT JOIN test_cases tc ON tc.id = r.target_test_case_id
      WHERE r.source_document_id = @id AND r.deleted_at IS NULL
      UNION ALL
      SELECT r.id, r.relation_type, r.description, 'incoming', ${STILL_SUSPECT('r')}, 'document', r.source_document_id, coalesce(sd.title, '(not on this device)')
      FROM document_relations r LEFT JOIN documents sd ON sd.id = r.source_document_id
      WHERE r.target_document_id = @id AND r.deleted_at IS NULL
      ORDER BY 4, 8`).all({ id: documentId }) as
      { id: string; relation_type: string; description: string; direction: 'outgoing' | 'incoming'; suspect: number; kind: 'document' | 'testCase';
        other_id: string; other_title: string }[];
    return rows.map((r) => ({
      id: r.id, relationType: r.relation_type, description: r.description, direction: r.direction, suspect: r.suspect === 1,
      other: { kind: r.kind, id: r.other_id, title: r.other_title },
    }));
  }

  /** Documents and test cases of the document's project a link could point to. */
  linkTargets(documentId: string, text: string): LinkTarget[] {
    const document = this.get(documentId);
    const like = `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    return this.db.prepare(`
      SELECT 'document' AS kind, id, title FROM documents WHERE project_id = @p AND deleted_at IS NULL AND id <> @id AND title LIKE @like ESCAPE '\\'
      UNION ALL
      SELECT 'testCase', id, title FROM test_cases WHERE project_id = @p AND deleted_at IS NULL AND title LIKE @like ESCAPE '\\'
      ORDER BY 3 LIMIT 50`).all({ p: document.projectId, id: documentId, like }) as LinkTarget[];
  }

  relate(input: { documentId: string; target: { kind: 'document' | 'testCase'; id: string }; relationType: string; description?: string }): RelationItem[] {
    const document = this.get(input.documentId);
    const duplicate = this.relations(input.documentId).some((r) => r.direction === 'outgoing' && r.other.id === input.target.id
      && r.relationType === input.relationType);
    if (duplicate) throw new LocalWriteError('INVALID_ARGUMENT', 'This link already exists.');
    this.writer.create('documentRelation', document.projectId, {
      source_document_id: document.id,
      target_document_id: input.target.kind === 'document' ? input.target.id : null,
      target_test_case_id: input.target.kind === 'testCase' ? input.target.id : null,
      relation_type: input.relationType as never,
      description: input.description ?? '',
    });
    return this.relations(input.documentId);
  }

  unrelate(documentId: string, relationId: string): RelationItem[] {
    if (!this.relations(documentId).some((r) => r.id === relationId)) {
      throw new LocalWriteError('NOT_FOUND', 'That link does not belong to this document.');
    }
    this.writer.remove('documentRelation', relationId);
    return this.relations(documentId);
  }
}
