// Wires a process to its log file: console.error/warn/info/log keep printing and are also written to
// the log; uncaught exceptions, unhandled rejections and process warnings are logged. Plain Node, so
// it is tested without Electron; src/main/index.ts calls it at start-up.
import { inspect } from 'node:util';
import { createLogger } from './log-file';
import type { LogFileOptions, Logger, LogLevel } from './log-file';
import { redact } from './redact';

const CONSOLE_LEVELS = { error: 'error', warn: 'warn', info: 'info', log: 'info' } as const satisfies Record<string, LogLevel>;

type ConsoleMethod = keyof typeof CONSOLE_LEVELS;

/** Sends console.error/warn/info/log to the logger as well as to the console. Returns the undo. */
export function captureConsole(logger: Logger, target: Pick<Console, ConsoleMethod> = console): () => void {
  const originals = new Map<ConsoleMethod, Console[ConsoleMethod]>();
  let inside = false;
  for (const method of Object.keys(CONSOLE_LEVELS) as ConsoleMethod[]) {
    const original = target[method];
    originals.set(method, original);
    target[method] = (...args: unknown[]) => {
      original.apply(target, args);
      if (inside) return; // a logger fallback that prints to the console must not loop
      inside = true;
      try {
        logger.logArgs(CONSOLE_LEVELS[method], args);
      } finally {
        inside = false;
      }
    };
  }
  return () => {
    for (const [method, original] of originals) target[method] = original;
  };
}

/**
 * Logs uncaught exceptions (through 'uncaughtExceptionMonitor', so what happens next is unchanged:
 * Electron still reports the error), unhandled promise rejections (logged and printed; the process
 * keeps running) and process warnings. Returns the undo.
 */
export function logProcessProblems(logger: Logger, proc: NodeJS.Process = process): () => void {
  const onUncaught = (error: Error, origin: string) => logger.error('Uncaught exception', { origin, error });
  const onRejection = (reason: unknown) => {
    logger.error('Unhandled promise rejection', { reason });
    try {
      proc.stderr.write(`Unhandled promise rejection: ${inspect(redact(reason))}\n`);
    } catch {
      // stderr is gone: the log has it.
    }
  };
  const onWarning = (warning: Error) => logger.warn('Process warning', { warning });
  proc.on('uncaughtExceptionMonitor', onUncaught);
  proc.on('unhandledRejection', onRejection);
  proc.on('warning', onWarning);
  return () => {
    proc.off('uncaughtExceptionMonitor', onUncaught);
    proc.off('unhandledRejection', onRejection);
    proc.off('warning', onWarning);
  };
}

export interface MainLog {
  readonly logger: Logger;
  /** Restores the console, removes the process listeners and closes the file. */
  stop(): void;
}

/** The main process's log: <dir>/main.log, console captured, process problems logged. */
export function startMainLog(options: LogFileOptions): MainLog {
  const logger = createLogger(options);
  const restoreConsole = captureConsole(logger);
  const unlisten = logProcessProblems(logger);
  return {
    logger,
    stop() {
      unlisten();
      restoreConsole();
      logger.close();
    },
  };
}
