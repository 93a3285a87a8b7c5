// Connection settings → URLs: the server's, and the optional read replica's (same database, role, TLS).
import { describe, expect, it } from 'vitest';
import { centralUrl, readReplicaUrl } from '../../src/main/desktop/central-url';
import { connectionSettings } from '../../src/shared/ipc/domains/session';
import type { ConnectionSettings } from '../../src/shared/ipc/domains/session';

const settings: ConnectionSettings = { host: 'db.example.com', port: 6432, database: 'promanage', sslMode: 'verify-full', user: 'application_user', password: 'p@ss word' };

describe('read replica URL', () => {
  it('is none without a replica host (empty or blank too)', () => {
    expect(readReplicaUrl(settings)).toBeUndefined();
    expect(readReplicaUrl({ ...settings, readHost: '  ' })).toBeUndefined();
  });

  it('is the same database, role, password and TLS mode on the replica host, at the server\'s port unless given', () => {
    const url = new URL(readReplicaUrl({ ...settings, readHost: 'standby.example.com' })!);
    const server = new URL(centralUrl(settings));
    expect(url.hostname).toBe('standby.example.com');
    expect({ ...Object.fromEntries(['port', 'pathname', 'username', 'password', 'search'].map((k) => [k, url[k as 'port']])) })
      .toEqual(Object.fromEntries(['port', 'pathname', 'username', 'password', 'search'].map((k) => [k, server[k as 'port']])));
    expect(new URL(readReplicaUrl({ ...settings, readHost: 'standby.example.com', readPort: 6433 })!).port).toBe('6433');
  });

  it('settings with a replica validate; a bad replica port is refused with the field named', () => {
    expect(connectionSettings.safeParse({ ...settings, readHost: 'standby', readPort: 5432 }).success).toBe(true);
    const bad = connectionSettings.safeParse({ ...settings, readHost: 'standby', readPort: 70_000 });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(['readPort']);
  });
});
