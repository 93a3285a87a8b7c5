SET LOCAL ROLE super_admin;
DROP TRIGGER t61_notify_failed ON app.test_executions;
DROP TRIGGER t61_notify_decision ON app.change_request_approvals;
DROP TRIGGER t61_notify_review ON app.change_requests;
DROP FUNCTION app.notify_failed_execution(), app.notify_decision(), app.notify_review_requested(),
  app.notify(uuid, uuid, uuid[], text, text, text, text, uuid);
