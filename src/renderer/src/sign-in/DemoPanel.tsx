// The demo workspace: an embedded central database on this computer with sample content. Each demo
// user's password is shown here, so anyone can try each role.
import { useEffect, useState } from 'react';
import type { DemoWorkspace } from '../../../shared/ipc/domains/demo';
import { call, describe } from '../ipc/client';
import { useSession } from '../stores/session-store';

export function DemoPanel({ onBack }: { onBack: () => void }) {
  const [workspace, setWorkspace] = useState<DemoWorkspace | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('demo:open', undefined).then(setWorkspace, (e: unknown) => setError(describe(e)));
  }, []);

  async function signIn(email: string, password: string) {
    setBusy(email);
    setError(null);
    try {
      useSession.setState({ state: await call('demo:signIn', { email, password }) });
    } catch (e) {
      setError(describe(e));
      setBusy(null);
    }
  }

  return (
    <section className="demo-panel" data-testid="demo-panel" aria-labelledby="demo-title">
      <h1 id="demo-title">Demo workspace</h1>
      <p>A sample organization on this computer, synced exactly like a real server. Sign in as any of its people to see their view; switch by signing out.</p>
      {!workspace && !error && <p aria-busy="true" className="muted">Preparing the demo workspace… the first start takes a few seconds.</p>}
      {workspace && (
        <>
          <p className="muted">Organization: <strong>{workspace.organizationName}</strong> ({workspace.organization})</p>
          <ul className="demo-users">
            {workspace.users.map((user) => (
              <li key={user.key} data-testid={`demo-user-${user.key}`}>
                <div className="demo-role">{user.role}</div>
                <strong>{user.fullName}</strong>
                <p className="muted">{user.description}</p>
                <dl>
                  <dt>Email</dt><dd>{user.email}</dd>
                  <dt>Password</dt><dd><code>{user.password}</code></dd>
                </dl>
                <button type="button" className="primary" disabled={busy !== null} onClick={() => void signIn(user.email, user.password)}>
                  {busy === user.email ? 'Signing in…' : `Sign in as ${user.fullName.split(' ')[0]}`}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {error && <p role="alert" className="error" data-testid="demo-error">{error}</p>}
      <button type="button" className="link" onClick={onBack}>Connect to a server instead</button>
    </section>
  );
}
