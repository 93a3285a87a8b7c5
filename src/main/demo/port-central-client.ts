// Central connections over a MessagePort to the embedded central (port-central-server.ts): the same
// CentralConnection interface the sync engine uses with a real server.
import type { MessagePort } from 'node:worker_threads';
import type { CentralConnection, QueryResult } from '../central/connection';
import type { PortReply, PortRequest } from './port-protocol';

type Pending = { resolve: (value: { rows: unknown[]; rowCount: number }) => void; reject: (error: Error) => void };

export class PortCentral {
  private nextId = 1;
  private nextConn = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<(payload: string) => void>>();
  private readonly lostListeners = new Set<(error: unknown) => void>();

  constructor(private readonly port: MessagePort) {
    port.on('message', (message: PortReply) => this.receive(message));
    port.on('close', () => {
      const error = new Error('The demo workspace database closed.');
      for (const { reject } of this.pending.values()) reject(error);
      this.pending.clear();
      for (const lost of this.lostListeners) lost(error);
    });
  }

  private receive(message: PortReply): void {
    if (message.kind === 'notify') {
      for (const listener of this.listeners.get(message.channel) ?? []) listener(message.payload);
      return;
    }
    const waiter = this.pending.get(message.id);
    this.pending.delete(message.id);
    if (!waiter) return;
    if (message.ok) waiter.resolve({ rows: message.rows, rowCount: message.rowCount });
    else waiter.reject(Object.assign(new Error(message.error.message), message.error));
  }

  private request(request: Omit<PortRequest, 'id'> & { kind: PortRequest['kind'] }): Promise<{ rows: unknown[]; rowCount: number }> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.port.postMessage({ ...request, id } as PortRequest);
    });
  }

  /** A new logical connection (its own transactions). */
  async connect(): Promise<CentralConnection> {
    const conn = this.nextConn++;
    const query = (sql: string, params: readonly unknown[], mode: 'rows' | 'text' | 'exec') =>
      this.request({ kind: 'query', conn, sql, params: [...params], mode } as Omit<PortRequest, 'id'>);
    return {
      kind: 'pglite',
      async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
        const result = await query(sql, params, 'rows');
        return { rows: result.rows as Row[], rowCount: result.rowCount };
      },
      async queryTextRows(sql: string, params: readonly unknown[] = []) {
        return (await query(sql, params, 'text')).rows as (string | null)[][];
      },
      async exec(sql: string) {
        await query(sql, [], 'exec');
      },
      close: async () => {
        await this.request({ kind: 'close', conn } as Omit<PortRequest, 'id'>);
      },
    };
  }

  /** LISTEN on `channel`; `onLost` is called if the embedded central goes away. */
  async listen(channel: string, onPayload: (payload: string) => void, onLost: (error: unknown) => void): Promise<() => Promise<void>> {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      await this.request({ kind: 'listen', channel } as Omit<PortRequest, 'id'>);
    }
    set.add(onPayload);
    this.lostListeners.add(onLost);
    return async () => {
      set.delete(onPayload);
      this.lostListeners.delete(onLost);
    };
  }

  close(): void {
    this.port.close();
  }
}
