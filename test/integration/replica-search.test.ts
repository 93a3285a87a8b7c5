// The replica's full-text index stays exact through bulk pulls, edits, deletes and local writes
// (FTS5 integrity-check compares the index with the rows).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplicaReads } from '../../src/main/replica/reads';
import { ReplicaService } from '../../src/main/replica-host/replica-service';
import type { ReplicaEvent } from '../../src/main/replica-host/replica-service';
import { useTestDatabase } from '../support/fixture';
import { SyncClient } from '../support/sync-client';
import type { Project, User } from '../support/world';

const t = useTestDatabase();
let project: Project;
let a: SyncClient;
let ann: User;

function integrityCheck(client: SyncClient) {
  for (const table of ['documents', 'test_cases', 'change_requests', 'tasks', 'comments']) {
    client.store.db.prepare(`INSERT INTO ${table}_fts (${table}_fts, rank) VALUES ('integrity-check', 1)`).run();
  }
}

beforeAll(async () => {
  const org = await t.world.org();
  project = await t.world.project(org);
  ann = await t.world.user(org);
  await t.world.member(project, ann, 'PROJECT_MANAGER');
  await t.admin.query(`INSERT INTO app.documents (organization_id, project_id, title, content)
    SELECT $1, $2, 'Bulk ' || i, CASE WHEN i % 100 = 0 THEN 'turbine inspection' ELSE 'routine text' END
    FROM generate_series(1, 1200) i`, [org.id, project.id]);
  a = await SyncClient.signIn('search', t.db.appUrl, ann);
  await a.sync();
});
afterAll(async () => a?.close());

describe('replica search index', () => {
  it('indexes a bulk pull completely and exactly', () => {
    integrityCheck(a);
    const reads = new ReplicaReads(a.store.db);
    expect(reads.search('turbine', { limit: 50 })).toHaveLength(12);
    expect(reads.search('turb', { projectId: project.id, limit: 50 })[0]!.snippet).toContain('[[turbine]]');
  });

  it('follows edits and deletes from central and local writes', async () => {
    await t.admin.query(`UPDATE app.documents SET content = 'gearbox overhaul' WHERE title = 'Bulk 100' AND project_id = $1`, [project.id]);
    await t.admin.query(`UPDATE app.documents SET deleted_at = now() WHERE title = 'Bulk 200' AND project_id = $1`, [project.id]);
    await a.sync();
    const { id } = a.writer.create('document', project.id, { title: 'Turbine manual', content: 'blade pitch' });
    integrityCheck(a);
    const reads = new ReplicaReads(a.store.db);
    expect(reads.search('turbine', { limit: 50 }).map((h) => h.title).sort()).toEqual(
      expect.arrayContaining(['Turbine manual']));
    expect(reads.search('turbine', { limit: 50 })).toHaveLength(11);
    expect(reads.search('gearbox').map((h) => h.title)).toEqual(['Bulk 100']);
    a.writer.update('document', id, { content: 'rotor' });
    integrityCheck(a);
    expect(reads.search('blade')).toHaveLength(0);
  });

  it('a large pull leaves its rows to the search backlog, indexed afterwards exactly as they are by then', async () => {
    const b = await SyncClient.signIn('backlog', t.db.appUrl, ann);
    try {
      await b.pull({ flushRows: 500 }); // streamed: a large pull
      const documents = (b.store.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
      expect(b.store.searchBacklog()).toBe(documents);
      const reads = new ReplicaReads(b.store.db);
      expect(reads.search('turbine')).toEqual([]);
      // Meanwhile: edits from central and local writes, to rows waiting and to new ones.
      await t.admin.query(`UPDATE app.documents SET content = 'compressor wash' WHERE title = 'Bulk 300' AND project_id = $1`, [project.id]);
      // Horizons are cluster-wide: another file's open transaction may hold one pull back.
      await b.pullUntilCaughtUp();
      const waiting = b.rows('documents', "title = 'Bulk 400'")[0]!.id as string;
      b.writer.update('document', waiting, { content: 'compressor blade' });
      b.writer.remove('document', b.rows('documents', "title = 'Bulk 500'")[0]!.id as string);
      b.writer.create('document', project.id, { title: 'Turbine log', content: 'vibration' });
      let slices = 0;
      while (b.store.transaction(() => b.store.indexSearchBacklog(250)) > 0) slices++;
      expect(slices).toBeGreaterThan(2);
      integrityCheck(b);
      expect(b.store.searchBacklog()).toBe(0);
      const expected = b.rows('documents', "deleted_at IS NULL AND (title LIKE '%turbine%' OR content LIKE '%turbine%')").map((d) => d.title).sort();
      expect(expected.length).toBeGreaterThan(5);
      expect(reads.search('turbine', { limit: 50 }).map((h) => h.title).sort()).toEqual(expected);
      expect(reads.search('compressor').map((h) => h.title).sort()).toEqual(['Bulk 300', 'Bulk 400']);
      // Indexed again, the triggers keep it exact.
      b.writer.update('document', waiting, { content: 'rotor' });
      integrityCheck(b);
      expect(reads.search('compressor').map((h) => h.title)).toEqual(['Bulk 300']);
    } finally {
      await b.close();
    }
  });

  it('the replica service indexes a backlog the app closed with, reporting what waits in its status', async () => {
    const c = await SyncClient.signIn('closed-early', t.db.appUrl, ann);
    await c.pull({ flushRows: 500 });
    const waiting = c.store.searchBacklog();
    expect(waiting).toBeGreaterThan(1000);
    await c.close();
    const events: ReplicaEvent[] = [];
    const service = new ReplicaService({ replicaPath: c.path, centralUrl: t.db.appUrl, token: c.token, autoSync: false }, (e) => events.push(e));
    try {
      expect(service.status().indexing).toBe(waiting);
      const deadline = Date.now() + 20_000;
      while (service.status().indexing > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(service.status().indexing).toBe(0);
      const reported = events.flatMap((e) => (e.type === 'status' ? [e.status.indexing] : []));
      expect(reported.at(-1)).toBe(0);
      expect(events.some((e) => e.type === 'changed' && e.tables.includes('documents'))).toBe(true);
      expect(service.search('turbine', { limit: 50 }).length).toBeGreaterThan(5);
      integrityCheck({ store: service.store } as SyncClient);
    } finally {
      await service.close();
    }
  });
});
