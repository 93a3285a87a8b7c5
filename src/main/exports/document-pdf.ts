// PDF of a document: title, version, status, author, approvals and e-signatures with their meaning and
// time, the formatted content (tables, images), page numbers, and a footer naming the export time and
// the version it came from.
import type { DocumentExport } from './export-data';
import { blocks, finish, heading, newPdf, paragraph, table } from './pdf-layout';

export async function documentPdf(doc: DocumentExport, exportedAt: string): Promise<Buffer> {
  const pdf = await newPdf({ title: doc.title, author: doc.authorName, subject: `${doc.projectName} - ${doc.documentType}` });
  heading(pdf, 1, doc.title);
  table(pdf, [
    ['Project', doc.projectName],
    ['Type', doc.documentType],
    ['Status', doc.status],
    ['Version', doc.versionLabel],
    ['Author', `${doc.authorName} (created ${doc.createdAt})`],
    ['Last change', `${doc.updatedByName}, ${doc.updatedAt}`],
  ], { widths: [110, '*'] });
  heading(pdf, 2, 'Approvals and electronic signatures');
  if (doc.approvals.length === 0 && doc.versionSignatures.length === 0) {
    paragraph(pdf, 'No signature of this document, and no decision on a change request linked to it, is on this device.', { color: '#555555' });
  }
  // One small table per decision: the names, meanings and times stay on one line each.
  for (const a of doc.approvals) {
    table(pdf, [
      ['Change request', `${a.changeRequest} (revision ${a.revision})`], ['Decision', a.decision], ['Signed by', a.signerName ?? a.approverName],
      ['Meaning of the signature', a.meaning ?? (a.signed ? '' : '(not signed)')], ['Signed at (device)', a.decidedAt],
      ['Received by the server', a.receivedAt ?? '(not yet synced)'],
    ], { widths: [130, '*'] });
  }
  for (const s of doc.versionSignatures) {
    table(pdf, [
      ['Version', s.versionLabel], ['Signature', s.meaning], ['Signed by', s.signerName], ['Meaning of the signature', s.statement],
      ['Signed at (device)', s.signedAt], ['Received by the server', s.receivedAt ?? '(not yet synced)'],
    ], { widths: [130, '*'] });
  }
  heading(pdf, 2, 'Content');
  await blocks(pdf, doc.blocks);
  return finish(pdf, `${doc.title} - ${doc.versionLabel}`, exportedAt);
}
