// Connection settings → a postgres:// URL for the `pg` driver.
import { unencryptedConnectionProblem } from '../../shared/connection-security';
import type { ConnectionSettings } from '../../shared/ipc/domains/session';

const SSL_MODES: Record<ConnectionSettings['sslMode'], string> = {
  disable: 'disable',
  // Encrypted, the server's certificate not checked (pg calls this no-verify).
  require: 'no-verify',
  'verify-full': 'verify-full',
};

/** Refuses (throws) an unencrypted connection to a server on the network unless the user allowed it. */
export function centralUrl(settings: ConnectionSettings): string {
  const problem = unencryptedConnectionProblem(settings);
  if (problem) throw Object.assign(new Error(problem), { code: 'UNENCRYPTED_CONNECTION' });
  const url = new URL('postgres://placeholder');
  url.hostname = settings.host;
  url.port = String(settings.port);
  url.pathname = `/${encodeURIComponent(settings.database)}`;
  url.username = encodeURIComponent(settings.user);
  url.password = encodeURIComponent(settings.password);
  url.searchParams.set('sslmode', SSL_MODES[settings.sslMode]);
  return url.toString();
}

/** The read replica's URL (the same database, role and TLS mode on its host), or undefined when none is set. */
export function readReplicaUrl(settings: ConnectionSettings): string | undefined {
  const host = settings.readHost?.trim();
  if (!host) return undefined;
  return centralUrl({ ...settings, host, port: settings.readPort ?? settings.port });
}

/** "host:port/database", for the status bar. */
export function serverLabel(settings: Omit<ConnectionSettings, 'password'>): string {
  return `${settings.host}:${settings.port}/${settings.database}`;
}
