// auth.login / auth.logout against a real PostgreSQL: passwords, lockout, TOTP, expiry, revocation.
import { createHash } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { connectPg } from '../../src/main/central/connection';
import { login, logout } from '../../src/main/central/auth';
import { useTestDatabase } from '../support/fixture';
import { sessionOn, signIn } from '../support/sessions';
import type { User } from '../support/world';

const t = useTestDatabase();

async function appConnection() {
  return t.track(await connectPg(t.db.appUrl));
}

async function attempt(user: User, password: string, totpCode?: string) {
  const conn = await appConnection();
  return login(conn, { organization: user.org.slug, email: user.email, password, ...(totpCode ? { totpCode } : {}) });
}

async function whoAmI(conn: Awaited<ReturnType<typeof appConnection>>, token: string) {
  const rows = await sessionOn(conn, token).query<{ id: string | null }>('SELECT app.current_user_id() AS id');
  return rows[0]?.id ?? null;
}

describe('sign-in', () => {
  it('returns a 256-bit token whose sha256 alone is stored', async () => {
    const org = await t.world.org();
    const user = await t.world.user(org);
    const result = await attempt(user, user.password);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.token).toMatch(/^[0-9a-f]{64}$/);
    expect(result.userId).toBe(user.id);
    expect(result.organizationId).toBe(org.id);
    const sessions = await t.admin.query('SELECT token_hash FROM auth.user_sessions WHERE user_id = $1', [user.id]);
    expect(sessions.rows).toHaveLength(1);
    const stored = sessions.rows[0].token_hash as Buffer;
    expect(stored.equals(createHash('sha256').update(result.token).digest())).toBe(true);
    const dump = JSON.stringify((await t.admin.query('SELECT * FROM auth.user_sessions')).rows);
    expect(dump).not.toContain(result.token);
  });

  it('is case-insensitive for organization and email and identifies the user in later transactions', async () => {
    const org = await t.world.org();
    const user = await t.world.user(org);
    const conn = await appConnection();
    const result = await login(conn, { organization: org.slug.toUpperCase(), email: user.email.toUpperCase(), password: user.password });
    expect(result.ok).toBe(true);
    if (result.ok) expect(await whoAmI(conn, result.token)).toBe(user.id);
  });

  it('refuses a wrong password, an unknown email and an unknown organization with clear messages', async () => {
    const org = await t.world.org();
    const user = await t.world.user(org);
    expect(await attempt(user, 'not-the-password')).toEqual({
      ok: false, code: 'INVALID_CREDENTIALS', message: 'The email or password is incorrect.',
    });
    expect(await attempt({ ...user, email: 'nobody@example.com' }, user.password)).toMatchObject({ ok: false, code: 'INVALID_CREDENTIALS' });
    const unknownOrg = await attempt({ ...user, org: { ...org, slug: 'no-such-org' } }, user.password);
    expect(unknownOrg).toMatchObject({ ok: false, code: 'UNKNOWN_ORGANIZATION' });
    if (!unknownOrg.ok) expect(unknownOrg.message).toContain('no-such-org');
    expect(await attempt(user, '')).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    const count = await t.admin.query('SELECT count(*)::int AS n FROM auth.user_sessions WHERE user_id = $1', [user.id]);
    expect(count.rows[0].n).toBe(0);
  });

  it('locks the account for 15 minutes after 5 failed attempts, even for the right password', async () => {
    const org = await t.world.org();
    const user = await t.world.user(org);
    for (let i = 0; i < 4; i++) expect(await attempt(user, 'wrong')).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(await attempt(user, user.password)).toMatchObject({ ok: true });  // success resets the counter
    for (let i = 0; i < 5; i++) expect(await attempt(user, 'wrong')).toMatchObject({ ok: false });
    const locked = await attempt(user, user.password);
    expect(locked).toMatchObject({ ok: false, code: 'ACCOUNT_LOCKED' });
    const { rows } = await t.admin.query(
      `SELECT locked_until > now() + interval '14 minutes' AND locked_until <= now() + interval '15 minutes' AS fifteen
       FROM auth.user_credentials WHERE user_id = $1`, [user.id]);
    expect(rows[0].fifteen).toBe(true);
    // When the lock runs out, the right password works again.
    await t.admin.query(`UPDATE auth.user_credentials SET locked_until = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
    expect(await attempt(user, user.password)).toMatchObject({ ok: true });
  });

  it('refuses suspended users', async () => {
    const org = await t.world.org();
    const user = await t.world.user(org);
    await t.admin.query(`UPDATE app.users SET status = 'SUSPENDED' WHERE id = $1`, [user.id]);
    expect(await attempt(user, user.password)).toMatchObject({ ok: false, code: 'ACCOUNT_DISABLED' });
  });
});

describe('two-factor sign-in (TOTP, RFC 6238)', () => {
  const secret = new Secret({ size: 20 });
  const totp = new TOTP({ secret, digits: 6, period: 30, algorithm: 'SHA1' });

  it('asks for the code, refuses a wrong one, accepts the right one once', async () => {
    const org = await t.world.org();
    const user = await t.world.user(org, { totpSecret: secret.base32 });
    expect(await attempt(user, user.password)).toMatchObject({ ok: false, code: 'TOTP_REQUIRED' });
    const good = totp.generate();
    const wrong = String((Number(good) + 1) % 1_000_000).padStart(6, '0');
    expect(await attempt(user, user.password, wrong)).toMatchObject({ ok: false, code: 'INVALID_TOTP' });
    expect(await attempt(user, user.password, good)).toMatchObject({ ok: true });
    // The same code cannot be replayed.
    expect(await attempt(user, user.password, good)).toMatchObject({ ok: false, code: 'INVALID_TOTP' });
  });

  it('accepts the code of the previous 30-second step (clock drift)', async () => {
    const org = await t.world.org();
    const user = await t.world.user(org, { totpSecret: secret.base32 });
    // Not in a step's last seconds: had the server's clock moved into the next step, this code would be
    // two steps old, and rightly refused (the test failed that way once, at a step boundary).
    const intoStep = Date.now() % 30_000;
    if (intoStep > 25_000) await new Promise((resolve) => setTimeout(resolve, 30_000 - intoStep + 200));
    const previous = totp.generate({ timestamp: Date.now() - 30_000 });
    expect(await attempt(user, user.password, previous)).toMatchObject({ ok: true });
  });
});

describe('sessions', () => {
  it('ends with logout: the token then identifies nobody', async () => {
    const org = await t.world.org();
    const user = await t.world.user(org);
    const session = await signIn(t.db.appUrl, user);
    t.track(session.conn);
    expect(await whoAmI(session.conn, session.token)).toBe(user.id);
    expect(await logout(session.conn, session.token)).toBe(true);
    expect(await whoAmI(session.conn, session.token)).toBeNull();
    expect(await logout(session.conn, session.token)).toBe(false);
  });

  it('expires', async () => {
    const org = await t.world.org();
    const user = await t.world.user(org);
    const session = await signIn(t.db.appUrl, user, { deviceName: 'Test laptop' });
    t.track(session.conn);
    const { rows } = await t.admin.query('SELECT device_name FROM auth.user_sessions WHERE user_id = $1', [user.id]);
    expect(rows[0].device_name).toBe('Test laptop');
    await t.admin.query(`UPDATE auth.user_sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
    expect(await whoAmI(session.conn, session.token)).toBeNull();
  });
});
