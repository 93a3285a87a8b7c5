// Whether a connection to central may go unencrypted: only to this computer (loopback), or when the
// user has explicitly chosen it knowing what it risks. Pure: the sign-in form and the main process
// apply the same rule.

/** localhost, 127.0.0.0/8, ::1, or a Unix socket directory: traffic that never leaves this computer. */
export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(h) || h === '::1' || h.startsWith('/');
}

/** What an unencrypted connection exposes; shown beside the choice to allow one. */
export const UNENCRYPTED_RISK =
  'Without encryption, anyone on the network between this computer and the server can read everything sent — ' +
  'your work, the connection password and session tokens — and can change it or pose as the server.';

/** Why these settings are refused, or null when they are acceptable. */
export function unencryptedConnectionProblem(settings: { host: string; sslMode: string; allowUnencrypted?: boolean | undefined }): string | null {
  if (settings.sslMode !== 'disable' || isLoopback(settings.host) || settings.allowUnencrypted === true) return null;
  return `The server ${settings.host} is on the network and the connection is not encrypted. Choose "TLS, verify certificate", ` +
    'or tick "Allow an unencrypted connection" if you accept the risk.';
}
