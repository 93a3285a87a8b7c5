// The replicated tables, declared once: their central columns (name, type, and whether a client may
// insert / update them: "i", "u"), and the scope a pull selects them by. The local replica mirrors
// these columns; test/integration/registry.test.ts checks them against central's information_schema.

export type ColumnType =
  | 'uuid' | 'text' | 'integer' | 'bigint' | 'boolean' | 'json' | 'text[]' | 'uuid[]' | 'timestamp' | 'date'
  | 'numeric' | 'xid8' | 'bytea';

export interface ColumnDef {
  name: string;
  type: ColumnType;
  insertable: boolean;
  updatable: boolean;
}

/** How a pull selects rows: by project, by the user's organization, or addressed to the user. */
export type Scope = 'project' | 'organization' | 'recipient';

export interface TableDef {
  name: TableName;
  scope: Scope;
  columns: readonly ColumnDef[];
}

function table(name: TableName, scope: Scope, specs: string[]): TableDef {
  const columns = specs.map((spec) => {
    const [column = '', type = '', privileges = ''] = spec.split(' ');
    return { name: column, type: type as ColumnType, insertable: privileges.includes('i'), updatable: privileges.includes('u') };
  });
  return { name, scope, columns };
}

export type TableName =
  | 'organizations' | 'users' | 'roles' | 'role_permissions' | 'projects' | 'project_members' | 'documents' | 'document_versions' | 'document_relations' | 'document_updates' | 'test_cases' | 'test_executions' | 'test_case_relations' | 'test_runs' | 'test_run_cases' | 'change_requests' | 'change_request_impacts' | 'change_request_approvals' | 'change_request_approvers' | 'tasks' | 'comments' | 'notifications' | 'attachments' | 'relation_reviews' | 'baselines' | 'baseline_items' | 'document_signatures';

/** Suspect links (central migration 0017), on both kinds of link: set by central when either side gets a new version, cleared by a review. */
const SUSPECT_COLUMNS = [
  'suspect boolean', 'suspect_source_version integer', 'suspect_target_version integer', 'suspect_at timestamp',
  'suspect_revision integer', 'reviewed_at timestamp', 'reviewed_by uuid', 'review_note text',
];

export const REPLICATED_TABLES: readonly TableDef[] = [
  table('organizations', 'organization', [
    'id uuid', 'name text', 'slug text', 'subscription_plan text', 'subscription_status text',
    'subscription_expires_at timestamp', 'settings json', 'created_at timestamp', 'created_by uuid',
    'updated_at timestamp', 'updated_by uuid', 'deleted_at timestamp', 'deleted_by uuid', 'version bigint',
    'sync_xid xid8',
  ]),
  table('users', 'organization', [
    'id uuid', 'organization_id uuid', 'email text', 'username text', 'full_name text u', 'avatar_url text u',
    'status text', 'email_verified_at timestamp', 'two_factor_enabled boolean', 'org_role_id uuid',
    'preferences json u', 'timezone text u', 'locale text u', 'last_login_at timestamp', 'created_at timestamp',
    'created_by uuid', 'updated_at timestamp', 'updated_by uuid', 'deleted_at timestamp', 'deleted_by uuid',
    'version bigint', 'sync_xid xid8',
  ]),
  table('roles', 'organization', [
    'id uuid', 'organization_id uuid', 'name text', 'description text', 'is_system boolean', 'created_at timestamp',
    'created_by uuid', 'updated_at timestamp', 'updated_by uuid', 'deleted_at timestamp', 'deleted_by uuid',
    'version bigint', 'sync_xid xid8',
  ]),
  table('role_permissions', 'organization', [
    'id uuid', 'organization_id uuid', 'role_id uuid', 'permission_id uuid', 'created_at timestamp',
    'created_by uuid', 'updated_at timestamp', 'updated_by uuid', 'deleted_at timestamp', 'deleted_by uuid',
    'version bigint', 'sync_xid xid8',
  ]),
  table('projects', 'project', [
    'id uuid i', 'organization_id uuid i', 'parent_id uuid iu', 'key text iu', 'name text iu', 'description text iu',
    'status text iu', 'manager_id uuid iu', 'start_date date iu', 'target_end_date date iu', 'metadata json iu',
    'created_at timestamp', 'created_by uuid', 'updated_at timestamp', 'updated_by uuid', 'deleted_at timestamp iu',
    'deleted_by uuid', 'version bigint', 'sync_xid xid8',
  ]),
  table('project_members', 'project', [
    'id uuid i', 'organization_id uuid i', 'project_id uuid i', 'user_id uuid iu', 'role_id uuid iu',
    'is_active boolean iu', 'joined_at timestamp iu', 'created_at timestamp', 'created_by uuid',
    'updated_at timestamp', 'updated_by uuid', 'deleted_at timestamp iu', 'deleted_by uuid', 'version bigint',
    'sync_xid xid8',
  ]),
  table('documents', 'project', [
    'id uuid i', 'organization_id uuid i', 'project_id uuid i', 'title text iu', 'content text iu',
    'content_json json iu', 'document_type text iu', 'status text iu', 'is_template boolean iu',
    'template_id uuid iu', 'tags text[] iu', 'current_version integer', 'owner_id uuid iu', 'file_name text iu',
    'file_size bigint iu', 'mime_type text iu', 'checksum_sha256 text iu', 'storage_provider text iu',
    'storage_path text iu', 'created_at timestamp', 'created_by uuid', 'updated_at timestamp', 'updated_by uuid',
    'deleted_at timestamp iu', 'deleted_by uuid', 'version bigint', 'sync_xid xid8',
  ]),
  table('document_versions', 'project', [
    'id uuid i', 'organization_id uuid i', 'project_id uuid i', 'document_id uuid i', 'version_number integer',
    'title text i', 'content text i', 'content_json json i', 'change_summary text i', 'is_automatic boolean i',
    'file_name text i', 'file_size bigint i', 'mime_type text i', 'checksum_sha256 text i',
    'storage_provider text i', 'storage_path text i', 'created_at timestamp', 'created_by uuid',
    'updated_at timestamp', 'updated_by uuid', 'deleted_at timestamp i', 'deleted_by uuid', 'version bigint',
    'sync_xid xid8',
  ]),
  table('document_signatures', 'project', [
    'id uuid i', 'organization_id uuid i', 'project_id uuid i', 'document_id uuid i', 'document_version_id uuid i', 'meaning text i',
    'statement text i', 'signer_id uuid', 'signer_name text i', 'signed_at timestamp i', 'content_sha256 text i', 'signature text i',
    'signature_epoch integer i', 'created_at timestamp', 'created_by uuid', 'updated_at timestamp', 'updated_by uuid',
    'deleted_at timestamp i', 'deleted_by uuid', 'version bigint', 'sync_xid xid8',
  ]),
  table('document_relations', 'project', [
    'id uuid i', 'organization_id uuid i', 'project_id uuid i', 'source_document_id uuid iu',
    'target_document_id uuid iu', 'target_test_case_id uuid iu', 'relation_type text iu', 'description text iu',
    'created_at timestamp', 'created_by uuid', 'updated_at timestamp', 'updated_by uuid', 'deleted_at timestamp iu',
    'deleted_by uuid', 'version bigint', 'sync_xid xid8',
    ...SUSPECT_COLUMNS,
  ]),
  // A review of a suspect link (append-only); central clears the link's suspicion when it accepts it.
  table('relation_reviews', 'project', [
    'id uuid i', 'organization_id uuid i', 'project_id uuid i', 'relation_id uuid i', 'test_case_relation_id uuid i',
    'suspect_revision integer i', 'note text i',
    'reviewed_at timestamp i', 'reviewer_id uuid', 'created_at timestamp', 'created_by uuid', 'updated_at timestamp',
    'updated_by uuid', 'deleted_at timestamp i', 'deleted_by uuid', 'version bigint', 'sync_xid xid8',
  ]),
  // Baselines: immutable snapshots of the exact version of every item (only an org admin renames or deletes one).
  table('baselines', 'project', [
    'id uuid i', 'organization_id uuid i', 'project_id uuid i', 'name text iu', 'description text iu', 'scope text iu',
    'document_ids uuid[] iu', 'suites text[] iu', 'item_count integer iu', 'items_received integer', 'taken_at timestamp iu',
    'created_at timestamp', 'created_by uuid', 'updated_at timestamp', 'updated_by uuid', 'deleted_at timestamp iu',
    'deleted_by uuid', 'version bigint', 'sync_xid xid8',
  ]),
  table('baseline_items', 'project', [
    'id uuid i', 'organization_id uuid i', 'project_id uuid i', 'baseline_id uuid i', 'item_type text i', 'item_id uuid i',
    'document_version_id uuid i', 'version_number integer i', 'title text i', 'created_at timestamp', 'created_by uuid',
    'updated_at timestamp', 'updated_by uuid', 'deleted_at timestamp i', 'deleted_by uuid', 'version bigint', 'sync_xid xid8',
  ]),
  table('document_updates', 'project', [
    'id uuid i', 'organization_id uuid i', 'project_id uuid i', 'document_id uuid i', 'update_data bytea i',
    'is_snapshot boolean', 'created_at timestamp', 'created_by uuid', 'updated_at timestamp', 'updated_by uuid',
    'deleted_at timestamp i', 'deleted_by uuid', 'version bigint', 'sync_xid xid8',
  ]),
  table('test_cases', 'project', [
    'id uuid i', 'organization_id uuid i', 'project_id uuid i', 'title text iu', 'description text iu',
    'preconditions text iu', 'steps json iu', 'expected_result text iu', 'priority text iu', 'status text iu',
    'test_type text iu', 'automation_status text iu', 'automation_id text iu', 'is_template boolean iu',
    'template_id uuid iu', 'reuse_count integer', 'suite text iu', 'estimated_minutes integer iu',
    'owner_id uuid iu', 'case_version integer', 'tags text[] iu', 'created_at timestamp', 'created_by uuid',
    'updated_at timestamp', 'updated_by uuid', 'deleted_at timestamp iu', 'deleted_by uuid', 'version bigint',
    'sync_xid xid8',
  ]),
  table('test_executions', 'project', [
    'id uuid i', 'organization_id uuid i', 'project_id uuid i', 'test_case_id uuid i', 'test_case_version integer i',
    'current_case_version integer', 'executed_against_stale_version boolean', 'status text i',
    'status_override_reason text i', 'step_results json i', 'actual_result text i', 'environment text i',
    'build text i', 'notes text i', 'executed_by uuid', 'started_at timestamp i', 'executed_at timestamp i',
    'duration_seconds integer i', 'created_at timestamp', 'created_by uuid', 'updated_at timestamp',
    'updated_by uuid', 'deleted_at timestamp i', 'deleted_by uuid', 'version bigint', 'sync_xid xid8', 'test_run_id uuid i',
  ]),
  table('test_runs', 'project', [
    'id uuid i', 'organization_id uuid i', 'project_id uuid i', 'name text iu', 'description text iu', 'status text iu',
    'environment text iu', 'build text iu', 'due_date date iu', 'assignees uuid[] iu', 'created_at timestamp', 'created_by uuid',
    'updated_at timestamp', 'updated_by uuid', 'deleted_at timestamp iu', 'deleted_by uuid', 'version bigint', 'sync_xid xid8',
  ]),
  table('test_run_cases', 'project', [
    'id uuid i', 'organization_id uuid i', 'project_id uuid i', 'test_run_id uuid iu', 'test_case_id uuid iu', 'assigned_to uuid iu',
    'position integer iu', 'created_at timestamp', 'created_by uuid', 'updated_at timestamp', 'updated_by uuid',
    'deleted_at timestamp iu', 'deleted_by uuid', 'version bigint', 'sync_xid xid8',
  ]),
  table('test_case_relations', 'project', [
    'id uuid i', 'organization_id uuid i', 'project_id uuid i', 'source_test_case_id uuid iu',
    'target_test_case_id uuid iu', 'relation_type text iu', 'created_at timestamp', 'created_by uuid',
    'updated_at timestamp', 'updated_by uuid', 'deleted_at timestamp iu', 'deleted_by uuid', 'version bigint',
    'sync_xid xid8', ...SUSPECT_COLUMNS,
  ]),
  table('change_requests', 'project', [
    'id uuid i', 'organization_id uuid i', 'project_id uuid i', 'number integer', 'title text iu',
    'description text iu', 'justification text iu', 'priority text iu', 'status text iu', 'revision integer',
    'requested_by uuid', 'assigned_to uuid iu', 'due_date date iu', 'approval_policy text iu',
    'approval_quorum integer iu', 'approval_mode text iu', 'submitted_at timestamp', 'decided_at timestamp',
    'implemented_at timestamp', 'closed_at timestamp', 'tags text[] iu', 'created_at timestamp', 'created_by uuid',
    'updated_at timestamp', 'updated_by uuid', 'deleted_at timestamp iu', 'deleted_by uuid', 'version bigint',
    'sync_xid xid8',
  ]),
  table('change_request_impacts', 'project', [
    'id uuid i', 'organization_id uuid i', 'project_id uuid i', 'change_request_id uuid iu', 'entity_type text iu',
    'entity_id uuid iu', 'severity text iu', 'description text iu', 'created_at timestamp', 'created_by uuid',
    'updated_at timestamp', 'updated_by uuid', 'deleted_at timestamp iu', 'deleted_by uuid', 'version bigint',
    'sync_xid xid8',
  ]),
  table('change_request_approvals', 'project', [
    'id uuid i', 'organization_id uuid i', 'project_id uuid i', 'change_request_id uuid i', 'approver_id uuid',
    'decision text i', 'comment text i', 'change_request_revision integer i', 'signature_meaning text i',
    'decided_at timestamp i', 'created_at timestamp', 'created_by uuid', 'updated_at timestamp', 'updated_by uuid',
    'deleted_at timestamp i', 'deleted_by uuid', 'version bigint', 'sync_xid xid8', 'signature text i',
    'signature_epoch integer i', 'signer_name text i',
  ]),
  table('change_request_approvers', 'project', [
    'id uuid i', 'organization_id uuid i', 'project_id uuid i', 'change_request_id uuid i', 'approver_id uuid iu',
    'position integer iu', 'created_at timestamp', 'created_by uuid', 'updated_at timestamp', 'updated_by uuid',
    'deleted_at timestamp iu', 'deleted_by uuid', 'version bigint', 'sync_xid xid8',
  ]),
  table('tasks', 'project', [
    'id uuid i', 'organization_id uuid i', 'project_id uuid i', 'parent_id uuid iu', 'change_request_id uuid iu',
    'title text iu', 'description text iu', 'task_type text iu', 'status text iu', 'priority text iu',
    'assignee_id uuid iu', 'reporter_id uuid iu', 'start_date date iu', 'due_date date iu',
    'estimate_hours numeric iu', 'logged_hours numeric iu', 'story_points integer iu', 'sprint text iu',
    'completed_at timestamp', 'tags text[] iu', 'created_at timestamp', 'created_by uuid', 'updated_at timestamp',
    'updated_by uuid', 'deleted_at timestamp iu', 'deleted_by uuid', 'version bigint', 'sync_xid xid8',
  ]),
  table('comments', 'project', [
    'id uuid i', 'organization_id uuid i', 'project_id uuid i', 'entity_type text iu', 'entity_id uuid iu',
    'parent_id uuid iu', 'body text iu', 'mentions uuid[] iu', 'edited_at timestamp', 'created_at timestamp',
    'created_by uuid', 'updated_at timestamp', 'updated_by uuid', 'deleted_at timestamp iu', 'deleted_by uuid',
    'version bigint', 'sync_xid xid8',
  ]),
  // Metadata of evidence files and other attachments; the content is uploaded apart (src/main/sync/uploads.ts).
  table('attachments', 'project', [
    'id uuid i', 'organization_id uuid i', 'project_id uuid i', 'entity_type text i', 'entity_id uuid i', 'file_name text i',
    'mime_type text i', 'file_size bigint i', 'checksum_sha256 text i', 'storage_provider text i', 'storage_path text',
    'stored boolean', 'uploaded_at timestamp', 'created_at timestamp', 'created_by uuid', 'updated_at timestamp',
    'updated_by uuid', 'deleted_at timestamp i', 'deleted_by uuid', 'version bigint', 'sync_xid xid8',
  ]),
  table('notifications', 'recipient', [
    'id uuid', 'organization_id uuid', 'project_id uuid', 'recipient_id uuid', 'type text', 'title text',
    'body text', 'entity_type text', 'entity_id uuid', 'channels text[]', 'delivery_status text',
    'delivered_at timestamp', 'read_at timestamp u', 'expires_at timestamp', 'created_at timestamp',
    'created_by uuid', 'updated_at timestamp', 'updated_by uuid', 'deleted_at timestamp u', 'deleted_by uuid',
    'version bigint', 'sync_xid xid8',
  ]),
];

export const TABLES = Object.fromEntries(REPLICATED_TABLES.map((t) => [t.name, t])) as Readonly<Record<TableName, TableDef>>;
