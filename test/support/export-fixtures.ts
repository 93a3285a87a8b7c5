// What the export tests feed in and read back with: a real PNG, a rich document (headings, marks,
// lists, a table, an image) as editor JSON and as Yjs content, and independent readers of the files
// (poppler's pdftotext / pdftoppm / pdfimages, unzip of a DOCX's word/document.xml).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getSchema } from '@tiptap/core';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { editorExtensions } from '../../src/renderer/src/editor/extensions';
import { png } from './png';


const text = (t: string, marks?: string[]) => ({ type: 'text', text: t, ...(marks ? { marks: marks.map((m) => ({ type: m })) } : {}) });
const p = (...content: unknown[]) => ({ type: 'paragraph', content });
const cell = (type: 'tableHeader' | 'tableCell', t: string) => ({ type, attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [p(text(t))] });

/** A requirement specification with every kind of content the exports render. */
export function richDocumentJson(): Record<string, unknown> {
  return {
    type: 'doc',
    content: [
      { type: 'heading', attrs: { level: 1 }, content: [text('Braking requirements')] },
      p(text('The vehicle shall stop within '), text('40 metres', ['bold']), text(' from '), text('100 km/h', ['italic']), text('.')),
      { type: 'heading', attrs: { level: 2 }, content: [text('Conditions')] },
      { type: 'bulletList', content: [{ type: 'listItem', content: [p(text('Dry asphalt'))] }, { type: 'listItem', content: [p(text('Wet asphalt'))] }] },
      { type: 'orderedList', attrs: { start: 1, type: null }, content: [{ type: 'listItem', content: [p(text('Accelerate to speed'))] }, { type: 'listItem', content: [p(text('Apply full brake'))] }] },
      { type: 'table', content: [
        { type: 'tableRow', content: [cell('tableHeader', 'Surface'), cell('tableHeader', 'Max distance')] },
        { type: 'tableRow', content: [cell('tableCell', 'Dry'), cell('tableCell', '40 m')] },
        { type: 'tableRow', content: [cell('tableCell', 'Wet'), cell('tableCell', '55 m')] },
      ] },
      { type: 'image', attrs: { src: `data:image/png;base64,${png(160, 80).toString('base64')}`, alt: 'stopping curve', title: null, width: null, height: null } },
      p(text('Tolerance ≤ 5 % ± 0.5 → Ω Ж')),
      p(text('End of specification.')),
    ],
  };
}

/** The JSON as a Yjs update (what the editor writes into documents:edit). */
export function yjsUpdate(json: Record<string, unknown>): string {
  const doc = prosemirrorJSONToYDoc(getSchema(editorExtensions()), json, 'default');
  return Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
}

const workDir = () => mkdtempSync(join(tmpdir(), 'export-read-'));

export function pdfText(data: Buffer): string {
  const dir = workDir();
  writeFileSync(join(dir, 'file.pdf'), data);
  return execFileSync('pdftotext', ['-layout', join(dir, 'file.pdf'), '-'], { encoding: 'utf8' });
}

/** The text in reading order (no layout), whitespace collapsed: a table cell's wrapped text reads as one phrase. */
export function pdfFlatText(data: Buffer): string {
  const dir = workDir();
  writeFileSync(join(dir, 'file.pdf'), data);
  return execFileSync('pdftotext', [join(dir, 'file.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

export function pdfImageCount(data: Buffer): number {
  const dir = workDir();
  writeFileSync(join(dir, 'file.pdf'), data);
  const lines = execFileSync('pdfimages', ['-list', join(dir, 'file.pdf')], { encoding: 'utf8' }).trim().split('\n');
  return lines.slice(2).length;
}

/** The font names pdffonts lists (embedded subsets carry a "ABCDEF+" prefix). */
export function pdfFonts(data: Buffer): string[] {
  const dir = workDir();
  writeFileSync(join(dir, 'file.pdf'), data);
  const lines = execFileSync('pdffonts', [join(dir, 'file.pdf')], { encoding: 'utf8' }).trim().split('\n').slice(2);
  return [...new Set(lines.map((line) => line.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, '')))].sort();
}

export function pdfPages(data: Buffer): number {
  const dir = workDir();
  writeFileSync(join(dir, 'file.pdf'), data);
  const info = execFileSync('pdfinfo', [join(dir, 'file.pdf')], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(info)![1]);
}

/** Renders the first page into test-results/screenshots/<name>.png, for people to look at. */
export function renderFirstPage(data: Buffer, name: string): string {
  const dir = workDir();
  writeFileSync(join(dir, 'file.pdf'), data);
  const out = join(process.cwd(), 'test-results', 'screenshots');
  mkdirSync(out, { recursive: true });
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', join(dir, 'file.pdf'), join(out, name)]);
  return join(out, `${name}.png`);
}

/** word/document.xml of a DOCX (unzip), and its paragraphs as [style, text]. */
export function docxParagraphs(data: Buffer): { style: string; text: string }[] {
  const dir = workDir();
  writeFileSync(join(dir, 'file.docx'), data);
  const xml = execFileSync('unzip', ['-p', join(dir, 'file.docx'), 'word/document.xml'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([para]) => ({
    style: /<w:pStyle w:val="([^"]+)"/.exec(para)?.[1] ?? '',
    text: [...para.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>')).join(''),
  }));
}

export function docxEntries(data: Buffer): string[] {
  const dir = workDir();
  writeFileSync(join(dir, 'file.docx'), data);
  return execFileSync('unzip', ['-Z1', join(dir, 'file.docx')], { encoding: 'utf8' }).trim().split('\n');
}
