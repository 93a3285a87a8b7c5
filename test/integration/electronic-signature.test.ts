// Electronic signatures of decisions: the device derives the signing key from the password typed at
// the moment of signing (src/main/central/signature.ts), central holds the same key per password epoch,
// verifies at push and at any time later (app.verify_signature), and records every signature in an
// append-only manifest. A client holding a session token but not the password cannot sign.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { logout } from '../../src/main/central/auth';
import { signDecision, signingText, unlockSigningKey } from '../../src/main/central/signature';
import type { DecisionToSign } from '../../src/main/central/signature';
import { fetchSigningMaterial } from '../../src/main/central/signing-material';
import { decide, decisionValues, signingParameters, signVersionAs } from '../support/decisions';
import { useTestDatabase } from '../support/fixture';
import { createDatabase } from '../support/postgres';
import { signIn } from '../support/sessions';
import type { AppSession } from '../support/sessions';
import type { Project, User } from '../support/world';

const t = useTestDatabase();

const SIGNATURE_REFUSED = /^The electronic signature could not be verified — approve again and enter your password\./;

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

async function verify(s: { query: AppSession['query'] } | pg.Client, approvalId: string) {
  const sql = 'SELECT valid, status, reason, meaning, signer_name, key_epoch FROM app.verify_signature($1)';
  return s instanceof pg.Client ? (await s.query(sql, [approvalId])).rows[0] : (await s.query(sql, [approvalId]))[0];
}

async function newSession(user: User): Promise<AppSession> {
  const s = await signIn(t.db.appUrl, user);
  t.track(s.conn);
  return s;
}

async function setPassword(user: User, password: string): Promise<User> {
  await t.admin.query('UPDATE auth.user_credentials SET password_hash = auth.hash_password($2) WHERE user_id = $1', [user.id, password]);
  return { ...user, password };
}

describe('the signing key of a password epoch', () => {
  it('PBKDF2-HMAC-SHA256 in the database is node:crypto\'s', async () => {
    // RFC 7914 §11 test vector (PBKDF2-HMAC-SHA256, 1 iteration) and a longer run checked against Node.
    const { rows } = await t.admin.query<{ one: string; many: string }>(
      `SELECT encode(auth.pbkdf2_sha256('passwd', 'salt', 1), 'hex') AS one,
              encode(auth.pbkdf2_sha256(convert_to('pässwörd ✓', 'UTF8'), '\\x00ff10'::bytea, 4096), 'hex') AS many`);
    expect(rows[0]!.one).toBe('55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc');
    const { pbkdf2Sync } = await import('node:crypto');
    expect(rows[0]!.many).toBe(pbkdf2Sync('pässwörd ✓', Buffer.from('00ff10', 'hex'), 4096, 32, 'sha256').toString('hex'));
  });

  it('is made at sign-in; the device derives the same key from the password, and a wrong password gets none', async () => {
    const { parameters } = await fetchSigningMaterial(reviewerSession.conn, reviewerSession.token);
    expect(parameters).toMatchObject({ epoch: 1, iterations: expect.any(Number), salt: expect.stringMatching(/^[0-9a-f]{32}$/),
      passwordCheck: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(parameters!.iterations).toBeGreaterThanOrEqual(100_000);
    const key = await unlockSigningKey(reviewer.password, parameters!);
    const { rows } = await t.admin.query<{ key: string }>(
      `SELECT encode(signing_key, 'hex') AS key FROM auth.signing_keys WHERE user_id = $1 AND epoch = 1`, [reviewer.id]);
    expect(key!.toString('hex')).toBe(rows[0]!.key);
    expect(await unlockSigningKey(`${reviewer.password}x`, parameters!)).toBeNull();
    expect(await unlockSigningKey('', parameters!)).toBeNull();
    // Each user has their own.
    const others = (await fetchSigningMaterial(otherSession.conn, otherSession.token)).parameters!;
    expect(others.salt).not.toBe(parameters!.salt);
    expect(await unlockSigningKey(reviewer.password, others)).toBeNull();
  });

  it('is kept while the password stays the same; a new password starts a new epoch and the old key is kept', async () => {
    const user = await t.world.user(project.org);
    const first = await signingParameters(await newSession(user));
    expect(await signingParameters(await newSession(user))).toEqual(first);
    const changed = await setPassword(user, `New-password-${randomUUID()}`);
    const after = await signingParameters(await newSession(changed));
    expect(after.epoch).toBe(first.epoch + 1);
    expect(await unlockSigningKey(changed.password, after)).not.toBeNull();
    expect(await unlockSigningKey(user.password, after)).toBeNull();
    const { rows } = await t.admin.query<{ epoch: number; replaced: boolean }>(
      'SELECT epoch, replaced_at IS NOT NULL AS replaced FROM auth.signing_keys WHERE user_id = $1 ORDER BY epoch', [user.id]);
    expect(rows).toEqual([{ epoch: 1, replaced: true }, { epoch: 2, replaced: false }]);
  });

  it('keys are never changed or deleted, not even by a privileged login', async () => {
    await expect(t.admin.query(`UPDATE auth.signing_keys SET signing_key = '\\x00'::bytea || substr(signing_key, 2) WHERE user_id = $1`, [reviewer.id]))
      .rejects.toMatchObject({ code: 'PM422' });
    await expect(t.admin.query('DELETE FROM auth.signing_keys WHERE user_id = $1', [reviewer.id])).rejects.toMatchObject({ code: 'PM422' });
    await expect(t.admin.query('TRUNCATE auth.signing_keys')).rejects.toMatchObject({ code: 'PM422' });
  });

  it('the parameters need a signed-in session; nothing a token can reach yields a key', async () => {
    await expect(reviewerSession.conn.query('SELECT * FROM auth.signing_parameters()')).rejects.toMatchObject({ code: 'PM401' });
    for (const fn of ['auth.signing_key()', 'auth.signature_verifier()', 'auth.pbkdf2_sha256(\'x\', \'y\', 1)',
      'auth.signature_matches(NULL, \'\', \'\')', 'auth.password_signature_matches(NULL, 1, \'\', \'\')',
      'auth.refresh_signature_verifier(NULL, \'\', \'\')', 'app.decision_signature_problem(NULL)']) {
      await expect(reviewerSession.query(`SELECT ${fn}`), fn).rejects.toMatchObject({ code: '42501' });
    }
    for (const table of ['auth.signing_keys', 'auth.signature_scheme', 'auth.session_signing_keys', 'auth.signature_verifiers',
      'auth.user_sessions', 'auth.user_credentials']) {
      await expect(reviewerSession.query(`SELECT * FROM ${table}`), table).rejects.toMatchObject({ code: '42501' });
    }
  });
});

describe('a modified client holding a valid session token but not the password', () => {
  it('cannot produce a signature central accepts, whatever it derives from what it can read', async () => {
    const parameters = await signingParameters(reviewerSession);
    const hmac = (key: Buffer) => (d: DecisionToSign) => createHmac('sha256', key).update(signingText(d), 'utf8').digest('hex');
    const attempts: [string, (d: DecisionToSign) => string][] = [
      ['a random key', hmac(randomBytes(32))],
      ['the password check as the key', hmac(Buffer.from(parameters.passwordCheck, 'hex'))],
      ['the salt as the key', hmac(Buffer.from(parameters.salt, 'hex'))],
      ['the session token as the key', hmac(Buffer.from(reviewerSession.token, 'hex'))],
      ['a guessed password', (d) => signDecision(createHmac('sha256', Buffer.from('Password123!')).update('promanage-signing-key').digest(), d)],
    ];
    for (const [what, sign] of attempts) {
      const cr = await inReview();
      const v = await decisionValues(reviewerSession, reviewer, cr.id, 'APPROVED', cr.revision, { signature: null });
      const d: DecisionToSign = { id: v.id, changeRequestId: cr.id, decision: 'APPROVED', revision: cr.revision, decidedAt: v.decided_at,
        meaning: v.signature_meaning, approverId: reviewer.id, signerName: 'Reviewer', epoch: parameters.epoch };
      const name = (await t.admin.query<{ n: string }>('SELECT full_name AS n FROM app.users WHERE id = $1', [reviewer.id])).rows[0]!.n;
      await expect(decide(reviewerSession, reviewer, project, cr.id, 'APPROVED', cr.revision,
        { id: v.id, signature: sign({ ...d, signerName: name }), epoch: parameters.epoch, signerName: name, decidedAt: v.decided_at }), what)
        .rejects.toMatchObject({ code: 'PM413' });
      expect(await status(cr.id), what).toBe('IN_REVIEW');
    }
    // Nor the old way: a session-bound signature of a backdated decision, with any key it can make up.
    const cr = await inReview();
    await expect(decide(reviewerSession, reviewer, project, cr.id, 'APPROVED', cr.revision,
      { legacyKey: randomBytes(32).toString('hex'), decidedAt: '2020-01-01T00:00:00.000Z' })).rejects.toMatchObject({ code: 'PM413' });
    // With the password, the same session signs.
    await decide(reviewerSession, reviewer, project, cr.id, 'APPROVED', cr.revision);
    expect(await status(cr.id)).toBe('APPROVED');
  });
});

describe('signed decisions', () => {
  it('the device signs the same text the database verifies, separators escaped', async () => {
    const decision: DecisionToSign = {
      id: randomUUID(), changeRequestId: randomUUID(), decision: 'APPROVED', revision: 7, decidedAt: '2025-03-04T05:06:07.089+02:00',
      meaning: 'Approved | with "care" \\ ünïcode ✓', approverId: randomUUID(), signerName: 'Zoë | O\'Brien', epoch: 3,
    };
    const text = async (d: DecisionToSign) => (await t.admin.query<{ text: string }>(
      'SELECT app.decision_signing_text($1, $2, $3, $4, $5, $6, $7, $8, $9) AS text',
      [d.id, d.changeRequestId, d.decision, d.revision, d.decidedAt, d.meaning, d.approverId, d.signerName, d.epoch])).rows[0]!.text;
    expect(await text(decision)).toBe(signingText(decision));
    expect(signingText(decision)).toBe(`promanage-signature-2|change_request_approval|${decision.id}|${decision.changeRequestId}|APPROVED|7|` +
      `2025-03-04T03:06:07.089Z|Approved \\| with "care" \\\\ ünïcode ✓|${decision.approverId}|Zoë \\| O'Brien|3`);
    // Microseconds are signed to the millisecond on both sides.
    const fine = { ...decision, decidedAt: '2025-03-04T03:06:07.089999Z' };
    expect(await text(fine)).toBe(signingText(fine));
  });

  it('a valid signature is accepted, and the manifest records meaning, printed name, device time and receipt time', async () => {
    const cr = await inReview();
    const decidedAt = '2026-01-02T03:04:05.678Z';
    const id = await decide(reviewerSession, reviewer, project, cr.id, 'APPROVED', cr.revision, { meaning: 'Approved for release 2.1', decidedAt });
    expect(await status(cr.id)).toBe('APPROVED');
    const { rows } = await t.admin.query(
      `SELECT m.meaning, m.statement, m.signer_id, m.signer_name = u.full_name AS name_printed, m.signed_at, m.received_at > now() - interval '1 minute' AS received,
              m.scheme, m.key_epoch, m.signature = a.signature AS same_signature
       FROM app.signature_manifest m JOIN app.change_request_approvals a ON a.id = m.entity_id JOIN app.users u ON u.id = m.signer_id
       WHERE m.entity_id = $1`, [id]);
    expect(rows).toEqual([{ meaning: 'APPROVED', statement: 'Approved for release 2.1', signer_id: reviewer.id, name_printed: true,
      signed_at: new Date(decidedAt), received: true, scheme: 'PASSWORD', key_epoch: 1, same_signature: true }]);
  });

  it('a rejection is signed too; changes requested need no signature, and one signed is recorded as reviewed', async () => {
    const rejected = await inReview();
    await expect(decide(reviewerSession, reviewer, project, rejected.id, 'REJECTED', rejected.revision, { signature: null }))
      .rejects.toMatchObject({ code: 'PM413', message: expect.stringMatching(SIGNATURE_REFUSED) });
    const id = await decide(reviewerSession, reviewer, project, rejected.id, 'REJECTED', rejected.revision, { meaning: 'Rejected: no test evidence' });
    expect(await status(rejected.id)).toBe('REJECTED');
    expect(await verify(reviewerSession, id)).toMatchObject({ valid: true, status: 'VALID', meaning: 'REJECTED' });
    const unsigned = await inReview();
    const plain = await decide(reviewerSession, reviewer, project, unsigned.id, 'CHANGES_REQUESTED', unsigned.revision, { meaning: null, signature: null });
    expect(await status(unsigned.id)).toBe('DRAFT');
    expect(await verify(reviewerSession, plain)).toMatchObject({ valid: false, status: 'UNSIGNED' });
    const reviewed = await inReview();
    const signedReview = await decide(reviewerSession, reviewer, project, reviewed.id, 'CHANGES_REQUESTED', reviewed.revision, { meaning: 'Reviewed: see comments' });
    expect(await verify(reviewerSession, signedReview)).toMatchObject({ valid: true, meaning: 'REVIEWED' });
  });

  it.each([
    ['no signature', { signature: null }],
    ['a signature that is not hex', { signature: 'z'.repeat(64) }],
    ['a wrong password', { password: 'Not-the-password-1' }],
    ['a tampered record id', { signAs: { id: randomUUID() } }],
    ['a tampered revision', { signAs: { revision: 99 } }],
    ['a tampered decision', { signAs: { decision: 'REJECTED' as const } }],
    ['a tampered meaning', { signAs: { meaning: 'Reviewed only' } }],
    ['a tampered time', { signAs: { decidedAt: '2020-01-01T00:00:00.000Z' } }],
    ['another approver named', { signAs: { approverId: randomUUID() } }],
    ['another printed name signed', { signAs: { signerName: 'Somebody Else' } }],
    ['another printed name sent', { signerName: 'Somebody Else' }],
    ['an epoch that does not exist', { epoch: 9, signAs: { epoch: 9 } }],
    ['another epoch sent than signed', { epoch: 2 }],
  ])('%s is refused', async (_, options) => {
    const cr = await inReview();
    await expect(decide(reviewerSession, reviewer, project, cr.id, 'APPROVED', cr.revision, options))
      .rejects.toMatchObject({ code: 'PM413', message: expect.stringMatching(SIGNATURE_REFUSED) });
    expect(await status(cr.id)).toBe('IN_REVIEW');
  });

  it('another user\'s password does not sign for me', async () => {
    const cr = await inReview();
    await expect(decide(reviewerSession, reviewer, project, cr.id, 'APPROVED', cr.revision, { password: other.password }))
      .rejects.toMatchObject({ code: 'PM413' });
    const v = await decisionValues(otherSession, other, cr.id, 'APPROVED', cr.revision);
    await expect(reviewerSession.query(
      `INSERT INTO app.change_request_approvals (id, organization_id, project_id, change_request_id, decision, change_request_revision,
         decided_at, signature_meaning, signature, signature_epoch, signer_name) VALUES ($1, $2, $3, $4, 'APPROVED', $5, $6, $7, $8, $9, $10)`,
      [v.id, project.org.id, project.id, cr.id, cr.revision, v.decided_at, v.signature_meaning, v.signature, v.signature_epoch, v.signer_name]))
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

  it('signed offline, pushed after the signing session ended: accepted (the signature proves the password, not the session)', async () => {
    const laptop = await newSession(reviewer);
    const cr = await inReview();
    const signed = await decisionValues(laptop, reviewer, cr.id, 'APPROVED', cr.revision, { meaning: 'Approved on the plane' });
    expect(await logout(laptop.conn, laptop.token)).toBe(true);
    const later = await newSession(reviewer);
    await later.query(
      `INSERT INTO app.change_request_approvals (id, organization_id, project_id, change_request_id, decision, change_request_revision,
         decided_at, signature_meaning, signature, signature_epoch, signer_name) VALUES ($1, $2, $3, $4, 'APPROVED', $5, $6, $7, $8, $9, $10)`,
      [signed.id, project.org.id, project.id, cr.id, cr.revision, signed.decided_at, signed.signature_meaning, signed.signature,
        signed.signature_epoch, signed.signer_name]);
    expect(await status(cr.id)).toBe('APPROVED');
  });

  it('the password is never stored, in clear or hex, in the tables sign-in and signing write', async () => {
    const user = await t.world.user(project.org, { password: `Pl41n-text-${randomUUID()}` });
    await t.world.member(project, user, 'REVIEWER');
    const s = await newSession(user);
    const cr = await inReview();
    await decide(s, user, project, cr.id, 'APPROVED', cr.revision);
    for (const table of ['auth.user_credentials', 'auth.user_sessions', 'auth.signing_keys', 'app.signature_manifest',
      'app.change_request_approvals', 'app.activity_logs', 'app.users']) {
      const { rows } = await t.admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${table} r WHERE row_to_json(r)::text LIKE '%' || $1 || '%'
           OR row_to_json(r)::text LIKE '%' || encode(convert_to($1, 'UTF8'), 'hex') || '%'`, [user.password]);
      expect(rows[0]!.n, table).toBe(0);
    }
  });
});

describe('verifying a signature later', () => {
  it('is valid after every session of the signer ended, for anyone who may read the decision, and for an auditor without a session', async () => {
    const signer = await t.world.user(project.org);
    await t.world.member(project, signer, 'REVIEWER');
    const s = await newSession(signer);
    const cr = await inReview();
    const id = await decide(s, signer, project, cr.id, 'APPROVED', cr.revision, { meaning: 'Approved for production' });
    await t.admin.query(`UPDATE auth.user_sessions SET revoked_at = now(), revoked_reason = 'REVOKED_BY_ADMIN' WHERE user_id = $1`, [signer.id]);
    await t.admin.query('SELECT app.maintain_database()');
    expect(await verify(otherSession, id)).toMatchObject({ valid: true, status: 'VALID', meaning: 'APPROVED', key_epoch: 1 });
    expect(await verify(t.admin, id)).toMatchObject({ valid: true, status: 'VALID' });
  });

  it('is valid after a password change, for decisions signed before it and for one signed offline with the old password', async () => {
    const signer = await t.world.user(project.org);
    await t.world.member(project, signer, 'REVIEWER');
    const before = await newSession(signer);
    const cr1 = await inReview();
    const early = await decide(before, signer, project, cr1.id, 'APPROVED', cr1.revision);
    const cr2 = await inReview();
    const onThePlane = await decisionValues(before, signer, cr2.id, 'APPROVED', cr2.revision);
    const changed = await setPassword(signer, `Changed-${randomUUID()}`);
    const after = await newSession(changed);
    expect((await signingParameters(after)).epoch).toBe(2);
    await after.query(
      `INSERT INTO app.change_request_approvals (id, organization_id, project_id, change_request_id, decision, change_request_revision,
         decided_at, signature_meaning, signature, signature_epoch, signer_name) VALUES ($1, $2, $3, $4, 'APPROVED', $5, $6, $7, $8, $9, $10)`,
      [onThePlane.id, project.org.id, project.id, cr2.id, cr2.revision, onThePlane.decided_at, onThePlane.signature_meaning,
        onThePlane.signature, onThePlane.signature_epoch, onThePlane.signer_name]);
    const cr3 = await inReview();
    const late = await decide(after, changed, project, cr3.id, 'APPROVED', cr3.revision);
    expect(await verify(otherSession, early)).toMatchObject({ valid: true, key_epoch: 1 });
    expect(await verify(otherSession, onThePlane.id)).toMatchObject({ valid: true, key_epoch: 1 });
    expect(await verify(otherSession, late)).toMatchObject({ valid: true, key_epoch: 2 });
  });

  it('is valid in a database restored from a backup', async () => {
    const cr = await inReview();
    const id = await decide(reviewerSession, reviewer, project, cr.id, 'APPROVED', cr.revision);
    const dump = join(mkdtempSync(join(tmpdir(), 'backup-')), 'central.dump');
    execFileSync('pg_dump', ['--format=custom', '--file', dump, t.db.adminUrl]);
    const restored = await createDatabase({ prefix: 'promanage_t_restored' });
    try {
      execFileSync('pg_restore', ['--dbname', restored.adminUrl, dump]);
      const client = new pg.Client({ connectionString: restored.adminUrl });
      await client.connect();
      try {
        expect(await verify(client, id)).toMatchObject({ valid: true, status: 'VALID' });
      } finally {
        await client.end();
      }
    } finally {
      await restored.drop();
    }
  });

  it('is invalid, with the reason, when the decision was changed after signing (even by a privileged login)', async () => {
    const cr = await inReview();
    const id = await decide(reviewerSession, reviewer, project, cr.id, 'APPROVED', cr.revision, { meaning: 'Approved for pilot only' });
    await t.admin.query(`SET session_replication_role = replica;
      UPDATE app.change_request_approvals SET signature_meaning = 'Approved for all markets' WHERE id = '${id}';
      SET session_replication_role = origin`);
    expect(await verify(otherSession, id)).toMatchObject({ valid: false, status: 'INVALID',
      reason: 'The record no longer matches its signature: it was changed after it was signed.' });
  });

  it('reports a session-bound signature of the old scheme as legacy, never as valid', async () => {
    // A decision signed under 0010 and pushed after the upgrade: still accepted when decided before it,
    // with a current session's key; recorded and reported as legacy.
    const cr = await inReview();
    const key = randomBytes(32);
    await t.admin.query(`INSERT INTO auth.session_signing_keys (session_id, signing_key)
      SELECT id, $2 FROM auth.user_sessions WHERE token_hash = sha256(convert_to($1, 'UTF8'))`, [reviewerSession.token, key]);
    const decidedAt = new Date(Date.now() - 60_000).toISOString();
    await t.admin.query('UPDATE auth.signature_scheme SET legacy_until = now()');
    const id = await decide(reviewerSession, reviewer, project, cr.id, 'APPROVED', cr.revision, { legacyKey: key.toString('hex'), decidedAt });
    expect(await verify(otherSession, id)).toMatchObject({ valid: false, status: 'LEGACY', reason: expect.stringMatching(/^legacy: session-bound/) });
    const { rows } = await t.admin.query('SELECT scheme FROM app.signature_manifest WHERE entity_id = $1', [id]);
    expect(rows).toEqual([{ scheme: 'SESSION_LEGACY' }]);
    // Decided after the upgrade, the old way: refused.
    const late = await inReview();
    await expect(decide(reviewerSession, reviewer, project, late.id, 'APPROVED', late.revision, { legacyKey: key.toString('hex') }))
      .rejects.toMatchObject({ code: 'PM413' });
  });

  it('is refused to whoever may not read the decision, and without a session', async () => {
    const cr = await inReview();
    const id = await decide(reviewerSession, reviewer, project, cr.id, 'APPROVED', cr.revision);
    const stranger = await t.world.user(await t.world.org());
    await expect(verify(await newSession(stranger), id)).rejects.toMatchObject({ code: 'PM404' });
    await expect(reviewerSession.conn.query('SELECT * FROM app.verify_signature($1)', [id])).rejects.toMatchObject({ code: 'PM401' });
  });
});

describe('the signature manifest', () => {
  it('is part of the audit trail: application_user cannot write, change or remove it; nobody can change it', async () => {
    const cr = await inReview();
    const id = await decide(reviewerSession, reviewer, project, cr.id, 'APPROVED', cr.revision);
    expect(await reviewerSession.query('SELECT entity_id FROM app.signature_manifest WHERE entity_id = $1', [id])).toEqual([{ entity_id: id }]);
    await expect(reviewerSession.query(`UPDATE app.signature_manifest SET signer_name = 'x' WHERE entity_id = $1`, [id]))
      .rejects.toMatchObject({ code: '42501' });
    await expect(reviewerSession.query('DELETE FROM app.signature_manifest WHERE entity_id = $1', [id])).rejects.toMatchObject({ code: '42501' });
    await expect(reviewerSession.query(
      `INSERT INTO app.signature_manifest (organization_id, project_id, entity_type, entity_id, meaning, signer_id, signer_name, signed_at, scheme,
         signature, signed_text_sha256) VALUES ($1, $2, 'change_request_approval', $3, 'APPROVED', $4, 'x', now(), 'PASSWORD', 'x', 'x')`,
      [project.org.id, project.id, randomUUID(), reviewer.id])).rejects.toMatchObject({ code: '42501' });
    await expect(reviewerSession.query(`UPDATE app.change_request_approvals SET signature_meaning = 'x' WHERE id = $1`, [id]))
      .rejects.toMatchObject({ code: '42501' });
    await expect(t.admin.query(`UPDATE app.signature_manifest SET signer_name = 'x' WHERE entity_id = $1`, [id])).rejects.toMatchObject({ code: 'PM422' });
    await expect(t.admin.query('DELETE FROM app.signature_manifest WHERE entity_id = $1', [id])).rejects.toMatchObject({ code: 'PM422' });
    expect(await verify(otherSession, id)).toMatchObject({ valid: true });
  });
});

describe('signatures of document versions', () => {
  let author: User;
  let authorSession: AppSession;
  beforeAll(async () => {
    author = await t.world.user(project.org);
    await t.world.member(project, author, 'DOCUMENT_AUTHOR');
    authorSession = await newSession(author);
  });

  async function version(content = 'Requirement text ✓ | with \\ separators'): Promise<{ id: string; document_id: string; content: string }> {
    const document = await t.world.document(project);
    const { rows } = await t.admin.query<{ id: string; document_id: string; content: string }>(
      `INSERT INTO app.document_versions (organization_id, project_id, document_id, title, content, created_by, updated_by)
       VALUES ($1, $2, $3, 'v', $4, $5, $5) RETURNING id, document_id, content`, [project.org.id, project.id, document.id, content, author.id]);
    return rows[0]!;
  }

  it('the author signs as authored and a reviewer as reviewed; each is in the manifest and verifies', async () => {
    const v = await version();
    const authored = await signVersionAs(authorSession, author, project, v, 'AUTHORED', { statement: 'I am the author of this version.' });
    const reviewed = await signVersionAs(reviewerSession, reviewer, project, v, 'REVIEWED');
    const { rows } = await t.admin.query(
      `SELECT entity_id, meaning, signer_id, scheme FROM app.signature_manifest WHERE entity_type = 'document_signature' AND entity_id = ANY ($1)
       ORDER BY meaning`, [[authored, reviewed]]);
    expect(rows).toEqual([
      { entity_id: authored, meaning: 'AUTHORED', signer_id: author.id, scheme: 'PASSWORD' },
      { entity_id: reviewed, meaning: 'REVIEWED', signer_id: reviewer.id, scheme: 'PASSWORD' },
    ]);
    expect(await verify(reviewerSession, authored)).toMatchObject({ valid: true, status: 'VALID', meaning: 'AUTHORED' });
    expect(await verify(t.admin, reviewed)).toMatchObject({ valid: true, meaning: 'REVIEWED' });
    // Once per signer and meaning.
    await expect(signVersionAs(reviewerSession, reviewer, project, v, 'REVIEWED')).rejects.toMatchObject({ code: '23505' });
  });

  it('refuses a reviewer signing as author or approver, another text, a wrong password', async () => {
    const v = await version();
    await expect(signVersionAs(reviewerSession, reviewer, project, v, 'AUTHORED')).rejects.toMatchObject({ code: 'PM403' });
    await expect(signVersionAs(reviewerSession, reviewer, project, v, 'APPROVED')).rejects.toMatchObject({ code: 'PM403' });
    await expect(signVersionAs(authorSession, author, project, v, 'AUTHORED', { contentSha256: 'a'.repeat(64) }))
      .rejects.toMatchObject({ code: 'PM413' });
    await expect(signVersionAs(authorSession, author, project, v, 'AUTHORED', { password: 'Not-the-password-1' }))
      .rejects.toMatchObject({ code: 'PM413' });
    const { rows } = await t.admin.query('SELECT count(*)::int AS n FROM app.document_signatures WHERE document_version_id = $1', [v.id]);
    expect(rows[0]!.n).toBe(0);
  });

  it('is invalid once the signed version\'s text was changed (even by a privileged login)', async () => {
    const v = await version('Dose limit 1200 mL/h');
    const id = await signVersionAs(authorSession, author, project, v, 'AUTHORED');
    await t.admin.query(`SET session_replication_role = replica;
      UPDATE app.document_versions SET content = 'Dose limit 2400 mL/h' WHERE id = '${v.id}';
      SET session_replication_role = origin`);
    expect(await verify(reviewerSession, id)).toMatchObject({ valid: false, status: 'INVALID',
      reason: expect.stringContaining('changed after it was signed') });
  });
});
