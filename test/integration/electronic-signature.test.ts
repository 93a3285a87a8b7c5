// Electronic signatures of decisions: the device checks the re-entered password against the verifier
// it got at sign-in and signs with its session's key (src/main/central/signature.ts); the database
// verifies the signature when the decision arrives and refuses anything else.
import { randomBytes, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { logout } from '../../src/main/central/auth';
import { passwordMatches, passwordMatchesAsync, signDecision, signingText } from '../../src/main/central/signature';
import type { DecisionToSign } from '../../src/main/central/signature';
import { fetchSigningMaterial } from '../../src/main/central/signing-material';
import { decide, signingKey } from '../support/decisions';
import { useTestDatabase } from '../support/fixture';
import { signIn } from '../support/sessions';
import type { AppSession } from '../support/sessions';
import type { Project, User } from '../support/world';

const t = useTestDatabase();

const SIGNATURE_REFUSED = 'The electronic signature could not be verified — approve again and enter your password.';

let project: Project;
let reviewer: User;
let other: User;
let reviewerSession: AppSession;
let otherSession: AppSession;

beforeAll(async () => {
  const org = await t.world.org();
  project = await t.world.project(org);
  reviewer = await t.world.user(org);
  other = await t.world.user(org);
  await t.world.member(project, reviewer, 'REVIEWER');
  await t.world.member(project, other, 'REVIEWER');
  reviewerSession = await signIn(t.db.appUrl, reviewer);
  otherSession = await signIn(t.db.appUrl, other);
  t.track(reviewerSession.conn);
  t.track(otherSession.conn);
});

/** A change request in review that one approval decides (policy ANY, nobody listed), and its revision. */
async function inReview(): Promise<{ id: string; revision: number }> {
  const cr = await t.world.changeRequest(project, { approval_policy: 'ANY', status: 'IN_REVIEW' });
  return { id: cr.id, revision: Number(cr.revision) };
}

async function status(id: string): Promise<string> {
  return (await t.admin.query<{ status: string }>('SELECT status FROM app.change_requests WHERE id = $1', [id])).rows[0]!.status;
}

describe('the password verifier', () => {
  it('is PBKDF2-HMAC-SHA256 as node:crypto computes it', async () => {
    // RFC 7914 §11 test vector (PBKDF2-HMAC-SHA256, 1 iteration) and a longer run checked against Node.
    const { rows } = await t.admin.query<{ one: string; many: string }>(
      `SELECT encode(auth.pbkdf2_sha256('passwd', 'salt', 1), 'hex') AS one,
              encode(auth.pbkdf2_sha256(convert_to('pässwörd ✓', 'UTF8'), '\\x00ff10'::bytea, 4096), 'hex') AS many`);
    expect(rows[0]!.one).toBe('55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc');
    const { pbkdf2Sync } = await import('node:crypto');
    expect(rows[0]!.many).toBe(pbkdf2Sync('pässwörd ✓', Buffer.from('00ff10', 'hex'), 4096, 32, 'sha256').toString('hex'));
  });

  it('is made at sign-in (≥ 100,000 iterations, 16-byte salt) and lets the device check the password offline', async () => {
    const verifier = (await fetchSigningMaterial(reviewerSession.conn, reviewerSession.token)).verifier!;
    expect(verifier.iterations).toBeGreaterThanOrEqual(100_000);
    expect(verifier.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(verifier.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(passwordMatches(reviewer.password, verifier)).toBe(true);
    expect(passwordMatches(`${reviewer.password}x`, verifier)).toBe(false);
    expect(await passwordMatchesAsync(reviewer.password, verifier)).toBe(true);
    expect(await passwordMatchesAsync('', verifier)).toBe(false);
    // Each user gets their own; it is not the password, nor stored anywhere a client can read.
    const others = (await fetchSigningMaterial(otherSession.conn, otherSession.token)).verifier!;
    expect(others.salt).not.toBe(verifier.salt);
    expect(passwordMatches(reviewer.password, others)).toBe(false);
  });

  it('is kept while the password stays the same, and made again after a new password', async () => {
    const user = await t.world.user(project.org);
    const salt = async (s: AppSession) => (await fetchSigningMaterial(s.conn, s.token)).verifier!.salt;
    const first = await signIn(t.db.appUrl, user);
    t.track(first.conn);
    const firstSalt = await salt(first);
    const again = await signIn(t.db.appUrl, user);
    t.track(again.conn);
    expect(await salt(again)).toBe(firstSalt);
    const password = `New-password-${randomUUID()}`;
    await t.admin.query('UPDATE auth.user_credentials SET password_hash = auth.hash_password($2) WHERE user_id = $1', [user.id, password]);
    const after = await signIn(t.db.appUrl, { ...user, password });
    t.track(after.conn);
    const verifier = (await fetchSigningMaterial(after.conn, after.token)).verifier!;
    expect(verifier.salt).not.toBe(firstSalt);
    expect(passwordMatches(password, verifier)).toBe(true);
    expect(passwordMatches(user.password, verifier)).toBe(false);
  });
});

describe('the signing key', () => {
  it('is 256 random bits per session, the same on every call of that session', async () => {
    const key = await signingKey(reviewerSession);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(await signingKey(reviewerSession)).toBe(key);
    const second = await signIn(t.db.appUrl, reviewer);
    t.track(second.conn);
    expect(await signingKey(second)).not.toBe(key);
  });

  it('needs a signed-in session', async () => {
    await expect(reviewerSession.conn.query('SELECT auth.signing_key()')).rejects.toMatchObject({ code: 'PM401' });
    await expect(reviewerSession.conn.query('SELECT * FROM auth.signature_verifier()')).rejects.toMatchObject({ code: 'PM401' });
  });

  it('cannot be read by application_user from tables, nor anyone\'s but one\'s own', async () => {
    await signingKey(otherSession);
    for (const table of ['auth.session_signing_keys', 'auth.signature_verifiers', 'auth.user_sessions', 'auth.user_credentials']) {
      await expect(reviewerSession.query(`SELECT * FROM ${table}`)).rejects.toMatchObject({ code: '42501' });
    }
    for (const fn of ['auth.pbkdf2_sha256(\'x\', \'y\', 1)', 'auth.signature_matches(NULL, \'\', \'\')',
      'auth.refresh_signature_verifier(NULL, \'\', \'\')']) {
      await expect(reviewerSession.query(`SELECT ${fn}`)).rejects.toMatchObject({ code: '42501' });
    }
    // Every column of every table application_user can read: no signing key anywhere.
    const { rows } = await t.admin.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.column_privileges
       WHERE grantee = 'application_user' AND privilege_type = 'SELECT' AND column_name ILIKE '%key%' AND table_schema = 'auth'`);
    expect(rows[0]!.n).toBe(0);
  });
});

describe('signed decisions', () => {
  it('the device signs the same text the database verifies', async () => {
    const decision: DecisionToSign = {
      changeRequestId: randomUUID(), decision: 'APPROVED', revision: 7, decidedAt: '2025-03-04T05:06:07.089+02:00',
      meaning: 'Approved | with "care", ünïcode ✓', approverId: randomUUID(),
    };
    const { rows } = await t.admin.query<{ text: string }>(
      'SELECT app.approval_signing_text($1, $2, $3, $4, $5, $6) AS text',
      [decision.changeRequestId, decision.decision, decision.revision, decision.decidedAt, decision.meaning, decision.approverId]);
    expect(rows[0]!.text).toBe(signingText(decision));
    expect(signingText(decision)).toBe(`${decision.changeRequestId}|APPROVED|7|2025-03-04T03:06:07.089Z|${decision.meaning}|${decision.approverId}`);
    // Microseconds are signed to the millisecond on both sides.
    const fine = { ...decision, decidedAt: '2025-03-04T03:06:07.089999Z' };
    const { rows: fineRows } = await t.admin.query<{ text: string }>(
      'SELECT app.approval_signing_text($1, $2, $3, $4, $5, $6) AS text',
      [fine.changeRequestId, fine.decision, fine.revision, fine.decidedAt, fine.meaning, fine.approverId]);
    expect(fineRows[0]!.text).toBe(signingText(fine));
  });

  it('a valid signature with a stated meaning is accepted and kept with the decision', async () => {
    const cr = await inReview();
    const id = await decide(reviewerSession, reviewer, project, cr.id, 'APPROVED', cr.revision, { meaning: 'Approved for release 2.1' });
    const { rows } = await t.admin.query('SELECT approver_id, signature_meaning, signature FROM app.change_request_approvals WHERE id = $1', [id]);
    expect(rows[0]).toMatchObject({ approver_id: reviewer.id, signature_meaning: 'Approved for release 2.1', signature: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await status(cr.id)).toBe('APPROVED');
  });

  it('a rejection is signed too; changes requested need no signature, but one sent must be valid', async () => {
    const rejected = await inReview();
    await expect(decide(reviewerSession, reviewer, project, rejected.id, 'REJECTED', rejected.revision, { signature: null }))
      .rejects.toMatchObject({ code: 'PM413', message: SIGNATURE_REFUSED });
    await decide(reviewerSession, reviewer, project, rejected.id, 'REJECTED', rejected.revision, { meaning: 'Rejected: no test evidence' });
    expect(await status(rejected.id)).toBe('REJECTED');
    const changes = await inReview();
    await expect(decide(reviewerSession, reviewer, project, changes.id, 'CHANGES_REQUESTED', changes.revision, { meaning: null, signature: 'a'.repeat(64) }))
      .rejects.toMatchObject({ code: 'PM413' });
    await decide(reviewerSession, reviewer, project, changes.id, 'CHANGES_REQUESTED', changes.revision, { meaning: null, signature: null });
    expect(await status(changes.id)).toBe('DRAFT');
  });

  it.each([
    ['no signature', { signature: null }],
    ['a signature that is not hex', { signature: 'z'.repeat(64) }],
    ['a random key', { key: randomBytes(32).toString('hex') }],
    ['a tampered revision', { signAs: { revision: 99 } }],
    ['a tampered decision', { signAs: { decision: 'REJECTED' as const } }],
    ['a tampered meaning', { signAs: { meaning: 'Reviewed only' } }],
    ['a tampered time', { signAs: { decidedAt: '2020-01-01T00:00:00.000Z' } }],
    ['another approver named', { signAs: { approverId: randomUUID() } }],
  ])('%s is refused', async (_, options) => {
    const cr = await inReview();
    await expect(decide(reviewerSession, reviewer, project, cr.id, 'APPROVED', cr.revision, options))
      .rejects.toMatchObject({ code: 'PM413', message: SIGNATURE_REFUSED });
    expect(await status(cr.id)).toBe('IN_REVIEW');
  });

  it('another user\'s key does not sign for me', async () => {
    const cr = await inReview();
    await expect(decide(reviewerSession, reviewer, project, cr.id, 'APPROVED', cr.revision, { key: await signingKey(otherSession) }))
      .rejects.toMatchObject({ code: 'PM413' });
  });

  it('an approval or rejection without a stated meaning is refused', async () => {
    const cr = await inReview();
    for (const meaning of [null, '', '   ']) {
      await expect(decide(reviewerSession, reviewer, project, cr.id, 'APPROVED', cr.revision, { meaning }))
        .rejects.toMatchObject({ code: 'PM422', message: expect.stringContaining('stated meaning') });
    }
    expect(await status(cr.id)).toBe('IN_REVIEW');
  });

  it('is verified with the key of any current session of the approver; a signed-out or revoked session\'s key is refused', async () => {
    const laptop = await signIn(t.db.appUrl, reviewer);
    const desktop = await signIn(t.db.appUrl, reviewer);
    t.track(laptop.conn);
    t.track(desktop.conn);
    const laptopKey = await signingKey(laptop);
    const desktopKey = await signingKey(desktop);
    // Signed on the laptop, pushed through another current session: accepted.
    const first = await inReview();
    await decide(desktop, reviewer, project, first.id, 'APPROVED', first.revision, { key: laptopKey });
    expect(await status(first.id)).toBe('APPROVED');
    // The laptop signs out: what it signed before no longer verifies.
    const signedBefore = await inReview();
    const signature = signDecision(laptopKey, {
      changeRequestId: signedBefore.id, decision: 'APPROVED', revision: signedBefore.revision, decidedAt: '2025-05-01T10:00:00.000Z',
      meaning: 'Approved', approverId: reviewer.id,
    });
    expect(await logout(laptop.conn, laptop.token)).toBe(true);
    await expect(decide(desktop, reviewer, project, signedBefore.id, 'APPROVED', signedBefore.revision,
      { meaning: 'Approved', decidedAt: '2025-05-01T10:00:00.000Z', signature })).rejects.toMatchObject({ code: 'PM413', message: SIGNATURE_REFUSED });
    // An administrator revokes the desktop's session while a third one stays: the desktop key is refused.
    const third = await signIn(t.db.appUrl, reviewer);
    t.track(third.conn);
    await t.admin.query(`UPDATE auth.user_sessions SET revoked_at = now(), revoked_reason = 'REVOKED_BY_ADMIN'
      WHERE token_hash = sha256(convert_to($1, 'UTF8'))`, [desktop.token]);
    await expect(decide(third, reviewer, project, signedBefore.id, 'APPROVED', signedBefore.revision, { key: desktopKey }))
      .rejects.toMatchObject({ code: 'PM413' });
    // An expired session's key too.
    const expiring = await signIn(t.db.appUrl, reviewer);
    t.track(expiring.conn);
    const expiringKey = await signingKey(expiring);
    await t.admin.query(`UPDATE auth.user_sessions SET expires_at = now() - interval '1 second'
      WHERE token_hash = sha256(convert_to($1, 'UTF8'))`, [expiring.token]);
    await expect(decide(third, reviewer, project, signedBefore.id, 'APPROVED', signedBefore.revision, { key: expiringKey }))
      .rejects.toMatchObject({ code: 'PM413' });
    await decide(third, reviewer, project, signedBefore.id, 'APPROVED', signedBefore.revision);
    expect(await status(signedBefore.id)).toBe('APPROVED');
  });

  it('the password is never stored, in clear or hex, in the tables sign-in and signing write', async () => {
    const user = await t.world.user(project.org, { password: `Pl41n-text-${randomUUID()}` });
    const s = await signIn(t.db.appUrl, user);
    t.track(s.conn);
    await signingKey(s);
    for (const table of ['auth.user_credentials', 'auth.user_sessions', 'auth.signature_verifiers', 'auth.session_signing_keys',
      'app.activity_logs', 'app.users']) {
      const { rows } = await t.admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${table} r WHERE row_to_json(r)::text LIKE '%' || $1 || '%'
           OR row_to_json(r)::text LIKE '%' || encode(convert_to($1, 'UTF8'), 'hex') || '%'`, [user.password]);
      expect(rows[0]!.n, table).toBe(0);
    }
  });
});
