// Page layout on top of PDFKit (a well-kept pure-JS PDF writer: text layout with line breaking, tables,
// PNG/JPEG images, links): styled runs, headings, lists, tables, images, and a footer with page numbers
// on every page. PDFKit is loaded on first use so that the replica host starts without it.
import type PDFKit from 'pdfkit';
import type { Block, Run } from './content-blocks';
import { decodeImage, runsText } from './content-blocks';
import type { FontSet } from './pdf-fonts';
import { fontSet, STANDARD_FONTS } from './pdf-fonts';

export type Pdf = PDFKit.PDFDocument;

/**
 * The font family each PDF is set in. Embedded fonts are named by their file path, not registered
 * under another name: PDFKit's tables restore the font by its source, and only a path it has seen
 * before is found in its cache (a registered name would make it parse the font file again each time).
 */
const fontsOf = new WeakMap<Pdf, FontSet>();
type Style = 'regular' | 'bold' | 'italic' | 'boldItalic' | 'mono';
const font = (pdf: Pdf, style: Style) => (fontsOf.get(pdf) ?? STANDARD_FONTS)[style];
const HEADING_SIZE = [20, 16, 14, 12, 11, 11];
export const BODY_SIZE = 10;
const MARGIN = 56;

/** For the standard PDF fonts, which cover Latin-1 (WinAnsi) only: other characters would print as garbage, so they become '?'. */
export function latin1(text: string): string {
  return text.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/[\u2013\u2014]/g, '-').replace(/\u2026/g, '...')
    .replace(/[\u2022]/g, '-').replace(/[^\n\t\x20-\x7e\xa0-\xff]/g, '?');
}

function runFont(pdf: Pdf, run: Run): string {
  if (run.code) return font(pdf, 'mono');
  if (run.bold && run.italic) return font(pdf, 'boldItalic');
  if (run.bold) return font(pdf, 'bold');
  if (run.italic) return font(pdf, 'italic');
  return font(pdf, 'regular');
}

/** Text as the PDF's fonts can print it. */
const printable = (pdf: Pdf, text: string) => (fontsOf.get(pdf)?.unicode ? text : latin1(text));

/**
 * A new A4 document, set in a Unicode font embedded as a subset (an archived PDF shows the same text
 * everywhere, and any character the font has prints), or the standard fonts where the computer has none.
 */
export async function newPdf(info: { title: string; author?: string; subject?: string }): Promise<Pdf> {
  const { default: PDFDocument } = await import('pdfkit');
  const pdf = new PDFDocument({
    size: 'A4', margins: { top: MARGIN, bottom: MARGIN + 14, left: MARGIN, right: MARGIN }, bufferPages: true,
    info: { Title: info.title, Author: info.author ?? '', Subject: info.subject ?? '', Creator: 'ProManage Desktop' },
  });
  const fonts = fontSet();
  fontsOf.set(pdf, fonts);
  pdf.font(fonts.regular);
  return pdf;
}

const contentWidth = (pdf: Pdf) => pdf.page.width - pdf.page.margins.left - pdf.page.margins.right;

/** A new page when fewer than `height` points are left on this one. */
export function keepSpace(pdf: Pdf, height: number): void {
  if (pdf.y + height > pdf.page.maxY()) pdf.addPage();
}

export function runs(pdf: Pdf, list: Run[], options: { size?: number; indent?: number; color?: string } = {}): void {
  const size = options.size ?? BODY_SIZE;
  const items = list.filter((r) => r.text !== '');
  const x = pdf.page.margins.left + (options.indent ?? 0);
  const width = contentWidth(pdf) - (options.indent ?? 0);
  pdf.fillColor(options.color ?? '#000000');
  if (items.length === 0) { pdf.font(font(pdf, 'regular')).fontSize(size).text(' ', x, pdf.y, { width }); return; }
  items.forEach((run, i) => {
    const last = i === items.length - 1;
    pdf.font(runFont(pdf, run)).fontSize(size);
    const textOptions = { width, continued: !last, underline: Boolean(run.underline || run.link), strike: Boolean(run.strike), ...(run.link ? { link: run.link } : {}) };
    if (i === 0) pdf.text(printable(pdf, run.text), x, pdf.y, textOptions);
    else pdf.text(printable(pdf, run.text), textOptions);
  });
  pdf.fillColor('#000000');
}

export function heading(pdf: Pdf, level: number, text: string | Run[]): void {
  const size = HEADING_SIZE[Math.min(5, level - 1)]!;
  keepSpace(pdf, size * 3);
  pdf.moveDown(level <= 2 ? 0.6 : 0.4);
  runs(pdf, (typeof text === 'string' ? [{ text }] : text).map((r) => ({ ...r, bold: true })), { size });
  pdf.moveDown(0.3);
}

export function paragraph(pdf: Pdf, text: string, options: { size?: number; color?: string; bold?: boolean } = {}): void {
  runs(pdf, [{ text, bold: options.bold ?? false }], { ...(options.size ? { size: options.size } : {}), ...(options.color ? { color: options.color } : {}) });
}

/** A table of text cells; the first row is a header when `header` is set. Rows break across pages. */
export function table(pdf: Pdf, rows: string[][], options: { header?: boolean; widths?: (number | '*')[] } = {}): void {
  if (rows.length === 0) return;
  const columns = Math.max(...rows.map((r) => r.length));
  keepSpace(pdf, 40);
  pdf.font(font(pdf, 'regular')).fontSize(BODY_SIZE - 1);
  const x = pdf.page.margins.left;
  pdf.table({
    position: { x, y: pdf.y },
    maxWidth: contentWidth(pdf),
    columnStyles: options.widths ?? Array.from({ length: columns }, () => '*'),
    defaultStyle: { padding: [3, 4, 3, 4], border: 0.5, borderColor: '#999999' },
    data: rows.map((row, r) => Array.from({ length: columns }, (_, c) => {
      const text = printable(pdf, row[c] ?? '');
      return r === 0 && options.header ? { text, font: { src: font(pdf, 'bold') }, backgroundColor: '#e8e8e8', type: 'TH' as const } : { text };
    })),
  });
  pdf.x = x;
  pdf.moveDown(0.5);
}

/** An image scaled to the page's width (at most 320 points high); GIF/WebP and remote images are named instead. */
export function image(pdf: Pdf, data: Buffer, alt: string): void {
  const width = contentWidth(pdf);
  try {
    const opened = (pdf as unknown as { openImage(src: Buffer): { width: number; height: number } }).openImage(data);
    const scale = Math.min(1, width / opened.width, 320 / opened.height);
    const w = opened.width * scale;
    const h = opened.height * scale;
    keepSpace(pdf, h + 6);
    const x = pdf.page.margins.left;
    pdf.image(opened as never, x, pdf.y, { width: w, height: h });
    pdf.x = x;
    pdf.y += h + 6;
  } catch {
    paragraph(pdf, `[Image${alt ? ` "${alt}"` : ''}: this image could not be read]`, { color: '#666666' });
  }
}

/**
 * Lets the replica host's other requests (reads, writes, sync) run between parts of a long layout: an
 * export runs in the host's worker and its data is already read, so only the layout is long.
 */
export const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));
const BLOCKS_PER_SLICE = 40;

export async function blocks(pdf: Pdf, list: Block[]): Promise<void> {
  for (const [i, block] of list.entries()) {
    if (i > 0 && i % BLOCKS_PER_SLICE === 0) await breathe();
    switch (block.kind) {
      case 'heading': heading(pdf, block.level, block.runs); break;
      case 'paragraph':
        runs(pdf, block.runs, block.quote ? { indent: 16, color: '#444444' } : {});
        pdf.moveDown(0.4);
        break;
      case 'listItem': {
        const marker = block.checked !== undefined ? (block.checked ? '[x] ' : '[ ] ') : block.ordered ? `${block.number}. ` : '- ';
        runs(pdf, [{ text: marker }, ...block.runs], { indent: 14 + block.depth * 16 });
        pdf.moveDown(0.15);
        break;
      }
      case 'code':
        runs(pdf, [{ text: block.text, code: true }], { size: BODY_SIZE - 1, indent: 8 });
        pdf.moveDown(0.4);
        break;
      case 'table':
        table(pdf, block.rows.map((r) => r.cells.map(runsText)), { header: block.rows[0]?.header ?? false });
        break;
      case 'image': {
        const decoded = decodeImage(block.src);
        if (decoded && (decoded.format === 'png' || decoded.format === 'jpeg')) image(pdf, decoded.data, block.alt);
        else paragraph(pdf, `[Image${block.alt ? ` "${block.alt}"` : ''}: ${decoded ? `${decoded.format.toUpperCase()} images cannot be embedded in a PDF` : 'not embedded in the document'}]`, { color: '#666666' });
        pdf.moveDown(0.3);
        break;
      }
      case 'rule': {
        const y = pdf.y + 4;
        pdf.moveTo(pdf.page.margins.left, y).lineTo(pdf.page.width - pdf.page.margins.right, y).strokeColor('#999999').stroke();
        pdf.y = y + 8;
        break;
      }
    }
  }
}

/** Writes the footer (what and which version; "Exported <time>"; "Page n of N") on every page, then ends the document; resolves to the file. */
export function finish(pdf: Pdf, footer: string, exportedAt: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0; // writing inside the bottom margin must not add a page
    const y = pdf.page.height - MARGIN + 10;
    const width = contentWidth(pdf);
    pdf.font(font(pdf, 'regular')).fontSize(8).fillColor('#555555');
    pdf.text(printable(pdf, footer), pdf.page.margins.left, y, { width: width - 80, height: 10, ellipsis: true });
    pdf.text(`Exported ${exportedAt}`, pdf.page.margins.left, y + 11, { width: width - 80, height: 10, ellipsis: true });
    pdf.text(`Page ${i + 1 - range.start} of ${range.count}`, pdf.page.margins.left + width - 80, y, { width: 80, align: 'right', height: 10 });
    pdf.page.margins.bottom = bottom;
  }
  pdf.fillColor('#000000');
  pdf.end();
  return done;
}
