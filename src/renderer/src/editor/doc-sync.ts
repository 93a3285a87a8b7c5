// Keeps the editor's Y.Doc and the replica in step. Every local edit (a Yjs update) is sent to main
// at once and stored durably there; edits that arrive from sync are fetched as the difference from
// this Y.Doc's state vector. If main cannot be reached, unsent edits are kept in localStorage and
// re-sent, so nothing typed is lost.
import * as Y from 'yjs';
import { call, describe, onEvent } from '../ipc/client';
import { fromBase64, toBase64 } from '../lib/base64';

const REMOTE = Symbol('remote');
const RETRY_MS = 2000;

export class DocSync {
  readonly ydoc = new Y.Doc();
  private queue: Uint8Array[] = [];
  private sending: Promise<void> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopped = false;
  /** Called when saving fails (with a message) or recovers (with null). */
  onProblem: (message: string | null) => void = () => undefined;
  /** Called after edits from other devices were merged in. */
  onRemote: () => void = () => undefined;

  constructor(readonly documentId: string) {}

  private get stashKey(): string {
    return `promanage.unsaved.${this.documentId}`;
  }

  async start(): Promise<void> {
    this.stopped = false;
    const { update } = await call('documents:content', { id: this.documentId });
    Y.applyUpdate(this.ydoc, fromBase64(update), REMOTE);
    this.ydoc.on('update', this.onUpdate);
    const stashed = localStorage.getItem(this.stashKey);
    if (stashed) Y.applyUpdate(this.ydoc, fromBase64(stashed));
    this.unsubscribe = onEvent('replica:changed', ({ tables }) => {
      if (tables.includes('document_updates')) void this.fetchRemote();
    });
  }

  /** True once the document has content (or had it before this session). */
  isEmpty(): boolean {
    return this.ydoc.getXmlFragment('default').length === 0;
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === REMOTE) return;
    this.queue.push(update);
    void this.flush();
  };

  /** Resolves when every edit made so far is stored in the replica (or stashed after a failure). */
  flush(): Promise<void> {
    this.sending ??= this.drain().finally(() => {
      this.sending = null;
    });
    return this.sending;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      const update = batch.length === 1 ? batch[0]! : Y.mergeUpdates(batch);
      try {
        await call('documents:edit', { id: this.documentId, update: toBase64(update) });
        localStorage.removeItem(this.stashKey);
        this.onProblem(null);
      } catch (error) {
        this.queue.unshift(update);
        const pending = Y.mergeUpdates(this.queue);
        localStorage.setItem(this.stashKey, toBase64(pending));
        this.onProblem(`Your latest edits are kept in this window but not yet saved: ${describe(error)}`);
        if (!this.stopped) {
          clearTimeout(this.retryTimer);
          this.retryTimer = setTimeout(() => void this.flush(), RETRY_MS);
        }
        return;
      }
    }
  }

  private async fetchRemote(): Promise<void> {
    try {
      const { update } = await call('documents:content', { id: this.documentId, stateVector: toBase64(Y.encodeStateVector(this.ydoc)) });
      const bytes = fromBase64(update);
      if (bytes.length > 2) {
        Y.applyUpdate(this.ydoc, bytes, REMOTE);
        this.onRemote();
      }
    } catch {
      // The next change event fetches again.
    }
  }

  /** Stops listening; edits already made are still sent (or stashed). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.ydoc.off('update', this.onUpdate);
    clearTimeout(this.retryTimer);
    await this.flush();
  }
}
