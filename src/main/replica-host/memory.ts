// Returns the memory a large pull left behind. A bootstrap churns through ~100 MB of page data that
// V8 would otherwise keep as heap until the next collection, which an idle worker may not reach for
// a long time. A full collection in the worker takes tens of milliseconds, off the main event loop.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Pulls of at least this many rows are followed by a full collection. */
export const LARGE_PULL_ROWS = 10_000;

let gc: (() => void) | undefined;

export function collectGarbage(): void {
  if (!gc) {
    // The documented way to reach V8's collector without starting the process with --expose-gc.
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
