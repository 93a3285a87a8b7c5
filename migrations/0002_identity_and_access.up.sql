-- Identity and access: organizations, users, credentials, sessions, roles, permissions, projects,
-- memberships; the row-stamping and permission machinery every tenant table uses.
SET LOCAL ROLE super_admin;

-- ---------------------------------------------------------------------------------------------
-- Row stamping: version, sync_xid, updated/deleted by, immutable identity, delete wins.
-- ---------------------------------------------------------------------------------------------

-- True when the statement runs as a role that bypasses RLS (migrations, SECURITY DEFINER system
-- functions owned by super_admin). Client connections (application_user) are never privileged.
CREATE FUNCTION app.is_privileged() RETURNS boolean
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RETURN coalesce((SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user), false);
END $$;

-- Raises a ProManage error: SQLSTATE 'PMxxx' (stable code), a message for people and a hint
-- saying what to do.
CREATE FUNCTION app.fail(p_code text, p_message text, p_hint text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = p_code, MESSAGE = p_message, HINT = coalesce(p_hint, '');
END $$;

CREATE TABLE auth.user_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  organization_id uuid NOT NULL,
  token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  device_name text CHECK (length(device_name) <= 200),
  client_addr inet,
  application_name text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  revoked_reason text
);
CREATE INDEX user_sessions_user_idx ON auth.user_sessions (user_id) WHERE revoked_at IS NULL;
CREATE INDEX user_sessions_expiry_idx ON auth.user_sessions (expires_at);

-- What a table's rows are called in messages: 'test execution' for app.test_executions and its partitions.
CREATE FUNCTION app.table_label(p_relid oid) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT replace(regexp_replace(coalesce(
    (SELECT p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE i.inhrelid = p_relid),
    (SELECT relname FROM pg_class WHERE oid = p_relid)), 's$', ''), '_', ' ')
$$;

-- BEFORE INSERT OR UPDATE on every replicated table.
CREATE FUNCTION app.stamp_row() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_user uuid;
  v_privileged boolean := app.is_privileged();
BEGIN
  IF NOT v_privileged THEN
    v_user := app.current_user_id();
    IF v_user IS NULL THEN
      PERFORM app.fail('PM401', 'You are not signed in, or your session has ended.', 'Sign in again.');
    END IF;
  END IF;
  NEW.sync_xid := pg_current_xact_id();
  IF TG_OP = 'INSERT' THEN
    NEW.version := 1;
    IF NOT v_privileged THEN
      NEW.created_by := v_user;
      NEW.updated_by := v_user;
      NEW.updated_at := now();
      NEW.deleted_by := CASE WHEN NEW.deleted_at IS NULL THEN NULL ELSE v_user END;
    END IF;
    RETURN NEW;
  END IF;

  IF NEW.id <> OLD.id OR NEW.created_at <> OLD.created_at OR NEW.created_by IS DISTINCT FROM OLD.created_by
     OR (to_jsonb(NEW) ->> 'organization_id') IS DISTINCT FROM (to_jsonb(OLD) ->> 'organization_id')
     OR (to_jsonb(NEW) ->> 'project_id') IS DISTINCT FROM (to_jsonb(OLD) ->> 'project_id') THEN
    PERFORM app.fail('PM422', format('The identity, owner or project of a %s cannot be changed.', app.table_label(TG_RELID)),
                     'Create a new item in the other project instead.');
  END IF;
  IF OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NOT NULL THEN
    PERFORM app.fail('PM409', format('This %s was deleted, so the change was not applied.', app.table_label(TG_RELID)),
                     'Restore it first if you still need it.');
  END IF;
  NEW.version := OLD.version + 1;
  NEW.updated_at := now();
  IF NOT v_privileged THEN
    NEW.updated_by := v_user;
  END IF;
  IF NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN
    NEW.deleted_by := coalesce(v_user, NEW.deleted_by);
  ELSIF NEW.deleted_at IS NULL THEN
    NEW.deleted_by := NULL;
  END IF;
  RETURN NEW;
END $$;

-- Hard deletes (retention, purge) leave a tombstone so replicas drop the row too. Trigger argument: the
-- table's name (partitions report their own name in TG_TABLE_NAME).
CREATE TABLE app.tombstones (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  project_id uuid,
  table_name text NOT NULL,
  row_id uuid NOT NULL,
  deleted_at timestamptz NOT NULL DEFAULT now(),
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX tombstones_project_sync_idx ON app.tombstones (project_id, sync_xid, id);
CREATE INDEX tombstones_org_sync_idx ON app.tombstones (organization_id, sync_xid, id);
ALTER TABLE app.tombstones ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.tombstones FORCE ROW LEVEL SECURITY;

CREATE FUNCTION app.record_tombstone() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
DECLARE
  v jsonb := to_jsonb(OLD);
BEGIN
  INSERT INTO app.tombstones (organization_id, project_id, table_name, row_id)
  VALUES (coalesce((v ->> 'organization_id')::uuid, (v ->> 'id')::uuid),
          CASE WHEN TG_ARGV[0] = 'projects' THEN (v ->> 'id')::uuid ELSE (v ->> 'project_id')::uuid END,
          TG_ARGV[0], (v ->> 'id')::uuid);
  RETURN OLD;
END $$;

-- ---------------------------------------------------------------------------------------------
-- Organizations and users
-- ---------------------------------------------------------------------------------------------
CREATE TABLE app.organizations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  subscription_plan text NOT NULL DEFAULT 'FREE'
    CHECK (subscription_plan IN ('FREE', 'TEAM', 'BUSINESS', 'ENTERPRISE')),
  subscription_status text NOT NULL DEFAULT 'ACTIVE'
    CHECK (subscription_status IN ('TRIALING', 'ACTIVE', 'PAST_DUE', 'CANCELLED')),
  subscription_expires_at timestamptz,
  settings jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object'),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  version bigint NOT NULL DEFAULT 1,
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE UNIQUE INDEX organizations_slug_key ON app.organizations (slug) WHERE deleted_at IS NULL;

-- Roles: organization_id NULL marks the built-in roles every organization can use.
CREATE TABLE app.roles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid REFERENCES app.organizations (id),
  name text NOT NULL CHECK (name ~ '^[A-Z][A-Z0-9_]{1,62}$'),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
  is_system boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  version bigint NOT NULL DEFAULT 1,
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  CHECK (is_system = (organization_id IS NULL))
);
CREATE UNIQUE INDEX roles_org_name_key ON app.roles (coalesce(organization_id, '00000000-0000-0000-0000-000000000000'), name)
  WHERE deleted_at IS NULL;

CREATE TABLE app.users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES app.organizations (id),
  email text NOT NULL CHECK (length(email) <= 320 AND email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  username text CHECK (username ~ '^[A-Za-z0-9._-]{2,64}$'),
  full_name text NOT NULL CHECK (length(btrim(full_name)) BETWEEN 1 AND 200),
  avatar_url text CHECK (length(avatar_url) <= 2000),
  status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('PENDING', 'ACTIVE', 'SUSPENDED', 'DEACTIVATED')),
  email_verified_at timestamptz,
  two_factor_enabled boolean NOT NULL DEFAULT false,
  -- Organization-wide role: its GLOBAL-scope permissions apply to every project of the organization.
  org_role_id uuid REFERENCES app.roles (id),
  preferences jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(preferences) = 'object'),
  timezone text NOT NULL DEFAULT 'UTC' CHECK (length(timezone) <= 64),
  locale text NOT NULL DEFAULT 'en' CHECK (locale ~ '^[a-z]{2}(-[A-Z]{2})?$'),
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  version bigint NOT NULL DEFAULT 1,
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  UNIQUE (id, organization_id)
);
CREATE UNIQUE INDEX users_org_email_key ON app.users (organization_id, lower(email)) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX users_org_username_key ON app.users (organization_id, lower(username))
  WHERE deleted_at IS NULL AND username IS NOT NULL;
CREATE INDEX users_org_status_idx ON app.users (organization_id, status) WHERE deleted_at IS NULL;
CREATE INDEX users_org_sync_idx ON app.users (organization_id, sync_xid, id);

-- Secrets live apart from app.users: application_user has no privilege on this schema's tables.
CREATE TABLE auth.user_credentials (
  user_id uuid PRIMARY KEY REFERENCES app.users (id) ON DELETE CASCADE,
  password_hash text NOT NULL,
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  totp_secret text CHECK (totp_secret ~ '^[A-Z2-7]{16,128}$'),
  totp_last_step bigint,
  failed_attempts integer NOT NULL DEFAULT 0,
  last_failed_at timestamptz,
  locked_until timestamptz,
  email_verification_token_hash bytea,
  email_verification_expires_at timestamptz
);
ALTER TABLE auth.user_sessions
  ADD FOREIGN KEY (user_id) REFERENCES app.users (id) ON DELETE CASCADE,
  ADD FOREIGN KEY (organization_id) REFERENCES app.organizations (id) ON DELETE CASCADE;

-- The session of the token in app.session_token (set per transaction by the client), or no row.
-- Nothing else identifies a user: app.current_user_id and similar settings are never read.
-- plpgsql rather than SQL: a plpgsql function keeps its query plans for the session, an SQL function
-- is planned again on each call (these run in every statement's policies).
CREATE FUNCTION app.current_session()
RETURNS TABLE (session_id uuid, user_id uuid, organization_id uuid, device_name text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, app, auth, pg_temp AS $$
BEGIN
  RETURN QUERY
  SELECT s.id, s.user_id, s.organization_id, s.device_name
  FROM auth.user_sessions s
  JOIN app.users u ON u.id = s.user_id AND u.organization_id = s.organization_id
  JOIN app.organizations o ON o.id = s.organization_id
  WHERE s.token_hash = sha256(convert_to(nullif(current_setting('app.session_token', true), ''), 'UTF8'))
    AND s.revoked_at IS NULL
    AND s.expires_at > now()
    AND u.status = 'ACTIVE' AND u.deleted_at IS NULL
    AND o.deleted_at IS NULL;
END $$;

CREATE FUNCTION app.current_user_id() RETURNS uuid
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RETURN (SELECT s.user_id FROM app.current_session() s);
END $$;

CREATE FUNCTION app.current_organization_id() RETURNS uuid
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RETURN (SELECT s.organization_id FROM app.current_session() s);
END $$;


-- ---------------------------------------------------------------------------------------------
-- Permissions: resource x action x scope (GLOBAL: whole organization; PROJECT: the project where the
-- role is held; SELF: only items the user created).
-- ---------------------------------------------------------------------------------------------
CREATE TABLE app.permissions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  resource text NOT NULL CHECK (resource ~ '^[A-Z_]+$'),
  action text NOT NULL CHECK (action IN ('CREATE', 'READ', 'UPDATE', 'DELETE', 'APPROVE', 'MANAGE')),
  scope text NOT NULL CHECK (scope IN ('GLOBAL', 'PROJECT', 'SELF')),
  description text NOT NULL DEFAULT '',
  UNIQUE (resource, action, scope)
);

CREATE TABLE app.role_permissions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid REFERENCES app.organizations (id),
  role_id uuid NOT NULL REFERENCES app.roles (id),
  permission_id uuid NOT NULL REFERENCES app.permissions (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  version bigint NOT NULL DEFAULT 1,
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE UNIQUE INDEX role_permissions_key ON app.role_permissions (role_id, permission_id) WHERE deleted_at IS NULL;

-- ---------------------------------------------------------------------------------------------
-- Projects and memberships
-- ---------------------------------------------------------------------------------------------
CREATE TABLE app.projects (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES app.organizations (id),
  parent_id uuid,
  key text NOT NULL CHECK (key ~ '^[A-Z][A-Z0-9]{1,9}$'),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
  status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('PLANNING', 'ACTIVE', 'ON_HOLD', 'COMPLETED', 'ARCHIVED')),
  manager_id uuid,
  start_date date,
  target_end_date date,
  metadata jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  version bigint NOT NULL DEFAULT 1,
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  UNIQUE (id, organization_id),
  FOREIGN KEY (parent_id, organization_id) REFERENCES app.projects (id, organization_id),
  FOREIGN KEY (manager_id, organization_id) REFERENCES app.users (id, organization_id),
  CHECK (parent_id <> id),
  CHECK (target_end_date IS NULL OR start_date IS NULL OR target_end_date >= start_date)
);
CREATE UNIQUE INDEX projects_org_key_key ON app.projects (organization_id, key) WHERE deleted_at IS NULL;
CREATE INDEX projects_org_status_idx ON app.projects (organization_id, status) WHERE deleted_at IS NULL;
CREATE INDEX projects_manager_idx ON app.projects (manager_id) WHERE deleted_at IS NULL;
CREATE INDEX projects_parent_idx ON app.projects (parent_id) WHERE deleted_at IS NULL;

-- BEFORE INSERT OR UPDATE OF parent_id on hierarchical tables (projects, tasks): no cycles.
CREATE FUNCTION app.check_hierarchy() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
DECLARE
  v_cycle boolean;
BEGIN
  IF NEW.parent_id IS NULL THEN
    RETURN NEW;
  END IF;
  EXECUTE format(
    'WITH RECURSIVE ancestors(id) AS (SELECT $1 UNION SELECT t.parent_id FROM app.%I t JOIN ancestors a ON t.id = a.id '
    'WHERE t.parent_id IS NOT NULL) SELECT EXISTS (SELECT 1 FROM ancestors WHERE id = $2)', TG_TABLE_NAME)
  INTO v_cycle USING NEW.parent_id, NEW.id;
  IF v_cycle THEN
    PERFORM app.fail('PM422', format('A %s cannot be placed under itself or under one of its own children.', app.table_label(TG_RELID)),
                     'Choose another parent.');
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER t20_hierarchy BEFORE INSERT OR UPDATE OF parent_id ON app.projects
  FOR EACH ROW EXECUTE FUNCTION app.check_hierarchy();

CREATE TABLE app.project_members (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  project_id uuid NOT NULL,
  user_id uuid NOT NULL,
  role_id uuid NOT NULL REFERENCES app.roles (id),
  is_active boolean NOT NULL DEFAULT true,
  joined_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  version bigint NOT NULL DEFAULT 1,
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  FOREIGN KEY (project_id, organization_id) REFERENCES app.projects (id, organization_id),
  FOREIGN KEY (user_id, organization_id) REFERENCES app.users (id, organization_id)
);
CREATE UNIQUE INDEX project_members_key ON app.project_members (project_id, user_id) WHERE deleted_at IS NULL;
CREATE INDEX project_members_user_idx ON app.project_members (user_id, project_id)
  WHERE deleted_at IS NULL AND is_active;
CREATE INDEX project_members_sync_idx ON app.project_members (project_id, sync_xid, id);

CREATE FUNCTION app.check_member_role() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM app.roles r WHERE r.id = NEW.role_id AND r.deleted_at IS NULL
                 AND (r.organization_id IS NULL OR r.organization_id = NEW.organization_id)) THEN
    PERFORM app.fail('PM422', 'That role does not exist in this organization.', 'Pick one of the organization''s roles.');
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER t20_member_role BEFORE INSERT OR UPDATE OF role_id ON app.project_members
  FOR EACH ROW EXECUTE FUNCTION app.check_member_role();

-- ---------------------------------------------------------------------------------------------
-- Permission checks (run once per statement when written as (SELECT app.fn(...)) in a policy)
-- ---------------------------------------------------------------------------------------------

-- Projects where the current user may perform resource/action on any item: GLOBAL permissions of the
-- organization role reach every project; GLOBAL or PROJECT permissions of an active membership reach
-- that project.
CREATE FUNCTION app.permitted_projects(p_resource text, p_action text) RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
DECLARE
  v_user uuid;
  v_org uuid;
  v_result uuid[];
BEGIN
  SELECT s.user_id, s.organization_id INTO v_user, v_org FROM app.current_session() s;
  IF v_user IS NULL THEN
    RETURN '{}';
  END IF;
  IF EXISTS (SELECT 1 FROM app.users u
             JOIN app.role_permissions rp ON rp.role_id = u.org_role_id AND rp.deleted_at IS NULL
             JOIN app.permissions pe ON pe.id = rp.permission_id
             WHERE u.id = v_user AND pe.resource = p_resource AND pe.action = p_action AND pe.scope = 'GLOBAL') THEN
    SELECT coalesce(array_agg(p.id), '{}') INTO v_result FROM app.projects p
    WHERE p.organization_id = v_org AND p.deleted_at IS NULL;
  ELSE
    SELECT coalesce(array_agg(DISTINCT pm.project_id), '{}') INTO v_result
    FROM app.project_members pm
    JOIN app.projects p ON p.id = pm.project_id AND p.deleted_at IS NULL AND p.organization_id = v_org
    JOIN app.role_permissions rp ON rp.role_id = pm.role_id AND rp.deleted_at IS NULL
    JOIN app.permissions pe ON pe.id = rp.permission_id
    WHERE pm.user_id = v_user AND pm.is_active AND pm.deleted_at IS NULL
      AND pe.resource = p_resource AND pe.action = p_action AND pe.scope IN ('GLOBAL', 'PROJECT');
  END IF;
  RETURN v_result;
END $$;

-- Projects where the current user may perform resource/action only on items they created.
CREATE FUNCTION app.self_permitted_projects(p_resource text, p_action text) RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
DECLARE
  v_result uuid[];
BEGIN
  SELECT coalesce(array_agg(DISTINCT pm.project_id), '{}') INTO v_result
  FROM app.current_session() me
  JOIN app.project_members pm ON pm.user_id = me.user_id AND pm.is_active AND pm.deleted_at IS NULL
  JOIN app.projects p ON p.id = pm.project_id AND p.deleted_at IS NULL
  JOIN app.role_permissions rp ON rp.role_id = pm.role_id AND rp.deleted_at IS NULL
  JOIN app.permissions pe ON pe.id = rp.permission_id
  WHERE pe.resource = p_resource AND pe.action = p_action AND pe.scope = 'SELF';
  RETURN v_result;
END $$;

CREATE FUNCTION app.has_permission(p_project_id uuid, p_resource text, p_action text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT p_project_id = ANY (app.permitted_projects(p_resource, p_action))
$$;

-- Organization-level permission (GLOBAL scope through the user's organization role).
CREATE FUNCTION app.has_org_permission(p_resource text, p_action text) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
BEGIN
  RETURN EXISTS (
    SELECT 1 FROM app.current_session() me
    JOIN app.users u ON u.id = me.user_id
    JOIN app.role_permissions rp ON rp.role_id = u.org_role_id AND rp.deleted_at IS NULL
    JOIN app.permissions pe ON pe.id = rp.permission_id
    WHERE pe.resource = p_resource AND pe.action = p_action AND pe.scope = 'GLOBAL');
END $$;

-- BEFORE UPDATE on project-scoped tables (argument: the permission resource): the action a change needs.
-- INSERT is checked by the RLS policy; UPDATE needs UPDATE, and soft delete or restore needs DELETE,
-- on the project or (SELF scope) on the user's own items.
CREATE FUNCTION app.check_project_write() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_resource text := TG_ARGV[0];
  v_project uuid := CASE WHEN TG_TABLE_NAME = 'projects' THEN NEW.id ELSE (to_jsonb(NEW) ->> 'project_id')::uuid END;
  v_action text := CASE WHEN (NEW.deleted_at IS NULL) <> (OLD.deleted_at IS NULL) THEN 'DELETE' ELSE 'UPDATE' END;
BEGIN
  IF app.is_privileged() THEN
    RETURN NEW;
  END IF;
  IF v_project = ANY (app.permitted_projects(v_resource, v_action))
     OR (OLD.created_by = app.current_user_id() AND v_project = ANY (app.self_permitted_projects(v_resource, v_action))) THEN
    RETURN NEW;
  END IF;
  PERFORM app.fail('PM403', format('You do not have permission to %s this %s.', lower(v_action), replace(lower(v_resource), '_', ' ')),
                   'Ask a project manager for a role that allows it.');
  RETURN NULL;
END $$;

-- ---------------------------------------------------------------------------------------------
-- Table set-up helpers used by this and later migrations
-- ---------------------------------------------------------------------------------------------

-- Columns the server owns: clients never write them (column-level grants leave them out).
CREATE FUNCTION app.server_owned_columns() RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY['created_at', 'created_by', 'updated_at', 'updated_by', 'deleted_by', 'version', 'sync_xid',
               'search_vector']
$$;

-- Grants application_user SELECT plus INSERT/UPDATE of the client-writable columns
-- (all but server-owned ones and p_extra_excluded); readonly_user SELECT.
CREATE FUNCTION app.grant_client_access(p_table regclass, p_insert boolean, p_update boolean,
                                        p_extra_excluded text[] DEFAULT '{}') RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_cols text;
BEGIN
  EXECUTE format('GRANT SELECT ON %s TO application_user, readonly_user', p_table);
  SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO v_cols
  FROM pg_attribute
  WHERE attrelid = p_table AND attnum > 0 AND NOT attisdropped
    AND attname <> ALL (app.server_owned_columns() || p_extra_excluded);
  IF p_insert THEN
    EXECUTE format('GRANT INSERT (%s) ON %s TO application_user', v_cols, p_table);
  END IF;
  IF p_update THEN
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO v_cols
    FROM pg_attribute
    WHERE attrelid = p_table AND attnum > 0 AND NOT attisdropped
      AND attname <> ALL (app.server_owned_columns() || p_extra_excluded || ARRAY['id', 'organization_id', 'project_id']);
    EXECUTE format('GRANT UPDATE (%s) ON %s TO application_user', v_cols, p_table);
  END IF;
END $$;

-- Installs on a project-scoped tenant table: row stamping, write-permission check, tombstones,
-- RLS (enabled and forced) with organization + project policies for p_resource, and grants.
-- p_mode: 'crud' (insert, update, soft delete) or 'append' (insert-only records); p_insert_action: the
-- permission an insert needs (CREATE, or APPROVE for decisions).
CREATE FUNCTION app.setup_project_table(p_table regclass, p_resource text, p_mode text,
                                        p_extra_excluded text[] DEFAULT '{}', p_insert_action text DEFAULT 'CREATE')
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_read text := format(
    'organization_id = (SELECT app.current_organization_id()) AND ('
    'project_id = ANY ((SELECT app.permitted_projects(%1$L, ''READ''))::uuid[]) OR '
    '(created_by = (SELECT app.current_user_id()) AND project_id = ANY ((SELECT app.self_permitted_projects(%1$L, ''READ''))::uuid[])))',
    p_resource);
  v_create text := format(
    'organization_id = (SELECT app.current_organization_id()) AND ('
    'project_id = ANY ((SELECT app.permitted_projects(%1$L, %2$L))::uuid[]) OR '
    'project_id = ANY ((SELECT app.self_permitted_projects(%1$L, %2$L))::uuid[]))', p_resource, p_insert_action);
BEGIN
  IF p_mode NOT IN ('crud', 'append') THEN
    RAISE EXCEPTION 'unknown mode %', p_mode;
  END IF;
  EXECUTE format('CREATE TRIGGER t10_stamp BEFORE INSERT OR UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION app.stamp_row()', p_table);
  EXECUTE format('CREATE TRIGGER t30_check_write BEFORE UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION app.check_project_write(%L)', p_table, p_resource);
  EXECUTE format('CREATE TRIGGER t90_tombstone AFTER DELETE ON %s FOR EACH ROW EXECUTE FUNCTION app.record_tombstone(%L)',
                 p_table, (SELECT relname FROM pg_class WHERE oid = p_table));
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', p_table);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', p_table);
  EXECUTE format('CREATE POLICY tenant_read ON %s FOR SELECT USING (%s)', p_table, v_read);
  EXECUTE format('CREATE POLICY tenant_insert ON %s FOR INSERT WITH CHECK (%s)', p_table, v_create);
  IF p_mode = 'crud' THEN
    EXECUTE format('CREATE POLICY tenant_update ON %s FOR UPDATE USING (%s) WITH CHECK (%s)', p_table, v_read, v_read);
  END IF;
  PERFORM app.grant_client_access(p_table, true, p_mode = 'crud', p_extra_excluded);
END $$;

-- ---------------------------------------------------------------------------------------------
-- Stamping, tombstones, RLS and grants for the tables above
-- ---------------------------------------------------------------------------------------------
CREATE TRIGGER t10_stamp BEFORE INSERT OR UPDATE ON app.organizations FOR EACH ROW EXECUTE FUNCTION app.stamp_row();
CREATE TRIGGER t10_stamp BEFORE INSERT OR UPDATE ON app.users FOR EACH ROW EXECUTE FUNCTION app.stamp_row();
CREATE TRIGGER t10_stamp BEFORE INSERT OR UPDATE ON app.roles FOR EACH ROW EXECUTE FUNCTION app.stamp_row();
CREATE TRIGGER t10_stamp BEFORE INSERT OR UPDATE ON app.role_permissions FOR EACH ROW EXECUTE FUNCTION app.stamp_row();
CREATE TRIGGER t90_tombstone AFTER DELETE ON app.users FOR EACH ROW EXECUTE FUNCTION app.record_tombstone('users');
CREATE TRIGGER t90_tombstone AFTER DELETE ON app.roles FOR EACH ROW EXECUTE FUNCTION app.record_tombstone('roles');
CREATE TRIGGER t90_tombstone AFTER DELETE ON app.role_permissions FOR EACH ROW EXECUTE FUNCTION app.record_tombstone('role_permissions');

ALTER TABLE app.organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.organizations FORCE ROW LEVEL SECURITY;
CREATE POLICY own_organization ON app.organizations FOR SELECT
  USING (id = (SELECT app.current_organization_id()));
GRANT SELECT ON app.organizations TO application_user, readonly_user;

ALTER TABLE app.users ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.users FORCE ROW LEVEL SECURITY;
CREATE POLICY same_organization ON app.users FOR SELECT
  USING (organization_id = (SELECT app.current_organization_id()));
CREATE POLICY update_own_profile ON app.users FOR UPDATE
  USING (id = (SELECT app.current_user_id())) WITH CHECK (id = (SELECT app.current_user_id()));
GRANT SELECT ON app.users TO application_user, readonly_user;
GRANT UPDATE (full_name, avatar_url, preferences, timezone, locale) ON app.users TO application_user;

ALTER TABLE app.roles ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.roles FORCE ROW LEVEL SECURITY;
CREATE POLICY visible_roles ON app.roles FOR SELECT
  USING ((SELECT app.current_organization_id()) IS NOT NULL
         AND (organization_id IS NULL OR organization_id = (SELECT app.current_organization_id())));
GRANT SELECT ON app.roles TO application_user, readonly_user;

ALTER TABLE app.role_permissions ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.role_permissions FORCE ROW LEVEL SECURITY;
CREATE POLICY visible_role_permissions ON app.role_permissions FOR SELECT
  USING ((SELECT app.current_organization_id()) IS NOT NULL
         AND (organization_id IS NULL OR organization_id = (SELECT app.current_organization_id())));
GRANT SELECT ON app.role_permissions TO application_user, readonly_user;

-- The permission catalogue is the same for every organization: no tenant data.
GRANT SELECT ON app.permissions TO application_user, readonly_user;

-- Projects: reading needs PROJECT/READ; creating needs the organization-level PROJECT/CREATE.
CREATE TRIGGER t10_stamp BEFORE INSERT OR UPDATE ON app.projects FOR EACH ROW EXECUTE FUNCTION app.stamp_row();
CREATE TRIGGER t30_check_write BEFORE UPDATE ON app.projects FOR EACH ROW EXECUTE FUNCTION app.check_project_write('PROJECT');
CREATE TRIGGER t90_tombstone AFTER DELETE ON app.projects FOR EACH ROW EXECUTE FUNCTION app.record_tombstone('projects');
ALTER TABLE app.projects ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.projects FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON app.projects FOR SELECT
  USING (organization_id = (SELECT app.current_organization_id())
         AND id = ANY ((SELECT app.permitted_projects('PROJECT', 'READ'))::uuid[]));
CREATE POLICY tenant_insert ON app.projects FOR INSERT
  WITH CHECK (organization_id = (SELECT app.current_organization_id()) AND (SELECT app.has_org_permission('PROJECT', 'CREATE')));
CREATE POLICY tenant_update ON app.projects FOR UPDATE
  USING (organization_id = (SELECT app.current_organization_id())
         AND id = ANY ((SELECT app.permitted_projects('PROJECT', 'READ'))::uuid[]))
  WITH CHECK (organization_id = (SELECT app.current_organization_id()));
SELECT app.grant_client_access('app.projects', true, true);

-- Memberships: visible to the project's readers and to the member; managed with PROJECT_MEMBER/MANAGE.
CREATE TRIGGER t10_stamp BEFORE INSERT OR UPDATE ON app.project_members FOR EACH ROW EXECUTE FUNCTION app.stamp_row();
CREATE TRIGGER t90_tombstone AFTER DELETE ON app.project_members FOR EACH ROW EXECUTE FUNCTION app.record_tombstone('project_members');
ALTER TABLE app.project_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.project_members FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON app.project_members FOR SELECT
  USING (organization_id = (SELECT app.current_organization_id())
         AND (user_id = (SELECT app.current_user_id())
              OR project_id = ANY ((SELECT app.permitted_projects('PROJECT', 'READ'))::uuid[])));
CREATE POLICY tenant_insert ON app.project_members FOR INSERT
  WITH CHECK (organization_id = (SELECT app.current_organization_id())
              AND project_id = ANY ((SELECT app.permitted_projects('PROJECT_MEMBER', 'MANAGE'))::uuid[]));
CREATE POLICY tenant_update ON app.project_members FOR UPDATE
  USING (organization_id = (SELECT app.current_organization_id())
         AND project_id = ANY ((SELECT app.permitted_projects('PROJECT_MEMBER', 'MANAGE'))::uuid[]))
  WITH CHECK (organization_id = (SELECT app.current_organization_id())
              AND project_id = ANY ((SELECT app.permitted_projects('PROJECT_MEMBER', 'MANAGE'))::uuid[]));
SELECT app.grant_client_access('app.project_members', true, true);

CREATE POLICY tenant_read ON app.tombstones FOR SELECT
  USING (organization_id = (SELECT app.current_organization_id())
         AND (project_id IS NULL OR project_id = ANY ((SELECT app.permitted_projects('PROJECT', 'READ'))::uuid[])));
GRANT SELECT ON app.tombstones TO application_user, readonly_user;

GRANT EXECUTE ON FUNCTION app.current_user_id(), app.current_organization_id(), app.current_session(),
  app.permitted_projects(text, text), app.self_permitted_projects(text, text),
  app.has_permission(uuid, text, text), app.has_org_permission(text, text), app.is_privileged(), app.fail(text, text, text),
  app.table_label(oid)
  TO application_user, readonly_user;
GRANT EXECUTE ON FUNCTION app.stamp_row(), app.check_project_write(), app.check_hierarchy(),
  app.check_member_role() TO application_user;

-- ---------------------------------------------------------------------------------------------
-- Catalogue and built-in roles
-- ---------------------------------------------------------------------------------------------
INSERT INTO app.permissions (resource, action, scope, description)
SELECT r, a, s, format('%s %s (%s)', initcap(a), replace(lower(r), '_', ' '), lower(s))
FROM unnest(ARRAY['DOCUMENT', 'TEST_CASE', 'TEST_EXECUTION', 'CHANGE_REQUEST', 'TASK', 'COMMENT']) r,
     unnest(ARRAY['CREATE', 'READ', 'UPDATE', 'DELETE']) a,
     unnest(ARRAY['GLOBAL', 'PROJECT', 'SELF']) s
UNION ALL
SELECT r, a, s, format('%s %s (%s)', initcap(a), replace(lower(r), '_', ' '), lower(s))
FROM (VALUES ('CHANGE_REQUEST', 'APPROVE'), ('PROJECT', 'READ'), ('PROJECT', 'UPDATE'), ('PROJECT', 'DELETE'),
             ('PROJECT_MEMBER', 'MANAGE'), ('ACTIVITY_LOG', 'READ')) v(r, a),
     unnest(ARRAY['GLOBAL', 'PROJECT']) s
UNION ALL
SELECT r, a, 'GLOBAL', format('%s %s (organization)', initcap(a), replace(lower(r), '_', ' '))
FROM (VALUES ('PROJECT', 'CREATE'), ('USER', 'MANAGE'), ('ROLE', 'MANAGE'), ('ORGANIZATION', 'MANAGE')) v(r, a);

INSERT INTO app.roles (name, description, is_system) VALUES
  ('ORG_ADMIN', 'Administers the organization: users, roles, every project.', true),
  ('PROJECT_MANAGER', 'Runs a project: all content, members, approvals.', true),
  ('DOCUMENT_AUTHOR', 'Writes and maintains documents.', true),
  ('TESTER', 'Designs and executes test cases.', true),
  ('REVIEWER', 'Reviews and approves change requests.', true),
  ('VIEWER', 'Reads the project and comments.', true);

-- Built-in grants, as (role, resource, actions, scope) rows.
INSERT INTO app.role_permissions (role_id, permission_id)
SELECT r.id, pe.id
FROM (VALUES
  ('ORG_ADMIN', NULL, NULL, 'GLOBAL'),
  ('PROJECT_MANAGER', 'DOCUMENT,TEST_CASE,TEST_EXECUTION,CHANGE_REQUEST,TASK,COMMENT', 'CREATE,READ,UPDATE,DELETE', 'PROJECT'),
  ('PROJECT_MANAGER', 'CHANGE_REQUEST', 'APPROVE', 'PROJECT'),
  ('PROJECT_MANAGER', 'PROJECT', 'READ,UPDATE', 'PROJECT'),
  ('PROJECT_MANAGER', 'PROJECT_MEMBER', 'MANAGE', 'PROJECT'),
  ('PROJECT_MANAGER', 'ACTIVITY_LOG', 'READ', 'PROJECT'),
  ('DOCUMENT_AUTHOR', 'DOCUMENT', 'CREATE,READ,UPDATE,DELETE', 'PROJECT'),
  ('DOCUMENT_AUTHOR', 'TEST_CASE,TEST_EXECUTION,CHANGE_REQUEST,TASK,COMMENT', 'READ', 'PROJECT'),
  ('DOCUMENT_AUTHOR', 'CHANGE_REQUEST,TASK,COMMENT', 'CREATE', 'PROJECT'),
  ('DOCUMENT_AUTHOR', 'CHANGE_REQUEST,TASK,COMMENT', 'UPDATE,DELETE', 'SELF'),
  ('TESTER', 'TEST_CASE', 'CREATE,READ,UPDATE,DELETE', 'PROJECT'),
  ('TESTER', 'TEST_EXECUTION', 'CREATE,READ', 'PROJECT'),
  ('TESTER', 'TEST_EXECUTION', 'DELETE', 'SELF'),
  ('TESTER', 'DOCUMENT,CHANGE_REQUEST,TASK,COMMENT', 'READ', 'PROJECT'),
  ('TESTER', 'TASK,COMMENT', 'CREATE', 'PROJECT'),
  ('TESTER', 'TASK,COMMENT', 'UPDATE,DELETE', 'SELF'),
  ('REVIEWER', 'DOCUMENT,TEST_CASE,TEST_EXECUTION,CHANGE_REQUEST,TASK,COMMENT', 'READ', 'PROJECT'),
  ('REVIEWER', 'CHANGE_REQUEST', 'APPROVE', 'PROJECT'),
  ('REVIEWER', 'COMMENT', 'CREATE', 'PROJECT'),
  ('REVIEWER', 'COMMENT', 'UPDATE,DELETE', 'SELF'),
  ('VIEWER', 'DOCUMENT,TEST_CASE,TEST_EXECUTION,CHANGE_REQUEST,TASK,COMMENT', 'READ', 'PROJECT'),
  ('VIEWER', 'COMMENT', 'CREATE', 'PROJECT'),
  ('VIEWER', 'COMMENT', 'UPDATE,DELETE', 'SELF'),
  ('DOCUMENT_AUTHOR,TESTER,REVIEWER,VIEWER', 'PROJECT', 'READ', 'PROJECT'),
  ('DOCUMENT_AUTHOR,TESTER,REVIEWER,VIEWER', 'ACTIVITY_LOG', 'READ', 'PROJECT')
) g(roles, resources, actions, scope)
JOIN app.roles r ON r.name = ANY (string_to_array(g.roles, ','))
JOIN app.permissions pe ON pe.scope = g.scope
  AND (g.resources IS NULL OR pe.resource = ANY (string_to_array(g.resources, ',')))
  AND (g.actions IS NULL OR pe.action = ANY (string_to_array(g.actions, ',')));
