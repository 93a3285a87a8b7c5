// The search backlog on a replica file: a large pull's rows wait outside the index and are indexed in
// slices; once the last slice is done, new rows go through the index triggers again.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReplicaReads } from '../../src/main/replica/reads';
import { ReplicaStore } from '../../src/main/replica/replica-store';
import { TABLES } from '../../src/shared/replica/registry';

const PROJECT = '00000000-0000-4000-8000-000000000001';
const task = (n: number) => TABLES.tasks.columns.map((c) =>
  c.name === 'id' ? `00000000-0000-4000-8000-${String(n).padStart(12, '0')}` : c.name === 'project_id' ? PROJECT
    : c.name === 'title' ? `Turbine check ${n}` : c.name === 'sync_xid' ? String(100 + n) : null);

describe('search backlog', () => {
  it('holds a large pull\'s rows, indexes them in slices, then lets the triggers index new rows again', () => {
    const store = new ReplicaStore(join(mkdtempSync(join(tmpdir(), 'backlog-')), 'replica.db'));
    try {
      const reads = new ReplicaReads(store.db);
      store.beginStreamedPull();
      const rows = [1, 2, 3, 4, 5, 6].map(task);
      store.transaction(() => store.applyPulledRows('tasks', rows, rows.length));
      store.endStreamedPull(true);
      expect(store.searchBacklog()).toBe(6);
      expect(reads.search('turbine')).toEqual([]);
      expect(store.transaction(() => store.indexSearchBacklog(3))).toBe(3);
      expect(reads.search('turbine', { limit: 10 })).toHaveLength(3);
      // A slice that ends exactly at the last row closes the backlog.
      expect(store.transaction(() => store.indexSearchBacklog(3))).toBe(0);
      expect(store.db.prepare('SELECT count(*) FROM search_backlog').pluck().get()).toBe(0);
      store.transaction(() => store.applyPulledRows('tasks', [task(7)], 1)); // a small pull: indexed at once
      expect(reads.search('turbine', { limit: 10 })).toHaveLength(7);
      store.db.prepare(`INSERT INTO tasks_fts (tasks_fts, rank) VALUES ('integrity-check', 1)`).run();
    } finally {
      store.close();
    }
  });

  it('a reset or purge that empties a backlog ends it, so the next large pull starts one of its own', () => {
    const store = new ReplicaStore(join(mkdtempSync(join(tmpdir(), 'backlog-')), 'replica.db'));
    try {
      const pullLarge = (rows: (string | null)[][]) => {
        store.beginStreamedPull();
        store.transaction(() => store.applyPulledRows('tasks', rows, rows.length));
        store.endStreamedPull(true);
      };
      pullLarge([1, 2, 3].map(task));
      store.resetReplica();
      expect(store.db.prepare('SELECT count(*) FROM search_backlog').pluck().get()).toBe(0);
      pullLarge([4, 5].map(task));
      expect(store.db.prepare('SELECT from_rid FROM search_backlog').pluck().get()).toBe(1);
      expect(store.searchBacklog()).toBe(2);
      store.purgeProject(PROJECT, 'Access ended.');
      expect(store.db.prepare('SELECT count(*) FROM search_backlog').pluck().get()).toBe(0);
    } finally {
      store.close();
    }
  });
});
