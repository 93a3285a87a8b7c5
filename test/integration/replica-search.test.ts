// The replica's full-text index stays exact through bulk pulls, edits, deletes and local writes
// (FTS5 integrity-check compares the index with the rows).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplicaReads } from '../../src/main/replica/reads';
import { useTestDatabase } from '../support/fixture';
import { SyncClient } from '../support/sync-client';
import type { Project } from '../support/world';

const t = useTestDatabase();
let project: Project;
let a: SyncClient;

function integrityCheck(client: SyncClient) {
  for (const table of ['documents', 'test_cases', 'change_requests', 'tasks', 'comments']) {
    client.store.db.prepare(`INSERT INTO ${table}_fts (${table}_fts, rank) VALUES ('integrity-check', 1)`).run();
  }
}

beforeAll(async () => {
  const org = await t.world.org();
  project = await t.world.project(org);
  const ann = await t.world.user(org);
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
});
