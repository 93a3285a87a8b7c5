-- Approval policies and electronic signatures, enforced by the database: the approvers a change
-- request names (app.change_request_approvers), the outcome of its policy (ALL / ANY / QUORUM,
-- PARALLEL / SEQUENTIAL) applied after each decision, and decisions signed with a per-session key
-- (HMAC-SHA256) after the approver re-entered their password on the device.
SET LOCAL ROLE super_admin;

-- ---------------------------------------------------------------------------------------------
-- Electronic signatures: per-session signing keys and the password verifier the device checks.
-- ---------------------------------------------------------------------------------------------

-- PBKDF2-HMAC-SHA256 (RFC 8018), one 32-byte block. The XOR of the iterates is kept as bit(256).
CREATE FUNCTION auth.pbkdf2_sha256(p_password bytea, p_salt bytea, p_iterations integer) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog, extensions, pg_temp AS $$
DECLARE
  u bytea := extensions.hmac(p_salt || '\x00000001'::bytea, p_password, 'sha256');
  acc bit(256) := ('x' || encode(u, 'hex'))::bit(256);
  hex text := '';
BEGIN
  FOR i IN 2 .. p_iterations LOOP
    u := extensions.hmac(u, p_password, 'sha256');
    acc := acc # ('x' || encode(u, 'hex'))::bit(256);
  END LOOP;
  FOR k IN 0 .. 3 LOOP
    hex := hex || lpad(to_hex(substring(acc FROM k * 64 + 1 FOR 64)::bigint), 16, '0');
  END LOOP;
  RETURN decode(hex, 'hex');
END $$;

-- The password verifier a signed-in device uses to check, offline, the password an approver
-- re-enters before signing: PBKDF2-SHA256 of the password, made at sign-in (the only time the server
-- sees the password) and again whenever the password changed since (password_hash_sha256 is the
-- sha256 of the bcrypt hash it was made with).
CREATE TABLE auth.signature_verifiers (
  user_id uuid PRIMARY KEY REFERENCES app.users (id) ON DELETE CASCADE,
  salt bytea NOT NULL CHECK (length(salt) = 16),
  iterations integer NOT NULL CHECK (iterations >= 100000),
  hash bytea NOT NULL CHECK (length(hash) = 32),
  password_hash_sha256 bytea NOT NULL CHECK (length(password_hash_sha256) = 32),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One random 256-bit signing key per session, readable only through auth.signing_key() by that
-- session, and used by the database to verify the signatures of decisions.
CREATE TABLE auth.session_signing_keys (
  session_id uuid PRIMARY KEY REFERENCES auth.user_sessions (id) ON DELETE CASCADE,
  signing_key bytea NOT NULL CHECK (length(signing_key) = 32),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- No grants and no policies: only super_admin (the SECURITY DEFINER functions) reads them.
ALTER TABLE auth.signature_verifiers ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth.signature_verifiers FORCE ROW LEVEL SECURITY;
ALTER TABLE auth.session_signing_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth.session_signing_keys FORCE ROW LEVEL SECURITY;

-- Called by auth.login after a successful sign-in: makes the verifier when there is none or the
-- password changed since it was made. Never stores the password.
CREATE FUNCTION auth.refresh_signature_verifier(p_user_id uuid, p_password text, p_password_hash text) RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, extensions, pg_temp AS $$
DECLARE
  c_iterations constant integer := 100000;
  v_current bytea := sha256(convert_to(p_password_hash, 'UTF8'));
  v_salt bytea;
BEGIN
  IF EXISTS (SELECT 1 FROM auth.signature_verifiers v WHERE v.user_id = p_user_id AND v.password_hash_sha256 = v_current
             AND v.iterations >= c_iterations) THEN
    RETURN;
  END IF;
  v_salt := extensions.gen_random_bytes(16);
  INSERT INTO auth.signature_verifiers AS v (user_id, salt, iterations, hash, password_hash_sha256)
  VALUES (p_user_id, v_salt, c_iterations, auth.pbkdf2_sha256(convert_to(p_password, 'UTF8'), v_salt, c_iterations), v_current)
  ON CONFLICT (user_id) DO UPDATE
    SET salt = EXCLUDED.salt, iterations = EXCLUDED.iterations, hash = EXCLUDED.hash,
        password_hash_sha256 = EXCLUDED.password_hash_sha256, created_at = now();
END $$;

-- The signing key of the current session (hex, 64 characters), made on the first call. The device
-- fetches it at sign-in and keeps it in its keychain.
CREATE FUNCTION auth.signing_key() RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, app, auth, extensions, pg_temp AS $$
DECLARE
  v_session uuid := (SELECT s.session_id FROM app.current_session() s);
BEGIN
  IF v_session IS NULL THEN
    PERFORM app.fail('PM401', 'You are not signed in, or your session has ended.', 'Sign in again.');
  END IF;
  INSERT INTO auth.session_signing_keys (session_id, signing_key) VALUES (v_session, extensions.gen_random_bytes(32))
  ON CONFLICT (session_id) DO NOTHING;
  RETURN (SELECT encode(k.signing_key, 'hex') FROM auth.session_signing_keys k WHERE k.session_id = v_session);
END $$;

-- The signed-in user's password verifier: salt and hash in hex. No row when there is none yet (the
-- user has not signed in since it was introduced): signing in again makes it.
CREATE FUNCTION auth.signature_verifier() RETURNS TABLE (salt text, iterations integer, hash text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, app, auth, pg_temp AS $$
DECLARE
  v_user uuid := (SELECT s.user_id FROM app.current_session() s);
BEGIN
  IF v_user IS NULL THEN
    PERFORM app.fail('PM401', 'You are not signed in, or your session has ended.', 'Sign in again.');
  END IF;
  RETURN QUERY SELECT encode(v.salt, 'hex'), v.iterations, encode(v.hash, 'hex')
  FROM auth.signature_verifiers v WHERE v.user_id = v_user;
END $$;

-- What an approver signs: change request id | decision | revision | decided_at (UTC, milliseconds,
-- as JavaScript's toISOString) | meaning | approver id. src/main/central/signature.ts builds the same.
CREATE FUNCTION app.approval_signing_text(p_change_request_id uuid, p_decision text, p_revision integer,
                                          p_decided_at timestamptz, p_meaning text, p_approver_id uuid) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT concat_ws('|', p_change_request_id::text, p_decision, p_revision::text,
                   to_char(p_decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), coalesce(p_meaning, ''),
                   p_approver_id::text)
$$;

-- True when p_signature (hex) is HMAC-SHA256(key, p_text) for the key of one of the user's sessions
-- that is still valid (not revoked, not expired): a signature made before sign-out, a revocation or
-- the session's expiry is refused.
CREATE FUNCTION auth.signature_matches(p_user_id uuid, p_text text, p_signature text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, extensions, pg_temp AS $$
  SELECT EXISTS (
    SELECT 1 FROM auth.session_signing_keys k
    JOIN auth.user_sessions s ON s.id = k.session_id
    WHERE s.user_id = p_user_id AND s.revoked_at IS NULL AND s.expires_at > now()
      AND encode(extensions.hmac(convert_to(p_text, 'UTF8'), k.signing_key, 'sha256'), 'hex') = lower(p_signature))
$$;

-- auth.login as in 0003, plus the signature verifier after a successful sign-in.
CREATE OR REPLACE FUNCTION auth.login(org_slug text, email text, password text, totp_code text DEFAULT NULL,
                           device_name text DEFAULT NULL)
RETURNS TABLE (token text, user_id uuid, organization_id uuid, expires_at timestamptz,
               error_code text, error_message text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, app, auth, extensions, pg_temp AS $$
DECLARE
  max_failures constant int := 5;
  lockout constant interval := interval '15 minutes';
  session_lifetime constant interval := interval '30 days';
  v_org uuid;
  v_user app.users%ROWTYPE;
  v_cred auth.user_credentials%ROWTYPE;
  v_step bigint;
  v_token text;
  v_expires timestamptz;
BEGIN
  IF coalesce(btrim(org_slug), '') = '' OR coalesce(btrim(email), '') = '' OR coalesce(password, '') = ''
     OR length(password) > 1000 OR length(email) > 320 OR length(org_slug) > 100 OR length(device_name) > 200 THEN
    RETURN QUERY SELECT NULL::text, NULL::uuid, NULL::uuid, NULL::timestamptz, 'INVALID_INPUT',
      'Enter your organization, email and password.';
    RETURN;
  END IF;

  SELECT o.id INTO v_org FROM app.organizations o WHERE o.slug = lower(btrim(org_slug)) AND o.deleted_at IS NULL;
  IF v_org IS NULL THEN
    RETURN QUERY SELECT NULL::text, NULL::uuid, NULL::uuid, NULL::timestamptz, 'UNKNOWN_ORGANIZATION',
      format('There is no organization "%s". Check the organization name with your administrator.', btrim(org_slug));
    RETURN;
  END IF;

  SELECT u.* INTO v_user FROM app.users u
  WHERE u.organization_id = v_org AND lower(u.email) = lower(btrim(login.email)) AND u.deleted_at IS NULL;
  IF v_user.id IS NOT NULL THEN
    SELECT c.* INTO v_cred FROM auth.user_credentials c WHERE c.user_id = v_user.id FOR UPDATE;
  END IF;
  IF v_cred.user_id IS NULL THEN
    PERFORM extensions.crypt(password, extensions.gen_salt('bf', 10));  -- same cost as a real check
    RETURN QUERY SELECT NULL::text, NULL::uuid, NULL::uuid, NULL::timestamptz, 'INVALID_CREDENTIALS',
      'The email or password is incorrect.';
    RETURN;
  END IF;

  IF v_cred.locked_until > now() THEN
    RETURN QUERY SELECT NULL::text, NULL::uuid, NULL::uuid, NULL::timestamptz, 'ACCOUNT_LOCKED',
      format('This account is locked after too many failed sign-ins. Try again after %s UTC, or ask an administrator to unlock it.',
             to_char(v_cred.locked_until AT TIME ZONE 'UTC', 'HH24:MI'));
    RETURN;
  END IF;

  IF extensions.crypt(password, v_cred.password_hash) <> v_cred.password_hash THEN
    PERFORM auth.record_failure(v_user.id, max_failures, lockout);
    RETURN QUERY SELECT NULL::text, NULL::uuid, NULL::uuid, NULL::timestamptz, 'INVALID_CREDENTIALS',
      'The email or password is incorrect.';
    RETURN;
  END IF;

  IF v_user.status <> 'ACTIVE' THEN
    RETURN QUERY SELECT NULL::text, NULL::uuid, NULL::uuid, NULL::timestamptz, 'ACCOUNT_DISABLED',
      'This account is not active. Ask an administrator of your organization to activate it.';
    RETURN;
  END IF;

  IF v_user.two_factor_enabled THEN
    IF coalesce(btrim(totp_code), '') = '' THEN
      RETURN QUERY SELECT NULL::text, NULL::uuid, NULL::uuid, NULL::timestamptz, 'TOTP_REQUIRED',
        'Enter the 6-digit code from your authenticator app.';
      RETURN;
    END IF;
    v_step := auth.totp_match(v_cred.totp_secret, btrim(totp_code), v_cred.totp_last_step);
    IF v_step IS NULL THEN
      PERFORM auth.record_failure(v_user.id, max_failures, lockout);
      RETURN QUERY SELECT NULL::text, NULL::uuid, NULL::uuid, NULL::timestamptz, 'INVALID_TOTP',
        'The authenticator code is wrong or was already used. Wait for a new code and try again.';
      RETURN;
    END IF;
  END IF;

  UPDATE auth.user_credentials c
  SET failed_attempts = 0, locked_until = NULL, totp_last_step = coalesce(v_step, c.totp_last_step)
  WHERE c.user_id = v_user.id;
  UPDATE app.users u SET last_login_at = now() WHERE u.id = v_user.id;
  PERFORM auth.refresh_signature_verifier(v_user.id, password, v_cred.password_hash);

  v_token := encode(extensions.gen_random_bytes(32), 'hex');
  v_expires := now() + session_lifetime;
  INSERT INTO auth.user_sessions (user_id, organization_id, token_hash, device_name, client_addr, application_name, expires_at)
  VALUES (v_user.id, v_org, sha256(convert_to(v_token, 'UTF8')), nullif(btrim(device_name), ''),
          inet_client_addr(), current_setting('application_name', true), v_expires);
  RETURN QUERY SELECT v_token, v_user.id, v_org, v_expires, NULL::text, NULL::text;
END $$;

-- ---------------------------------------------------------------------------------------------
-- Approvers
-- ---------------------------------------------------------------------------------------------

-- Whether p_user_id (not necessarily the signed-in user) holds resource/action in p_project_id: GLOBAL
-- through their organization role, GLOBAL or PROJECT through an active membership.
CREATE FUNCTION app.user_has_permission(p_user_id uuid, p_project_id uuid, p_resource text, p_action text) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
BEGIN
  RETURN EXISTS (
    SELECT 1 FROM app.users u
    JOIN app.projects p ON p.id = p_project_id AND p.organization_id = u.organization_id AND p.deleted_at IS NULL
    JOIN app.role_permissions rp ON rp.role_id = u.org_role_id AND rp.deleted_at IS NULL
    JOIN app.permissions pe ON pe.id = rp.permission_id
    WHERE u.id = p_user_id AND pe.resource = p_resource AND pe.action = p_action AND pe.scope = 'GLOBAL')
  OR EXISTS (
    SELECT 1 FROM app.project_members pm
    JOIN app.projects p ON p.id = pm.project_id AND p.deleted_at IS NULL
    JOIN app.role_permissions rp ON rp.role_id = pm.role_id AND rp.deleted_at IS NULL
    JOIN app.permissions pe ON pe.id = rp.permission_id
    WHERE pm.user_id = p_user_id AND pm.project_id = p_project_id AND pm.is_active AND pm.deleted_at IS NULL
      AND pe.resource = p_resource AND pe.action = p_action AND pe.scope IN ('GLOBAL', 'PROJECT'));
END $$;

-- The people whose decisions a change request needs; SEQUENTIAL requests are decided in position
-- order (equal positions form one step, decided in any order).
CREATE TABLE app.change_request_approvers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  project_id uuid NOT NULL,
  change_request_id uuid NOT NULL,
  approver_id uuid NOT NULL,
  position integer NOT NULL DEFAULT 1 CHECK (position BETWEEN 1 AND 1000),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  version bigint NOT NULL DEFAULT 1,
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  FOREIGN KEY (project_id, organization_id) REFERENCES app.projects (id, organization_id),
  FOREIGN KEY (change_request_id, project_id) REFERENCES app.change_requests (id, project_id),
  FOREIGN KEY (approver_id, organization_id) REFERENCES app.users (id, organization_id)
);
CREATE UNIQUE INDEX change_request_approvers_key ON app.change_request_approvers (change_request_id, approver_id)
  WHERE deleted_at IS NULL;
CREATE INDEX change_request_approvers_approver_idx ON app.change_request_approvers (approver_id) WHERE deleted_at IS NULL;
CREATE INDEX change_request_approvers_sync_idx ON app.change_request_approvers (project_id, sync_xid, id);
SELECT app.setup_project_table('app.change_request_approvers', 'CHANGE_REQUEST', 'crud');
-- An approver entry stays with its change request.
REVOKE UPDATE (change_request_id) ON app.change_request_approvers FROM application_user;

-- BEFORE INSERT OR UPDATE: the caller may edit the change request itself, the request is not decided
-- yet, and the approver is an active person who holds CHANGE_REQUEST/APPROVE in the project.
-- SECURITY DEFINER: reads the request and the approver whatever the caller may read. A caller without a
-- session is privileged (t10_stamp refuses everyone else first).
CREATE FUNCTION app.check_change_request_approver() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
DECLARE
  v_user uuid := app.current_user_id();
  v_cr app.change_requests%ROWTYPE;
  v_approver app.users%ROWTYPE;
BEGIN
  SELECT c.* INTO v_cr FROM app.change_requests c WHERE c.id = NEW.change_request_id;
  IF v_cr.id IS NULL OR v_cr.project_id <> NEW.project_id OR v_cr.deleted_at IS NOT NULL THEN
    PERFORM app.fail('PM404', 'That change request does not exist in this project.', 'Refresh the list of change requests.');
  END IF;
  IF v_user IS NOT NULL
     AND NOT (NEW.project_id = ANY (app.permitted_projects('CHANGE_REQUEST', 'UPDATE'))
              OR (v_cr.created_by = v_user AND NEW.project_id = ANY (app.self_permitted_projects('CHANGE_REQUEST', 'UPDATE')))) THEN
    PERFORM app.fail('PM403', format('You do not have permission to change the approvers of CR-%s.', v_cr.number),
                     'Ask the requester or a project manager.');
  END IF;
  IF v_cr.status NOT IN ('DRAFT', 'SUBMITTED', 'IN_REVIEW') THEN
    PERFORM app.fail('PM422', format('The approvers of CR-%s cannot change: it is %s.', v_cr.number, lower(replace(v_cr.status, '_', ' '))),
                     'Approvers are chosen before the decision.');
  END IF;
  IF NEW.deleted_at IS NULL AND (TG_OP = 'INSERT' OR NEW.approver_id <> OLD.approver_id OR OLD.deleted_at IS NOT NULL) THEN
    SELECT u.* INTO v_approver FROM app.users u WHERE u.id = NEW.approver_id AND u.organization_id = NEW.organization_id;
    IF v_approver.id IS NULL OR v_approver.deleted_at IS NOT NULL OR v_approver.status <> 'ACTIVE' THEN
      PERFORM app.fail('PM422', 'That person is not an active member of your organization, so they cannot be an approver.',
                       'Pick someone else.');
    END IF;
    IF NOT app.user_has_permission(NEW.approver_id, NEW.project_id, 'CHANGE_REQUEST', 'APPROVE') THEN
      PERFORM app.fail('PM422', format('%s cannot approve change requests in this project, so they cannot be an approver.', v_approver.full_name),
                       'Pick a reviewer or a project manager of the project, or ask a project manager to give them a role that allows approving.');
    END IF;
    IF EXISTS (SELECT 1 FROM app.change_request_approvers a
               WHERE a.change_request_id = NEW.change_request_id AND a.approver_id = NEW.approver_id
                 AND a.deleted_at IS NULL AND a.id <> NEW.id) THEN
      PERFORM app.fail('PM409', format('%s is already an approver of CR-%s.', v_approver.full_name, v_cr.number), NULL);
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER t20_rules BEFORE INSERT OR UPDATE ON app.change_request_approvers
  FOR EACH ROW EXECUTE FUNCTION app.check_change_request_approver();
-- Who decides is part of what is decided: a change of approvers moves the request to a new revision.
CREATE TRIGGER t60_revise AFTER INSERT OR UPDATE ON app.change_request_approvers
  FOR EACH ROW EXECUTE FUNCTION app.revise_change_request();
CREATE TRIGGER t80_audit AFTER INSERT OR UPDATE OR DELETE ON app.change_request_approvers
  FOR EACH ROW EXECUTE FUNCTION app.audit_row('CHANGE_REQUEST_APPROVER');
CREATE TRIGGER t95_poke AFTER INSERT OR UPDATE OR DELETE ON app.change_request_approvers
  FOR EACH ROW EXECUTE FUNCTION app.poke('project');

-- ---------------------------------------------------------------------------------------------
-- Change request workflow: APPROVED and REJECTED only through the policy (below), and every return
-- to DRAFT starts a new revision (a new review round: earlier decisions no longer count).
-- ---------------------------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION app.apply_change_request_rules() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_privileged boolean := app.is_privileged();
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.number := app.next_number(NEW.project_id, 'change_request');
    NEW.revision := 1;
    IF NOT v_privileged THEN
      NEW.requested_by := app.current_user_id();
      IF NEW.status NOT IN ('DRAFT', 'SUBMITTED') THEN
        PERFORM app.fail('PM422', 'A new change request starts as a draft or as submitted.', 'Create it as a draft, then submit it.');
      END IF;
    END IF;
  ELSE
    IF NOT v_privileged THEN
      NEW.number := OLD.number;
      NEW.revision := OLD.revision;
    END IF;
    IF NOT app.change_request_transition_allowed(OLD.status, NEW.status) THEN
      PERFORM app.fail('PM422', format('A change request cannot go from %s to %s.', OLD.status, NEW.status),
                       'Follow the workflow: draft, submitted, in review, approved or rejected, implemented, closed.');
    END IF;
    -- app.apply_approval_policy() marks its own update; nobody else, privileged or not, sets these.
    IF NEW.status IN ('APPROVED', 'REJECTED') AND NEW.status <> OLD.status
       AND (NOT v_privileged OR current_setting('app.approval_outcome', true) IS DISTINCT FROM NEW.id::text) THEN
      PERFORM app.fail('PM422', 'A change request is approved or rejected by its approvers'' decisions, not by editing its status.',
                       'Record a decision instead.');
    END IF;
    IF (NEW.title, NEW.description, NEW.justification, NEW.priority, NEW.due_date, NEW.approval_policy, NEW.approval_quorum, NEW.approval_mode)
       IS DISTINCT FROM (OLD.title, OLD.description, OLD.justification, OLD.priority, OLD.due_date, OLD.approval_policy, OLD.approval_quorum, OLD.approval_mode)
       OR (NEW.status = 'DRAFT' AND OLD.status <> 'DRAFT') THEN
      NEW.revision := NEW.revision + 1;
    END IF;
  END IF;
  IF TG_OP = 'INSERT' OR NEW.status <> OLD.status THEN
    CASE NEW.status
      WHEN 'SUBMITTED' THEN NEW.submitted_at := now();
      WHEN 'APPROVED', 'REJECTED' THEN NEW.decided_at := now();
      WHEN 'IMPLEMENTED' THEN NEW.implemented_at := now();
      WHEN 'CLOSED', 'CANCELLED' THEN NEW.closed_at := now();
      ELSE NULL;
    END CASE;
  END IF;
  RETURN NEW;
END $$;

-- ---------------------------------------------------------------------------------------------
-- Decisions: listed approvers, order, one decision per approver and revision, signatures; then the
-- policy's outcome.
-- ---------------------------------------------------------------------------------------------
ALTER TABLE app.change_request_approvals ADD COLUMN signature text CHECK (signature ~ '^[0-9a-f]{64}$');
GRANT INSERT (signature) ON app.change_request_approvals TO application_user;
CREATE UNIQUE INDEX change_request_approvals_decision_key
  ON app.change_request_approvals (change_request_id, change_request_revision, approver_id) WHERE deleted_at IS NULL;

-- BEFORE INSERT, after t20_check (permission, in review, revision). Locks the change request so that
-- decisions on it are taken one at a time (the outcome sees every earlier one), then checks again that
-- it is in review at that revision. SECURITY DEFINER: reads approvers, decisions and signing keys
-- whatever the caller may read; a caller without a session is privileged (t10_stamp refuses everyone
-- else first) and is trusted with order-free, unsigned decisions (seeds, imports).
CREATE FUNCTION app.check_decision_policy() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, app, auth, pg_temp AS $$
DECLARE
  v_user uuid := app.current_user_id();
  v_cr app.change_requests%ROWTYPE;
  v_listed boolean;
  v_mine app.change_request_approvers%ROWTYPE;
  v_waiting text;
  v_earlier record;
BEGIN
  SELECT c.* INTO v_cr FROM app.change_requests c WHERE c.id = NEW.change_request_id FOR UPDATE;
  IF v_cr.id IS NULL OR v_cr.project_id <> NEW.project_id OR v_cr.deleted_at IS NOT NULL THEN
    PERFORM app.fail('PM404', 'That change request does not exist in this project.', 'Refresh the list of change requests.');
  END IF;
  IF v_cr.status <> 'IN_REVIEW' THEN
    PERFORM app.fail('PM411', format('Change request CR-%s is %s, no longer in review, so your decision was not recorded.',
                                     v_cr.number, lower(replace(v_cr.status, '_', ' '))),
                     'Open the change request to see its current state.');
  END IF;
  IF v_cr.revision <> NEW.change_request_revision THEN
    PERFORM app.fail('PM410', format('Change request CR-%s changed after you reviewed it (you saw revision %s, it is now at %s).',
                                     v_cr.number, NEW.change_request_revision, v_cr.revision),
                     'Review the new revision and decide again.');
  END IF;
  IF NEW.approver_id IS NULL THEN
    PERFORM app.fail('PM422', 'A decision names its approver.', NULL);
  END IF;

  v_listed := EXISTS (SELECT 1 FROM app.change_request_approvers a WHERE a.change_request_id = v_cr.id AND a.deleted_at IS NULL);
  IF v_listed THEN
    SELECT a.* INTO v_mine FROM app.change_request_approvers a
    WHERE a.change_request_id = v_cr.id AND a.approver_id = NEW.approver_id AND a.deleted_at IS NULL;
    IF v_mine.id IS NULL THEN
      PERFORM app.fail('PM403', format('You are not one of the approvers of CR-%s, so your decision was not recorded.', v_cr.number),
                       'Ask the requester or a project manager to add you as an approver.');
    END IF;
  END IF;

  SELECT d.decision, d.decided_at INTO v_earlier FROM app.change_request_approvals d
  WHERE d.change_request_id = v_cr.id AND d.change_request_revision = NEW.change_request_revision
    AND d.approver_id = NEW.approver_id AND d.deleted_at IS NULL;
  IF FOUND THEN
    PERFORM app.fail('PM409', format('You already decided on revision %s of CR-%s (%s), so this second decision was not recorded.',
                                     NEW.change_request_revision, v_cr.number, lower(replace(v_earlier.decision, '_', ' '))),
                     'A decision stands once recorded; if the request changes, you will decide on its new revision.');
  END IF;

  IF v_listed AND v_cr.approval_mode = 'SEQUENTIAL' THEN
    SELECT u.full_name INTO v_waiting
    FROM app.change_request_approvers a JOIN app.users u ON u.id = a.approver_id
    WHERE a.change_request_id = v_cr.id AND a.deleted_at IS NULL AND a.position < v_mine.position
      AND NOT EXISTS (SELECT 1 FROM app.change_request_approvals d
                      WHERE d.change_request_id = v_cr.id AND d.change_request_revision = v_cr.revision
                        AND d.approver_id = a.approver_id AND d.decision = 'APPROVED' AND d.deleted_at IS NULL)
    ORDER BY a.position, u.full_name LIMIT 1;
    IF v_waiting IS NOT NULL THEN
      PERFORM app.fail('PM412', format('CR-%s is decided in order: waiting for %s''s decision first.', v_cr.number, v_waiting),
                       'Decide once the approvers before you have approved; the request stays in your inbox.');
    END IF;
  END IF;

  IF v_user IS NOT NULL THEN
    IF NEW.decision IN ('APPROVED', 'REJECTED') AND coalesce(btrim(NEW.signature_meaning), '') = '' THEN
      PERFORM app.fail('PM422', 'An approval or a rejection is signed with a stated meaning (for example "Approved for release"), and none was given.',
                       'Decide again and state what your signature means.');
    END IF;
    IF (NEW.decision IN ('APPROVED', 'REJECTED') OR NEW.signature IS NOT NULL)
       AND (NEW.signature IS NULL OR NOT auth.signature_matches(NEW.approver_id,
             app.approval_signing_text(NEW.change_request_id, NEW.decision, NEW.change_request_revision, NEW.decided_at,
                                       NEW.signature_meaning, NEW.approver_id), NEW.signature)) THEN
      PERFORM app.fail('PM413', 'The electronic signature could not be verified — approve again and enter your password.',
                       'Signatures are checked with the key of a current session: after signing out or a revoked session, decide again.');
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER t25_policy BEFORE INSERT ON app.change_request_approvals
  FOR EACH ROW EXECUTE FUNCTION app.check_decision_policy();

-- AFTER INSERT: the request's outcome. REJECTED → REJECTED; CHANGES_REQUESTED → DRAFT (a new revision);
-- APPROVED → APPROVED when the policy is met at this revision: ALL, every listed approver approved;
-- ANY, one approval; QUORUM, approval_quorum approvals (by distinct approvers). Without listed
-- approvers the decisions of anyone holding CHANGE_REQUEST/APPROVE count, and ALL means one approval.
CREATE FUNCTION app.apply_approval_policy() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
DECLARE
  v_cr app.change_requests%ROWTYPE;
  v_listed integer;
  v_approvals integer;
  v_outcome text;
  v_met boolean;
BEGIN
  SELECT c.* INTO v_cr FROM app.change_requests c WHERE c.id = NEW.change_request_id;
  IF v_cr.status <> 'IN_REVIEW' OR v_cr.revision <> NEW.change_request_revision THEN
    RETURN NULL;
  END IF;
  IF NEW.decision = 'REJECTED' THEN
    v_outcome := 'REJECTED';
  ELSIF NEW.decision = 'CHANGES_REQUESTED' THEN
    v_outcome := 'DRAFT';
  ELSE
    SELECT count(*) INTO v_listed FROM app.change_request_approvers a WHERE a.change_request_id = v_cr.id AND a.deleted_at IS NULL;
    SELECT count(DISTINCT d.approver_id) INTO v_approvals FROM app.change_request_approvals d
    WHERE d.change_request_id = v_cr.id AND d.change_request_revision = v_cr.revision AND d.decision = 'APPROVED'
      AND d.deleted_at IS NULL
      AND (v_listed = 0 OR d.approver_id IN (SELECT a.approver_id FROM app.change_request_approvers a
                                             WHERE a.change_request_id = v_cr.id AND a.deleted_at IS NULL));
    v_met := (v_cr.approval_policy = 'ALL' AND v_approvals >= greatest(v_listed, 1))
          OR (v_cr.approval_policy = 'ANY' AND v_approvals >= 1)
          OR (v_cr.approval_policy = 'QUORUM' AND v_approvals >= v_cr.approval_quorum);
    IF v_met THEN
      v_outcome := 'APPROVED';
    END IF;
  END IF;
  IF v_outcome IS NOT NULL THEN
    PERFORM set_config('app.approval_outcome', v_cr.id::text, true);
    UPDATE app.change_requests SET status = v_outcome, decided_at = now(), updated_by = NEW.approver_id WHERE id = v_cr.id;
    PERFORM set_config('app.approval_outcome', '', true);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER t70_outcome AFTER INSERT ON app.change_request_approvals
  FOR EACH ROW EXECUTE FUNCTION app.apply_approval_policy();

-- Clients push approvers like any other project content.
CREATE OR REPLACE FUNCTION app.pushable_tables() RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY['documents', 'document_versions', 'document_relations', 'document_updates', 'test_cases',
               'test_executions', 'test_case_relations', 'change_requests', 'change_request_impacts',
               'change_request_approvals', 'change_request_approvers', 'tasks', 'comments', 'notifications', 'users']
$$;

GRANT EXECUTE ON FUNCTION auth.signing_key(), auth.signature_verifier() TO application_user;
GRANT EXECUTE ON FUNCTION app.approval_signing_text(uuid, text, integer, timestamptz, text, uuid) TO application_user, readonly_user;
GRANT EXECUTE ON FUNCTION app.check_change_request_approver(), app.check_decision_policy(), app.apply_approval_policy()
  TO application_user;
