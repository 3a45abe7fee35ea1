import Redis from 'ioredis';
import type { Log } from '../logger';

/** The Redis client handed out by this folder (ioredis). */
export type RedisClient = Redis;

/** How long connecting may take before a command fails (so callers can fall back quickly). */
const CONNECT_TIMEOUT_MS = 1000;

/**
 * A Redis client for `REDIS_URL` (validated by `loadConfig`). It connects lazily, on the first
 * command, with a short connect timeout and one retry per command: while Redis is down a command
 * fails within a second or two instead of queueing, and the client keeps reconnecting in the
 * background. Connection problems are logged once per outage, never thrown as unhandled events.
 */
export function createRedis(url: string, log: Log): RedisClient {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 250, 2000),
    // How long disconnect() waits for a socket to close; ioredis's 2 s timer also runs (and holds the
    // process) when the socket is already gone, e.g. when closing while reconnecting to a dead server.
    disconnectTimeout: 200,
  });
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    log.warn('redis unavailable', { message: err.message });
  });
  redis.on('ready', () => {
    if (down) log.info('redis available again');
    down = false;
  });
  return redis;
}

/** Statuses in which ioredis would only queue a command: fail at once instead (the caller falls back). */
const NOT_CONNECTED = new Set(['reconnecting', 'end', 'close']);

/** Throws at once when the client is reconnecting or closed, where a command would only wait in ioredis's queue. */
export function assertConnected(redis: RedisClient): void {
  if (NOT_CONNECTED.has(redis.status)) throw new Error(`Redis is not connected (${redis.status})`);
}

/** Closes a client made by {@link createRedis}: gracefully when connected, at once otherwise (never waits on a dead server). */
export async function closeRedis(redis: RedisClient): Promise<void> {
  if (redis.status === 'ready') {
    try {
      await redis.quit();
      return;
    } catch {
      // fall through: drop the connection
    }
  }
  redis.disconnect();
}

/** Whether Redis answers PING within `timeoutMs` (false at once while it is reconnecting or closed). */
export async function redisAnswers(redis: RedisClient, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    assertConnected(redis);
    const late = new Promise<never>((_r, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
    });
    return (await Promise.race([redis.ping(), late])) === 'PONG';
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
