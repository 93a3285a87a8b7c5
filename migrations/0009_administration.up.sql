-- Organization administration, enforced by the database: users (create, password reset, lock, disable,
-- organization role, sessions), projects, memberships and custom roles, as SECURITY DEFINER functions in
-- schema admin that application_user may call; each checks the signed-in user's permission, keeps to
-- their organization, and changes nothing when it refuses. Plus the password rule and the operator's
-- bootstrap of a new organization.
SET LOCAL ROLE super_admin;

CREATE SCHEMA admin;
GRANT USAGE ON SCHEMA admin TO application_user;

-- ---------------------------------------------------------------------------------------------
-- Password rule (also used by the bootstrap CLI and, for quick feedback, by the client)
-- ---------------------------------------------------------------------------------------------

-- What is wrong with p_password for the account p_email, or NULL when it is acceptable: at least 12
-- characters (at most 1,000, as auth.login accepts), not containing the email's name part (when that
-- has 3 or more characters), and at least 3 of 4 kinds of characters: lowercase, capitals, digits,
-- others (symbols, spaces, non-Latin letters).
CREATE FUNCTION auth.password_problem(p_password text, p_email text) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_local text := lower(split_part(btrim(coalesce(p_email, '')), '@', 1));
  v_kinds int;
BEGIN
  IF coalesce(p_password, '') = '' THEN
    RETURN 'Enter a password.';
  END IF;
  IF length(p_password) < 12 THEN
    RETURN format('The password is too short (%s characters): use at least 12.', length(p_password));
  END IF;
  IF length(p_password) > 1000 THEN
    RETURN 'The password is too long: use at most 1,000 characters.';
  END IF;
  IF length(v_local) >= 3 AND strpos(lower(p_password), v_local) > 0 THEN
    RETURN format('The password contains "%s" from the email address: choose one that does not.', v_local);
  END IF;
  v_kinds := (p_password ~ '[a-z]')::int + (p_password ~ '[A-Z]')::int + (p_password ~ '[0-9]')::int
           + (p_password ~ '[^a-zA-Z0-9]')::int;
  IF v_kinds < 3 THEN
    RETURN format('The password uses %s of the 4 kinds of characters (lowercase letters, capitals, digits, symbols): '
                  'use at least 3.', v_kinds);
  END IF;
  RETURN NULL;
END $$;

-- ---------------------------------------------------------------------------------------------
-- Helpers (not callable by clients; they run inside the SECURITY DEFINER functions below)
-- ---------------------------------------------------------------------------------------------

-- The signed-in user, who must hold p_resource/p_action at GLOBAL scope through their organization role.
-- p_doing completes "You do not have permission to …".
CREATE FUNCTION admin.caller(p_resource text, p_action text, p_doing text)
RETURNS TABLE (user_id uuid, organization_id uuid, session_id uuid, device_name text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RETURN QUERY SELECT s.user_id, s.organization_id, s.session_id, s.device_name FROM app.current_session() s;
  IF NOT FOUND THEN
    PERFORM app.fail('PM401', 'You are not signed in, or your session has ended.', 'Sign in again.');
  END IF;
  IF NOT app.has_org_permission(p_resource, p_action) THEN
    PERFORM app.fail('PM403', format('You do not have permission to %s.', p_doing),
                     'Ask an organization administrator (role ORG_ADMIN) to do it, or to give you a role that allows it.');
  END IF;
END $$;

-- Serialises the changes that could leave an organization without an administrator.
CREATE FUNCTION admin.lock_organization(p_org uuid) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM 1 FROM app.organizations WHERE id = p_org FOR NO KEY UPDATE;
END $$;

-- A user of p_org (not deleted), locked for update; PM404 otherwise (users of other organizations too).
CREATE FUNCTION admin.org_user(p_org uuid, p_user_id uuid) RETURNS app.users
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v app.users;
BEGIN
  SELECT u.* INTO v FROM app.users u
  WHERE u.id = p_user_id AND u.organization_id = p_org AND u.deleted_at IS NULL FOR UPDATE;
  IF v.id IS NULL THEN
    PERFORM app.fail('PM404', 'There is no such user in your organization.', 'Refresh the list of users.');
  END IF;
  RETURN v;
END $$;

-- A role p_org can use (built-in or its own, not deleted); PM404 otherwise.
CREATE FUNCTION admin.org_role(p_org uuid, p_role_id uuid) RETURNS app.roles
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v app.roles;
BEGIN
  SELECT r.* INTO v FROM app.roles r
  WHERE r.id = p_role_id AND r.deleted_at IS NULL AND (r.organization_id IS NULL OR r.organization_id = p_org);
  IF v.id IS NULL THEN
    PERFORM app.fail('PM404', 'That role does not exist in your organization.', 'Pick one of the roles listed under Roles.');
  END IF;
  RETURN v;
END $$;

-- A project of p_org (not deleted), or PM404; the caller must hold PROJECT_MEMBER/MANAGE on it (PM403).
CREATE FUNCTION admin.managed_project(p_org uuid, p_project_id uuid) RETURNS app.projects
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v app.projects;
BEGIN
  SELECT p.* INTO v FROM app.projects p
  WHERE p.id = p_project_id AND p.organization_id = p_org AND p.deleted_at IS NULL FOR NO KEY UPDATE;
  IF v.id IS NULL THEN
    PERFORM app.fail('PM404', 'There is no such project in your organization.', 'Refresh the list of projects.');
  END IF;
  IF NOT app.has_permission(v.id, 'PROJECT_MEMBER', 'MANAGE') THEN
    PERFORM app.fail('PM403', format('You do not have permission to manage the members of %s.', v.key),
                     'Ask the project''s manager or an organization administrator.');
  END IF;
  RETURN v;
END $$;

CREATE FUNCTION admin.role_permission_ids(p_role_id uuid) RETURNS uuid[]
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT coalesce(array_agg(rp.permission_id), '{}') FROM app.role_permissions rp
  WHERE rp.role_id = p_role_id AND rp.deleted_at IS NULL
$$;

-- No one hands out power they do not hold: giving or editing a role at organization level needs, for each
-- of its permissions, the same resource/action at GLOBAL scope in the caller's own organization role.
CREATE FUNCTION admin.require_org_cover(p_user_id uuid, p_permissions uuid[], p_doing text) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_missing text;
BEGIN
  SELECT string_agg(DISTINCT want.resource || '/' || want.action, ', ') INTO v_missing
  FROM app.permissions want
  WHERE want.id = ANY (p_permissions)
    AND NOT EXISTS (
      SELECT 1 FROM app.users u
      JOIN app.roles r ON r.id = u.org_role_id AND r.deleted_at IS NULL
      JOIN app.role_permissions rp ON rp.role_id = r.id AND rp.deleted_at IS NULL
      JOIN app.permissions have ON have.id = rp.permission_id
      WHERE u.id = p_user_id AND have.scope = 'GLOBAL' AND have.resource = want.resource AND have.action = want.action);
  IF v_missing IS NOT NULL THEN
    PERFORM app.fail('PM403', format('You cannot %s: it involves permissions you do not hold yourself (%s).', p_doing, v_missing),
                     'Ask an organization administrator (role ORG_ADMIN) to do it.');
  END IF;
END $$;

-- The same within one project: each permission of p_role_id must be the caller's on p_project_id.
CREATE FUNCTION admin.require_project_cover(p_project_id uuid, p_role_id uuid, p_doing text) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_missing text;
BEGIN
  SELECT string_agg(DISTINCT pe.resource || '/' || pe.action, ', ') INTO v_missing
  FROM app.role_permissions rp
  JOIN app.permissions pe ON pe.id = rp.permission_id
  WHERE rp.role_id = p_role_id AND rp.deleted_at IS NULL
    AND NOT p_project_id = ANY (app.permitted_projects(pe.resource, pe.action))
    AND NOT (pe.scope = 'SELF' AND p_project_id = ANY (app.self_permitted_projects(pe.resource, pe.action)));
  IF v_missing IS NOT NULL THEN
    PERFORM app.fail('PM403', format('You cannot %s: the role includes permissions you do not hold in this project (%s).', p_doing, v_missing),
                     'Ask an organization administrator (role ORG_ADMIN) to do it.');
  END IF;
END $$;

-- Active organization administrators of p_org: ACTIVE users whose organization role holds every
-- permission the built-in ORG_ADMIN role holds.
CREATE FUNCTION admin.org_admin_count(p_org uuid) RETURNS integer
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT count(*)::int FROM app.users u
  JOIN app.roles r ON r.id = u.org_role_id AND r.deleted_at IS NULL
  WHERE u.organization_id = p_org AND u.status = 'ACTIVE' AND u.deleted_at IS NULL
    AND NOT EXISTS (
      SELECT 1 FROM app.roles a JOIN app.role_permissions ap ON ap.role_id = a.id AND ap.deleted_at IS NULL
      WHERE a.name = 'ORG_ADMIN' AND a.is_system AND a.deleted_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM app.role_permissions rp
                        WHERE rp.role_id = r.id AND rp.deleted_at IS NULL AND rp.permission_id = ap.permission_id))
$$;

CREATE FUNCTION admin.is_org_admin(p_user_id uuid) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT EXISTS (
    SELECT 1 FROM app.users u JOIN app.roles r ON r.id = u.org_role_id AND r.deleted_at IS NULL
    WHERE u.id = p_user_id
      AND NOT EXISTS (
        SELECT 1 FROM app.roles a JOIN app.role_permissions ap ON ap.role_id = a.id AND ap.deleted_at IS NULL
        WHERE a.name = 'ORG_ADMIN' AND a.is_system AND a.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM app.role_permissions rp
                          WHERE rp.role_id = r.id AND rp.deleted_at IS NULL AND rp.permission_id = ap.permission_id)))
$$;

-- Raised after a change when it left the organization (which had one) without an active administrator;
-- the raise undoes the change.
CREATE FUNCTION admin.keep_an_admin(p_org uuid, p_admins_before integer, p_message text) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF p_admins_before > 0 AND admin.org_admin_count(p_org) = 0 THEN
    PERFORM app.fail('PM409', p_message, 'Give another active user the ORG_ADMIN role first.');
  END IF;
END $$;

-- Ends every open session of a user; the number ended.
CREATE FUNCTION admin.end_sessions(p_user_id uuid, p_reason text) RETURNS integer
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_count integer;
BEGIN
  UPDATE auth.user_sessions SET revoked_at = now(), revoked_reason = p_reason
  WHERE user_id = p_user_id AND revoked_at IS NULL;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END $$;

-- An activity log entry for changes the audit triggers cannot see (credentials and sessions live in auth).
CREATE FUNCTION admin.log_user_change(p_org uuid, p_actor uuid, p_user_id uuid, p_changes jsonb) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_session record;
BEGIN
  SELECT * INTO v_session FROM app.current_session();
  INSERT INTO app.activity_logs (organization_id, user_id, session_id, device_name, entity_type, entity_id, action, changes,
                                 client_action_at, client_addr, application_name)
  VALUES (p_org, p_actor, v_session.session_id, v_session.device_name, 'USER', p_user_id, 'UPDATE', p_changes,
          app.client_action_time(), inet_client_addr(), current_setting('application_name', true));
END $$;

CREATE FUNCTION admin.require_email(p_email text) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v text := btrim(coalesce(p_email, ''));
BEGIN
  IF length(v) > 320 OR v !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' THEN
    PERFORM app.fail('PM422', format('"%s" is not a valid email address.', left(v, 100)), 'Enter it as name@example.com.');
  END IF;
  RETURN v;
END $$;

CREATE FUNCTION admin.require_full_name(p_full_name text) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v text := btrim(coalesce(p_full_name, ''));
BEGIN
  IF length(v) NOT BETWEEN 1 AND 200 THEN
    PERFORM app.fail('PM422', 'Enter the person''s full name (1 to 200 characters).', NULL);
  END IF;
  RETURN v;
END $$;

CREATE FUNCTION admin.require_password(p_password text, p_email text) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_problem text := auth.password_problem(p_password, p_email);
BEGIN
  IF v_problem IS NOT NULL THEN
    PERFORM app.fail('PM422', v_problem,
                     'Use at least 12 characters mixing 3 of: lowercase letters, capitals, digits, symbols; a passphrase works well.');
  END IF;
END $$;

-- Permission references as given by clients: a permission id, or 'RESOURCE/ACTION/SCOPE' (any case).
-- PM422 for an empty list or a malformed reference, PM404 for one the catalogue does not have.
CREATE FUNCTION admin.resolve_permissions(p_refs text[]) RETURNS uuid[]
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_ref text;
  v_id uuid;
  v_parts text[];
  v_ids uuid[] := '{}';
BEGIN
  IF coalesce(cardinality(p_refs), 0) = 0 THEN
    PERFORM app.fail('PM422', 'A role needs at least one permission.', 'Pick permissions from the catalogue.');
  END IF;
  FOREACH v_ref IN ARRAY p_refs LOOP
    v_ref := btrim(coalesce(v_ref, ''));
    IF v_ref ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
      SELECT pe.id INTO v_id FROM app.permissions pe WHERE pe.id = v_ref::uuid;
    ELSE
      v_parts := string_to_array(upper(v_ref), '/');
      IF cardinality(v_parts) <> 3 THEN
        PERFORM app.fail('PM422', format('"%s" is not a permission: write RESOURCE/ACTION/SCOPE, e.g. DOCUMENT/READ/PROJECT, or give its id.',
                                         left(v_ref, 100)), NULL);
      END IF;
      SELECT pe.id INTO v_id FROM app.permissions pe
      WHERE pe.resource = btrim(v_parts[1]) AND pe.action = btrim(v_parts[2]) AND pe.scope = btrim(v_parts[3]);
    END IF;
    IF v_id IS NULL THEN
      PERFORM app.fail('PM404', format('There is no permission "%s".', left(v_ref, 100)),
                       'See the permission catalogue (app.permissions) for the resources, actions and scopes that exist.');
    END IF;
    IF NOT v_id = ANY (v_ids) THEN
      v_ids := v_ids || v_id;
    END IF;
  END LOOP;
  RETURN v_ids;
END $$;

-- ---------------------------------------------------------------------------------------------
-- Users (USER/MANAGE). Acting on a user needs every permission of their organization role.
-- ---------------------------------------------------------------------------------------------

-- Creates an ACTIVE user with an initial password and, optionally, an organization role. Returns its id.
CREATE FUNCTION admin.create_user(p_email text, p_full_name text, p_password text, p_org_role_id uuid DEFAULT NULL)
RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_me record;
  v_email text;
  v_name text;
  v_id uuid;
BEGIN
  SELECT * INTO v_me FROM admin.caller('USER', 'MANAGE', 'create users');
  v_email := admin.require_email(p_email);
  v_name := admin.require_full_name(p_full_name);
  IF EXISTS (SELECT 1 FROM app.users u WHERE u.organization_id = v_me.organization_id AND lower(u.email) = lower(v_email)
             AND u.deleted_at IS NULL) THEN
    PERFORM app.fail('PM409', format('There is already a user with the email %s in your organization.', v_email),
                     'Use that account, or enter another email address.');
  END IF;
  PERFORM admin.require_password(p_password, v_email);
  IF p_org_role_id IS NOT NULL THEN
    PERFORM admin.org_role(v_me.organization_id, p_org_role_id);
    PERFORM admin.require_org_cover(v_me.user_id, admin.role_permission_ids(p_org_role_id), 'give this role');
  END IF;
  BEGIN
    INSERT INTO app.users (organization_id, email, full_name, org_role_id, status, created_by, updated_by)
    VALUES (v_me.organization_id, v_email, v_name, p_org_role_id, 'ACTIVE', v_me.user_id, v_me.user_id)
    RETURNING id INTO v_id;
  EXCEPTION WHEN unique_violation THEN
    PERFORM app.fail('PM409', format('There is already a user with the email %s in your organization.', v_email),
                     'Use that account, or enter another email address.');
  END;
  INSERT INTO auth.user_credentials (user_id, password_hash) VALUES (v_id, auth.hash_password(p_password));
  RETURN v_id;
END $$;

-- Sets a new password (same rule) and ends the user's sessions. Returns the number of sessions ended.
CREATE FUNCTION admin.reset_password(p_user_id uuid, p_password text) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_me record;
  v_user app.users;
  v_changed_before timestamptz;
  v_ended integer;
BEGIN
  SELECT * INTO v_me FROM admin.caller('USER', 'MANAGE', 'reset passwords');
  v_user := admin.org_user(v_me.organization_id, p_user_id);
  PERFORM admin.require_org_cover(v_me.user_id, admin.role_permission_ids(v_user.org_role_id),
                                  format('reset the password of %s', v_user.email));
  PERFORM admin.require_password(p_password, v_user.email);
  SELECT c.password_changed_at INTO v_changed_before FROM auth.user_credentials c WHERE c.user_id = v_user.id;
  INSERT INTO auth.user_credentials AS c (user_id, password_hash) VALUES (v_user.id, auth.hash_password(p_password))
  ON CONFLICT (user_id) DO UPDATE SET password_hash = EXCLUDED.password_hash, password_changed_at = now();
  v_ended := admin.end_sessions(v_user.id, 'PASSWORD_RESET');
  PERFORM admin.log_user_change(v_me.organization_id, v_me.user_id, v_user.id, jsonb_build_object(
    'password_changed_at', jsonb_build_object('old', v_changed_before, 'new', now()),
    'sessions_revoked', jsonb_build_object('new', v_ended)));
  RETURN v_ended;
END $$;

-- Locks an account (status SUSPENDED): sign-in is refused and its sessions end, until unlocked.
CREATE FUNCTION admin.lock_user(p_user_id uuid) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_me record;
  v_user app.users;
  v_admins integer;
BEGIN
  SELECT * INTO v_me FROM admin.caller('USER', 'MANAGE', 'lock accounts');
  PERFORM admin.lock_organization(v_me.organization_id);
  v_user := admin.org_user(v_me.organization_id, p_user_id);
  PERFORM admin.require_org_cover(v_me.user_id, admin.role_permission_ids(v_user.org_role_id), format('lock %s', v_user.email));
  IF v_user.status = 'DEACTIVATED' THEN
    PERFORM app.fail('PM422', format('The account of %s is disabled, so it cannot be locked.', v_user.email),
                     'A disabled account cannot sign in already; enable it first if you mean to lock it instead.');
  END IF;
  v_admins := admin.org_admin_count(v_me.organization_id);
  UPDATE app.users SET status = 'SUSPENDED', updated_by = v_me.user_id WHERE id = v_user.id AND status <> 'SUSPENDED';
  PERFORM admin.keep_an_admin(v_me.organization_id, v_admins,
    format('%s is the last active administrator of the organization, so the account cannot be locked.', v_user.email));
  PERFORM admin.end_sessions(v_user.id, 'ACCOUNT_LOCKED');
END $$;

-- Unlocks an account: a lock by an administrator (SUSPENDED → ACTIVE) and the lock after failed sign-ins
-- (the failed-attempt count and lock time are cleared).
CREATE FUNCTION admin.unlock_user(p_user_id uuid) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_me record;
  v_user app.users;
  v_cred record;
BEGIN
  SELECT * INTO v_me FROM admin.caller('USER', 'MANAGE', 'unlock accounts');
  v_user := admin.org_user(v_me.organization_id, p_user_id);
  PERFORM admin.require_org_cover(v_me.user_id, admin.role_permission_ids(v_user.org_role_id), format('unlock %s', v_user.email));
  IF v_user.status = 'DEACTIVATED' THEN
    PERFORM app.fail('PM422', format('The account of %s is disabled, not locked.', v_user.email), 'Enable it instead.');
  END IF;
  UPDATE app.users SET status = 'ACTIVE', updated_by = v_me.user_id WHERE id = v_user.id AND status = 'SUSPENDED';
  SELECT c.failed_attempts, c.locked_until INTO v_cred FROM auth.user_credentials c WHERE c.user_id = v_user.id FOR UPDATE;
  IF v_cred.failed_attempts > 0 OR v_cred.locked_until IS NOT NULL THEN
    UPDATE auth.user_credentials SET failed_attempts = 0, locked_until = NULL WHERE user_id = v_user.id;
    PERFORM admin.log_user_change(v_me.organization_id, v_me.user_id, v_user.id, jsonb_build_object(
      'failed_attempts', jsonb_build_object('old', v_cred.failed_attempts, 'new', 0),
      'locked_until', jsonb_build_object('old', v_cred.locked_until, 'new', NULL)));
  END IF;
END $$;

-- Disables an account (status DEACTIVATED: the person has left): sign-in is refused and its sessions end.
CREATE FUNCTION admin.disable_user(p_user_id uuid) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_me record;
  v_user app.users;
  v_admins integer;
BEGIN
  SELECT * INTO v_me FROM admin.caller('USER', 'MANAGE', 'disable accounts');
  PERFORM admin.lock_organization(v_me.organization_id);
  v_user := admin.org_user(v_me.organization_id, p_user_id);
  PERFORM admin.require_org_cover(v_me.user_id, admin.role_permission_ids(v_user.org_role_id), format('disable %s', v_user.email));
  v_admins := admin.org_admin_count(v_me.organization_id);
  UPDATE app.users SET status = 'DEACTIVATED', updated_by = v_me.user_id WHERE id = v_user.id AND status <> 'DEACTIVATED';
  PERFORM admin.keep_an_admin(v_me.organization_id, v_admins,
    format('%s is the last active administrator of the organization, so the account cannot be disabled.', v_user.email));
  PERFORM admin.end_sessions(v_user.id, 'ACCOUNT_DISABLED');
END $$;

-- Enables a disabled (or pending) account again.
CREATE FUNCTION admin.enable_user(p_user_id uuid) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_me record;
  v_user app.users;
BEGIN
  SELECT * INTO v_me FROM admin.caller('USER', 'MANAGE', 'enable accounts');
  v_user := admin.org_user(v_me.organization_id, p_user_id);
  PERFORM admin.require_org_cover(v_me.user_id, admin.role_permission_ids(v_user.org_role_id), format('enable %s', v_user.email));
  IF v_user.status = 'SUSPENDED' THEN
    PERFORM app.fail('PM422', format('The account of %s is locked, not disabled.', v_user.email), 'Unlock it instead.');
  END IF;
  UPDATE app.users SET status = 'ACTIVE', updated_by = v_me.user_id WHERE id = v_user.id AND status <> 'ACTIVE';
END $$;

-- Gives a user another organization role (NULL: none). Refused when it would leave the organization
-- without an active administrator.
CREATE FUNCTION admin.set_user_role(p_user_id uuid, p_org_role_id uuid) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_me record;
  v_user app.users;
  v_admins integer;
BEGIN
  SELECT * INTO v_me FROM admin.caller('USER', 'MANAGE', 'change organization roles');
  PERFORM admin.lock_organization(v_me.organization_id);
  v_user := admin.org_user(v_me.organization_id, p_user_id);
  PERFORM admin.require_org_cover(v_me.user_id, admin.role_permission_ids(v_user.org_role_id),
                                  format('change the role of %s', v_user.email));
  IF p_org_role_id IS NOT NULL THEN
    PERFORM admin.org_role(v_me.organization_id, p_org_role_id);
    PERFORM admin.require_org_cover(v_me.user_id, admin.role_permission_ids(p_org_role_id), 'give this role');
  END IF;
  v_admins := admin.org_admin_count(v_me.organization_id);
  UPDATE app.users SET org_role_id = p_org_role_id, updated_by = v_me.user_id
  WHERE id = v_user.id AND org_role_id IS DISTINCT FROM p_org_role_id;
  PERFORM admin.keep_an_admin(v_me.organization_id, v_admins,
    format('%s is the last active administrator of the organization, so they must keep an administrator role.', v_user.email));
END $$;

-- Ends every session of a user (a lost laptop, a suspected leak). Returns the number ended.
CREATE FUNCTION admin.revoke_sessions(p_user_id uuid) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_me record;
  v_user app.users;
  v_ended integer;
BEGIN
  SELECT * INTO v_me FROM admin.caller('USER', 'MANAGE', 'end other people''s sessions');
  v_user := admin.org_user(v_me.organization_id, p_user_id);
  PERFORM admin.require_org_cover(v_me.user_id, admin.role_permission_ids(v_user.org_role_id),
                                  format('end the sessions of %s', v_user.email));
  v_ended := admin.end_sessions(v_user.id, 'REVOKED_BY_ADMIN');
  IF v_ended > 0 THEN
    PERFORM admin.log_user_change(v_me.organization_id, v_me.user_id, v_user.id,
                                  jsonb_build_object('sessions_revoked', jsonb_build_object('new', v_ended)));
  END IF;
  RETURN v_ended;
END $$;

-- The organization's accounts with their sign-in state (never a secret), for the administration screen.
CREATE FUNCTION admin.list_accounts()
RETURNS TABLE (user_id uuid, email text, full_name text, status text, org_role_id uuid, is_org_admin boolean,
               last_login_at timestamptz, password_changed_at timestamptz, failed_attempts integer,
               locked_until timestamptz, open_sessions integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_me record;
BEGIN
  SELECT * INTO v_me FROM admin.caller('USER', 'MANAGE', 'see the organization''s accounts');
  RETURN QUERY
  SELECT u.id, u.email, u.full_name, u.status, u.org_role_id, admin.is_org_admin(u.id), u.last_login_at,
         c.password_changed_at, coalesce(c.failed_attempts, 0), c.locked_until,
         (SELECT count(*)::int FROM auth.user_sessions s WHERE s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > now())
  FROM app.users u LEFT JOIN auth.user_credentials c ON c.user_id = u.id
  WHERE u.organization_id = v_me.organization_id AND u.deleted_at IS NULL
  ORDER BY lower(u.full_name), u.id;
END $$;

-- ---------------------------------------------------------------------------------------------
-- Projects (PROJECT/CREATE) and memberships (PROJECT_MEMBER/MANAGE on the project)
-- ---------------------------------------------------------------------------------------------

-- Creates a project; its manager (optional) also becomes a member with the PROJECT_MANAGER role.
CREATE FUNCTION admin.create_project(p_key text, p_name text, p_description text DEFAULT '', p_manager_id uuid DEFAULT NULL)
RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_me record;
  v_key text := upper(btrim(coalesce(p_key, '')));
  v_name text := btrim(coalesce(p_name, ''));
  v_manager app.users;
  v_role uuid;
  v_id uuid;
BEGIN
  SELECT * INTO v_me FROM admin.caller('PROJECT', 'CREATE', 'create projects');
  IF v_key !~ '^[A-Z][A-Z0-9]{1,9}$' THEN
    PERFORM app.fail('PM422', format('"%s" cannot be a project key.', left(v_key, 100)),
                     'Use 2 to 10 letters or digits, starting with a letter, e.g. WEB or APP2.');
  END IF;
  IF length(v_name) NOT BETWEEN 1 AND 200 THEN
    PERFORM app.fail('PM422', 'Enter the project''s name (1 to 200 characters).', NULL);
  END IF;
  IF length(coalesce(p_description, '')) > 20000 THEN
    PERFORM app.fail('PM422', 'The description is too long: at most 20,000 characters.', NULL);
  END IF;
  IF EXISTS (SELECT 1 FROM app.projects p WHERE p.organization_id = v_me.organization_id AND p.key = v_key AND p.deleted_at IS NULL) THEN
    PERFORM app.fail('PM409', format('There is already a project with the key %s.', v_key), 'Choose another key.');
  END IF;
  IF p_manager_id IS NOT NULL THEN
    v_manager := admin.org_user(v_me.organization_id, p_manager_id);
  END IF;
  BEGIN
    INSERT INTO app.projects (organization_id, key, name, description, manager_id, created_by, updated_by)
    VALUES (v_me.organization_id, v_key, v_name, coalesce(p_description, ''), p_manager_id, v_me.user_id, v_me.user_id)
    RETURNING id INTO v_id;
  EXCEPTION WHEN unique_violation THEN
    PERFORM app.fail('PM409', format('There is already a project with the key %s.', v_key), 'Choose another key.');
  END;
  IF p_manager_id IS NOT NULL THEN
    SELECT r.id INTO v_role FROM app.roles r WHERE r.name = 'PROJECT_MANAGER' AND r.is_system AND r.deleted_at IS NULL;
    PERFORM admin.require_project_cover(v_id, v_role, format('make %s the manager', v_manager.email));
    INSERT INTO app.project_members (organization_id, project_id, user_id, role_id, created_by, updated_by)
    VALUES (v_me.organization_id, v_id, p_manager_id, v_role, v_me.user_id, v_me.user_id);
  END IF;
  RETURN v_id;
END $$;

-- Adds a member with a role (re-activating an earlier, removed membership). Returns the membership id.
CREATE FUNCTION admin.add_project_member(p_project_id uuid, p_user_id uuid, p_role_id uuid) RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_me record;
  v_project app.projects;
  v_user app.users;
  v_member app.project_members;
BEGIN
  SELECT s.user_id, s.organization_id INTO v_me FROM app.current_session() s;
  IF v_me.user_id IS NULL THEN
    PERFORM app.fail('PM401', 'You are not signed in, or your session has ended.', 'Sign in again.');
  END IF;
  v_project := admin.managed_project(v_me.organization_id, p_project_id);
  v_user := admin.org_user(v_me.organization_id, p_user_id);
  PERFORM admin.org_role(v_me.organization_id, p_role_id);
  PERFORM admin.require_project_cover(v_project.id, p_role_id, 'give this role');
  SELECT m.* INTO v_member FROM app.project_members m
  WHERE m.project_id = v_project.id AND m.user_id = v_user.id AND m.deleted_at IS NULL FOR UPDATE;
  IF v_member.is_active THEN
    PERFORM app.fail('PM409', format('%s is already a member of %s.', v_user.email, v_project.key), 'Change their role instead.');
  ELSIF v_member.id IS NOT NULL THEN
    UPDATE app.project_members SET is_active = true, role_id = p_role_id, joined_at = now(), updated_by = v_me.user_id
    WHERE id = v_member.id;
    RETURN v_member.id;
  END IF;
  INSERT INTO app.project_members (organization_id, project_id, user_id, role_id, created_by, updated_by)
  VALUES (v_me.organization_id, v_project.id, v_user.id, p_role_id, v_me.user_id, v_me.user_id)
  RETURNING id INTO v_member.id;
  RETURN v_member.id;
END $$;

-- The active membership of p_user_id in p_project_id (locked), or PM404.
CREATE FUNCTION admin.active_membership(p_project app.projects, p_user app.users) RETURNS app.project_members
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v app.project_members;
BEGIN
  SELECT m.* INTO v FROM app.project_members m
  WHERE m.project_id = p_project.id AND m.user_id = p_user.id AND m.deleted_at IS NULL AND m.is_active FOR UPDATE;
  IF v.id IS NULL THEN
    PERFORM app.fail('PM404', format('%s is not a member of %s.', p_user.email, p_project.key), 'Refresh the list of members.');
  END IF;
  RETURN v;
END $$;

CREATE FUNCTION admin.set_project_member_role(p_project_id uuid, p_user_id uuid, p_role_id uuid) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_me record;
  v_project app.projects;
  v_user app.users;
  v_member app.project_members;
BEGIN
  SELECT s.user_id, s.organization_id INTO v_me FROM app.current_session() s;
  IF v_me.user_id IS NULL THEN
    PERFORM app.fail('PM401', 'You are not signed in, or your session has ended.', 'Sign in again.');
  END IF;
  v_project := admin.managed_project(v_me.organization_id, p_project_id);
  v_user := admin.org_user(v_me.organization_id, p_user_id);
  v_member := admin.active_membership(v_project, v_user);
  PERFORM admin.org_role(v_me.organization_id, p_role_id);
  PERFORM admin.require_project_cover(v_project.id, v_member.role_id, format('change the role of %s', v_user.email));
  PERFORM admin.require_project_cover(v_project.id, p_role_id, 'give this role');
  UPDATE app.project_members SET role_id = p_role_id, updated_by = v_me.user_id
  WHERE id = v_member.id AND role_id <> p_role_id;
END $$;

-- Removes a member (the membership becomes inactive: their replica drops the project on its next pull).
-- When they were the project's manager, the project is left without one.
CREATE FUNCTION admin.remove_project_member(p_project_id uuid, p_user_id uuid) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_me record;
  v_project app.projects;
  v_user app.users;
  v_member app.project_members;
BEGIN
  SELECT s.user_id, s.organization_id INTO v_me FROM app.current_session() s;
  IF v_me.user_id IS NULL THEN
    PERFORM app.fail('PM401', 'You are not signed in, or your session has ended.', 'Sign in again.');
  END IF;
  v_project := admin.managed_project(v_me.organization_id, p_project_id);
  v_user := admin.org_user(v_me.organization_id, p_user_id);
  v_member := admin.active_membership(v_project, v_user);
  PERFORM admin.require_project_cover(v_project.id, v_member.role_id, format('remove %s', v_user.email));
  UPDATE app.project_members SET is_active = false, updated_by = v_me.user_id WHERE id = v_member.id;
  IF v_project.manager_id = v_user.id THEN
    UPDATE app.projects SET manager_id = NULL, updated_by = v_me.user_id WHERE id = v_project.id;
  END IF;
END $$;

-- ---------------------------------------------------------------------------------------------
-- Custom roles (ROLE/MANAGE). Built-in roles are never changed.
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION admin.require_role_name(p_org uuid, p_name text, p_except uuid) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v text := upper(btrim(coalesce(p_name, '')));
BEGIN
  IF v !~ '^[A-Z][A-Z0-9_]{1,62}$' THEN
    PERFORM app.fail('PM422', format('"%s" cannot be a role name.', left(v, 100)),
                     'Use 2 to 63 capital letters, digits or underscores, starting with a letter, e.g. QA_LEAD.');
  END IF;
  IF EXISTS (SELECT 1 FROM app.roles r WHERE r.name = v AND r.deleted_at IS NULL AND r.id IS DISTINCT FROM p_except
             AND (r.organization_id IS NULL OR r.organization_id = p_org)) THEN
    PERFORM app.fail('PM409', format('There is already a role named %s.', v), 'Choose another name.');
  END IF;
  RETURN v;
END $$;

-- A custom role of the caller's organization, for changing: PM404 when unknown, PM422 when built in.
CREATE FUNCTION admin.custom_role(p_org uuid, p_role_id uuid) RETURNS app.roles
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v app.roles := admin.org_role(p_org, p_role_id);
BEGIN
  IF v.is_system THEN
    PERFORM app.fail('PM422', format('%s is a built-in role and cannot be changed.', v.name),
                     'Create a custom role with the permissions you need.');
  END IF;
  PERFORM 1 FROM app.roles WHERE id = v.id FOR UPDATE;
  RETURN v;
END $$;

-- Defines a role from the permission catalogue (ids or 'RESOURCE/ACTION/SCOPE'). Returns its id.
CREATE FUNCTION admin.create_role(p_name text, p_description text, p_permissions text[]) RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_me record;
  v_name text;
  v_permissions uuid[];
  v_id uuid;
BEGIN
  SELECT * INTO v_me FROM admin.caller('ROLE', 'MANAGE', 'define roles');
  v_name := admin.require_role_name(v_me.organization_id, p_name, NULL);
  IF length(coalesce(p_description, '')) > 1000 THEN
    PERFORM app.fail('PM422', 'The description is too long: at most 1,000 characters.', NULL);
  END IF;
  v_permissions := admin.resolve_permissions(p_permissions);
  PERFORM admin.require_org_cover(v_me.user_id, v_permissions, 'define this role');
  INSERT INTO app.roles (organization_id, name, description, is_system, created_by, updated_by)
  VALUES (v_me.organization_id, v_name, coalesce(p_description, ''), false, v_me.user_id, v_me.user_id)
  RETURNING id INTO v_id;
  INSERT INTO app.role_permissions (organization_id, role_id, permission_id, created_by, updated_by)
  SELECT v_me.organization_id, v_id, p, v_me.user_id, v_me.user_id FROM unnest(v_permissions) p;
  RETURN v_id;
END $$;

-- Changes a custom role: name, description and/or its whole permission list (NULL keeps the current one).
CREATE FUNCTION admin.update_role(p_role_id uuid, p_name text DEFAULT NULL, p_description text DEFAULT NULL,
                                  p_permissions text[] DEFAULT NULL) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_me record;
  v_role app.roles;
  v_name text;
  v_permissions uuid[];
  v_admins integer;
BEGIN
  SELECT * INTO v_me FROM admin.caller('ROLE', 'MANAGE', 'change roles');
  PERFORM admin.lock_organization(v_me.organization_id);
  v_role := admin.custom_role(v_me.organization_id, p_role_id);
  PERFORM admin.require_org_cover(v_me.user_id, admin.role_permission_ids(v_role.id), format('change the role %s', v_role.name));
  v_name := CASE WHEN p_name IS NULL THEN v_role.name ELSE admin.require_role_name(v_me.organization_id, p_name, v_role.id) END;
  IF length(coalesce(p_description, '')) > 1000 THEN
    PERFORM app.fail('PM422', 'The description is too long: at most 1,000 characters.', NULL);
  END IF;
  IF p_permissions IS NOT NULL THEN
    v_permissions := admin.resolve_permissions(p_permissions);
    PERFORM admin.require_org_cover(v_me.user_id, v_permissions, format('give the role %s these permissions', v_role.name));
  END IF;
  v_admins := admin.org_admin_count(v_me.organization_id);
  UPDATE app.roles SET name = v_name, description = coalesce(p_description, v_role.description), updated_by = v_me.user_id
  WHERE id = v_role.id AND (name, description) IS DISTINCT FROM (v_name, coalesce(p_description, v_role.description));
  IF v_permissions IS NOT NULL THEN
    UPDATE app.role_permissions SET deleted_at = now(), deleted_by = v_me.user_id, updated_by = v_me.user_id
    WHERE role_id = v_role.id AND deleted_at IS NULL AND NOT permission_id = ANY (v_permissions);
    INSERT INTO app.role_permissions (organization_id, role_id, permission_id, created_by, updated_by)
    SELECT v_me.organization_id, v_role.id, p, v_me.user_id, v_me.user_id FROM unnest(v_permissions) p
    WHERE NOT p = ANY (admin.role_permission_ids(v_role.id));
  END IF;
  PERFORM admin.keep_an_admin(v_me.organization_id, v_admins,
    format('Changing %s would leave the organization without an active administrator.', v_role.name));
END $$;

-- Deletes (soft) a custom role that no user or active membership has.
CREATE FUNCTION admin.delete_role(p_role_id uuid) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_me record;
  v_role app.roles;
  v_users integer;
  v_members integer;
BEGIN
  SELECT * INTO v_me FROM admin.caller('ROLE', 'MANAGE', 'delete roles');
  v_role := admin.custom_role(v_me.organization_id, p_role_id);
  PERFORM admin.require_org_cover(v_me.user_id, admin.role_permission_ids(v_role.id), format('delete the role %s', v_role.name));
  SELECT count(*) INTO v_users FROM app.users WHERE org_role_id = v_role.id AND deleted_at IS NULL;
  SELECT count(*) INTO v_members FROM app.project_members WHERE role_id = v_role.id AND deleted_at IS NULL AND is_active;
  IF v_users + v_members > 0 THEN
    PERFORM app.fail('PM409', format('The role %s is still in use: %s user(s) have it as organization role and %s project membership(s) use it.',
                                     v_role.name, v_users, v_members),
                     'Give them another role first.');
  END IF;
  UPDATE app.role_permissions SET deleted_at = now(), deleted_by = v_me.user_id, updated_by = v_me.user_id
  WHERE role_id = v_role.id AND deleted_at IS NULL;
  UPDATE app.roles SET deleted_at = now(), deleted_by = v_me.user_id, updated_by = v_me.user_id WHERE id = v_role.id;
END $$;

-- ---------------------------------------------------------------------------------------------
-- The operator's bootstrap (npm run db:bootstrap): a new organization and its first administrator.
-- Not callable by application_user; run by the migrating login (a member of super_admin).
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION admin.bootstrap_organization(p_slug text, p_name text, p_email text, p_full_name text, p_password text)
RETURNS TABLE (organization_id uuid, user_id uuid)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_slug text := lower(btrim(coalesce(p_slug, '')));
  v_name text := btrim(coalesce(p_name, ''));
  v_email text;
  v_full_name text;
  v_org uuid;
  v_user uuid;
BEGIN
  IF v_slug !~ '^[a-z0-9][a-z0-9-]{1,62}$' THEN
    PERFORM app.fail('PM422', format('"%s" cannot be an organization slug.', left(v_slug, 100)),
                     'Use 2 to 63 lowercase letters, digits or hyphens, starting with a letter or digit, e.g. acme.');
  END IF;
  IF length(v_name) NOT BETWEEN 1 AND 200 THEN
    PERFORM app.fail('PM422', 'Enter the organization''s name (1 to 200 characters).', NULL);
  END IF;
  v_email := admin.require_email(p_email);
  v_full_name := admin.require_full_name(p_full_name);
  PERFORM admin.require_password(p_password, v_email);
  IF EXISTS (SELECT 1 FROM app.organizations o WHERE o.slug = v_slug AND o.deleted_at IS NULL) THEN
    PERFORM app.fail('PM409', format('An organization with the slug "%s" already exists.', v_slug),
                     'Choose another slug, or sign in to that organization as one of its administrators.');
  END IF;
  INSERT INTO app.organizations (name, slug) VALUES (v_name, v_slug) RETURNING id INTO v_org;
  INSERT INTO app.users (organization_id, email, full_name, status, org_role_id)
  VALUES (v_org, v_email, v_full_name, 'ACTIVE',
          (SELECT r.id FROM app.roles r WHERE r.name = 'ORG_ADMIN' AND r.is_system AND r.deleted_at IS NULL))
  RETURNING id INTO v_user;
  INSERT INTO auth.user_credentials (user_id, password_hash) VALUES (v_user, auth.hash_password(p_password));
  RETURN QUERY SELECT v_org, v_user;
END $$;

GRANT EXECUTE ON FUNCTION auth.password_problem(text, text) TO application_user;
GRANT EXECUTE ON FUNCTION
  admin.create_user(text, text, text, uuid), admin.reset_password(uuid, text), admin.lock_user(uuid), admin.unlock_user(uuid),
  admin.disable_user(uuid), admin.enable_user(uuid), admin.set_user_role(uuid, uuid), admin.revoke_sessions(uuid),
  admin.list_accounts(), admin.create_project(text, text, text, uuid), admin.add_project_member(uuid, uuid, uuid),
  admin.set_project_member_role(uuid, uuid, uuid), admin.remove_project_member(uuid, uuid),
  admin.create_role(text, text, text[]), admin.update_role(uuid, text, text, text[]), admin.delete_role(uuid)
  TO application_user;
