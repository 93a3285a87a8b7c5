SET LOCAL ROLE super_admin;
ALTER DEFAULT PRIVILEGES FOR ROLE super_admin GRANT EXECUTE ON FUNCTIONS TO PUBLIC;
DROP SCHEMA auth CASCADE;
DROP SCHEMA app CASCADE;
RESET ROLE;
DROP EXTENSION pgcrypto;
DROP SCHEMA extensions;
DO $$
BEGIN
  EXECUTE format('REVOKE CONNECT, CREATE ON DATABASE %I FROM super_admin', current_database());
  EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM application_user, readonly_user', current_database());
END $$;
