SET LOCAL ROLE super_admin;
DROP FUNCTION app.register_partitioned_table(text, text, interval), app.ensure_partitions(int);
DROP TABLE app.partition_plans;
