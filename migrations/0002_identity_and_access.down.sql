SET LOCAL ROLE super_admin;
DROP TABLE app.project_members, app.projects, app.role_permissions, app.permissions, auth.user_credentials,
  auth.user_sessions, app.users, app.roles, app.organizations, app.tombstones CASCADE;
DROP FUNCTION app.setup_project_table(regclass, text, text, text[], text), app.grant_client_access(regclass, boolean, boolean, text[]),
  app.server_owned_columns(), app.check_project_write(), app.has_org_permission(text, text),
  app.has_permission(uuid, text, text), app.self_permitted_projects(text, text), app.permitted_projects(text, text),
  app.check_member_role(), app.check_hierarchy(), app.record_tombstone(), app.stamp_row(),
  app.current_organization_id(), app.current_user_id(), app.current_session(), app.fail(text, text, text),
  app.is_privileged(), app.table_label(oid);
