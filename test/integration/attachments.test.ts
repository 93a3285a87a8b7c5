// Evidence files against a real central: attached offline, uploaded in 1 MB chunks once the metadata has
// synced, verified by central (size and sha256), refused when tampered with, never holding back other
// changes, and resumed after a restart.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CentralConnection } from '../../src/main/central/connection';
import { connectPg } from '../../src/main/central/connection';
import { inSession } from '../../src/main/central/auth';
import { AttachmentService } from '../../src/main/replica/attachments';
import { downloadAttachment, uploadAttachments } from '../../src/main/sync/uploads';
import { SyncEngine } from '../../src/main/sync/sync-engine';
import { uuidv7 } from '../../src/shared/ids';
import { useTestDatabase } from '../support/fixture';
import { SyncClient } from '../support/sync-client';
import type { Project, User } from '../support/world';

const t = useTestDatabase();
const MB = 1024 * 1024;
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

let project: Project;
let tester: User;
let lead: User;
let outsider: User;
const opened: { close(): Promise<unknown> }[] = [];

beforeAll(async () => {
  const org = await t.world.org();
  project = await t.world.project(org);
  [tester, lead, outsider] = [await t.world.user(org), await t.world.user(org), await t.world.user(org)];
  await t.world.member(project, tester, 'TESTER');
  await t.world.member(project, lead, 'PROJECT_MANAGER');
});
afterAll(async () => {
  for (const item of opened.reverse()) await item.close().catch(() => undefined);
});

/** A device: its replica, an attachments folder, and a connection of its own for uploads. */
async function device(name: string, user: User, path?: string) {
  const client = await SyncClient.signIn(name, t.db.appUrl, user, path);
  return withServices(client);
}

async function withServices(client: SyncClient, directory = mkdtempSync(join(tmpdir(), `attachments-${client.name}-`))) {
  const conn = await connectPg(t.db.appUrl);
  opened.push(conn, client);
  const attachments = new AttachmentService(client.store, client.writer, directory,
    (id, size) => downloadAttachment(conn, client.token, id, size));
  return { client, conn, attachments, directory, upload: (budget?: number) => uploadAttachments(conn, client.store, client.token, budget) };
}

async function centralRow(id: string) {
  const { rows } = await t.admin.query<{ stored: boolean; file_size: string; checksum_sha256: string; uploaded_at: Date | null; created_by: string }>(
    'SELECT stored, file_size, checksum_sha256, uploaded_at, created_by FROM app.attachments WHERE id = $1', [id]);
  return rows[0];
}

async function centralContent(id: string) {
  const { rows } = await t.admin.query<{ data: Buffer | null; chunks: number }>(
    `SELECT string_agg(data, ''::bytea ORDER BY chunk_index) AS data, count(*)::int AS chunks FROM app.attachment_chunks WHERE attachment_id = $1`, [id]);
  return rows[0]!;
}

function attach(attachments: AttachmentService, executionId: string, data: Buffer, fileName = 'screenshot.png') {
  return attachments.add({ projectId: project.id, entityType: 'TEST_EXECUTION', entityId: executionId, fileName, mimeType: 'image/png',
    dataBase64: data.toString('base64') });
}

async function rpc<T>(conn: CentralConnection, token: string, sql: string, params: unknown[]): Promise<T> {
  return inSession(conn, token, async () => (await conn.query<{ r: T }>(sql, params)).rows[0]!.r);
}

describe('attachments', () => {
  it('a file attached offline is kept locally at once and uploaded after its metadata syncs; central holds the same bytes', async () => {
    const { client, attachments, upload, directory } = await device('tester-1', tester);
    await client.sync();
    const executionId = uuidv7();
    const data = randomBytes(2 * MB + 12_345);
    const item = attach(attachments, executionId, data);
    expect(item).toMatchObject({ state: 'pending', size: data.length, sha256: sha256(data), mimeType: 'image/png' });
    expect(readFileSync(join(directory, item.id))).toEqual(data);
    expect(client.store.pendingCount()).toBe(1);

    // Nothing to upload while the metadata row is still in the outbox.
    expect(await upload()).toMatchObject({ chunks: 0, stored: [] });
    expect(await centralRow(item.id)).toBeUndefined();

    await client.push();
    const summary = await upload();
    expect(summary).toMatchObject({ chunks: 3, bytes: data.length, stored: [item.id], remaining: 0 });
    const row = await centralRow(item.id);
    expect(row).toMatchObject({ stored: true, checksum_sha256: sha256(data), file_size: String(data.length), created_by: tester.id });
    expect(row!.uploaded_at).not.toBeNull();
    const content = await centralContent(item.id);
    expect(content.chunks).toBe(3);
    expect(sha256(content.data!)).toBe(sha256(data));

    await client.pullUntilCaughtUp();
    expect(attachments.list('TEST_EXECUTION', executionId)).toEqual([expect.objectContaining({ id: item.id, state: 'uploaded', problem: null })]);

    // The lead downloads it (not cached on that device), checked against the checksum and kept.
    const other = await device('lead-1', lead);
    await other.client.sync();
    expect(other.attachments.list('TEST_EXECUTION', executionId)).toEqual([expect.objectContaining({ state: 'remote' })]);
    const file = await other.attachments.open(item.id);
    expect(Buffer.from(file.dataBase64, 'base64')).toEqual(data);
    expect(existsSync(join(other.directory, item.id))).toBe(true);
    expect(other.attachments.list('TEST_EXECUTION', executionId)[0]!.state).toBe('uploaded');
  });

  it('central refuses content that does not match its metadata, deletes it, and the device uploads it again', async () => {
    const { client, conn, attachments, upload } = await device('tester-2', tester);
    await client.sync();
    const data = randomBytes(MB + 10);
    const item = attach(attachments, uuidv7(), data, 'log.txt');
    await client.push();

    // A tampered chunk (as a modified client would send it).
    const tampered = Buffer.from(data.subarray(0, MB));
    tampered[100] = tampered[100]! ^ 0xff;
    await rpc(conn, client.token, 'SELECT app.put_attachment_chunk($1, 0, $2) AS r', [item.id, tampered]);
    await rpc(conn, client.token, 'SELECT app.put_attachment_chunk($1, 1, $2) AS r', [item.id, data.subarray(MB)]);
    const refused = await rpc<{ status: string; code: string }>(conn, client.token, 'SELECT app.complete_attachment($1) AS r', [item.id]);
    expect(refused).toMatchObject({ status: 'refused', code: 'PM417' });
    expect((await centralContent(item.id)).chunks).toBe(0);
    expect((await centralRow(item.id))!.stored).toBe(false);

    // Missing chunks: incomplete, what arrived is kept.
    await rpc(conn, client.token, 'SELECT app.put_attachment_chunk($1, 1, $2) AS r', [item.id, data.subarray(MB)]);
    expect(await rpc(conn, client.token, 'SELECT app.complete_attachment($1) AS r', [item.id]))
      .toMatchObject({ status: 'incomplete', code: 'PM416', missing: [0] });

    // Chunks too large, outside the file, or from someone else are refused.
    await expect(rpc(conn, client.token, 'SELECT app.put_attachment_chunk($1, 0, $2) AS r', [item.id, Buffer.alloc(MB + 1)]))
      .rejects.toMatchObject({ code: 'PM422' });
    await expect(rpc(conn, client.token, 'SELECT app.put_attachment_chunk($1, 2, $2) AS r', [item.id, Buffer.alloc(10)]))
      .rejects.toMatchObject({ code: 'PM422' });
    const lead2 = await device('lead-2', lead);
    await expect(rpc(lead2.conn, lead2.client.token, 'SELECT app.put_attachment_chunk($1, 0, $2) AS r', [item.id, data.subarray(0, MB)]))
      .rejects.toMatchObject({ code: 'PM403' });
    // Not stored yet: nobody downloads it.
    await expect(rpc(lead2.conn, lead2.client.token, 'SELECT app.get_attachment_chunk($1, 0) AS r', [item.id])).rejects.toMatchObject({ code: 'PM404' });

    // The uploader sends what is missing and central accepts the whole.
    const summary = await upload();
    expect(summary.stored).toEqual([item.id]);
    expect(sha256((await centralContent(item.id)).data!)).toBe(sha256(data));
    // Once stored, chunks cannot be replaced.
    await rpc(conn, client.token, 'SELECT app.put_attachment_chunk($1, 0, $2) AS r', [item.id, tampered]);
    expect(sha256((await centralContent(item.id)).data!)).toBe(sha256(data));
  });

  it('someone outside the project sees no attachment and reads no content', async () => {
    const { client, attachments, upload } = await device('tester-3', tester);
    await client.sync();
    const item = attach(attachments, uuidv7(), randomBytes(1000));
    await client.push();
    await upload();
    const stranger = await device('outsider', outsider);
    await expect(rpc(stranger.conn, stranger.client.token, 'SELECT app.get_attachment_chunk($1, 0) AS r', [item.id])).rejects.toMatchObject({ code: 'PM404' });
    const seen = await inSession(stranger.conn, stranger.client.token, () => stranger.conn.query('SELECT id FROM app.attachments WHERE id = $1', [item.id]));
    expect(seen.rows).toEqual([]);
    await expect(inSession(stranger.conn, stranger.client.token, () => stranger.conn.query('SELECT * FROM app.attachment_chunks')))
      .rejects.toMatchObject({ code: '42501' });
  });

  it('a large file does not hold back a change made after it: the change is pushed while the file is still uploading', async () => {
    const { client, attachments } = await device('tester-4', tester);
    await client.sync();
    const engine = new SyncEngine({ store: client.store, token: client.token, connect: () => connectPg(t.db.appUrl), uploadBudgetBytes: MB });
    opened.push({ close: () => engine.stop() });
    const big = attach(attachments, uuidv7(), randomBytes(5 * MB), 'capture.mp4');
    const first = await engine.syncNow();
    expect(first).toMatchObject({ type: 'synced', push: { applied: 1 }, upload: { chunks: 1, remaining: 1, stored: [] } });

    const { id: taskId } = client.writer.create('task', project.id, { title: 'Pump stalls at 100 mL/h' });
    const second = await engine.syncNow();
    expect(second).toMatchObject({ type: 'synced', push: { applied: 1 }, upload: { chunks: 1, stored: [] } });
    // The task is on central while the file is not complete yet.
    expect((await t.admin.query('SELECT 1 FROM app.tasks WHERE id = $1', [taskId])).rows).toHaveLength(1);
    expect(await centralRow(big.id)).toMatchObject({ stored: false });
    expect((await centralContent(big.id)).chunks).toBe(2);

    let rounds = 2;
    while ((await centralRow(big.id))!.stored === false) {
      expect(await engine.syncNow()).toMatchObject({ type: 'synced' });
      if (++rounds > 10) throw new Error('the upload did not finish');
    }
    expect(rounds).toBe(5);
    const order = await t.admin.query<{ task: string; file: string }>(
      `SELECT (SELECT sync_xid::text FROM app.tasks WHERE id = $1) AS task, (SELECT sync_xid::text FROM app.attachments WHERE id = $2) AS file`, [taskId, big.id]);
    expect(BigInt(order.rows[0]!.task)).toBeLessThan(BigInt(order.rows[0]!.file));
    expect(sha256((await centralContent(big.id)).data!)).toBe(big.sha256);
  });

  it('an interrupted upload resumes after a restart from the next chunk', async () => {
    const first = await device('tester-5', tester);
    await first.client.sync();
    const data = randomBytes(5 * MB - 7);
    const item = attach(first.attachments, uuidv7(), data, 'trace.bin');
    await first.client.push();
    expect(await first.upload(2 * MB)).toMatchObject({ chunks: 2, remaining: 1 });

    // The app is restarted: the same replica file and attachments folder.
    await first.conn.close();
    const again = await withServices(first.client.reopen(), first.directory);
    expect(again.client.rows('attachment_cache', 'id = ?', [item.id])[0]).toMatchObject({ next_chunk: 2, uploaded: 0 });
    const resumed = await again.upload(10 * MB);
    expect(resumed).toMatchObject({ chunks: 3, stored: [item.id] });
    expect(sha256((await centralContent(item.id)).data!)).toBe(sha256(data));
    expect(again.client.rows('attachment_cache', 'id = ?', [item.id])[0]).toMatchObject({ uploaded: 1, next_chunk: 5 });
  });

  it('refuses files over 25 MB with a clear message, before anything is written', async () => {
    const { client, attachments, directory } = await device('tester-6', tester);
    await client.sync();
    expect(() => attach(attachments, uuidv7(), Buffer.alloc(25 * MB + 1), 'huge.raw'))
      .toThrow(/huge\.raw is 25\.0 MB; files up to 25 MB can be attached/);
    expect(client.store.pendingCount()).toBe(0);
    expect(existsSync(directory) ? readdirSync(directory) : []).toEqual([]);
  });
});
