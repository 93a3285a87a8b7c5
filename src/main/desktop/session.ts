// Who is signed in on this device, and their replica host. The token lives in the SecretStore (the
// OS keychain in the app); the replica stays on disk across sign-outs so nothing unsynced is lost.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionState, SignedInUser } from '../../shared/ipc/domains/session';
import type { SyncStatusView } from '../../shared/ipc/domains/sync';
import { connectPg } from '../central/connection';
import { logout } from '../central/auth';
import { AppError } from '../ipc/router';
import { ReplicaHost } from '../replica-host/replica-host';
import type { WorkerEntry } from '../replica-host/replica-host';
import type { ReplicaEvent } from '../replica-host/replica-service';
import { centralUrl, serverLabel } from './central-url';
import type { Secrets, SettingsFile } from './settings';
import { signInToCentral } from './sign-in';
import type { SignInInput } from './sign-in';

export interface SecretStore {
  read(): string | undefined;
  write(secret: string): void;
  clear(): void;
}

export interface SessionEvents {
  session(state: SessionState): void;
  status(status: SyncStatusView): void;
  changed(tables: string[]): void;
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
  ) {}

  /** At start-up: a stored session reopens the user's replica at once, online or not. */
  async resume(): Promise<void> {
    const { user, connection } = this.settings.read();
    const secrets = this.readSecrets();
    if (!user || !connection || !secrets) return;
    await this.startReplica(user, { ...connection, password: secrets.databasePassword }, secrets.token);
  }

  state(): SessionState {
    const settings = this.settings.read();
    if (this.user && this.host && settings.connection) {
      return { status: 'signed-in', user: this.user, server: serverLabel(settings.connection) };
    }
    return {
      status: 'signed-out', connection: settings.connection ?? null, organization: settings.organization ?? null,
      email: settings.email ?? null, reason: this.endedReason,
    };
  }

  async signIn(input: SignInInput): Promise<SessionState> {
    const { token, user } = await signInToCentral(input);
    await this.stopReplica();
    const { password: databasePassword, ...connection } = input.connection;
    this.secrets.write(JSON.stringify({ token, databasePassword } satisfies Secrets));
    this.settings.update({ connection, organization: input.organization, email: input.email, user });
    this.endedReason = null;
    await this.startReplica(user, input.connection, token);
    return this.publish();
  }

  /** Revokes the session on the server when it can be reached, and forgets it on this device. */
  async signOut(): Promise<SessionState> {
    const secrets = this.readSecrets();
    const { connection } = this.settings.read();
    await this.stopReplica();
    if (secrets && connection) {
      const conn = await connectPg(centralUrl({ ...connection, password: secrets.databasePassword })).catch(() => undefined);
      if (conn) await logout(conn, secrets.token).catch(() => false).finally(() => conn.close().catch(() => undefined));
    }
    this.secrets.clear();
    this.settings.update({ user: undefined });
    this.endedReason = null;
    return this.publish();
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

  private async startReplica(user: SignedInUser, connection: Parameters<typeof centralUrl>[0], token: string): Promise<void> {
    const replicas = join(this.dataDir, 'replicas');
    mkdirSync(replicas, { recursive: true });
    this.starting = (async () => {
      const host = await ReplicaHost.start({
        replicaPath: join(replicas, `${user.id}.sqlite`), centralUrl: centralUrl(connection), token, ...this.replicaOptions,
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
