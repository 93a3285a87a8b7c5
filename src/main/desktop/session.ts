// Who is signed in on this device, and their replica host. The token lives in the SecretStore (the
// OS keychain in the app); the replica stays on disk across sign-outs so nothing unsynced is lost.
import type { ExportProgress } from '../../shared/ipc/domains/exports';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectionSettings, SessionState, SignedInUser } from '../../shared/ipc/domains/session';
import type { SyncStatusView } from '../../shared/ipc/domains/sync';
import { unencryptedConnectionProblem } from '../../shared/connection-security';
import { connectPg } from '../central/connection';
import type { CentralConnection } from '../central/connection';
import { logout } from '../central/auth';
import type { SigningParameters } from '../central/signature';
import { fetchSigningMaterial } from '../central/signing-material';
import { AppError } from '../ipc/router';
import { ReplicaHost } from '../replica-host/replica-host';
import type { WorkerEntry } from '../replica-host/replica-host';
import type { ReplicaEvent } from '../replica-host/replica-service';
import type { DemoCentral } from '../demo/demo-central';
import { PortCentral } from '../demo/port-central-client';
import { centralUrl, readReplicaUrl, serverLabel } from './central-url';
import type { Secrets, SettingsFile } from './settings';
import { loginOn, signInToCentral } from './sign-in';
import type { Credentials, SignInInput } from './sign-in';

export interface SecretStore {
  read(): string | undefined;
  write(secret: string): void;
  clear(): void;
}

export interface SessionEvents {
  session(state: SessionState): void;
  status(status: SyncStatusView): void;
  changed(tables: string[]): void;
  /** A long export or import's progress (optional: tests that do not export leave it out). */
  progress?(progress: ExportProgress): void;
}

const DEMO_LABEL = 'Demo workspace (on this computer)';

/** Where the replica host syncs with. */
/** A server (the primary, and optionally a read replica for pulls), or the demo's embedded central. */
type Central = { url: string; readUrl?: string | undefined } | { demo: DemoCentral };

function serverCentral(connection: ConnectionSettings): Central {
  return { url: centralUrl(connection), readUrl: readReplicaUrl(connection) };
}

const SESSION_ENDED = 'Your session ended (it expired or was revoked). Sign in again — your unsynced changes are kept on this device.';

export class DesktopSession {
  private host: ReplicaHost | undefined;
  private user: SignedInUser | undefined;
  private endedReason: string | null = null;
  private starting: Promise<void> | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly settings: SettingsFile,
    private readonly secrets: SecretStore,
    private readonly worker: WorkerEntry,
    private readonly events: SessionEvents,
    private readonly replicaOptions: { pollIntervalMs?: number } = {},
    /** Starts (once) the demo workspace's embedded central. */
    private readonly openDemo: () => Promise<DemoCentral> = () => Promise.reject(new Error('The demo workspace is not available here.')),
  ) {}

  /** At start-up: a stored session reopens the user's replica at once, online or not. */
  async resume(): Promise<void> {
    const { user, connection, mode } = this.settings.read();
    const secrets = this.readSecrets();
    if (!user || !secrets) return;
    if (mode === 'demo') await this.startReplica(user, { demo: await this.openDemo() }, secrets.token);
    else if (connection) {
      // Settings kept from before the rule (an unencrypted connection to a network server, not chosen
      // explicitly): the user signs in again and makes the choice; the replica stays on the device.
      const insecure = unencryptedConnectionProblem(connection);
      if (insecure) {
        this.endedReason = insecure;
        return;
      }
      await this.startReplica(user, serverCentral({ ...connection, password: secrets.databasePassword }), secrets.token);
    }
  }

  state(): SessionState {
    const settings = this.settings.read();
    const demo = settings.mode === 'demo';
    if (this.user && this.host && (demo || settings.connection)) {
      return { status: 'signed-in', user: this.user, server: demo ? DEMO_LABEL : serverLabel(settings.connection!), demo };
    }
    return {
      status: 'signed-out', mode: settings.mode ?? 'server', connection: settings.connection ?? null, organization: settings.organization ?? null,
      email: settings.email ?? null, reason: this.endedReason,
    };
  }

  async signIn(input: SignInInput): Promise<SessionState> {
    const { token, user, signing } = await signInToCentral(input);
    await this.stopReplica();
    const { password: databasePassword, ...connection } = input.connection;
    this.secrets.write(JSON.stringify({ token, databasePassword, signing } satisfies Secrets));
    this.settings.update({ mode: 'server', connection, organization: input.organization, email: input.email, user });
    this.endedReason = null;
    await this.startReplica(user, serverCentral(input.connection), token);
    return this.publish();
  }

  /** Signs in to the demo workspace (its embedded central starts, and is created on first use). */
  async signInDemo(input: Credentials): Promise<SessionState> {
    const demo = await this.openDemo();
    const central = new PortCentral(demo.channel());
    const { token, user, signing } = await loginOn(await central.connect(), input).finally(() => central.close());
    await this.stopReplica();
    this.secrets.write(JSON.stringify({ token, databasePassword: '', signing } satisfies Secrets));
    this.settings.update({ mode: 'demo', organization: input.organization, email: input.email, user });
    this.endedReason = null;
    await this.startReplica(user, { demo }, token);
    return this.publish();
  }

  /** Revokes the session on the server when it can be reached, and forgets it on this device. */
  async signOut(): Promise<SessionState> {
    const secrets = this.readSecrets();
    const { connection, mode } = this.settings.read();
    await this.stopReplica();
    if (secrets && mode === 'demo') {
      const central = new PortCentral((await this.openDemo()).channel());
      await central.connect().then((conn) => logout(conn, secrets.token)).catch(() => false).finally(() => central.close());
    } else if (secrets && connection) {
      const conn = await Promise.resolve().then(() => connectPg(centralUrl({ ...connection, password: secrets.databasePassword }))).catch(() => undefined);
      if (conn) await logout(conn, secrets.token).catch(() => false).finally(() => conn.close().catch(() => undefined));
    }
    this.secrets.clear();
    this.settings.update({ user: undefined });
    this.endedReason = null;
    return this.publish();
  }

  /**
   * Runs `work` on a fresh connection to central as the signed-in user (for online-only actions such
   * as administration); the connection is closed afterwards. An AppError when signed out or offline.
   */
  async withCentral<T>(work: (conn: CentralConnection, token: string) => Promise<T>): Promise<T> {
    const secrets = this.readSecrets();
    const { connection, mode } = this.settings.read();
    if (!this.host || !secrets) throw new AppError({ code: 'NOT_SIGNED_IN', message: 'Sign in first.' });
    let conn: CentralConnection;
    let release = () => undefined as void;
    try {
      if (mode === 'demo') {
        const central = new PortCentral((await this.openDemo()).channel());
        release = () => central.close();
        conn = await central.connect();
      } else {
        if (!connection) throw new Error('no server configured');
        conn = await connectPg(centralUrl({ ...connection, password: secrets.databasePassword }));
      }
    } catch {
      release();
      throw new AppError({ code: 'SERVER_UNREACHABLE', message: 'This needs a connection to the server, which cannot be reached now.', hint: 'Try again when you are online.' });
    }
    try {
      return await work(conn, secrets.token);
    } finally {
      await conn.close().catch(() => undefined);
      release();
    }
  }

  /**
   * The signed-in user and the signing parameters of their password epoch (for electronic
   * signatures): kept from sign-in, or fetched from central when this device has none (a session
   * from before password signatures) or `refresh` asks for them. Undefined when they cannot be had.
   */
  async signingMaterial(refresh = false): Promise<{ user: SignedInUser; parameters: SigningParameters } | undefined> {
    const secrets = this.readSecrets();
    if (!this.user || !secrets) return undefined;
    let parameters = secrets.signing?.parameters ?? null;
    if (!parameters || refresh) {
      const signing = await this.withCentral((conn, token) => fetchSigningMaterial(conn, token)).catch(() => null);
      if (signing?.parameters) {
        parameters = signing.parameters;
        this.secrets.write(JSON.stringify({ ...secrets, signing } satisfies Secrets));
      }
    }
    return parameters ? { user: this.user, parameters } : undefined;
  }

  /** The signed-in user's replica host; an AppError when nobody is signed in. */
  replica(): ReplicaHost {
    if (!this.host) throw new AppError({ code: 'NOT_SIGNED_IN', message: 'Sign in to see your projects.' });
    return this.host;
  }

  async close(): Promise<void> {
    await this.stopReplica();
  }

  private readSecrets(): Secrets | undefined {
    try {
      const raw = this.secrets.read();
      return raw ? (JSON.parse(raw) as Secrets) : undefined;
    } catch {
      return undefined;
    }
  }

  private async startReplica(user: SignedInUser, central: Central, token: string): Promise<void> {
    const replicas = join(this.dataDir, 'replicas');
    mkdirSync(replicas, { recursive: true });
    this.starting = (async () => {
      const host = await ReplicaHost.start({
        replicaPath: join(replicas, `${user.id}.sqlite`), attachmentsDir: join(this.dataDir, 'attachments'), token, ...this.replicaOptions,
        ...('url' in central ? { centralUrl: central.url, ...(central.readUrl ? { centralReadUrl: central.readUrl } : {}) } : { centralPort: central.demo.channel() }),
      }, this.worker);
      host.onEvent((event) => this.onReplicaEvent(host, event));
      this.host = host;
      this.user = user;
    })();
    try {
      await this.starting;
    } finally {
      this.starting = undefined;
    }
  }

  private async stopReplica(): Promise<void> {
    await this.starting?.catch(() => undefined);
    const host = this.host;
    this.host = undefined;
    this.user = undefined;
    await host?.stop();
  }

  private onReplicaEvent(host: ReplicaHost, event: ReplicaEvent): void {
    if (host !== this.host) return;
    if (event.type === 'changed') {
      this.events.changed(event.tables);
      return;
    }
    if (event.type === 'progress') {
      this.events.progress?.(event.progress);
      return;
    }
    this.events.status(event.status);
    if (event.status.state === 'signed-out') void this.sessionEnded();
  }

  /** The server refused the token: stop syncing, keep the replica and its outbox, ask to sign in. */
  private async sessionEnded(): Promise<void> {
    await this.stopReplica();
    this.secrets.clear();
    this.settings.update({ user: undefined });
    this.endedReason = SESSION_ENDED;
    this.publish();
  }

  private publish(): SessionState {
    const state = this.state();
    this.events.session(state);
    return state;
  }
}
