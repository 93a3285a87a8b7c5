import { describe, expect, it } from 'vitest';
import { isLoopback, unencryptedConnectionProblem } from '../../src/shared/connection-security';
import { centralUrl } from '../../src/main/desktop/central-url';
import { connectionSettings } from '../../src/shared/ipc/domains/session';

const settings = (host: string, sslMode: 'disable' | 'require' | 'verify-full', allowUnencrypted?: boolean) => ({
  host, port: 5432, database: 'promanage', sslMode, user: 'application_user', password: 'pw',
  ...(allowUnencrypted === undefined ? {} : { allowUnencrypted }),
});

describe('unencrypted connections to central', () => {
  it.each(['localhost', 'LOCALHOST', 'db.localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '/var/run/postgresql'])('%s is this computer', (host) => {
    expect(isLoopback(host)).toBe(true);
  });

  it.each(['db.example.com', '10.0.0.5', '192.168.1.20', '128.0.0.1', '::ffff:10.0.0.1', 'localhost.example.com', '127.0.0.1.nip.io'])('%s is on the network', (host) => {
    expect(isLoopback(host)).toBe(false);
  });

  it('a network server without TLS is refused unless the user explicitly allowed it', () => {
    expect(unencryptedConnectionProblem(settings('db.example.com', 'disable'))).toMatch(/not encrypted.*Allow an unencrypted connection/);
    expect(unencryptedConnectionProblem(settings('db.example.com', 'disable', false))).not.toBeNull();
    expect(unencryptedConnectionProblem(settings('db.example.com', 'disable', true))).toBeNull();
    expect(unencryptedConnectionProblem(settings('db.example.com', 'verify-full'))).toBeNull();
    expect(unencryptedConnectionProblem(settings('db.example.com', 'require'))).toBeNull();
    expect(unencryptedConnectionProblem(settings('127.0.0.1', 'disable'))).toBeNull();
  });

  it('the URL for the driver is refused too (the same rule for every connection the app opens)', () => {
    expect(() => centralUrl(settings('db.example.com', 'disable'))).toThrow(/not encrypted/);
    expect(centralUrl(settings('db.example.com', 'disable', true))).toContain('sslmode=disable');
    expect(centralUrl(settings('db.example.com', 'verify-full'))).toContain('sslmode=verify-full');
    expect(centralUrl(settings('localhost', 'disable'))).toContain('sslmode=disable');
  });

  it('the choice is part of the connection settings (and optional, for settings stored before it)', () => {
    expect(connectionSettings.parse(settings('db.example.com', 'disable', true)).allowUnencrypted).toBe(true);
    expect(connectionSettings.parse(settings('db.example.com', 'verify-full')).allowUnencrypted).toBeUndefined();
    expect(connectionSettings.safeParse({ ...settings('x', 'disable'), allowUnencrypted: 'yes' }).success).toBe(false);
  });
});
