// Administration is online only: what the screen shows while the server cannot be reached.
import type { ErrorInfo } from '../../../shared/errors';

export function NeedsConnection({ problem, onRetry }: { problem: ErrorInfo; onRetry: () => void }) {
  return (
    <section className="empty-state" data-testid="admin-offline" role="status">
      <h2>Administration needs a connection to the server</h2>
      <p>{problem.message} {problem.hint}</p>
      <p className="muted">Accounts, projects and roles are changed on the server, never on this device alone. Everything else in the app keeps working offline.</p>
      <button type="button" onClick={onRetry}>Try again</button>
    </section>
  );
}
