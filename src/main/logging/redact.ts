// Keeps secrets out of the log: values of fields whose name says token, password, secret… and, inside
// any text, what looks like one (a password in a connection URL, "password=…", a 256-bit hex session
// token as auth.login hands out).

export const REDACTED = '[redacted]';

const SECRET_KEY = /token|passw(or)?d|passwd|pwd|secret|authorization|cookie|credential|api[-_]?key|private[-_]?key/i;

const TEXT_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // scheme://user:password@host → scheme://user:[redacted]@host
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi, `$1${REDACTED}@`],
  // password=…, "token": "…", secret: …, Authorization: Bearer …
  [
    /(\b[\w.-]*(?:token|passw(?:or)?d|passwd|pwd|secret|authorization|cookie|api[-_]?key)[\w-]*["']?\s*[:=]\s*)(?!["']?\[redacted\])(?:bearer\s+|basic\s+)?("[^"]*"|'[^']*'|[^\s,;&)}\]]+)/gi,
    `$1${REDACTED}`,
  ],
  // Session tokens are 64 hex digits (32 random bytes); longer hex runs are hidden too.
  [/\b[0-9a-f]{64,}\b/gi, REDACTED],
];

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

export function redactText(text: string): string {
  let result = text;
  for (const [pattern, replacement] of TEXT_PATTERNS) result = result.replace(pattern, replacement);
  return result;
}

const MAX_DEPTH = 8;
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * A copy of `value` with secret fields replaced and text redacted. Errors stay errors (same prototype,
 * name, message, stack and own fields, redacted) so that they print as errors; plain objects and
 * arrays are copied; class instances are copied with their prototype and their own fields redacted;
 * Buffers, Dates and objects with their own util.inspect pass through (the text they print is redacted
 * by the logger).
 */
export function redact(value: unknown): unknown {
  return walk(value, 0, new WeakSet());
}

function walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[Array]' : '[Object]';
  if (ArrayBuffer.isView(value) || value instanceof Date || value instanceof RegExp) return value;
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1, seen));
    if (value instanceof Map) {
      return new Map([...value].map(([k, v]) => [k, typeof k === 'string' && isSecretKey(k) ? REDACTED : walk(v, depth + 1, seen)]));
    }
    if (value instanceof Set) return new Set([...value].map((item) => walk(item, depth + 1, seen)));
    // Objects that print themselves (URL…) may depend on internal state a copy lacks: the final text
    // is redacted instead.
    if (!(value instanceof Error) && INSPECT in value) return value;
    const copy: Record<string, unknown> = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
    if (value instanceof Error) {
      for (const key of ['name', 'message', 'stack'] as const) {
        if (typeof value[key] === 'string') {
          Object.defineProperty(copy, key, { value: redactText(value[key]), writable: true, configurable: true, enumerable: false });
        }
      }
      if (value.cause !== undefined) {
        Object.defineProperty(copy, 'cause', { value: walk(value.cause, depth + 1, seen), writable: true, configurable: true, enumerable: false });
      }
    }
    for (const [key, field] of Object.entries(value)) {
      copy[key] = isSecretKey(key) ? REDACTED : walk(field, depth + 1, seen);
    }
    return copy;
  } finally {
    seen.delete(value);
  }
}
