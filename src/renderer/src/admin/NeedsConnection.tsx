// Administration is online only: what the screen shows while the server cannot be reached.
export function NeedsConnection({ onRetry }: { onRetry: () => void }) {
  return (
    <section className="empty-state" data-testid="admin-offline" role="status">
      <h2>Administration needs a connection to the server</h2>
      <p>The server cannot be reached from this device now. This screen loads again by itself when the connection is back, or try again yourself.</p>
      <p className="muted">Accounts, projects and roles are changed on the server, never on this device alone. Everything else in the app keeps working offline.</p>
      <button type="button" onClick={onRetry}>Try again</button>
    </section>
  );
}
