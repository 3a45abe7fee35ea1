/**
 * Exclusive locks for jobs that must run once at a time across every API instance (the draft
 * clean-up). Self-contained: it knows Redis and PostgreSQL, nothing of the domain.
 *
 * - With Redis (`REDIS_URL`): `SET lock:<name> <token> NX PX <ttl>`. The token is random per holder.
 *   While the job runs, a timer renews the key every third of the TTL with a compare-and-pexpire
 *   script (only while the key still holds our token), so a crashed holder's lock expires after
 *   one TTL and a live one's never does. The lock is released with a compare-and-delete script, so
 *   a holder whose lock expired can never delete the next holder's lock. If a renewal finds the lock
 *   gone (or cannot reach Redis for a whole TTL), the job's AbortSignal fires: a job that works in
 *   batches stops before its next batch.
 * - Without Redis, or when Redis cannot be reached when the lock is taken: a PostgreSQL session
 *   advisory lock (`pg_try_advisory_lock` on `hashtextextended(name, 0)`) held on a dedicated
 *   connection for the job's duration and released in `finally` (PostgreSQL also releases it if that
 *   connection dies). Every instance sharing the database shares these locks. Falling back while
 *   Redis is down keeps the job running; the jobs this guards must stay correct even if two ever ran
 *   at once (the clean-up takes its rows with `FOR UPDATE SKIP LOCKED`), the lock only keeps them from
 *   doing the same work twice.
 *
 * Names should carry the scope they lock (e.g. `draft-cleanup:<workspace id>`).
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Log } from '../logger';
import type { RedisClient } from './redis';

/** Where locks live, and how long a Redis lock lives without renewal. */
export interface LockOptions {
  db: DataSource;
  /** The Redis client, or null/undefined to use PostgreSQL advisory locks. */
  redis?: RedisClient | null;
  log?: Log;
  /** Time-to-live of a Redis lock (default 30 s); renewed every third of it while the job runs. */
  ttlMs?: number;
}

/** What {@link withExclusiveLock} did: ran the job (with its result), or found the lock taken. */
export type LockResult<T> = { acquired: true; value: T } | { acquired: false };

const DEFAULT_TTL_MS = 30_000;

/** Extends the key's TTL only while it still holds our token. */
const RENEW_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
/** Deletes the key only while it still holds our token. */
const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** The Redis key of a lock. */
export function lockKey(name: string): string {
  return `lock:${name}`;
}

/**
 * Runs `fn` while holding the lock `name`, or returns `{ acquired: false }` at once when another
 * holder (this process or any other) has it. The lock is released when `fn` settles, also when it
 * throws (its error is rethrown). `fn` gets an AbortSignal that fires if the lock is lost.
 */
export async function withExclusiveLock<T>(name: string, fn: (signal: AbortSignal) => Promise<T>, options: LockOptions): Promise<LockResult<T>> {
  const { redis, log } = options;
  if (redis) {
    const key = lockKey(name);
    const token = randomUUID();
    const ttl = options.ttlMs ?? DEFAULT_TTL_MS;
    let taken: boolean;
    try {
      taken = (await redis.set(key, token, 'PX', ttl, 'NX')) === 'OK';
    } catch (err) {
      log?.warn('lock: Redis unreachable, using a PostgreSQL advisory lock', { lock: name, message: (err as Error).message });
      return withAdvisoryLock(name, fn, options.db);
    }
    if (!taken) return { acquired: false };
    return { acquired: true, value: await holdRedisLock(redis, key, token, ttl, fn, log) };
  }
  return withAdvisoryLock(name, fn, options.db);
}

async function holdRedisLock<T>(redis: RedisClient, key: string, token: string, ttl: number, fn: (signal: AbortSignal) => Promise<T>, log?: Log): Promise<T> {
  const lost = new AbortController();
  let renewedAt = Date.now();
  const renew = async () => {
    try {
      const extended = Number(await redis.eval(RENEW_SCRIPT, 1, key, token, ttl));
      if (extended === 1) renewedAt = Date.now();
      else lost.abort(new Error(`lock ${key} was lost (expired or taken over)`));
    } catch (err) {
      log?.warn('lock: renewal failed', { key, message: (err as Error).message });
      if (Date.now() - renewedAt >= ttl) lost.abort(new Error(`lock ${key} could not be renewed for ${ttl} ms`));
    }
  };
  const timer = setInterval(() => void renew(), Math.max(10, Math.floor(ttl / 3)));
  timer.unref();
  try {
    return await fn(lost.signal);
  } finally {
    clearInterval(timer);
    try {
      await redis.eval(RELEASE_SCRIPT, 1, key, token);
    } catch (err) {
      // It expires after its TTL anyway.
      log?.warn('lock: release failed; the lock expires on its own', { key, message: (err as Error).message });
    }
  }
}

async function withAdvisoryLock<T>(name: string, fn: (signal: AbortSignal) => Promise<T>, db: DataSource): Promise<LockResult<T>> {
  // A session-level lock belongs to one connection: take, hold and release it on this dedicated one.
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    const [{ locked }]: Array<{ locked: boolean }> = await runner.query('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [name]);
    if (!locked) return { acquired: false };
    try {
      return { acquired: true, value: await fn(new AbortController().signal) };
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name]);
    }
  } finally {
    await runner.release();
  }
}
