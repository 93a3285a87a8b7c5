// exports:* and imports:* — files made from the replica (PDF, DOCX, XLSX, ReqIF) and imports into it
// (test cases from XLSX/CSV, documents from ReqIF). All offline; the window saves or picks the files.
import { z } from 'zod';
import { MATRIX_STATUSES } from '../../trace/matrix';

const id = z.uuid({ error: 'must be an id (UUID)' });

export interface ExportFile {
  fileName: string;
  mimeType: string;
  dataBase64: string;
}

export const CASE_IMPORT_FIELDS = ['title', 'suite', 'priority', 'status', 'testType', 'automationStatus', 'automationId', 'tags', 'description',
  'preconditions', 'expectedResult', 'steps', 'stepExpected', 'estimatedMinutes'] as const;

export const CASE_FIELD_LABELS: Record<(typeof CASE_IMPORT_FIELDS)[number], string> = {
  title: 'Title', suite: 'Suite', priority: 'Priority', status: 'Status', testType: 'Type', automationStatus: 'Automation status',
  automationId: 'Automation id', tags: 'Tags', description: 'Description', preconditions: 'Preconditions', expectedResult: 'Expected result',
  steps: 'Steps', stepExpected: 'Expected per step', estimatedMinutes: 'Estimate (minutes)',
};

export type CaseImportMapping = Partial<Record<(typeof CASE_IMPORT_FIELDS)[number], number>>;

export interface ImportPreview {
  columns: string[];
  mapping: CaseImportMapping;
  rowCount: number;
  sample: { row: number; title: string; suite: string; priority: string; steps: number }[];
  refused: { row: number; reason: string }[];
}

/** How far a long export or import has got (an event while it runs): `done` of `total` items. */
export interface ExportProgress {
  /** The channel that started it, e.g. 'exports:runPdf'. */
  task: string;
  done: number;
  total: number;
}

export interface ReqifImportReport {
  documents: number;
  relations: number;
  documentIds: string[];
}

/** Base64 of at most 25 MB of file. */
const fileData = z.string().min(1, 'the file is empty').max(35_000_000, 'is larger than 25 MB');
const fileName = z.string().trim().min(1).max(500);
const mapping = z.partialRecord(z.enum(CASE_IMPORT_FIELDS), z.number().int().min(0).max(1000));

export const exportChannels = {
  'exports:documentPdf': { input: z.object({ id, versionId: id.optional() }).strict(), output: z.custom<ExportFile>() },
  'exports:documentDocx': { input: z.object({ id, versionId: id.optional() }).strict(), output: z.custom<ExportFile>() },
  'exports:runPdf': { input: z.object({ id }).strict(), output: z.custom<ExportFile>() },
  'exports:testCasesXlsx': { input: z.object({ projectId: id }).strict(), output: z.custom<ExportFile>() },
  /** Every row of the coverage matrix the filter matches. */
  'exports:coverageXlsx': {
    input: z.object({
      projectId: id, documentId: id.optional(), tag: z.string().max(100).optional(), suite: z.string().max(200).optional(),
      status: z.enum(MATRIX_STATUSES).optional(),
    }).strict(),
    output: z.custom<ExportFile>(),
  },
  'exports:reqif': { input: z.object({ projectId: id }).strict(), output: z.custom<ExportFile>() },
  /** Reads the file and checks every row with the mapping given (or guessed from the header); writes nothing. */
  'imports:casesPreview': { input: z.object({ projectId: id, fileName, dataBase64: fileData, mapping: mapping.optional() }).strict(), output: z.custom<ImportPreview>() },
  /** All rows as new cases in one local transaction, or none (any refused row refuses the import). */
  'imports:cases': { input: z.object({ projectId: id, fileName, dataBase64: fileData, mapping }).strict(), output: z.custom<{ imported: number }>() },
  'imports:reqif': { input: z.object({ projectId: id, xml: z.string().min(1, 'the file is empty').max(50_000_000, 'is larger than 50 MB') }).strict(), output: z.custom<ReqifImportReport>() },
} as const;
