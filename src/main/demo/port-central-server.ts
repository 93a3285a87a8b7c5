// Serves the embedded central database (one PGlite session) to clients on MessagePorts, with the
// semantics the sync engine relies on from a real server: each logical connection's transaction runs
// alone (others wait for its COMMIT/ROLLBACK), every statement runs as application_user (so RLS,
// grants and SECURITY DEFINER functions apply exactly as on a server), and NOTIFY reaches LISTENers.
import type { PGlite } from '@electric-sql/pglite';
import type { MessagePort } from 'node:worker_threads';
import type { PortError, PortReply, PortRequest } from './port-protocol';

const BEGIN = /^\s*(BEGIN|START\s+TRANSACTION)\b/i;
const END = /^\s*(COMMIT|ROLLBACK|END)\b/i;
const APP_ROLE = 'SET LOCAL ROLE application_user';

function portError(error: unknown): PortError {
  const e = error as { message?: string; code?: string; detail?: string; hint?: string };
  return {
    message: e.message ?? String(error),
    ...(e.code ? { code: e.code } : {}), ...(e.detail ? { detail: e.detail } : {}), ...(e.hint ? { hint: e.hint } : {}),
  };
}

export class PortCentralServer {
  private owner: string | null = null;
  private readonly waiting: (() => void)[] = [];
  private readonly inTransaction = new Set<string>();
  private nextPort = 1;

  constructor(private readonly db: PGlite) {}

  /** Takes the session for `key`, waiting for another connection's transaction to end. */
  private async acquire(key: string): Promise<void> {
    if (this.owner === key) return;
    while (this.owner !== null) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.owner = key;
  }

  private release(key: string): void {
    if (this.owner !== key) return;
    this.owner = null;
    this.waiting.shift()?.();
  }

  private async run(key: string, request: Extract<PortRequest, { kind: 'query' }>): Promise<{ rows: unknown[]; rowCount: number }> {
    await this.acquire(key);
    const inTransaction = this.inTransaction.has(key);
    if (BEGIN.test(request.sql) && !inTransaction) {
      try {
        await this.db.exec(request.sql);
        await this.db.exec(APP_ROLE);
      } catch (error) {
        await this.db.exec('ROLLBACK').catch(() => undefined);
        this.release(key);
        throw error;
      }
      this.inTransaction.add(key);
      return { rows: [], rowCount: 0 };
    }
    if (inTransaction) {
      try {
        return await this.statement(request);
      } finally {
        if (END.test(request.sql)) {
          this.inTransaction.delete(key);
          this.release(key);
        }
      }
    }
    // Outside a transaction: the statement is its own transaction, as application_user.
    try {
      await this.db.exec(`BEGIN; ${APP_ROLE}`);
      const result = await this.statement(request);
      await this.db.exec('COMMIT');
      return result;
    } catch (error) {
      await this.db.exec('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      this.release(key);
    }
  }

  private async statement(request: Extract<PortRequest, { kind: 'query' }>): Promise<{ rows: unknown[]; rowCount: number }> {
    if (request.mode === 'exec') {
      await this.db.exec(request.sql);
      return { rows: [], rowCount: 0 };
    }
    const result = await this.db.query(request.sql, request.params, request.mode === 'text' ? { rowMode: 'array' } : {});
    return { rows: result.rows, rowCount: result.rows.length > 0 ? result.rows.length : (result.affectedRows ?? 0) };
  }

  /** A connection went away mid-transaction (closed, or its thread ended): roll back, free the session. */
  private async abandon(key: string): Promise<void> {
    if (this.inTransaction.delete(key)) {
      await this.db.exec('ROLLBACK').catch(() => undefined);
      this.release(key);
    }
  }

  serve(port: MessagePort): void {
    const portId = this.nextPort++;
    const keys = new Set<string>();
    const unlisten: (() => Promise<void>)[] = [];
    const reply = (message: PortReply) => port.postMessage(message);
    port.on('message', (request: PortRequest) => {
      void (async () => {
        if (request.kind === 'listen') {
          unlisten.push(await this.db.listen(request.channel, (payload) => reply({ kind: 'notify', channel: request.channel, payload })));
          reply({ kind: 'reply', id: request.id, ok: true, rows: [], rowCount: 0 });
          return;
        }
        const key = `${portId}:${request.conn}`;
        if (request.kind === 'close') {
          await this.abandon(key);
          keys.delete(key);
          reply({ kind: 'reply', id: request.id, ok: true, rows: [], rowCount: 0 });
          return;
        }
        keys.add(key);
        try {
          reply({ kind: 'reply', id: request.id, ok: true, ...(await this.run(key, request)) });
        } catch (error) {
          reply({ kind: 'reply', id: request.id, ok: false, error: portError(error) });
        }
      })();
    });
    port.on('close', () => {
      for (const key of keys) void this.abandon(key);
      for (const stop of unlisten) void stop().catch(() => undefined);
    });
  }
}
