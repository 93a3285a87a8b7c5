// Sign in: the server connection (remembered), the organization, email and password.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { ConnectionSettings, SessionState } from '../../../shared/ipc/domains/session';
import { describe, IpcError } from '../ipc/client';
import { useSession } from '../stores/session-store';
import { ConnectionFields } from './ConnectionFields';
import { DemoPanel } from './DemoPanel';

type SignedOut = Extract<SessionState, { status: 'signed-out' }>;

const DEFAULT_CONNECTION: ConnectionSettings = {
  host: 'localhost', port: 5432, database: 'promanage', sslMode: 'verify-full', user: 'application_user', password: '',
};

export function SignInScreen({ state }: { state: SignedOut }) {
  const signIn = useSession((s) => s.signIn);
  const [connection, setConnection] = useState<ConnectionSettings>({ ...DEFAULT_CONNECTION, ...state.connection, password: '' });
  const [organization, setOrganization] = useState(state.organization ?? '');
  const [email, setEmail] = useState(state.email ?? '');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [demo, setDemo] = useState(state.mode === 'demo');
  const noServer = state.connection === null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn({ connection, organization, email, password, ...(needsCode && totpCode ? { totpCode } : {}) });
    } catch (e) {
      if (e instanceof IpcError && e.info.reason === 'TOTP_REQUIRED') setNeedsCode(true);
      setError(describe(e));
      setBusy(false);
    }
  }

  if (demo) {
    return (
      <main className="sign-in">
        {state.reason && <p className="notice" data-testid="session-ended">{state.reason}</p>}
        <DemoPanel onBack={() => setDemo(false)} />
      </main>
    );
  }

  return (
    <main className="sign-in">
      {noServer && (
        <aside className="demo-offer" data-testid="demo-offer">
          <strong>New to ProManage?</strong> Try it without a server: the demo workspace runs on this computer.
          <button type="button" className="primary" data-testid="open-demo" onClick={() => setDemo(true)}>Open demo workspace</button>
        </aside>
      )}
      <form onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title" data-testid="sign-in-form">
        <h1 id="sign-in-title">Sign in to ProManage</h1>
        {state.reason && <p className="notice" data-testid="session-ended">{state.reason}</p>}
        <ConnectionFields value={connection} onChange={setConnection} />
        <fieldset>
          <legend>Your account</legend>
          <label>Organization<input name="organization" value={organization} autoComplete="organization" required onChange={(e) => setOrganization(e.target.value)} /></label>
          <label>Email<input name="email" type="email" value={email} autoComplete="username" required onChange={(e) => setEmail(e.target.value)} /></label>
          <label>Password<input name="password" type="password" value={password} autoComplete="current-password" required onChange={(e) => setPassword(e.target.value)} /></label>
          {needsCode && (
            <label>Authenticator code<input name="totp" inputMode="numeric" pattern="\d{6}" value={totpCode} autoFocus onChange={(e) => setTotpCode(e.target.value)} /></label>
          )}
        </fieldset>
        {error && <p role="alert" className="error" data-testid="sign-in-error">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
        {!noServer && <button type="button" className="link demo-link" onClick={() => setDemo(true)}>Open the demo workspace instead</button>}
      </form>
    </main>
  );
}
