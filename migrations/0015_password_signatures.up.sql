-- Electronic signatures that prove the password and stay verifiable (issue 14). A decision is signed
-- with a key derived from the approver's password on the device at the moment of signing; central keeps
-- the same key per password epoch (derived at sign-in, the only time it sees the password), verifies at
-- push and at any time later (app.verify_signature), and records every accepted signature in an
-- append-only manifest. Session-bound signatures (0010) are accepted only for decisions taken before
-- this migration, and are reported as "legacy: session-bound", never as valid.
SET LOCAL ROLE super_admin;

-- The definitions this migration replaces, kept in their comments for the down migration (as 0012 and
-- 0014 do).
DO $$
DECLARE
  f regprocedure;
BEGIN
  FOREACH f IN ARRAY ARRAY['auth.refresh_signature_verifier(uuid, text, text)'::regprocedure, 'app.check_decision_policy()'::regprocedure] LOOP
    EXECUTE format('COMMENT ON FUNCTION %s IS %L', f,
                   jsonb_build_object('definition', pg_get_functiondef(f), 'comment', obj_description(f, 'pg_proc')));
  END LOOP;
END $$;

-- ---------------------------------------------------------------------------------------------
-- Keys per password epoch
-- ---------------------------------------------------------------------------------------------

-- T = PBKDF2-HMAC-SHA256(password, salt, iterations); the signing key is HMAC-SHA256(T,
-- 'promanage-signing-key') and the password check the device compares HMAC-SHA256(T,
-- 'promanage-password-check'). Neither reveals the other, nor T. A new epoch starts whenever the
-- password changed; an epoch's row is never overwritten or deleted, so signatures made under it stay
-- verifiable after a password change, and after a restore (the keys are in the backup).
CREATE TABLE auth.signing_keys (
  user_id uuid NOT NULL REFERENCES app.users (id),
  epoch integer NOT NULL CHECK (epoch >= 1),
  salt bytea NOT NULL CHECK (length(salt) = 16),
  iterations integer NOT NULL CHECK (iterations >= 100000),
  signing_key bytea NOT NULL CHECK (length(signing_key) = 32),
  password_check bytea NOT NULL CHECK (length(password_check) = 32),
  -- sha256 of the bcrypt hash the epoch was made with: a new hash means a new password.
  password_hash_sha256 bytea NOT NULL CHECK (length(password_hash_sha256) = 32),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- When the next epoch started (the password changed); signatures of this epoch are still verified.
  replaced_at timestamptz,
  PRIMARY KEY (user_id, epoch)
);
ALTER TABLE auth.signing_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth.signing_keys FORCE ROW LEVEL SECURITY;

-- Until when a session-bound (0010) signature is still accepted at push: decisions taken offline
-- before the upgrade are not lost. They are recorded and reported as legacy, never as valid.
CREATE TABLE auth.signature_scheme (
  one_row boolean PRIMARY KEY DEFAULT true CHECK (one_row),
  legacy_until timestamptz NOT NULL
);
ALTER TABLE auth.signature_scheme ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth.signature_scheme FORCE ROW LEVEL SECURITY;
INSERT INTO auth.signature_scheme (legacy_until) VALUES (now());

-- Keys are kept: an epoch may only be marked replaced, once; nothing else changes and nothing is deleted.
CREATE FUNCTION auth.keep_signing_keys() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.replaced_at IS NULL AND NEW.replaced_at IS NOT NULL
     AND (NEW.user_id, NEW.epoch, NEW.salt, NEW.iterations, NEW.signing_key, NEW.password_check, NEW.password_hash_sha256,
          NEW.created_at) IS NOT DISTINCT FROM
         (OLD.user_id, OLD.epoch, OLD.salt, OLD.iterations, OLD.signing_key, OLD.password_check, OLD.password_hash_sha256,
          OLD.created_at) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION USING ERRCODE = 'PM422', MESSAGE = 'Signing keys are kept unchanged: signatures made with them must stay verifiable.',
    HINT = 'A new password starts a new key epoch at the next sign-in.';
END $$;
CREATE TRIGGER t10_keep BEFORE UPDATE OR DELETE ON auth.signing_keys
  FOR EACH ROW EXECUTE FUNCTION auth.keep_signing_keys();
CREATE TRIGGER t10_keep_truncate BEFORE TRUNCATE ON auth.signing_keys
  FOR EACH STATEMENT EXECUTE FUNCTION auth.keep_signing_keys();

-- Called by auth.login after a successful sign-in (0010 named it for the verifier it made then): starts
-- a new key epoch when there is none or the password changed since the last one. Runs one PBKDF2
-- (~0.2 s) once per password. The caller's transaction has already updated the user's credentials
-- row, so two sign-ins at once make one epoch, not two.
CREATE OR REPLACE FUNCTION auth.refresh_signature_verifier(p_user_id uuid, p_password text, p_password_hash text) RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, extensions, pg_temp AS $$
DECLARE
  c_iterations constant integer := 100000;
  v_current bytea := sha256(convert_to(p_password_hash, 'UTF8'));
  v_last auth.signing_keys%ROWTYPE;
  v_salt bytea;
  v_secret bytea;
BEGIN
  SELECT k.* INTO v_last FROM auth.signing_keys k WHERE k.user_id = p_user_id ORDER BY k.epoch DESC LIMIT 1;
  IF v_last.user_id IS NOT NULL AND v_last.password_hash_sha256 = v_current THEN
    RETURN;
  END IF;
  IF v_last.user_id IS NOT NULL THEN
    UPDATE auth.signing_keys k SET replaced_at = now() WHERE k.user_id = p_user_id AND k.epoch = v_last.epoch;
  END IF;
  v_salt := extensions.gen_random_bytes(16);
  v_secret := auth.pbkdf2_sha256(convert_to(p_password, 'UTF8'), v_salt, c_iterations);
  INSERT INTO auth.signing_keys (user_id, epoch, salt, iterations, signing_key, password_check, password_hash_sha256)
  VALUES (p_user_id, coalesce(v_last.epoch, 0) + 1, v_salt, c_iterations,
          extensions.hmac(convert_to('promanage-signing-key', 'UTF8'), v_secret, 'sha256'),
          extensions.hmac(convert_to('promanage-password-check', 'UTF8'), v_secret, 'sha256'), v_current);
END $$;

-- What the signed-in user's device needs to sign offline: the current epoch, its salt and iterations,
-- and the password check (so a mistyped password is refused on the device at once). No secret: the
-- key itself is derived from the password on the device and never leaves the database otherwise.
CREATE FUNCTION auth.signing_parameters() RETURNS TABLE (epoch integer, salt text, iterations integer, password_check text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, app, auth, pg_temp AS $$
DECLARE
  v_user uuid := (SELECT s.user_id FROM app.current_session() s);
BEGIN
  IF v_user IS NULL THEN
    PERFORM app.fail('PM401', 'You are not signed in, or your session has ended.', 'Sign in again.');
  END IF;
  RETURN QUERY SELECT k.epoch, encode(k.salt, 'hex'), k.iterations, encode(k.password_check, 'hex')
  FROM auth.signing_keys k WHERE k.user_id = v_user ORDER BY k.epoch DESC LIMIT 1;
END $$;

-- ---------------------------------------------------------------------------------------------
-- What a decision's signature covers
-- ---------------------------------------------------------------------------------------------

ALTER TABLE app.change_request_approvals
  ADD COLUMN signature_epoch integer CHECK (signature_epoch >= 1),
  ADD COLUMN signer_name text CHECK (length(signer_name) BETWEEN 1 AND 200);
GRANT INSERT (signature_epoch, signer_name) ON app.change_request_approvals TO application_user;

-- Each field with '\' and '|' escaped, joined by '|': 'promanage-signature-2' | kind | record id |
-- change request id | decision | revision | decided at (UTC, ms, as JavaScript's toISOString) |
-- meaning | signer id | signer's printed name | key epoch. src/main/central/signature.ts builds the same.
CREATE FUNCTION app.signature_field(p text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT replace(replace(coalesce(p, ''), '\', '\\'), '|', '\|')
$$;

CREATE FUNCTION app.decision_signing_text(p_id uuid, p_change_request_id uuid, p_decision text, p_revision integer,
                                          p_decided_at timestamptz, p_meaning text, p_approver_id uuid, p_signer_name text,
                                          p_epoch integer) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, app, pg_temp AS $$
  SELECT concat_ws('|', 'promanage-signature-2', 'change_request_approval', p_id::text, p_change_request_id::text,
                   app.signature_field(p_decision), p_revision::text,
                   to_char(p_decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                   app.signature_field(p_meaning), p_approver_id::text, app.signature_field(p_signer_name), p_epoch::text)
$$;

-- Whether p_signature (hex) is HMAC-SHA256(signing key of p_user's epoch p_epoch, p_text).
-- NULL when that epoch's key does not exist.
CREATE FUNCTION auth.password_signature_matches(p_user_id uuid, p_epoch integer, p_text text, p_signature text) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, extensions, pg_temp AS $$
  SELECT encode(extensions.hmac(convert_to(p_text, 'UTF8'), k.signing_key, 'sha256'), 'hex') = lower(p_signature)
  FROM auth.signing_keys k WHERE k.user_id = p_user_id AND k.epoch = p_epoch
$$;

-- The meaning a decision's signature records in the manifest.
CREATE FUNCTION app.decision_signature_meaning(p_decision text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT CASE p_decision WHEN 'APPROVED' THEN 'APPROVED' WHEN 'REJECTED' THEN 'REJECTED' ELSE 'REVIEWED' END
$$;

-- ---------------------------------------------------------------------------------------------
-- The signature manifest: one row per accepted signature, written by the database, never changed.
-- ---------------------------------------------------------------------------------------------

CREATE TABLE app.signature_manifest (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  project_id uuid NOT NULL,
  entity_type text NOT NULL CHECK (entity_type IN ('change_request_approval', 'document_signature')),
  entity_id uuid NOT NULL UNIQUE,
  -- What the signature means, as Part 11 asks, and the statement the signer gave.
  meaning text NOT NULL CHECK (meaning IN ('APPROVED', 'REJECTED', 'REVIEWED', 'AUTHORED')),
  statement text,
  signer_id uuid NOT NULL,
  signer_name text NOT NULL,
  -- The device's time of signing, and central's time of receipt.
  signed_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  scheme text NOT NULL CHECK (scheme IN ('PASSWORD', 'SESSION_LEGACY')),
  key_epoch integer,
  signature text NOT NULL,
  signed_text_sha256 text NOT NULL,
  session_id uuid,
  device_name text,
  FOREIGN KEY (project_id, organization_id) REFERENCES app.projects (id, organization_id)
);
CREATE INDEX signature_manifest_project_idx ON app.signature_manifest (project_id, received_at);
CREATE INDEX signature_manifest_signer_idx ON app.signature_manifest (signer_id, received_at);
ALTER TABLE app.signature_manifest ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.signature_manifest FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON app.signature_manifest FOR SELECT
  USING (organization_id = (SELECT app.current_organization_id())
         AND (signer_id = (SELECT app.current_user_id())
              OR project_id = ANY ((SELECT app.permitted_projects('CHANGE_REQUEST', 'READ'))::uuid[])
              OR project_id = ANY ((SELECT app.permitted_projects('ACTIVITY_LOG', 'READ'))::uuid[])));
GRANT SELECT ON app.signature_manifest TO application_user, readonly_user;

CREATE FUNCTION app.keep_signature_manifest() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'PM422', MESSAGE = 'The signature manifest is part of the audit trail: its entries are never changed or removed.',
    HINT = 'A signature stands once recorded.';
END $$;
CREATE TRIGGER t10_keep BEFORE UPDATE OR DELETE ON app.signature_manifest
  FOR EACH ROW EXECUTE FUNCTION app.keep_signature_manifest();
CREATE TRIGGER t10_keep_truncate BEFORE TRUNCATE ON app.signature_manifest
  FOR EACH STATEMENT EXECUTE FUNCTION app.keep_signature_manifest();

-- AFTER INSERT on decisions: a signed decision's manifest entry.
CREATE FUNCTION app.record_decision_signature() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, app, extensions, pg_temp AS $$
DECLARE
  v_session record;
  v_text text;
BEGIN
  IF NEW.signature IS NULL THEN
    RETURN NULL;
  END IF;
  SELECT s.session_id, s.device_name INTO v_session FROM app.current_session() s;
  v_text := CASE WHEN NEW.signature_epoch IS NOT NULL
    THEN app.decision_signing_text(NEW.id, NEW.change_request_id, NEW.decision, NEW.change_request_revision, NEW.decided_at,
                                   NEW.signature_meaning, NEW.approver_id, NEW.signer_name, NEW.signature_epoch)
    ELSE app.approval_signing_text(NEW.change_request_id, NEW.decision, NEW.change_request_revision, NEW.decided_at,
                                   NEW.signature_meaning, NEW.approver_id) END;
  INSERT INTO app.signature_manifest (organization_id, project_id, entity_type, entity_id, meaning, statement, signer_id,
                                      signer_name, signed_at, scheme, key_epoch, signature, signed_text_sha256, session_id, device_name)
  VALUES (NEW.organization_id, NEW.project_id, 'change_request_approval', NEW.id, app.decision_signature_meaning(NEW.decision),
          NEW.signature_meaning, NEW.approver_id,
          coalesce(NEW.signer_name, (SELECT u.full_name FROM app.users u WHERE u.id = NEW.approver_id), ''),
          NEW.decided_at, CASE WHEN NEW.signature_epoch IS NOT NULL THEN 'PASSWORD' ELSE 'SESSION_LEGACY' END,
          NEW.signature_epoch, lower(NEW.signature), encode(sha256(convert_to(v_text, 'UTF8')), 'hex'),
          v_session.session_id, v_session.device_name);
  RETURN NULL;
END $$;
CREATE TRIGGER t75_signature_manifest AFTER INSERT ON app.change_request_approvals
  FOR EACH ROW EXECUTE FUNCTION app.record_decision_signature();

-- ---------------------------------------------------------------------------------------------
-- Checking a decision at push: 0010's rules, with the password signature in place of the session key's.
-- ---------------------------------------------------------------------------------------------

-- The signature part of a decision's check (NULL when acceptable, else the message of the refusal).
CREATE FUNCTION app.decision_signature_problem(d app.change_request_approvals) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, app, auth, pg_temp AS $$
DECLARE
  v_name text;
BEGIN
  IF d.signature IS NULL THEN
    RETURN 'The decision carries no electronic signature.';
  END IF;
  IF d.signature_epoch IS NULL THEN
    -- Session-bound (0010): only for decisions taken before the upgrade, with a still-valid session key.
    IF d.decided_at < (SELECT s.legacy_until FROM auth.signature_scheme s)
       AND auth.signature_matches(d.approver_id, app.approval_signing_text(d.change_request_id, d.decision, d.change_request_revision,
                                                                           d.decided_at, d.signature_meaning, d.approver_id), d.signature) THEN
      RETURN NULL;
    END IF;
    RETURN 'The decision was signed the old way (with a session key) after signatures started to need the password.';
  END IF;
  SELECT u.full_name INTO v_name FROM app.users u WHERE u.id = d.approver_id;
  IF d.signer_name IS DISTINCT FROM v_name THEN
    RETURN format('The signature names "%s", but the approver''s name is "%s".', coalesce(d.signer_name, ''), coalesce(v_name, ''));
  END IF;
  IF coalesce(auth.password_signature_matches(d.approver_id, d.signature_epoch,
       app.decision_signing_text(d.id, d.change_request_id, d.decision, d.change_request_revision, d.decided_at, d.signature_meaning,
                                 d.approver_id, d.signer_name, d.signature_epoch), d.signature), false) THEN
    RETURN NULL;
  END IF;
  RETURN 'The signature does not match the decision and the approver''s password.';
END $$;

CREATE OR REPLACE FUNCTION app.check_decision_policy() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, app, auth, pg_temp AS $$
DECLARE
  v_user uuid := app.current_user_id();
  v_cr app.change_requests%ROWTYPE;
  v_listed boolean;
  v_mine app.change_request_approvers%ROWTYPE;
  v_waiting text;
  v_earlier record;
  v_problem text;
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
    IF NEW.decision IN ('APPROVED', 'REJECTED') OR NEW.signature IS NOT NULL THEN
      v_problem := app.decision_signature_problem(NEW);
      IF v_problem IS NOT NULL THEN
        PERFORM app.fail('PM413', 'The electronic signature could not be verified — approve again and enter your password. ' || v_problem,
                         'A signature is made with the password you sign in with, on the device, at the moment you decide.');
      END IF;
    END IF;
  END IF;
  RETURN NEW;
END $$;

-- ---------------------------------------------------------------------------------------------
-- Signatures of document versions: AUTHORED, REVIEWED or APPROVED, made the same way (replicated,
-- append-only, pushed like any project content; kind `documentSignature` on the device).
-- ---------------------------------------------------------------------------------------------

CREATE TABLE app.document_signatures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL,
  project_id uuid NOT NULL,
  document_id uuid NOT NULL,
  document_version_id uuid NOT NULL REFERENCES app.document_versions (id),
  meaning text NOT NULL CHECK (meaning IN ('AUTHORED', 'REVIEWED', 'APPROVED')),
  statement text NOT NULL CHECK (length(btrim(statement)) BETWEEN 1 AND 500),
  -- The signed-in user (set by the database).
  signer_id uuid,
  signer_name text NOT NULL CHECK (length(signer_name) BETWEEN 1 AND 200),
  -- The device's time of signing.
  signed_at timestamptz NOT NULL,
  -- sha256 (hex) of the version's text as the signer saw it.
  content_sha256 text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
  signature text NOT NULL CHECK (signature ~ '^[0-9a-f]{64}$'),
  signature_epoch integer NOT NULL CHECK (signature_epoch >= 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  deleted_at timestamptz,
  deleted_by uuid,
  version bigint NOT NULL DEFAULT 1,
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  FOREIGN KEY (project_id, organization_id) REFERENCES app.projects (id, organization_id),
  FOREIGN KEY (document_id, project_id) REFERENCES app.documents (id, project_id),
  FOREIGN KEY (signer_id, organization_id) REFERENCES app.users (id, organization_id)
);
CREATE INDEX document_signatures_version_idx ON app.document_signatures (document_version_id) WHERE deleted_at IS NULL;
CREATE INDEX document_signatures_sync_idx ON app.document_signatures (project_id, sync_xid, id);
CREATE UNIQUE INDEX document_signatures_once_key ON app.document_signatures (document_version_id, signer_id, meaning) WHERE deleted_at IS NULL;
-- Reading a document lets one sign its versions as a reviewer; the trigger below asks more of authors and approvers.
SELECT app.setup_project_table('app.document_signatures', 'DOCUMENT', 'append', '{signer_id}', 'READ');
CREATE TRIGGER t95_poke AFTER INSERT OR DELETE OR UPDATE ON app.document_signatures FOR EACH ROW EXECUTE FUNCTION app.poke('project');
CREATE TRIGGER t80_audit AFTER DELETE OR UPDATE ON app.document_signatures FOR EACH ROW EXECUTE FUNCTION app.audit_row('DOCUMENT_SIGNATURE');
CREATE TRIGGER t80_audit_insert AFTER INSERT ON app.document_signatures REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app.audit_inserts('DOCUMENT_SIGNATURE');

CREATE FUNCTION app.document_signing_text(p_id uuid, p_document_id uuid, p_version_id uuid, p_content_sha256 text, p_meaning text,
                                          p_signed_at timestamptz, p_statement text, p_signer_id uuid, p_signer_name text,
                                          p_epoch integer) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, app, pg_temp AS $$
  SELECT concat_ws('|', 'promanage-signature-2', 'document_version', p_id::text, p_document_id::text, p_version_id::text,
                   app.signature_field(p_content_sha256), app.signature_field(p_meaning),
                   to_char(p_signed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), app.signature_field(p_statement),
                   p_signer_id::text, app.signature_field(p_signer_name), p_epoch::text)
$$;

-- The sha256 (hex) of a version's text, as the device computes it.
CREATE FUNCTION app.version_content_sha256(p_content text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT encode(sha256(convert_to(coalesce(p_content, ''), 'UTF8')), 'hex')
$$;

-- BEFORE INSERT: who signs, what, with which right, and the signature itself.
CREATE FUNCTION app.check_document_signature() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, app, auth, pg_temp AS $$
DECLARE
  v_user uuid := app.current_user_id();
  v_version app.document_versions%ROWTYPE;
  v_name text;
BEGIN
  SELECT v.* INTO v_version FROM app.document_versions v
  WHERE v.id = NEW.document_version_id AND v.document_id = NEW.document_id AND v.project_id = NEW.project_id AND v.deleted_at IS NULL;
  IF v_version.id IS NULL THEN
    PERFORM app.fail('PM404', 'That version of the document does not exist in this project.', 'Refresh the document''s history.');
  END IF;
  IF v_user IS NULL THEN
    -- Privileged (seeds, imports): t10_stamp refused everyone else without a session.
    RETURN NEW;
  END IF;
  NEW.signer_id := v_user;
  IF NEW.meaning IN ('AUTHORED', 'APPROVED') AND NOT NEW.project_id = ANY (app.permitted_projects('DOCUMENT', 'UPDATE')) THEN
    PERFORM app.fail('PM403', format('Signing a version as %s needs permission to edit the document.', lower(NEW.meaning)),
                     'Sign it as reviewed, or ask a project manager for a role that edits documents.');
  END IF;
  IF app.version_content_sha256(v_version.content) <> NEW.content_sha256 THEN
    PERFORM app.fail('PM413', 'The electronic signature could not be verified — the version''s text is not the text that was signed.',
                     'Open the version again and sign what it shows.');
  END IF;
  SELECT u.full_name INTO v_name FROM app.users u WHERE u.id = v_user;
  IF NEW.signer_name IS DISTINCT FROM v_name
     OR NOT coalesce(auth.password_signature_matches(v_user, NEW.signature_epoch,
          app.document_signing_text(NEW.id, NEW.document_id, NEW.document_version_id, NEW.content_sha256, NEW.meaning, NEW.signed_at,
                                    NEW.statement, v_user, NEW.signer_name, NEW.signature_epoch), NEW.signature), false) THEN
    PERFORM app.fail('PM413', 'The electronic signature could not be verified — sign again and enter your password.',
                     'A signature is made with the password you sign in with, on the device, at the moment you sign.');
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER t20_check BEFORE INSERT ON app.document_signatures
  FOR EACH ROW EXECUTE FUNCTION app.check_document_signature();

CREATE FUNCTION app.record_document_signature() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
DECLARE
  v_session record;
BEGIN
  SELECT s.session_id, s.device_name INTO v_session FROM app.current_session() s;
  INSERT INTO app.signature_manifest (organization_id, project_id, entity_type, entity_id, meaning, statement, signer_id,
                                      signer_name, signed_at, scheme, key_epoch, signature, signed_text_sha256, session_id, device_name)
  VALUES (NEW.organization_id, NEW.project_id, 'document_signature', NEW.id, NEW.meaning, NEW.statement, NEW.signer_id, NEW.signer_name,
          NEW.signed_at, 'PASSWORD', NEW.signature_epoch, NEW.signature,
          encode(sha256(convert_to(app.document_signing_text(NEW.id, NEW.document_id, NEW.document_version_id, NEW.content_sha256,
            NEW.meaning, NEW.signed_at, NEW.statement, NEW.signer_id, NEW.signer_name, NEW.signature_epoch), 'UTF8')), 'hex'),
          v_session.session_id, v_session.device_name);
  RETURN NULL;
END $$;
CREATE TRIGGER t75_signature_manifest AFTER INSERT ON app.document_signatures
  FOR EACH ROW EXECUTE FUNCTION app.record_document_signature();

-- ---------------------------------------------------------------------------------------------
-- Verifying later: at any time, after the session ended, a password change or a restore.
-- ---------------------------------------------------------------------------------------------

-- A signed record (a decision or a document signature) as verification sees it.
CREATE TYPE app.signed_record AS (
  id uuid, organization_id uuid, project_id uuid, resource text, signer_id uuid, signer_name text, meaning text, statement text,
  signed_at timestamptz, received_at timestamptz, signature text, epoch integer, signed_text text, content_problem text
);

CREATE FUNCTION app.signed_record(p_id uuid) RETURNS app.signed_record
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, app, pg_temp AS $$
DECLARE
  r app.signed_record;
BEGIN
  SELECT a.id, a.organization_id, a.project_id, 'CHANGE_REQUEST', a.approver_id, a.signer_name,
         app.decision_signature_meaning(a.decision), a.signature_meaning, a.decided_at, a.created_at, a.signature, a.signature_epoch,
         CASE WHEN a.signature_epoch IS NOT NULL THEN app.decision_signing_text(a.id, a.change_request_id, a.decision,
           a.change_request_revision, a.decided_at, a.signature_meaning, a.approver_id, a.signer_name, a.signature_epoch) END, NULL
  INTO r FROM app.change_request_approvals a WHERE a.id = p_id;
  IF r.id IS NULL THEN
    SELECT d.id, d.organization_id, d.project_id, 'DOCUMENT', d.signer_id, d.signer_name, d.meaning, d.statement, d.signed_at,
           d.created_at, d.signature, d.signature_epoch,
           app.document_signing_text(d.id, d.document_id, d.document_version_id, d.content_sha256, d.meaning, d.signed_at, d.statement,
                                     d.signer_id, d.signer_name, d.signature_epoch),
           CASE WHEN v.id IS NULL OR app.version_content_sha256(v.content) <> d.content_sha256
                THEN 'The version''s text is no longer the text that was signed: it was changed after it was signed.' END
    INTO r FROM app.document_signatures d LEFT JOIN app.document_versions v ON v.id = d.document_version_id WHERE d.id = p_id;
  END IF;
  RETURN r;
END $$;

CREATE FUNCTION app.verify_signature(p_id uuid)
RETURNS TABLE (valid boolean, status text, reason text, meaning text, signer_name text, signed_at timestamptz,
               received_at timestamptz, scheme text, key_epoch integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, app, auth, pg_temp AS $$
DECLARE
  r app.signed_record := app.signed_record(p_id);
  m app.signature_manifest%ROWTYPE;
  v_matches boolean;
  v_reason text;
BEGIN
  -- Signed-in callers verify what they may read; a privileged login without a session (an auditor on
  -- the database's own account) anything. application_user without a session is refused.
  IF (SELECT s.user_id FROM app.current_session() s) IS NOT NULL THEN
    IF r.id IS NULL OR r.organization_id <> app.current_organization_id()
       OR NOT (r.project_id = ANY (app.permitted_projects(r.resource, 'READ')) OR r.signer_id = app.current_user_id()) THEN
      r := NULL;
    END IF;
  ELSIF NOT pg_has_role(session_user, 'super_admin', 'MEMBER') THEN
    PERFORM app.fail('PM401', 'You are not signed in, or your session has ended.', 'Sign in again.');
  END IF;
  IF r.id IS NULL THEN
    PERFORM app.fail('PM404', 'That signed record does not exist, or you may not see it.', 'Check its id.');
  END IF;
  SELECT x.* INTO m FROM app.signature_manifest x WHERE x.entity_id = r.id;

  IF r.signature IS NULL THEN
    RETURN QUERY SELECT false, 'UNSIGNED', 'This decision carries no electronic signature.', r.meaning, r.signer_name, r.signed_at,
      r.received_at, NULL::text, NULL::integer;
    RETURN;
  END IF;
  IF r.epoch IS NULL THEN
    RETURN QUERY SELECT false, 'LEGACY',
      'legacy: session-bound — signed with a key of the approver''s session before signatures needed the password; it was checked once, '
      || 'when it arrived, and cannot be verified again.', r.meaning, coalesce(m.signer_name, r.signer_name), r.signed_at,
      coalesce(m.received_at, r.received_at), 'SESSION_LEGACY', NULL::integer;
    RETURN;
  END IF;

  v_matches := auth.password_signature_matches(r.signer_id, r.epoch, r.signed_text, r.signature);
  v_reason := CASE
    WHEN v_matches IS NULL THEN format('The signing key of password epoch %s of the signer is missing from this database.', r.epoch)
    WHEN NOT v_matches THEN 'The record no longer matches its signature: it was changed after it was signed.'
    WHEN r.content_problem IS NOT NULL THEN r.content_problem
    WHEN m.id IS NULL THEN 'The signature has no entry in the signature manifest.'
    WHEN m.signature <> lower(r.signature) OR m.signed_text_sha256 <> encode(sha256(convert_to(r.signed_text, 'UTF8')), 'hex')
      THEN 'The signature manifest records another signature for this record.'
  END;
  RETURN QUERY SELECT v_reason IS NULL, CASE WHEN v_reason IS NULL THEN 'VALID' ELSE 'INVALID' END,
    coalesce(v_reason, format('Signed by %s with the password of key epoch %s (%s, %s).', r.signer_name, r.epoch, lower(r.meaning),
                              coalesce(r.statement, ''))),
    r.meaning, r.signer_name, r.signed_at, coalesce(m.received_at, r.received_at), 'PASSWORD', r.epoch;
END $$;

-- Clients push document signatures like any project content (as 0012 added attachments).
DO $$
DECLARE
  v_previous jsonb := jsonb_build_object(
    'definition', pg_get_functiondef('app.pushable_tables()'::regprocedure),
    'comment', obj_description('app.pushable_tables()'::regprocedure, 'pg_proc'));
BEGIN
  EXECUTE format('CREATE OR REPLACE FUNCTION app.pushable_tables() RETURNS text[] LANGUAGE sql IMMUTABLE AS %L',
                 format('SELECT %L::text[]', app.pushable_tables() || ARRAY['document_signatures']));
  EXECUTE format('COMMENT ON FUNCTION app.pushable_tables() IS %L', v_previous::text);
END $$;

-- ---------------------------------------------------------------------------------------------
-- Grants: a session token no longer yields a signing key.
-- ---------------------------------------------------------------------------------------------
REVOKE EXECUTE ON FUNCTION auth.signing_key(), auth.signature_verifier() FROM application_user;
GRANT EXECUTE ON FUNCTION auth.signing_parameters() TO application_user;
GRANT EXECUTE ON FUNCTION app.verify_signature(uuid) TO application_user, readonly_user;
GRANT EXECUTE ON FUNCTION app.decision_signing_text(uuid, uuid, text, integer, timestamptz, text, uuid, text, integer),
  app.signature_field(text), app.decision_signature_meaning(text) TO application_user, readonly_user;
GRANT EXECUTE ON FUNCTION app.document_signing_text(uuid, uuid, uuid, text, text, timestamptz, text, uuid, text, integer),
  app.version_content_sha256(text) TO application_user, readonly_user;
GRANT EXECUTE ON FUNCTION app.record_decision_signature(), app.check_document_signature(), app.record_document_signature()
  TO application_user;
