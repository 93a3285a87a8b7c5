// A document's editor content (TipTap/ProseMirror JSON) flattened into the blocks a printed page has:
// headings, paragraphs, list items, code, tables, images, rules. Both the PDF and the DOCX writers
// render these, so the two exports show the same content.

export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
  strike?: boolean;
  underline?: boolean;
  link?: string;
}

export interface TableRow {
  header: boolean;
  cells: Run[][];
}

export type Block =
  | { kind: 'heading'; level: number; runs: Run[] }
  | { kind: 'paragraph'; runs: Run[]; quote?: boolean }
  | { kind: 'listItem'; ordered: boolean; depth: number; number: number; checked?: boolean; runs: Run[] }
  | { kind: 'code'; text: string }
  | { kind: 'table'; rows: TableRow[] }
  | { kind: 'image'; src: string; alt: string }
  | { kind: 'rule' };

export interface PmNode {
  type?: string;
  text?: string;
  attrs?: Record<string, unknown>;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  content?: PmNode[];
}

function inlineRuns(node: PmNode): Run[] {
  const runs: Run[] = [];
  for (const child of node.content ?? []) {
    if (child.type === 'hardBreak') { runs.push({ text: '\n' }); continue; }
    if (child.text === undefined) continue;
    const run: Run = { text: child.text };
    for (const mark of child.marks ?? []) {
      if (mark.type === 'bold') run.bold = true;
      if (mark.type === 'italic') run.italic = true;
      if (mark.type === 'code') run.code = true;
      if (mark.type === 'strike') run.strike = true;
      if (mark.type === 'underline') run.underline = true;
      if (mark.type === 'link' && typeof mark.attrs?.href === 'string') run.link = mark.attrs.href;
    }
    runs.push(run);
  }
  return runs;
}

/** Plain text of any node (for table cells and code blocks). */
function textOf(node: PmNode): string {
  if (node.text !== undefined) return node.text;
  if (node.type === 'hardBreak') return '\n';
  return (node.content ?? []).map(textOf).join(node.type === 'paragraph' || node.type === 'heading' ? '' : '\n');
}

function cellRuns(cell: PmNode): Run[] {
  const runs: Run[] = [];
  for (const [i, block] of (cell.content ?? []).entries()) {
    if (i > 0) runs.push({ text: '\n' });
    runs.push(...(block.type === 'paragraph' || block.type === 'heading' ? inlineRuns(block) : [{ text: textOf(block) }]));
  }
  return runs;
}

function walk(node: PmNode, out: Block[], list?: { ordered: boolean; depth: number }, quote = false): void {
  switch (node.type) {
    case 'heading':
      out.push({ kind: 'heading', level: Math.min(6, Math.max(1, Number(node.attrs?.level ?? 1))), runs: inlineRuns(node) });
      return;
    case 'paragraph':
      out.push({ kind: 'paragraph', runs: inlineRuns(node), ...(quote ? { quote } : {}) });
      return;
    case 'codeBlock':
      out.push({ kind: 'code', text: textOf(node) });
      return;
    case 'horizontalRule':
      out.push({ kind: 'rule' });
      return;
    case 'image':
      out.push({ kind: 'image', src: String(node.attrs?.src ?? ''), alt: String(node.attrs?.alt ?? node.attrs?.title ?? '') });
      return;
    case 'blockquote':
      for (const child of node.content ?? []) walk(child, out, list, true);
      return;
    case 'bulletList':
    case 'orderedList':
    case 'taskList': {
      const ordered = node.type === 'orderedList';
      const depth = list ? list.depth + 1 : 0;
      const start = Number(node.attrs?.start ?? 1);
      for (const [i, item] of (node.content ?? []).entries()) {
        const children = item.content ?? [];
        const first = children[0];
        const checked = node.type === 'taskList' ? Boolean(item.attrs?.checked) : undefined;
        out.push({
          kind: 'listItem', ordered, depth, number: start + i, runs: first && first.type === 'paragraph' ? inlineRuns(first) : [],
          ...(checked !== undefined ? { checked } : {}),
        });
        for (const child of first && first.type === 'paragraph' ? children.slice(1) : children) walk(child, out, { ordered, depth });
      }
      return;
    }
    case 'table': {
      const rows: TableRow[] = (node.content ?? []).map((row) => {
        const cells = row.content ?? [];
        return { header: cells.length > 0 && cells.every((c) => c.type === 'tableHeader'), cells: cells.map(cellRuns) };
      });
      if (rows.length > 0) out.push({ kind: 'table', rows });
      return;
    }
    default:
      if (node.text !== undefined) { out.push({ kind: 'paragraph', runs: [{ text: node.text }] }); return; }
      for (const child of node.content ?? []) walk(child, out, list, quote);
  }
}

/** The blocks of a document's content; plain text (no editor JSON) becomes one paragraph per blank-line block. */
export function contentBlocks(json: PmNode | null, plainText = ''): Block[] {
  const blocks: Block[] = [];
  if (json) walk(json, blocks);
  else for (const para of plainText.split(/\n{2,}/)) if (para.trim()) blocks.push({ kind: 'paragraph', runs: [{ text: para }] });
  return blocks;
}

export const runsText = (runs: Run[]) => runs.map((r) => r.text).join('');

export interface DecodedImage {
  format: 'png' | 'jpeg' | 'gif' | 'bmp' | 'other';
  data: Buffer;
}

/** An embedded image (data: URL, as the editor stores them); undefined for a remote or unreadable one. */
export function decodeImage(src: string): DecodedImage | undefined {
  const match = /^data:image\/([a-z0-9.+-]+);base64,(.*)$/is.exec(src);
  if (!match) return undefined;
  const type = match[1]!.toLowerCase();
  const data = Buffer.from(match[2]!, 'base64');
  if (data.length === 0) return undefined;
  const format = type === 'png' ? 'png' : type === 'jpeg' || type === 'jpg' ? 'jpeg' : type === 'gif' ? 'gif' : type === 'bmp' ? 'bmp' : 'other';
  return { format, data };
}

/** Pixel size of a PNG or JPEG (for scaling in DOCX); undefined when it cannot be read. */
export function imageSize(image: DecodedImage): { width: number; height: number } | undefined {
  const d = image.data;
  if (image.format === 'png' && d.length > 24) return { width: d.readUInt32BE(16), height: d.readUInt32BE(20) };
  if (image.format === 'gif' && d.length > 10) return { width: d.readUInt16LE(6), height: d.readUInt16LE(8) };
  if (image.format === 'jpeg') {
    let i = 2;
    while (i + 9 < d.length) {
      if (d[i] !== 0xff) return undefined;
      const marker = d[i + 1]!;
      const length = d.readUInt16BE(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { width: d.readUInt16BE(i + 7), height: d.readUInt16BE(i + 5) };
      }
      i += 2 + length;
    }
  }
  return undefined;
}
