import pino from 'pino';
import type { LogLevel } from './config';

/** A structured logger: one JSON object per line (pino), with secrets redacted from every field. */
export interface Log {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Where log lines go: anything with `write(line)` (stdout by default). */
export interface LogDestination {
  write(line: string): unknown;
}

export const REDACTED = '[REDACTED]';

/** Field names whose values are never logged, at any depth. */
const SECRET_KEY = /pass(word|phrase|wd)|^pass$|pwd|secret|token|authori[sz]ation|api[-_]?key|cookie|credential|^variables$/i;
/** Secrets inside strings: bearer credentials, API key secrets (`jc_…`), JWTs (three base64url parts). */
const SECRET_TEXT = /Bearer\s+\S+|\bjc_[A-Za-z0-9_-]{6,}|\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
/** Deeper than this, a field is replaced rather than walked (keeps the walk cheap and cycle-safe). */
const MAX_DEPTH = 8;

/** `text` with every bearer credential, API key secret and JWT in it replaced by {@link REDACTED}. */
export function redactText(text: string): string {
  return text.replace(SECRET_TEXT, REDACTED);
}

/**
 * A copy of `value` safe to log: values of secret-named fields (password, secret, token,
 * authorization, api key, cookie, variables; any depth, any case) and secrets inside strings are
 * replaced by {@link REDACTED}. Errors become `{ name, message, stack }`.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (value instanceof Error) return { name: value.name, message: redactText(value.message), stack: value.stack && redactText(value.stack) };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = SECRET_KEY.test(key) ? REDACTED : redact(v, depth + 1);
  return out;
}

/**
 * Creates a logger that drops messages below `level` (`silent` drops all) and writes JSON lines
 * (`time` ISO 8601, `level` as a name, `msg`, then the fields) to `destination` (stdout by default).
 */
export function createLog(level: LogLevel, destination?: LogDestination, pretty = false): Log {
  // LOG_PRETTY=1: pino-pretty (a development dependency) formats the lines for people, in a worker thread.
  if (pretty && !destination) destination = pino.transport({ target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } });
  const logger = pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    (destination ?? pino.destination(1)) as pino.DestinationStream,
  );
  const emit = (at: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: Record<string, unknown>) => {
    if (!logger.isLevelEnabled(at)) return;
    if (fields) logger[at](redact(fields) as object, redactText(msg));
    else logger[at](redactText(msg));
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** Apollo Server's `logger` option, writing through `log` (Apollo would otherwise print to the console). */
export function apolloLogger(log: Log) {
  const line = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  return {
    debug: (...args: unknown[]) => log.debug(line(args)),
    info: (...args: unknown[]) => log.info(line(args)),
    warn: (...args: unknown[]) => log.warn(line(args)),
    error: (...args: unknown[]) => log.error(line(args)),
  };
}
