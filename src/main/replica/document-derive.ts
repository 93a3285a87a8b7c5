// Keeps each document's plain text and editor JSON (documents.content / content_json, what lists and
// central search use) in step with its merged Yjs content. Runs in the replica host, so text typed just
// before a crash is derived on the next start; only for documents this user has edited (readers never
// write), and only when the merged text differs from the row, so devices converge without ping-pong.
import type { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import type { DocumentContent } from './document-content';
import type { LocalWriter } from './local-writer';
import type { ReplicaStore } from './replica-store';

interface JsonNode {
  type?: string;
  text?: string;
  content?: JsonNode[];
}

const INLINE_PARENTS = new Set(['paragraph', 'heading', 'codeBlock', 'tableHeader', 'tableCell']);

/** The document's text as the editor shows it: blocks separated by a blank line. */
export function plainText(node: JsonNode): string {
  if (node.text !== undefined) return node.text;
  const children = node.content ?? [];
  if (node.type && INLINE_PARENTS.has(node.type) && children.every((c) => c.text !== undefined || c.type === 'hardBreak' || c.type === 'image')) {
    return children.map((c) => (c.type === 'hardBreak' ? '\n' : (c.text ?? ''))).join('');
  }
  return children.map(plainText).filter((t) => t !== '').join('\n\n');
}

let toProsemirrorJson: typeof yXmlFragmentToProsemirrorJSON | undefined;

export class DocumentDeriver {
  constructor(private readonly store: ReplicaStore, private readonly writer: LocalWriter, private readonly content: DocumentContent) {}

  /** Documents with Yjs updates newer than their derived text, which this user has edited. */
  private stale(): { document_id: string; last_rid: number }[] {
    return this.store.db.prepare(`
      SELECT u.document_id, max(u.rid) AS last_rid FROM document_updates u
      JOIN documents d ON d.id = u.document_id AND d.deleted_at IS NULL
      LEFT JOIN document_derived x ON x.document_id = u.document_id
      WHERE u.deleted_at IS NULL
      GROUP BY u.document_id
      HAVING max(u.rid) > coalesce(max(x.last_update_rid), 0)
        AND u.document_id IN (SELECT document_id FROM document_updates WHERE created_by = @me)`)
      .all({ me: this.store.getState('user_id') ?? '' }) as { document_id: string; last_rid: number }[];
  }

  /** Derives every stale document; returns how many rows changed. */
  async run(): Promise<number> {
    const stale = this.stale();
    if (stale.length === 0) return 0;
    // Loaded on first use (most starts have nothing to derive): not needed to start the replica host.
    toProsemirrorJson ??= (await import('@tiptap/y-tiptap')).yXmlFragmentToProsemirrorJSON;
    let changed = 0;
    for (const { document_id: id, last_rid: lastRid } of stale) {
      const json = toProsemirrorJson(this.content.load(id).getXmlFragment('default')) as JsonNode & Record<string, unknown>;
      const text = plainText(json);
      const row = this.store.readRow('documents', id);
      if (row && (row.content !== text || JSON.stringify(row.content_json) !== JSON.stringify(json))) {
        this.writer.update('document', id, { content: text, content_json: json });
        changed++;
      }
      this.store.db.prepare(`INSERT INTO document_derived (document_id, last_update_rid) VALUES (?, ?)
        ON CONFLICT (document_id) DO UPDATE SET last_update_rid = excluded.last_update_rid`).run(id, lastRid);
    }
    return changed;
  }
}
