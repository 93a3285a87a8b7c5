// The sync-basics suite again, every client going through a real PgBouncer in transaction pooling mode
// (test/support/pgbouncer.ts): the desktop's statements must not rely on session state.
import { routeSyncThroughPgBouncer } from '../support/sync-route';

routeSyncThroughPgBouncer();
await import('./sync-basics.test');
