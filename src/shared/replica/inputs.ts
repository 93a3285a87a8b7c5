// Input schemas of the local write API (and of the IPC channels that call it): what a user may send
// for each kind of item. Bad input is refused here with a message naming the field, before anything
// is written.
import { z } from 'zod';

const id = z.uuid({ error: 'must be an id (UUID)' });
const title = z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters');
const longText = (max: number) => z.string().max(max, `must be at most ${max.toLocaleString('en')} characters`);
const tags = z.array(z.string().trim().min(1).max(100)).max(50, 'at most 50 tags');
const priority = z.enum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
const isoDate = z.iso.date({ error: 'must be a date (YYYY-MM-DD)' });
const isoTime = z.iso.datetime({ offset: true, error: 'must be a date and time (ISO 8601)' });

export const documentFields = z.object({
  title,
  content: longText(5_000_000),
  content_json: z.record(z.string(), z.unknown()).nullable(),
  document_type: z.enum(['GENERAL', 'REQUIREMENT', 'SPECIFICATION', 'DESIGN', 'TEST_PLAN', 'REPORT', 'PROCEDURE', 'OTHER']),
  status: z.enum(['DRAFT', 'IN_REVIEW', 'APPROVED', 'PUBLISHED', 'ARCHIVED']),
  is_template: z.boolean(),
  template_id: id.nullable(),
  tags,
});

export const testStep = z.object({ action: z.string().trim().min(1).max(10_000), expected_result: z.string().max(10_000) }).strict();

export const testCaseFields = z.object({
  title,
  description: longText(100_000),
  preconditions: longText(20_000),
  steps: z.array(testStep).max(500),
  expected_result: longText(20_000),
  priority,
  status: z.enum(['DRAFT', 'READY', 'APPROVED', 'DEPRECATED']),
  test_type: z.enum(['FUNCTIONAL', 'REGRESSION', 'INTEGRATION', 'PERFORMANCE', 'SECURITY', 'USABILITY', 'ACCEPTANCE', 'SMOKE']),
  automation_status: z.enum(['MANUAL', 'PLANNED', 'AUTOMATED', 'NOT_AUTOMATABLE']),
  automation_id: z.string().max(500).nullable(),
  is_template: z.boolean(),
  template_id: id.nullable(),
  suite: z.string().max(500),
  estimated_minutes: z.number().int().min(0).nullable(),
  tags,
});

export const executionFields = z.object({
  test_case_id: id,
  test_run_id: id.nullable(),
  test_case_version: z.number().int().min(1),
  status: z.enum(['PASSED', 'FAILED', 'BLOCKED', 'SKIPPED']),
  status_override_reason: z.string().max(2000).nullable(),
  step_results: z.array(z.object({
    step: z.number().int().min(0),
    status: z.enum(['PASSED', 'FAILED', 'BLOCKED', 'SKIPPED', 'UNTESTED']),
    actual_result: z.string().max(20_000).optional(),
    evidence: z.array(z.string().max(500)).max(50).optional(),
  }).strict()).max(500),
  actual_result: longText(100_000),
  environment: z.string().max(500),
  build: z.string().max(500),
  notes: longText(100_000),
  started_at: isoTime.nullable(),
  executed_at: isoTime,
  duration_seconds: z.number().int().min(0).nullable(),
});

export const changeRequestFields = z.object({
  title,
  description: longText(100_000),
  justification: longText(100_000),
  priority,
  status: z.enum(['DRAFT', 'SUBMITTED', 'IN_REVIEW', 'APPROVED', 'REJECTED', 'IMPLEMENTED', 'CLOSED', 'CANCELLED']),
  assigned_to: id.nullable(),
  due_date: isoDate.nullable(),
  approval_policy: z.enum(['ALL', 'ANY', 'QUORUM']),
  approval_quorum: z.number().int().min(1).nullable(),
  approval_mode: z.enum(['PARALLEL', 'SEQUENTIAL']),
  tags,
});

export const impactFields = z.object({
  change_request_id: id,
  entity_type: z.enum(['DOCUMENT', 'TEST_CASE', 'TASK']),
  entity_id: id,
  severity: priority,
  description: longText(20_000),
});

export const approvalFields = z.object({
  change_request_id: id,
  decision: z.enum(['APPROVED', 'REJECTED', 'CHANGES_REQUESTED']),
  comment: longText(20_000),
  change_request_revision: z.number().int().min(1),
  signature_meaning: z.string().max(500).nullable(),
  decided_at: isoTime,
  /** Hex HMAC-SHA256 by the key derived from the password (src/main/central/signature.ts); APPROVED and REJECTED need it. */
  signature: z.string().regex(/^[0-9a-f]{64}$/, 'must be a signature (64 hex digits)').nullable(),
  /** The password epoch whose key signed, and the signer's printed name (both covered by the signature). */
  signature_epoch: z.number().int().min(1).nullable(),
  signer_name: z.string().min(1).max(200).nullable(),
});

/** A person whose decision a change request needs; SEQUENTIAL requests are decided in position order. */
export const approverFields = z.object({
  change_request_id: id,
  approver_id: id,
  position: z.number().int().min(1).max(1000),
});

export const taskFields = z.object({
  title,
  description: longText(100_000),
  parent_id: id.nullable(),
  change_request_id: id.nullable(),
  task_type: z.enum(['TASK', 'BUG', 'STORY', 'EPIC', 'SUBTASK']),
  status: z.enum(['TODO', 'IN_PROGRESS', 'IN_REVIEW', 'BLOCKED', 'DONE', 'CANCELLED']),
  priority,
  assignee_id: id.nullable(),
  start_date: isoDate.nullable(),
  due_date: isoDate.nullable(),
  estimate_hours: z.number().min(0).max(999_999).nullable(),
  logged_hours: z.number().min(0).max(999_999),
  story_points: z.number().int().min(0).nullable(),
  sprint: z.string().max(200).nullable(),
  tags,
});

export const commentFields = z.object({
  entity_type: z.enum(['DOCUMENT', 'TEST_CASE', 'TEST_EXECUTION', 'CHANGE_REQUEST', 'TASK']),
  entity_id: id,
  parent_id: id.nullable(),
  body: z.string().trim().min(1, 'must not be empty').max(20_000),
  mentions: z.array(id).max(50),
});

/** One Yjs update of a document's content, hex-encoded as central's bytea text ("\\x…"). */
export const documentUpdateFields = z.object({
  document_id: id,
  update_data: z.string().regex(/^\\x(?:[0-9a-f]{2})+$/, 'must be hex bytes').max(40_000_002, 'is larger than 20 MB'),
});

/** A snapshot of a document for its history (named by the author, or automatic). */
export const documentVersionFields = z.object({
  document_id: id,
  title,
  content: longText(5_000_000),
  content_json: z.record(z.string(), z.unknown()).nullable(),
  change_summary: longText(2000),
  is_automatic: z.boolean(),
});

/** An electronic signature of a document version (src/main/central/signature.ts), made on the device. */
export const documentSignatureFields = z.object({
  document_id: id,
  document_version_id: id,
  meaning: z.enum(['AUTHORED', 'REVIEWED', 'APPROVED']),
  statement: z.string().trim().min(1).max(500),
  signer_name: z.string().min(1).max(200),
  signed_at: isoTime,
  content_sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 (64 hex digits)'),
  signature: z.string().regex(/^[0-9a-f]{64}$/, 'must be a signature (64 hex digits)'),
  signature_epoch: z.number().int().min(1),
});

/** A link from a document to another document or to a test case (exactly one target). */
export const documentRelationFields = z.object({
  source_document_id: id,
  target_document_id: id.nullable(),
  target_test_case_id: id.nullable(),
  relation_type: z.enum(['REFERENCES', 'DEPENDS_ON', 'SUPERSEDES', 'TRACES_TO', 'VERIFIED_BY', 'RELATED']),
  description: longText(2000),
});

/** A test run: a group of cases to execute, assigned to testers. */
export const testRunFields = z.object({
  name: title,
  description: longText(20_000),
  status: z.enum(['PLANNED', 'IN_PROGRESS', 'COMPLETED', 'ARCHIVED']),
  environment: z.string().max(500),
  build: z.string().max(500),
  due_date: isoDate.nullable(),
  assignees: z.array(id).max(100),
});

export const testRunCaseFields = z.object({
  test_run_id: id,
  test_case_id: id,
  assigned_to: id.nullable(),
  position: z.number().int().min(0).max(100_000),
});

/** A review of a suspect link: it names the suspicion it clears (the relation's suspect_revision). */
export const relationReviewFields = z.object({
  /** A document relation's id, or (test_case_relation_id) a test case relation's: exactly one. */
  relation_id: id.nullable(),
  test_case_relation_id: id.nullable(),
  suspect_revision: z.number().int().min(1),
  note: longText(2000),
  reviewed_at: isoTime,
});

/** A baseline's header: what it covers and how many items it holds (its items follow it). */
export const baselineFields = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  description: longText(5000),
  scope: z.enum(['PROJECT', 'SELECTION']),
  document_ids: z.array(id).max(20_000),
  suites: z.array(z.string().max(500)).max(1000),
  item_count: z.number().int().min(0).max(200_000),
  taken_at: isoTime,
});

/** The exact version of one item a baseline records. */
export const baselineItemFields = z.object({
  baseline_id: id,
  item_type: z.enum(['DOCUMENT', 'TEST_CASE']),
  item_id: id,
  document_version_id: id.nullable(),
  /** Test cases: the case_version recorded; documents: the version's number (central sets it from the version). */
  version_number: z.number().int().min(0),
  title: z.string().max(500),
});

/** The items a file can be attached to (central's attachments.entity_type). */
export const ATTACHMENT_ENTITY_TYPES = ['TEST_EXECUTION', 'DOCUMENT', 'TEST_CASE', 'CHANGE_REQUEST', 'TASK', 'COMMENT'] as const;
/** Central refuses files over 100 MB; the app attaches up to 25 MB (ATTACHMENT_LIMIT_BYTES). */
export const ATTACHMENT_MAX_BYTES = 100 * 1024 * 1024;

/** Metadata of an attached file; its content is uploaded apart, after this row has synced. */
export const attachmentFields = z.object({
  entity_type: z.enum(ATTACHMENT_ENTITY_TYPES),
  entity_id: id,
  file_name: z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters'),
  mime_type: z.string().min(1).max(255),
  file_size: z.number().int().min(0).max(ATTACHMENT_MAX_BYTES, 'must be at most 100 MB'),
  checksum_sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 in hex'),
  storage_provider: z.enum(['DATABASE']),
});

/** Every kind of item the local write API can create, with its table, the fields a create needs and
 *  the fields an update may change. */
export const WRITABLE = {
  document: { table: 'documents', create: documentFields.partial().required({ title: true }), update: documentFields.partial(), append: false },
  testCase: { table: 'test_cases', create: testCaseFields.partial().required({ title: true }), update: testCaseFields.partial(), append: false },
  execution: {
    table: 'test_executions',
    create: executionFields.partial().required({ test_case_id: true, test_case_version: true, status: true, executed_at: true }),
    update: z.object({}), append: true,
  },
  changeRequest: { table: 'change_requests', create: changeRequestFields.partial().required({ title: true }), update: changeRequestFields.partial(), append: false },
  impact: { table: 'change_request_impacts', create: impactFields.partial().required({ change_request_id: true, entity_type: true, entity_id: true }), update: impactFields.pick({ severity: true, description: true }).partial(), append: false },
  approval: { table: 'change_request_approvals', create: approvalFields.partial().required({ change_request_id: true, decision: true, change_request_revision: true, decided_at: true }), update: z.object({}), append: true },
  approver: {
    table: 'change_request_approvers', create: approverFields.partial({ position: true }),
    update: approverFields.pick({ approver_id: true, position: true }).partial(), append: false,
  },
  testRun: { table: 'test_runs', create: testRunFields.partial().required({ name: true }), update: testRunFields.partial(), append: false },
  testRunCase: {
    table: 'test_run_cases', create: testRunCaseFields.partial().required({ test_run_id: true, test_case_id: true }),
    update: testRunCaseFields.pick({ assigned_to: true, position: true }).partial(), append: false,
  },
  task: { table: 'tasks', create: taskFields.partial().required({ title: true }), update: taskFields.partial(), append: false },
  documentUpdate: { table: 'document_updates', create: documentUpdateFields, update: z.object({}), append: true },
  documentSignature: { table: 'document_signatures', create: documentSignatureFields, update: z.object({}), append: true },
  documentVersion: {
    table: 'document_versions', create: documentVersionFields.partial().required({ document_id: true, title: true, content: true }),
    update: z.object({}), append: true,
  },
  documentRelation: {
    table: 'document_relations',
    create: documentRelationFields.partial().required({ source_document_id: true, relation_type: true })
      .refine((r) => (r.target_document_id ? 1 : 0) + (r.target_test_case_id ? 1 : 0) === 1, 'needs exactly one target: a document or a test case')
      .refine((r) => r.target_document_id !== r.source_document_id, 'a document cannot be related to itself'),
    update: documentRelationFields.pick({ relation_type: true, description: true }).partial(), append: false,
  },
  relationReview: {
    table: 'relation_reviews',
    create: relationReviewFields.partial({ note: true, relation_id: true, test_case_relation_id: true })
      .refine((r) => (r.relation_id ? 1 : 0) + (r.test_case_relation_id ? 1 : 0) === 1, 'names exactly one link: relation_id or test_case_relation_id'),
    update: z.object({}), append: true,
  },
  // A baseline is a permanent record: its name and description are changed only by an org admin (central's rule).
  baseline: {
    table: 'baselines', create: baselineFields.partial({ description: true, document_ids: true, suites: true }),
    update: baselineFields.pick({ name: true, description: true }).partial(), append: false,
  },
  baselineItem: { table: 'baseline_items', create: baselineItemFields.partial({ document_version_id: true }), update: z.object({}), append: true },
  // Only the recipient's read mark is theirs to change; notifications are created by central.
  notification: {
    table: 'notifications', create: z.object({}).refine(() => false, 'notifications are created by the server'),
    update: z.object({ read_at: isoTime.nullable() }).partial(), append: false,
  },
  comment: { table: 'comments', create: commentFields.partial().required({ entity_type: true, entity_id: true, body: true }), update: commentFields.pick({ body: true, mentions: true }).partial(), append: false },
  attachment: {
    table: 'attachments', create: attachmentFields.partial({ mime_type: true, storage_provider: true }), update: z.object({}), append: true,
  },
} as const;

export type WritableKind = keyof typeof WRITABLE;
export type CreateInput<K extends WritableKind> = z.input<(typeof WRITABLE)[K]['create']>;
export type UpdateInput<K extends WritableKind> = z.input<(typeof WRITABLE)[K]['update']>;
