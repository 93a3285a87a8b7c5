// A loopback TCP proxy between a client and PostgreSQL that a test can cut, to simulate going offline
// or losing the connection at a chosen moment.
import net from 'node:net';

export interface CutRule {
  /** Cut when the client sends a chunk for which this is true. */
  when: (chunk: Buffer) => boolean;
  /** true: let that chunk reach the server first (the server acts, the reply is lost). */
  afterForwarding: boolean;
}

export class TcpProxy {
  private server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private offline = false;
  private rule: CutRule | undefined;
  port = 0;
  /** Client connections accepted so far. */
  accepted = 0;

  constructor(private readonly targetPort: number, private readonly targetHost = '127.0.0.1') {
    this.server = net.createServer((client) => this.accept(client));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }

  /** Rewrites a postgres:// URL to go through the proxy. */
  url(original: string): string {
    const url = new URL(original);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  private accept(client: net.Socket): void {
    if (this.offline) {
      client.destroy();
      return;
    }
    this.accepted++;
    const upstream = net.connect(this.targetPort, this.targetHost);
    this.sockets.add(client).add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('data', (chunk: Buffer) => {
      const rule = this.rule;
      if (rule?.when(chunk)) {
        this.rule = undefined;
        if (rule.afterForwarding) {
          upstream.write(chunk, () => setTimeout(() => this.cut(), 50));
          client.pause();
        } else {
          this.cut();
        }
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!client.isPaused()) client.write(chunk);
    });
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  }

  /** Drops every connection and refuses new ones until heal(). */
  cut(): void {
    this.offline = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  heal(): void {
    this.offline = false;
  }

  cutWhen(rule: CutRule): void {
    this.rule = rule;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** True for a chunk carrying an SQL text that contains `text`. */
export const sqlContains = (text: string) => (chunk: Buffer) => chunk.includes(Buffer.from(text));
