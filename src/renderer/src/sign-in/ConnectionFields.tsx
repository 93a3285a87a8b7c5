// Where central is: host, port, database, TLS mode; the connection account and an optional read replica
// (a standby that pulls are read from) folded away.
import { isLoopback, UNENCRYPTED_RISK } from '../../../shared/connection-security';
import type { ConnectionSettings } from '../../../shared/ipc/domains/session';

interface Props {
  value: ConnectionSettings;
  onChange(value: ConnectionSettings): void;
}

export function ConnectionFields({ value, onChange }: Props) {
  const set = (changes: Partial<ConnectionSettings>) => onChange({ ...value, ...changes });
  return (
    <fieldset>
      <legend>Server</legend>
      <div className="row">
        <label className="grow">Host<input name="host" value={value.host} required onChange={(e) => set({ host: e.target.value })} /></label>
        <label className="narrow">Port<input name="port" type="number" min={1} max={65535} value={value.port} required
          onChange={(e) => set({ port: Number(e.target.value) })} /></label>
      </div>
      <div className="row">
        <label className="grow">Database<input name="database" value={value.database} required onChange={(e) => set({ database: e.target.value })} /></label>
        <label>Encryption
          <select name="sslMode" value={value.sslMode} onChange={(e) => set({ sslMode: e.target.value as ConnectionSettings['sslMode'] })}>
            <option value="verify-full">TLS, verify certificate</option>
            <option value="require">TLS</option>
            <option value="disable">None (this computer only)</option>
          </select>
        </label>
      </div>
      {value.sslMode === 'disable' && !isLoopback(value.host) && (
        <div className="warning-text" role="alert" data-testid="unencrypted-warning">
          <p>{UNENCRYPTED_RISK}</p>
          <label>
            <input name="allowUnencrypted" type="checkbox" checked={value.allowUnencrypted === true}
              onChange={(e) => set({ allowUnencrypted: e.target.checked })} />
            Allow an unencrypted connection to {value.host}
          </label>
        </div>
      )}
      <details>
        <summary>Connection account</summary>
        <div className="row">
          <label className="grow">Database user<input name="dbUser" value={value.user} onChange={(e) => set({ user: e.target.value })} /></label>
          <label className="grow">Connection password<input name="dbPassword" type="password" value={value.password}
            onChange={(e) => set({ password: e.target.value })} /></label>
        </div>
        <p className="muted">Your administrator gives you these with the server address.</p>
      </details>
      <details>
        <summary>Read replica (optional)</summary>
        <div className="row">
          <label className="grow">Replica host<input name="readHost" value={value.readHost ?? ''}
            onChange={(e) => set({ readHost: e.target.value || undefined })} /></label>
          <label className="narrow">Replica port<input name="readPort" type="number" min={1} max={65535} value={value.readPort ?? ''} placeholder={String(value.port)}
            onChange={(e) => set({ readPort: e.target.value ? Number(e.target.value) : undefined })} /></label>
        </div>
        <p className="muted">A read-only standby of the same database, if your administrator runs one: updates are read from it,
          changes still go to the server above. Leave empty otherwise.</p>
      </details>
    </fieldset>
  );
}
