// The main process's log file: JSON lines, rotation at a size limit keeping N files, secrets redacted,
// and logging that never throws into the app when the file cannot be written.
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/main/logging/log-file';
import type { LogFileOptions } from '../../src/main/logging/log-file';
import { captureConsole, logProcessProblems } from '../../src/main/logging/main-log';
import { redact, redactText } from '../../src/main/logging/redact';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'promanage-log-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const SESSION_TOKEN = 'a3'.repeat(32); // what auth.login returns: 32 random bytes as hex

function logIn(options: Partial<LogFileOptions> = {}) {
  const fallback: string[] = [];
  const logger = createLogger({ dir: join(dir, 'logs'), fallback: (line) => fallback.push(line), ...options });
  return { logger, fallback };
}

function entries(path: string): Array<Record<string, unknown>> {
  return readFileSync(path, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('log file', () => {
  it('appends one JSON object per line with time, level, message and fields, creating the folder', () => {
    const { logger, fallback } = logIn({ clock: () => new Date('2026-03-01T10:00:00.000Z') });
    logger.info('ProManage starting', { version: '0.1.0' });
    logger.warn('Sync is slow', { ms: 1200 });
    logger.error('Push failed', { error: Object.assign(new Error('connection reset'), { code: 'ECONNRESET' }) });
    logger.close();

    expect(logger.path).toBe(join(dir, 'logs', 'main.log'));
    const [start, slow, failed] = entries(logger.path);
    expect(start).toEqual({ time: '2026-03-01T10:00:00.000Z', level: 'info', msg: 'ProManage starting', version: '0.1.0' });
    expect(slow).toMatchObject({ level: 'warn', msg: 'Sync is slow', ms: 1200 });
    expect(failed).toMatchObject({ level: 'error', error: { name: 'Error', message: 'connection reset', code: 'ECONNRESET' } });
    expect((failed!.error as { stack: string }).stack).toContain('log-file.test.ts');
    expect(fallback).toEqual([]);
  });

  it('drops lines below the minimum level and keeps reserved keys from being overwritten', () => {
    const { logger } = logIn({ minLevel: 'warn' });
    logger.debug('noise');
    logger.info('more noise');
    logger.warn('kept', { level: 'spoofed', msg: 'spoofed' });
    logger.close();
    expect(entries(logger.path)).toEqual([expect.objectContaining({ level: 'warn', msg: 'kept', 'field.level': 'spoofed', 'field.msg': 'spoofed' })]);
  });

  it('continues an existing file and counts its size towards the limit', () => {
    const first = logIn({ maxBytes: 400 }).logger;
    first.info('x'.repeat(300));
    first.close();
    const second = logIn({ maxBytes: 400 }).logger;
    second.info('after restart');
    second.close();
    expect(entries(join(dir, 'logs', 'main.log.1')).map((e) => (e.msg as string).length)).toEqual([300]);
    expect(entries(second.path).map((e) => e.msg)).toEqual(['after restart']);
  });

  it('rotates before a line would pass the size limit, keeping main.log.1 (newest) … main.log.N', () => {
    const { logger } = logIn({ maxBytes: 1_000, keep: 3 });
    for (let i = 1; i <= 60; i++) logger.info(`line ${String(i).padStart(3, '0')}`, { padding: '.'.repeat(40) });
    logger.close();

    const logs = join(dir, 'logs');
    const files = ['main.log.3', 'main.log.2', 'main.log.1', 'main.log'].map((name) => join(logs, name));
    for (const file of files) expect(statSync(file).size).toBeLessThanOrEqual(1_000);
    expect(existsSync(join(logs, 'main.log.4'))).toBe(false);
    // Oldest to newest, the kept files hold the last lines in order, with nothing missing in between.
    const numbers = files.flatMap((file) => entries(file).map((e) => Number((e.msg as string).slice(5))));
    expect(numbers.at(-1)).toBe(60);
    expect(numbers).toEqual(numbers.map((_, i) => 60 - numbers.length + 1 + i));
    expect(numbers.length).toBeLessThan(60);
  });

  it('redacts fields named like secrets and secrets inside text, and keeps everything else', () => {
    const { logger } = logIn();
    logger.info(`signed in with token ${SESSION_TOKEN}`, {
      email: 'ada@example.com',
      password: 'hunter2',
      sessionToken: SESSION_TOKEN,
      server: { host: 'db.example.com', connectionPassword: 'hunter2', url: 'postgres://application_user:hunter2@db.example.com/promanage' },
      secrets: ['hunter2'],
      tokenCount: 3,
    });
    const error = Object.assign(new Error('login failed: password=hunter2'), { token: SESSION_TOKEN });
    logger.error('sign-in', { error });
    logger.logArgs('error', ['IPC session:signIn failed', { input: { email: 'ada@example.com', password: 'hunter2' } }, error]);
    logger.close();

    const text = readFileSync(logger.path, 'utf8');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain(SESSION_TOKEN);
    const [signedIn, signIn, ipc] = entries(logger.path);
    expect(signedIn).toEqual({
      time: expect.any(String),
      level: 'info',
      msg: 'signed in with token [redacted]',
      email: 'ada@example.com',
      password: '[redacted]',
      sessionToken: '[redacted]',
      server: { host: 'db.example.com', connectionPassword: '[redacted]', url: 'postgres://application_user:[redacted]@db.example.com/promanage' },
      secrets: '[redacted]',
      tokenCount: '[redacted]',
    });
    expect(signIn).toMatchObject({ error: { message: 'login failed: password=[redacted]', token: '[redacted]' } });
    expect(ipc!.msg).toContain('ada@example.com');
    expect(ipc!.msg).toContain('login failed: password=[redacted]\n');
  });

  it('redacts without changing the values it was given', () => {
    const input = { password: 'hunter2', nested: { token: 'abc' }, list: [{ secret: 1 }] };
    const cycle: Record<string, unknown> = { name: 'loop' };
    cycle.self = cycle;
    expect(redact(input)).toEqual({ password: '[redacted]', nested: { token: '[redacted]' }, list: [{ secret: '[redacted]' }] });
    expect(input.password).toBe('hunter2');
    expect(redact(cycle)).toEqual({ name: 'loop', self: '[Circular]' });
    expect(redactText('Authorization: Bearer abc.def and "password": "x y"')).toBe('Authorization: [redacted] and "password": [redacted]');
    // Redacting twice (a value, then the text it prints as) changes nothing more.
    for (const text of ['password=hunter2 and token: "abc"', `postgres://u:p@h/db ${SESSION_TOKEN}`, 'Authorization: Bearer abc']) {
      expect(redactText(redactText(text))).toBe(redactText(text));
    }
    // Ids are not tokens.
    expect(redactText('document 0195f3c2-7b8a-7c3e-9f10-2b3c4d5e6f70')).toBe('document 0195f3c2-7b8a-7c3e-9f10-2b3c4d5e6f70');
  });
});

describe('when the log file cannot be written', () => {
  it('never throws: lines go to the fallback (stderr) with one notice, and the file is used again once it can be', () => {
    const blocker = join(dir, 'logs');
    writeFileSync(blocker, 'a file where the log folder should be');
    const { logger, fallback } = logIn({ retryAfterMs: 0 });

    expect(() => logger.error('first', { password: 'hunter2' })).not.toThrow();
    expect(() => logger.info('second')).not.toThrow();
    expect(fallback[0]).toMatch(/^Cannot write the log file .*main\.log \((ENOTDIR|EEXIST)\); logging to stderr until it can\.\n$/);
    expect(fallback.filter((line) => line.startsWith('Cannot write'))).toHaveLength(1);
    expect(fallback.slice(1).map((line) => JSON.parse(line) as Record<string, unknown>))
      .toEqual([expect.objectContaining({ msg: 'first', password: '[redacted]' }), expect.objectContaining({ msg: 'second' })]);

    rmSync(blocker);
    logger.info('third');
    logger.close();
    expect(entries(logger.path).map((e) => e.msg)).toEqual(['third']);
    expect(fallback.at(-1)).toMatch(/is writable again/);
  });

  it.skipIf(!existsSync('/dev/full'))('survives a full disk (ENOSPC) and waits before trying the file again', () => {
    const logs = join(dir, 'logs');
    const { logger, fallback } = logIn({ retryAfterMs: 60_000 });
    logger.info('to the file'); // creates the folder
    logger.close();
    rmSync(join(logs, 'main.log'));
    symlinkSync('/dev/full', join(logs, 'main.log'));

    expect(() => logger.info('disk full')).not.toThrow();
    expect(() => logger.info('still full')).not.toThrow();
    expect(fallback[0]).toMatch(/\(ENOSPC\)/);
    expect(fallback.slice(1).map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['disk full', 'still full']);
  });

  it('drops the line rather than throw when the fallback fails too', () => {
    const blocker = join(dir, 'logs');
    writeFileSync(blocker, '');
    const logger = createLogger({ dir: blocker, fallback: () => { throw new Error('EPIPE'); } });
    expect(() => logger.error('nowhere to go')).not.toThrow();
  });
});

describe('console and process problems', () => {
  it('console.error/warn/info/log still print and are logged, redacted, until restored', () => {
    const { logger } = logIn();
    const printed: unknown[][] = [];
    const target = {
      error: (...args: unknown[]) => printed.push(['error', ...args]),
      warn: (...args: unknown[]) => printed.push(['warn', ...args]),
      info: (...args: unknown[]) => printed.push(['info', ...args]),
      log: (...args: unknown[]) => printed.push(['log', ...args]),
    };
    const restore = captureConsole(logger, target);
    const error = new Error('boom');
    target.error('ProManage failed to start', error);
    target.warn('retrying in %d s', 5);
    target.info({ token: 'abc' });
    target.log('plain');
    restore();
    target.error('after restore');
    logger.close();

    expect(printed.map(([level]) => level)).toEqual(['error', 'warn', 'info', 'log', 'error']);
    expect(printed[0]![2]).toBe(error);
    const logged = entries(logger.path);
    expect(logged.map((e) => e.level)).toEqual(['error', 'warn', 'info', 'info']);
    expect(logged[0]!.msg).toMatch(/^ProManage failed to start Error: boom\n\s+at /);
    expect(logged[1]!.msg).toBe('retrying in 5 s');
    expect(logged[2]!.msg).toBe("{ token: '[redacted]' }");
  });

  it('logs uncaught exceptions (as a monitor), unhandled rejections and warnings', () => {
    const { logger } = logIn();
    const printed: string[] = [];
    const proc = Object.assign(new EventEmitter(), { stderr: { write: (text: string) => printed.push(text) } });
    const stop = logProcessProblems(logger, proc as unknown as NodeJS.Process);
    proc.emit('uncaughtExceptionMonitor', new Error('main crashed'), 'uncaughtException');
    proc.emit('unhandledRejection', new Error(`rejected with password=hunter2`));
    proc.emit('warning', new Error('MaxListenersExceededWarning'));
    stop();
    expect(proc.listenerCount('unhandledRejection')).toBe(0);
    logger.close();

    const logged = entries(logger.path);
    expect(logged).toEqual([
      expect.objectContaining({ level: 'error', msg: 'Uncaught exception', origin: 'uncaughtException', error: expect.objectContaining({ message: 'main crashed' }) }),
      expect.objectContaining({ level: 'error', msg: 'Unhandled promise rejection', reason: expect.objectContaining({ message: 'rejected with password=[redacted]' }) }),
      expect.objectContaining({ level: 'warn', msg: 'Process warning' }),
    ]);
    expect(printed.join('')).toContain('Unhandled promise rejection: Error: rejected with password=[redacted]');
  });
});
