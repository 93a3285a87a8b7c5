SET LOCAL ROLE super_admin;
DROP FUNCTION app.maintain_database();
DROP VIEW app.visible_project_stats, app.my_dashboard_stats;
DROP MATERIALIZED VIEW app.user_dashboard_stats, app.project_stats;
