SET LOCAL ROLE super_admin;
DROP SCHEMA admin CASCADE;
DROP FUNCTION auth.password_problem(text, text);
