-- Roles, extensions and schemas.
-- Roles are cluster-wide: they are created when missing and never dropped by a down migration,
-- because other databases of the same cluster may hold grants to them.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'super_admin') THEN
    CREATE ROLE super_admin NOLOGIN BYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'application_user') THEN
    CREATE ROLE application_user NOLOGIN NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'readonly_user') THEN
    CREATE ROLE readonly_user NOLOGIN NOBYPASSRLS;
  END IF;
  -- The migrating login acts as super_admin (SET ROLE) so that super_admin owns the schema.
  IF current_user <> 'super_admin' AND NOT pg_has_role(current_user, 'super_admin', 'MEMBER') THEN
    EXECUTE format('GRANT super_admin TO %I', current_user);
  END IF;
  EXECUTE format('GRANT CONNECT, CREATE ON DATABASE %I TO super_admin', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO application_user, readonly_user', current_database());
END $$;

CREATE SCHEMA extensions;
CREATE EXTENSION pgcrypto WITH SCHEMA extensions;
GRANT USAGE ON SCHEMA extensions TO super_admin;


SET LOCAL ROLE super_admin;
-- app: tenant data and the functions policies call; auth: credentials, sessions, login.
CREATE SCHEMA app;
CREATE SCHEMA auth;
ALTER DEFAULT PRIVILEGES FOR ROLE super_admin REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
GRANT USAGE ON SCHEMA app TO application_user, readonly_user;
GRANT USAGE ON SCHEMA auth TO application_user, readonly_user;
