// DOCX of a document (docx: a well-kept pure-JS writer of Office Open XML), editable in Word and
// LibreOffice: real heading styles, bulleted and numbered lists, tables with a header row, images, and
// a footer with the export time, the version it came from and the page number.
import type * as DocxModule from 'docx';
import type { Block, Run } from './content-blocks';
import { decodeImage, imageSize } from './content-blocks';
import type { DocumentExport } from './export-data';

type Docx = typeof DocxModule;
type Child = InstanceType<Docx['Paragraph']> | InstanceType<Docx['Table']>;

const MAX_IMAGE_WIDTH = 600;

export async function documentDocx(doc: DocumentExport, exportedAt: string): Promise<Buffer> {
  const d = await import('docx');
  const HEADINGS = [d.HeadingLevel.HEADING_1, d.HeadingLevel.HEADING_2, d.HeadingLevel.HEADING_3, d.HeadingLevel.HEADING_4,
    d.HeadingLevel.HEADING_5, d.HeadingLevel.HEADING_6];

  type ParagraphChild = InstanceType<Docx['TextRun']> | InstanceType<Docx['ExternalHyperlink']>;
  const textRuns = (runs: Run[], extra: { bold?: boolean } = {}): ParagraphChild[] => runs.flatMap((run): ParagraphChild[] => {
    const parts = run.text.split('\n');
    const made = parts.map((part, i) => new d.TextRun({
      text: part, ...(i > 0 ? { break: 1 } : {}), bold: Boolean(run.bold || extra.bold), italics: Boolean(run.italic), strike: Boolean(run.strike),
      ...(run.underline ? { underline: {} } : {}), ...(run.code ? { font: 'Courier New' } : {}), ...(run.link ? { style: 'Hyperlink' } : {}),
    }));
    return run.link ? [new d.ExternalHyperlink({ link: run.link, children: made })] : made;
  });

  const cell = (runs: Run[], header: boolean) => new d.TableCell({
    children: [new d.Paragraph({ children: textRuns(runs, { bold: header }) })],
    ...(header ? { shading: { type: d.ShadingType.CLEAR, fill: 'E8E8E8', color: 'auto' } } : {}),
  });
  const tableOf = (rows: { header: boolean; cells: Run[][] }[]) => {
    const columns = Math.max(...rows.map((r) => r.cells.length));
    return new d.Table({
      width: { size: 100, type: d.WidthType.PERCENTAGE },
      rows: rows.map((row) => new d.TableRow({
        tableHeader: row.header,
        children: Array.from({ length: columns }, (_, i) => cell(row.cells[i] ?? [], row.header)),
      })),
    });
  };
  const plainTable = (rows: string[][], header: boolean) => tableOf(rows.map((cells, i) => ({ header: header && i === 0, cells: cells.map((text) => [{ text }]) })));

  let listInstance = 0;
  let previous: Block | undefined;
  const body: Child[] = [];
  for (const block of doc.blocks) {
    switch (block.kind) {
      case 'heading':
        body.push(new d.Paragraph({ heading: HEADINGS[block.level - 1]!, children: textRuns(block.runs) }));
        break;
      case 'paragraph':
        body.push(new d.Paragraph({ children: textRuns(block.runs), ...(block.quote ? { indent: { left: 720 } } : {}) }));
        break;
      case 'listItem': {
        if (previous?.kind !== 'listItem') listInstance++;
        const runs = block.checked !== undefined ? [{ text: block.checked ? '\u2612 ' : '\u2610 ' }, ...block.runs] : block.runs;
        const level = Math.min(8, block.depth);
        body.push(new d.Paragraph({
          children: textRuns(runs),
          ...(block.ordered ? { numbering: { reference: 'ordered', level, instance: listInstance } } : { bullet: { level } }),
        }));
        break;
      }
      case 'code':
        for (const line of block.text.split('\n')) body.push(new d.Paragraph({ children: [new d.TextRun({ text: line, font: 'Courier New', size: 18 })] }));
        break;
      case 'table':
        body.push(tableOf(block.rows), new d.Paragraph({ children: [] }));
        break;
      case 'image': {
        const decoded = decodeImage(block.src);
        const size = decoded ? imageSize(decoded) : undefined;
        if (decoded && size && decoded.format !== 'other') {
          const scale = Math.min(1, MAX_IMAGE_WIDTH / size.width);
          body.push(new d.Paragraph({
            children: [new d.ImageRun({
              type: decoded.format === 'jpeg' ? 'jpg' : decoded.format, data: decoded.data,
              transformation: { width: Math.round(size.width * scale), height: Math.round(size.height * scale) },
              altText: { name: block.alt || 'image', description: block.alt, title: block.alt },
            })],
          }));
        } else {
          body.push(new d.Paragraph({ children: [new d.TextRun({ text: `[Image${block.alt ? ` "${block.alt}"` : ''}: not embedded (unsupported format)]`, italics: true })] }));
        }
        break;
      }
      case 'rule':
        body.push(new d.Paragraph({ border: { bottom: { style: d.BorderStyle.SINGLE, size: 6, color: '999999', space: 1 } }, children: [] }));
        break;
    }
    previous = block;
  }

  const approvals = doc.approvals.length === 0 && doc.versionSignatures.length === 0
    ? [new d.Paragraph({ children: [new d.TextRun({ text: 'No signature of this document, and no decision on a change request linked to it, is on this device.', italics: true })] })]
    : [plainTable([['Signed', 'By', 'Signature', 'Meaning of the signature', 'Signed at (device)', 'Received by the server'],
      ...doc.versionSignatures.map((s) => [s.versionLabel, s.signerName, s.meaning, s.statement, s.signedAt, s.receivedAt ?? '(not yet synced)']),
      ...doc.approvals.map((a) => [`${a.changeRequest} (revision ${a.revision})`, a.signerName ?? a.approverName, a.decision,
        a.meaning ?? (a.signed ? '' : '(not signed)'), a.decidedAt, a.receivedAt ?? '(not yet synced)'])], true)];

  const document = new d.Document({
    creator: doc.authorName, title: doc.title, description: `${doc.projectName} - ${doc.documentType}`,
    numbering: {
      config: [{
        reference: 'ordered',
        levels: Array.from({ length: 9 }, (_, level) => ({
          level, format: level % 3 === 0 ? d.LevelFormat.DECIMAL : level % 3 === 1 ? d.LevelFormat.LOWER_LETTER : d.LevelFormat.LOWER_ROMAN,
          text: `%${level + 1}.`, alignment: d.AlignmentType.START, style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
        })),
      }],
    },
    sections: [{
      footers: {
        default: new d.Footer({
          children: [new d.Paragraph({
            children: [new d.TextRun({ text: `${doc.title} - ${doc.versionLabel} - exported ${exportedAt} - page `, size: 16 }),
              new d.TextRun({ children: [d.PageNumber.CURRENT], size: 16 }), new d.TextRun({ text: ' of ', size: 16 }),
              new d.TextRun({ children: [d.PageNumber.TOTAL_PAGES], size: 16 })],
          })],
        }),
      },
      children: [
        new d.Paragraph({ heading: d.HeadingLevel.TITLE, children: [new d.TextRun(doc.title)] }),
        plainTable([['Project', doc.projectName], ['Type', doc.documentType], ['Status', doc.status], ['Version', doc.versionLabel],
          ['Author', `${doc.authorName} (created ${doc.createdAt})`], ['Last change', `${doc.updatedByName}, ${doc.updatedAt}`]], false),
        new d.Paragraph({ heading: d.HeadingLevel.HEADING_1, children: [new d.TextRun('Approvals and electronic signatures')] }),
        ...approvals,
        new d.Paragraph({ heading: d.HeadingLevel.HEADING_1, children: [new d.TextRun('Content')] }),
        ...body,
      ],
    }],
  });
  return d.Packer.toBuffer(document);
}
