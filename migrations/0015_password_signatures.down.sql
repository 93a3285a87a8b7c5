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
-- 0010's definitions, kept by the up migration.
DO $$
DECLARE
  f regprocedure;
  v_previous jsonb;
BEGIN
  FOREACH f IN ARRAY ARRAY['auth.refresh_signature_verifier(uuid, text, text)'::regprocedure, 'app.check_decision_policy()'::regprocedure] LOOP
    v_previous := obj_description(f, 'pg_proc')::jsonb;
    EXECUTE v_previous ->> 'definition';
    EXECUTE format('COMMENT ON FUNCTION %s IS %L', f, v_previous ->> 'comment');
  END LOOP;
END $$;
DROP TABLE auth.signing_keys;
DROP FUNCTION auth.keep_signing_keys();
DROP TABLE auth.signature_scheme;
