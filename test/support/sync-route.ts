// How a sync suite's clients reach central: straight to PostgreSQL, or through a PgBouncer of the
// suite's own in transaction pooling mode. A "pooled" suite file calls routeSyncThroughPgBouncer() and
// then imports the suite, which asks syncUrl() for every URL its clients use.
import { afterAll, beforeAll } from 'vitest';
import { ADMIN_URL, APP_ROLE_PASSWORD } from './postgres';
import { PrivatePgBouncer } from './pgbouncer';

let pooled = false;
let bouncer: PrivatePgBouncer | undefined;

export function routeSyncThroughPgBouncer(): void {
  pooled = true;
  beforeAll(async () => {
    const admin = new URL(ADMIN_URL);
    bouncer = await PrivatePgBouncer.start({
      serverPort: Number(admin.port || 5432),
      users: { application_user: APP_ROLE_PASSWORD, [decodeURIComponent(admin.username)]: decodeURIComponent(admin.password) },
      poolMode: 'transaction',
      poolSize: 10,
    });
  });
  afterAll(async () => {
    await bouncer?.stop();
  });
}

/** The URL a client uses for `url` (an application_user URL of the test server) on this route. */
export function syncUrl(url: string): string {
  if (!pooled) return url;
  if (!bouncer) throw new Error('syncUrl() was called before the suite\'s PgBouncer started (call it in a hook or a test).');
  return bouncer.url(url);
}

export const syncRouteName = (): string => (pooled ? 'through PgBouncer (transaction pooling)' : 'direct');
