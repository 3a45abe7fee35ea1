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
