// documents:* — the document list, the collaborative editor's content, version history, relations.
import { z } from 'zod';
import type { VersionSignatureItem } from './signatures';
import { documentFields } from '../../replica/inputs';

const id = z.uuid({ error: 'must be an id (UUID)' });
/** Binary data (Yjs updates and state vectors) travels as base64. */
const base64 = z.string().max(30_000_000, 'is larger than 20 MB').regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

export const DOCUMENT_STATUSES = documentFields.shape.status.options;
export const DOCUMENT_TYPES = documentFields.shape.document_type.options;
export const RELATION_TYPES = ['REFERENCES', 'DEPENDS_ON', 'SUPERSEDES', 'TRACES_TO', 'VERIFIED_BY', 'RELATED'] as const;

export interface DocumentListItem {
  id: string;
  title: string;
  status: string;
  documentType: string;
  tags: string[];
  isTemplate: boolean;
  currentVersion: number;
  updatedAt: string;
  updatedBy: string | null;
  updatedByName: string | null;
  /** True while this device has changes to it that central has not acknowledged yet. */
  unsynced: boolean;
}

export interface DocumentDetail extends DocumentListItem {
  projectId: string;
  content: string;
  contentJson: Record<string, unknown> | null;
  templateId: string | null;
  createdAt: string;
  createdByName: string | null;
}

export interface VersionListItem {
  id: string;
  /** Numbered by central in arrival order; null until the version has synced. */
  number: number | null;
  title: string;
  summary: string;
  automatic: boolean;
  createdAt: string;
  authorId: string | null;
  authorName: string | null;
  /** Electronic signatures of this version (authored, reviewed, approved). */
  signatures: VersionSignatureItem[];
}

export interface VersionDetail extends VersionListItem {
  documentId: string;
  content: string;
  contentJson: Record<string, unknown> | null;
}

export interface RelationItem {
  id: string;
  relationType: string;
  description: string;
  /** The item on the other side, seen from the document asked about. */
  other: { kind: 'document' | 'testCase'; id: string; title: string };
  direction: 'outgoing' | 'incoming';
  /** One side has a new version since the link was last reviewed (traceability). */
  suspect: boolean;
}

export interface LinkTarget {
  kind: 'document' | 'testCase';
  id: string;
  title: string;
}

const listInput = z.object({
  projectId: id,
  text: z.string().max(500).optional(),
  status: z.enum(DOCUMENT_STATUSES).optional(),
  tag: z.string().max(100).optional(),
  templatesOnly: z.boolean().optional(),
}).strict();

const createInput = z.object({
  projectId: id,
  title: documentFields.shape.title,
  documentType: documentFields.shape.document_type.optional(),
  tags: documentFields.shape.tags.optional(),
  isTemplate: z.boolean().optional(),
  templateId: id.optional(),
}).strict();

const updateInput = z.object({
  id,
  changes: z.object({
    title: documentFields.shape.title.optional(),
    status: documentFields.shape.status.optional(),
    documentType: documentFields.shape.document_type.optional(),
    tags: documentFields.shape.tags.optional(),
  }).strict(),
}).strict();

/** The editor's content as text and JSON, stored with a version. */
const derived = z.object({ content: documentFields.shape.content, contentJson: z.record(z.string(), z.unknown()) }).strict();

export const documentChannels = {
  'documents:list': { input: listInput, output: z.custom<DocumentListItem[]>() },
  'documents:get': { input: z.object({ id }).strict(), output: z.custom<DocumentDetail>() },
  'documents:create': { input: createInput, output: z.custom<{ id: string }>() },
  'documents:update': { input: updateInput, output: z.custom<DocumentDetail>() },
  'documents:delete': { input: z.object({ id }).strict(), output: z.custom<{ id: string }>() },
  /** The document's Yjs content: everything, or what a replica with `stateVector` lacks. */
  'documents:content': { input: z.object({ id, stateVector: base64.optional() }).strict(), output: z.custom<{ update: string }>() },
  /** One local edit (a Yjs update), stored durably before the call returns. The row's text/JSON
   *  follow in the replica host (document-derive.ts). */
  'documents:edit': { input: z.object({ id, update: base64.min(1) }).strict(), output: z.custom<{ id: string }>() },
  'documents:versions': { input: z.object({ documentId: id }).strict(), output: z.custom<VersionListItem[]>() },
  'documents:version': { input: z.object({ id }).strict(), output: z.custom<VersionDetail>() },
  'documents:saveVersion': {
    input: z.object({
      documentId: id,
      summary: z.string().trim().max(2000, 'must be at most 2,000 characters'),
      automatic: z.boolean(),
    }).extend(derived.shape).strict(),
    output: z.custom<VersionListItem>(),
  },
  'documents:relations': { input: z.object({ documentId: id }).strict(), output: z.custom<RelationItem[]>() },
  'documents:linkTargets': { input: z.object({ documentId: id, text: z.string().max(500) }).strict(), output: z.custom<LinkTarget[]>() },
  'documents:relate': {
    input: z.object({
      documentId: id,
      target: z.object({ kind: z.enum(['document', 'testCase']), id }).strict(),
      relationType: z.enum(RELATION_TYPES),
      description: z.string().max(2000).optional(),
    }).strict(),
    output: z.custom<RelationItem[]>(),
  },
  'documents:unrelate': { input: z.object({ documentId: id, relationId: id }).strict(), output: z.custom<RelationItem[]>() },
} as const;
