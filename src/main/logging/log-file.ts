// The main process's log: one JSON object per line (time, level, msg, fields) appended to
// <dir>/main.log, which is rotated at a size limit keeping main.log.1 (newest) … main.log.N. Secrets are
// redacted before anything is written. Logging never throws into the app: when the file cannot be
// written (disk full, folder not writable) the line goes to stderr instead, and the file is tried
// again a few seconds later.
import { closeSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { formatWithOptions } from 'node:util';
import { isSecretKey, redact, redactText } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export interface LogFileOptions {
  /** The log folder; created when missing. */
  readonly dir: string;
  /** File name in that folder (default main.log). */
  readonly name?: string;
  /** Rotate before a line would take the file past this size (default 5 MiB). */
  readonly maxBytes?: number;
  /** Rotated files kept: name.1 (newest) … name.N (default 5). */
  readonly keep?: number;
  /** Lines below this level are dropped (default info). */
  readonly minLevel?: LogLevel;
  /** Where lines go when the file cannot be written (default stderr). */
  readonly fallback?: (line: string) => void;
  /** How long to wait before trying the file again after a failure (default 5 s). */
  readonly retryAfterMs?: number;
  readonly clock?: () => Date;
}

export interface Logger {
  /** The current log file. */
  readonly path: string;
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
  /** A console call's arguments, formatted as console would print them (after redaction). */
  logArgs(level: LogLevel, args: readonly unknown[]): void;
  /** Closes the file; a later line opens it again. */
  close(): void;
}

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_KEEP = 5;
const MAX_TEXT = 16 * 1024;
const RESERVED = new Set(['time', 'level', 'msg']);

export function createLogger(options: LogFileOptions): Logger {
  const file = new RotatingFile(join(options.dir, options.name ?? 'main.log'), options.dir,
    options.maxBytes ?? DEFAULT_MAX_BYTES, options.keep ?? DEFAULT_KEEP);
  const minRank = RANK[options.minLevel ?? 'info'];
  const fallback = options.fallback ?? toStderr;
  const retryAfterMs = options.retryAfterMs ?? 5_000;
  const clock = options.clock ?? (() => new Date());
  let retryAt = 0;
  let failing = false;

  function emit(level: LogLevel, message: string, fields: Record<string, unknown> | undefined): void {
    if (RANK[level] < minRank) return;
    let line: string;
    try {
      line = `${serialize(clock(), level, message, fields)}\n`;
    } catch (error: unknown) {
      line = `${JSON.stringify({ time: clock().toISOString(), level, msg: redactText(clip(message)), logError: String(error) })}\n`;
    }
    const now = Date.now();
    if (now < retryAt) return safely(fallback, line);
    try {
      file.append(line);
      if (failing) {
        failing = false;
        safely(fallback, `The log file ${file.path} is writable again.\n`);
      }
    } catch (error: unknown) {
      file.close();
      retryAt = now + retryAfterMs;
      if (!failing) {
        failing = true;
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        safely(fallback, `Cannot write the log file ${file.path} (${code}); logging to stderr until it can.\n`);
      }
      safely(fallback, line);
    }
  }

  return {
    get path() {
      return file.path;
    },
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
    log: emit,
    logArgs(level, args) {
      if (RANK[level] < minRank) return;
      let message: string;
      try {
        message = formatWithOptions({ colors: false, depth: 6, breakLength: Infinity }, ...args.map(redact));
      } catch (error: unknown) {
        message = `(arguments could not be formatted: ${String(error)})`;
      }
      emit(level, message, undefined);
    },
    close: () => file.close(),
  };
}

function serialize(time: Date, level: LogLevel, message: string, fields: Record<string, unknown> | undefined): string {
  const entry: Record<string, unknown> = { time: time.toISOString(), level, msg: redactText(clip(message)) };
  if (fields) {
    for (const [key, value] of Object.entries(redact(fields) as Record<string, unknown>)) {
      entry[RESERVED.has(key) ? `field.${key}` : key] = value;
    }
  }
  return JSON.stringify(entry, jsonValue);
}

/** JSON.stringify replacer: errors with their stack, bigints as text, binary data by size only. */
function jsonValue(this: unknown, key: string, value: unknown): unknown {
  const original = key === '' ? value : (this as Record<string, unknown>)[key];
  if (typeof original === 'string') return clip(original);
  if (typeof original === 'bigint') return original.toString();
  if (original instanceof Error) {
    const { name, message, stack } = original;
    const own: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(original)) own[k] = isSecretKey(k) ? '[redacted]' : v;
    return { name, message, ...own, stack, ...(original.cause !== undefined ? { cause: original.cause } : {}) };
  }
  if (ArrayBuffer.isView(original)) return `[${original.constructor.name} ${original.byteLength} bytes]`;
  if (original instanceof Map) return Object.fromEntries(original);
  if (original instanceof Set) return [...original];
  return value;
}

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…[${text.length - MAX_TEXT} more characters]` : text;
}

function toStderr(line: string): void {
  process.stderr.write(line);
}

function safely(write: (line: string) => void, line: string): void {
  try {
    write(line);
  } catch {
    // Nowhere left to write: the line is dropped rather than thrown into the app.
  }
}

/** Appends to a file, rotating it when the next write would pass maxBytes. Throws on I/O errors. */
class RotatingFile {
  private fd: number | undefined;
  private size = 0;

  constructor(readonly path: string, private readonly dir: string, private readonly maxBytes: number, private readonly keep: number) {}

  append(line: string): void {
    const bytes = Buffer.from(line, 'utf8');
    if (this.fd === undefined) this.open();
    if (this.size > 0 && this.size + bytes.length > this.maxBytes) {
      this.rotate();
      this.open();
    }
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd!, bytes, written, bytes.length - written);
    this.size += bytes.length;
  }

  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    try {
      closeSync(fd);
    } catch {
      // Already closed or the device is gone: nothing to release.
    }
  }

  private open(): void {
    mkdirSync(this.dir, { recursive: true });
    this.fd = openSync(this.path, 'a', 0o600);
    this.size = fstatSync(this.fd).size;
  }

  /** main.log.N is dropped, main.log.i becomes main.log.(i+1), main.log becomes main.log.1. */
  private rotate(): void {
    this.close();
    rmSync(this.keep > 0 ? `${this.path}.${this.keep}` : this.path, { force: true });
    for (let i = this.keep - 1; i >= 1; i--) renameIfExists(`${this.path}.${i}`, `${this.path}.${i + 1}`);
    if (this.keep > 0) renameIfExists(this.path, `${this.path}.1`);
  }
}

function renameIfExists(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
