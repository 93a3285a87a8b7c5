SET LOCAL ROLE super_admin;
DROP TRIGGER t70_outcome ON app.change_request_approvals;
DROP TRIGGER t25_policy ON app.change_request_approvals;
DROP FUNCTION app.apply_approval_policy(), app.check_decision_policy();
DROP INDEX app.change_request_approvals_decision_key;
-- Revoked first: a dropped column keeps its privileges otherwise.
REVOKE INSERT (signature) ON app.change_request_approvals FROM application_user;
ALTER TABLE app.change_request_approvals DROP COLUMN signature;
DROP TABLE app.change_request_approvers;
DROP FUNCTION app.check_change_request_approver(), app.user_has_permission(uuid, uuid, text, text);

-- As in 0008.
CREATE OR REPLACE FUNCTION app.pushable_tables() RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY['documents', 'document_versions', 'document_relations', 'document_updates', 'test_cases',
               'test_executions', 'test_case_relations', 'change_requests', 'change_request_impacts',
               'change_request_approvals', 'tasks', 'comments', 'notifications', 'users']
$$;

-- As in 0005.
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
    IF NEW.status IN ('APPROVED', 'REJECTED') AND NEW.status <> OLD.status AND NOT v_privileged THEN
      PERFORM app.fail('PM422', 'A change request is approved or rejected by its approvers'' decisions, not by editing its status.',
                       'Record a decision instead.');
    END IF;
    IF (NEW.title, NEW.description, NEW.justification, NEW.priority, NEW.due_date, NEW.approval_policy, NEW.approval_quorum, NEW.approval_mode)
       IS DISTINCT FROM (OLD.title, OLD.description, OLD.justification, OLD.priority, OLD.due_date, OLD.approval_policy, OLD.approval_quorum, OLD.approval_mode) THEN
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

-- As in 0003.
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

  v_token := encode(extensions.gen_random_bytes(32), 'hex');
  v_expires := now() + session_lifetime;
  INSERT INTO auth.user_sessions (user_id, organization_id, token_hash, device_name, client_addr, application_name, expires_at)
  VALUES (v_user.id, v_org, sha256(convert_to(v_token, 'UTF8')), nullif(btrim(device_name), ''),
          inet_client_addr(), current_setting('application_name', true), v_expires);
  RETURN QUERY SELECT v_token, v_user.id, v_org, v_expires, NULL::text, NULL::text;
END $$;

DROP FUNCTION auth.signature_matches(uuid, text, text), app.approval_signing_text(uuid, text, integer, timestamptz, text, uuid),
  auth.signature_verifier(), auth.signing_key(), auth.refresh_signature_verifier(uuid, text, text),
  auth.pbkdf2_sha256(bytea, bytea, integer);
DROP TABLE auth.session_signing_keys, auth.signature_verifiers;
