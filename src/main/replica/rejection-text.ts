// What the person reads about a change central refused. Domain rules (PMxxx) already speak to people;
// PostgreSQL's generic refusals are put in words here, keeping their code for support.
const LABELS: Record<string, string> = {
  documents: 'document', document_versions: 'document version', document_relations: 'document link', document_updates: 'document edit',
  test_cases: 'test case', test_executions: 'test execution', change_requests: 'change request', change_request_impacts: 'impact',
  change_request_approvals: 'approval decision', change_request_approvers: 'approver', tasks: 'task', comments: 'comment', notifications: 'notification',
  relation_reviews: 'link review', baselines: 'baseline', baseline_items: 'baseline item',
};

export function rejectionText(table: string, op: string, code: string, message: string, hint: string | null): { message: string; hint: string | null } {
  const what = LABELS[table] ?? table.replace(/_/g, ' ').replace(/s$/, '');
  const verb = op === 'insert' ? 'create' : 'change';
  const keep = 'What you entered is shown below so you can keep it.';
  switch (code) {
    case '42501':
      return { message: `You are not allowed to ${verb} this ${what} in this project.`, hint: `Ask a project manager for the permission. ${keep}` };
    case '23505':
      return { message: `The ${what} could not be saved: another item already uses the same name or number.`, hint: `Change it and try again. ${keep}` };
    case '23503':
      return { message: `The ${what} refers to something that no longer exists.`, hint: keep };
    case '23514':
    case '22001':
    case '22P02':
      return { message: `The ${what} has a value the server does not accept (${message}).`, hint: keep };
    default:
      return { message, hint };
  }
}
