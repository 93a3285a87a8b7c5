SET LOCAL ROLE super_admin;
DELETE FROM app.partition_plans WHERE table_name IN ('test_executions', 'notifications');
DROP TABLE app.notifications, app.comments, app.tasks, app.change_request_approvals, app.change_request_impacts,
  app.change_requests, app.document_relations, app.test_case_relations, app.test_executions, app.test_cases,
  app.document_versions, app.documents, app.counters CASCADE;
DROP FUNCTION app.notify_mentions(), app.mark_comment_edited(), app.apply_task_rules(), app.check_approval(),
  app.revise_change_request(), app.apply_change_request_rules(), app.change_request_transition_allowed(text, text),
  app.receive_test_execution(), app.count_template_reuse(), app.version_test_case(), app.valid_test_steps(jsonb),
  app.number_document_version(), app.check_entity_reference(), app.entity_project(text, uuid),
  app.update_search_vector(), app.next_number(uuid, text), app.test_case_version(uuid),
  app.change_request_state(uuid);
