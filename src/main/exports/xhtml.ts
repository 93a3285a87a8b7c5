// Editor JSON (TipTap/ProseMirror) ↔ the XHTML of a ReqIF text attribute. The two directions are
// inverses for what the editor holds (headings, paragraphs, marks, lists, task lists, tables, code,
// quotes, rules, images as <object>), so a ReqIF round trip gives back the same content.
import type { PmNode } from './content-blocks';

/** Text escaped for XML content and attribute values. */
export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const MARK_TAGS: Record<string, string> = { bold: 'strong', italic: 'em', code: 'code', strike: 'del', underline: 'u' };

function inline(node: PmNode): string {
  if (node.type === 'hardBreak') return '<xhtml:br/>';
  if (node.text === undefined) return '';
  let html = esc(node.text);
  for (const mark of [...(node.marks ?? [])].reverse()) {
    if (mark.type === 'link') html = `<xhtml:a href="${esc(String(mark.attrs?.href ?? ''))}">${html}</xhtml:a>`;
    else if (MARK_TAGS[mark.type]) html = `<xhtml:${MARK_TAGS[mark.type]}>${html}</xhtml:${MARK_TAGS[mark.type]}>`;
  }
  return html;
}

const inlines = (node: PmNode) => (node.content ?? []).map(inline).join('');

function block(node: PmNode): string {
  const inner = () => (node.content ?? []).map(block).join('');
  switch (node.type) {
    case 'paragraph': return `<xhtml:p>${inlines(node)}</xhtml:p>`;
    case 'heading': { const l = Math.min(6, Math.max(1, Number(node.attrs?.level ?? 1))); return `<xhtml:h${l}>${inlines(node)}</xhtml:h${l}>`; }
    case 'bulletList': return `<xhtml:ul>${inner()}</xhtml:ul>`;
    case 'orderedList': {
      const start = Number(node.attrs?.start ?? 1);
      return `<xhtml:ol${start !== 1 ? ` start="${start}"` : ''}>${inner()}</xhtml:ol>`;
    }
    case 'taskList': return `<xhtml:ul class="task-list">${inner()}</xhtml:ul>`;
    case 'listItem': return `<xhtml:li>${inner()}</xhtml:li>`;
    case 'taskItem': return `<xhtml:li class="${node.attrs?.checked ? 'task-done' : 'task'}">${inner()}</xhtml:li>`;
    case 'blockquote': return `<xhtml:blockquote>${inner()}</xhtml:blockquote>`;
    case 'codeBlock': return `<xhtml:pre>${esc((node.content ?? []).map((c) => c.text ?? '').join(''))}</xhtml:pre>`;
    case 'horizontalRule': return '<xhtml:hr/>';
    case 'image': {
      const src = String(node.attrs?.src ?? '');
      const type = /^data:([^;,]+)/.exec(src)?.[1] ?? 'image/png';
      return `<xhtml:object data="${esc(src)}" type="${esc(type)}">${esc(String(node.attrs?.alt ?? ''))}</xhtml:object>`;
    }
    case 'table': return `<xhtml:table>${inner()}</xhtml:table>`;
    case 'tableRow': return `<xhtml:tr>${inner()}</xhtml:tr>`;
    case 'tableHeader': return `<xhtml:th>${inner()}</xhtml:th>`;
    case 'tableCell': return `<xhtml:td>${inner()}</xhtml:td>`;
    default: return node.text !== undefined ? `<xhtml:p>${inline(node)}</xhtml:p>` : inner();
  }
}

/** The XHTML (one xhtml:div) of a document's content. */
export function toXhtml(json: PmNode | null, plainText: string): string {
  const body = json ? (json.content ?? []).map(block).join('')
    : plainText.split(/\n{2,}/).filter((p) => p.trim()).map((p) => `<xhtml:p>${esc(p)}</xhtml:p>`).join('');
  return `<xhtml:div>${body}</xhtml:div>`;
}

// ---- back: ordered XML (fast-xml-parser preserveOrder, namespace prefixes removed) → editor JSON ----

/** One node of fast-xml-parser's ordered output: { tag: children, ':@': attributes } or { '#text': text }. */
export type XmlNode = Record<string, unknown>;

export const tagOf = (n: XmlNode) => Object.keys(n).find((k) => k !== ':@') ?? '';
export const kids = (n: XmlNode) => (Array.isArray(n[tagOf(n)]) ? (n[tagOf(n)] as XmlNode[]) : []);
export const attrOf = (n: XmlNode, name: string) => {
  const attrs = n[':@'] as Record<string, unknown> | undefined;
  const v = attrs?.[`@_${name}`];
  return v === undefined ? undefined : String(v);
};
const lower = (n: XmlNode) => tagOf(n).toLowerCase();

const MARK_OF: Record<string, string> = { strong: 'bold', b: 'bold', em: 'italic', i: 'italic', code: 'code', del: 'strike', s: 'strike', strike: 'strike', u: 'underline' };

function inlineNodes(nodes: XmlNode[], marks: { type: string; attrs?: Record<string, unknown> }[] = []): PmNode[] {
  const out: PmNode[] = [];
  for (const n of nodes) {
    const tag = lower(n);
    if (tag === '#text') {
      const text = String(n['#text']);
      if (text !== '') out.push({ type: 'text', text, ...(marks.length ? { marks } : {}) });
    } else if (tag === 'br') out.push({ type: 'hardBreak' });
    else if (tag === 'a') out.push(...inlineNodes(kids(n), [...marks, { type: 'link', attrs: { href: attrOf(n, 'href') ?? '' } }]));
    else if (MARK_OF[tag]) out.push(...inlineNodes(kids(n), [...marks, { type: MARK_OF[tag]! }]));
    else out.push(...inlineNodes(kids(n), marks));
  }
  // Adjacent text with the same marks is one text node in the editor.
  const merged: PmNode[] = [];
  for (const node of out) {
    const last = merged[merged.length - 1];
    if (last && last.text !== undefined && node.text !== undefined && JSON.stringify(last.marks ?? []) === JSON.stringify(node.marks ?? [])) last.text += node.text;
    else merged.push(node);
  }
  return merged;
}

const BLOCK_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'table', 'tr', 'th', 'td', 'pre', 'hr', 'blockquote', 'object', 'div', 'tbody', 'thead']);

const para = (content: PmNode[]): PmNode => (content.length ? { type: 'paragraph', content } : { type: 'paragraph' });

function textContent(nodes: XmlNode[]): string {
  return nodes.map((n) => (lower(n) === '#text' ? String(n['#text']) : textContent(kids(n)))).join('');
}

function blocks(nodes: XmlNode[]): PmNode[] {
  const out: PmNode[] = [];
  let loose: XmlNode[] = [];
  const flush = () => {
    if (loose.some((n) => lower(n) !== '#text' || String(n['#text']).trim() !== '')) out.push(para(inlineNodes(loose)));
    loose = [];
  };
  for (const n of nodes) {
    const tag = lower(n);
    if (!BLOCK_TAGS.has(tag)) { loose.push(n); continue; }
    flush();
    if (tag === 'p') out.push(para(inlineNodes(kids(n))));
    else if (/^h[1-6]$/.test(tag)) {
      const content = inlineNodes(kids(n));
      out.push({ type: 'heading', attrs: { level: Number(tag[1]) }, ...(content.length ? { content } : {}) });
    } else if (tag === 'ul' || tag === 'ol') {
      const task = tag === 'ul' && (attrOf(n, 'class') ?? '').split(/\s+/).includes('task-list');
      const items = kids(n).filter((k) => lower(k) === 'li').map((li): PmNode => {
        const cls = attrOf(li, 'class') ?? '';
        const content = blocks(kids(li));
        return task ? { type: 'taskItem', attrs: { checked: cls.includes('task-done') }, content: content.length ? content : [para([])] }
          : { type: 'listItem', content: content.length ? content : [para([])] };
      });
      const start = Number(attrOf(n, 'start') ?? 1);
      out.push(task ? { type: 'taskList', content: items }
        : tag === 'ol' ? { type: 'orderedList', attrs: { start, type: null }, content: items } : { type: 'bulletList', content: items });
    } else if (tag === 'li') out.push(...blocks(kids(n)));
    else if (tag === 'table' || tag === 'tbody' || tag === 'thead') {
      const rows = tag === 'table' ? kids(n).flatMap((k) => (lower(k) === 'tr' ? [k] : lower(k) === 'tbody' || lower(k) === 'thead' ? kids(k).filter((r) => lower(r) === 'tr') : [])) : kids(n).filter((r) => lower(r) === 'tr');
      const content = rows.map((tr): PmNode => ({
        type: 'tableRow',
        content: kids(tr).filter((c) => lower(c) === 'td' || lower(c) === 'th').map((c): PmNode => {
          const inner = blocks(kids(c));
          return { type: lower(c) === 'th' ? 'tableHeader' : 'tableCell', attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: inner.length ? inner : [para([])] };
        }),
      }));
      if (content.length) out.push({ type: 'table', content });
    } else if (tag === 'pre') {
      const text = textContent(kids(n));
      out.push({ type: 'codeBlock', attrs: { language: null }, ...(text ? { content: [{ type: 'text', text }] } : {}) });
    } else if (tag === 'hr') out.push({ type: 'horizontalRule' });
    else if (tag === 'blockquote') out.push({ type: 'blockquote', content: blocks(kids(n)) });
    else if (tag === 'object') {
      const data = attrOf(n, 'data') ?? '';
      if ((attrOf(n, 'type') ?? '').startsWith('image/') || data.startsWith('data:image/')) {
        out.push({ type: 'image', attrs: { src: data, alt: textContent(kids(n)) || null, title: null, width: null, height: null } });
      } else out.push(para(inlineNodes(kids(n))));
    } else out.push(...blocks(kids(n))); // div
  }
  flush();
  return out;
}

/** Editor JSON of a ReqIF XHTML value (its children, namespace prefixes removed). */
export function fromXhtml(nodes: XmlNode[]): PmNode {
  const content = blocks(nodes);
  return { type: 'doc', content: content.length ? content : [para([])] };
}
