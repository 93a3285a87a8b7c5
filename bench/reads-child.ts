// Local reads on a bootstrapped replica, in a process of their own (as the replica host serves them,
// without the benchmark's own heap and collections in the way). argv: replica path, project id.
// Prints {"listMs": [...], "searchMs": [...]}.
import { performance } from 'node:perf_hooks';
import { ReplicaReads } from '../src/main/replica/reads';
import { ReplicaStore } from '../src/main/replica/replica-store';

const [replicaPath, projectId] = process.argv.slice(2) as [string, string];
// The replica opened as the replica host opens it (its page cache and settings).
const store = new ReplicaStore(replicaPath);
const reads = new ReplicaReads(store.db);
const listMs: number[] = [];
for (let i = 0; i < 300; i++) {
  const t0 = performance.now();
  const rows = reads.testCases({ projectId, status: ['DRAFT', 'READY', 'APPROVED'][i % 3]!, sort: i % 2 ? 'priority' : 'title', limit: 1000 });
  listMs.push(performance.now() - t0);
  if (rows.length !== 1000) throw new Error(`expected 1000 test cases, got ${rows.length}`);
}
const words = ['valve', 'pressure', 'calibration', 'firmware', 'audit', 'safety', 'hazard', 'compliance', 'encryption', 'workflow'];
const searchMs: number[] = [];
for (let i = 0; i < 300; i++) {
  const t0 = performance.now();
  const hits = reads.search(`${words[i % words.length]} ${words[(i * 7) % words.length]!.slice(0, 4)}`, { limit: 20 });
  searchMs.push(performance.now() - t0);
  if (hits.length === 0) throw new Error('search found nothing');
}
store.close();
process.stdout.write(`${JSON.stringify({ listMs, searchMs })}\n`);
