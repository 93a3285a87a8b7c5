-- Back to 0010's session-bound signatures.
SET LOCAL ROLE super_admin;

REVOKE EXECUTE ON FUNCTION auth.signing_parameters() FROM application_user;
GRANT EXECUTE ON FUNCTION auth.signing_key(), auth.signature_verifier() TO application_user;

DO $$
DECLARE
  v_previous jsonb := obj_description('app.pushable_tables()'::regprocedure, 'pg_proc')::jsonb;
BEGIN
  EXECUTE v_previous ->> 'definition';
  EXECUTE format('COMMENT ON FUNCTION app.pushable_tables() IS %L', v_previous ->> 'comment');
END $$;
DROP FUNCTION app.verify_signature(uuid);
DROP FUNCTION app.signed_record(uuid);
DROP TYPE app.signed_record;
DROP TABLE app.document_signatures;
DROP FUNCTION app.check_document_signature(), app.record_document_signature(), app.version_content_sha256(text),
  app.document_signing_text(uuid, uuid, uuid, text, text, timestamptz, text, uuid, text, integer);
CREATE OR REPLACE FUNCTION app.check_decision_policy() RETURNS trigger
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
DROP FUNCTION app.decision_signature_problem(app.change_request_approvals);
DROP TRIGGER t75_signature_manifest ON app.change_request_approvals;
DROP FUNCTION app.record_decision_signature();
DROP TABLE app.signature_manifest;
DROP FUNCTION app.keep_signature_manifest();
DROP FUNCTION app.decision_signature_meaning(text);
DROP FUNCTION auth.password_signature_matches(uuid, integer, text, text);
DROP FUNCTION app.decision_signing_text(uuid, uuid, text, integer, timestamptz, text, uuid, text, integer);
DROP FUNCTION app.signature_field(text);
REVOKE INSERT (signature_epoch, signer_name) ON app.change_request_approvals FROM application_user;
ALTER TABLE app.change_request_approvals DROP COLUMN signature_epoch, DROP COLUMN signer_name;

DROP FUNCTION auth.signing_parameters();
CREATE OR REPLACE FUNCTION auth.refresh_signature_verifier(p_user_id uuid, p_password text, p_password_hash text) RETURNS void
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
DROP TABLE auth.signing_keys;
DROP FUNCTION auth.keep_signing_keys();
DROP TABLE auth.signature_scheme;
