// Hosts a replica in a process of its own (as an Electron utilityProcess would), bootstraps it and
// reports its resident memory: {"rss": bytes, "ms": bootstrap time}.
import { ReplicaService } from '../src/main/replica-host/replica-service';
import type { ReplicaConfig } from '../src/main/replica-host/replica-service';

const config = JSON.parse(process.argv[2] ?? '{}') as ReplicaConfig;
const started = performance.now();
const service = new ReplicaService(config, () => undefined);
const timer = setInterval(() => {
  if (!service.status().lastSyncedAt) return;
  clearInterval(timer);
  const ms = performance.now() - started;
  globalThis.gc?.();
  process.stdout.write(`${JSON.stringify({ rss: process.memoryUsage().rss, ms })}\n`);
  void service.close().then(() => process.exit(0));
}, 20);
