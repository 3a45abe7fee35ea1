/**
 * Leaky buckets of points, one per key: a bucket holds up to `capacity` points, a take removes
 * points (refused, removing nothing, when too few are left) and points flow back at
 * `restorePerSecond`. Knows nothing about what the points are for.
 *
 * - In Redis (shared by every API instance) a take is one atomic Lua script, timed by the Redis
 *   server's clock, so instances with skewed clocks still share one bucket.
 * - Without Redis, buckets live in process (at most `maxEntries`, least recently used dropped first:
 *   a dropped bucket comes back full).
 * - When Redis errs or does not answer within `timeoutMs`, a take is allowed (fail open) and the
 *   outage is logged once, as the cache does.
 */
import type { Log } from '../logger';
import { withTimeout } from './cache';
import { assertConnected, type RedisClient } from './redis';

/** Size and refill rate of a bucket. */
export interface BucketRule {
  capacity: number;
  restorePerSecond: number;
}

/** The outcome of one take. */
export interface Take {
  allowed: boolean;
  /** Points left after the take; null when the store did not answer (the take was allowed). */
  available: number | null;
  /** When refused: seconds until enough points are back (at least 1). */
  retryAfterSeconds: number;
}

/** A bucket's stored state: points at the time `at` (ms). */
export interface BucketState {
  points: number;
  at: number;
}

/** Refills `state` up to `now` and takes `cost` when there is enough; pure, for the in-process store. */
export function leak(state: BucketState | undefined, rule: BucketRule, cost: number, now: number): { state: BucketState; take: Take } {
  const before = state ? Math.min(rule.capacity, state.points + (Math.max(0, now - state.at) * rule.restorePerSecond) / 1000) : rule.capacity;
  if (before >= cost) return { state: { points: before - cost, at: now }, take: { allowed: true, available: before - cost, retryAfterSeconds: 0 } };
  const retryAfterSeconds = Math.max(1, Math.ceil((cost - before) / rule.restorePerSecond));
  return { state: { points: before, at: now }, take: { allowed: false, available: before, retryAfterSeconds } };
}

/** ARGV: capacity, restore per second, cost. Returns {allowed, points left (string), ms until enough}. */
const TAKE_SCRIPT = `local cap = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local s = redis.call('HMGET', KEYS[1], 'p', 't')
local p = tonumber(s[1])
if p == nil then p = cap else p = math.min(cap, p + math.max(0, now - tonumber(s[2])) * rate / 1000) end
local ok = 0
local wait = 0
if p >= cost then p = p - cost ok = 1 else wait = math.ceil((cost - p) * 1000 / rate) end
redis.call('HSET', KEYS[1], 'p', tostring(p), 't', now)
redis.call('PEXPIRE', KEYS[1], math.ceil((cap - p) * 1000 / rate) + 1000)
return {ok, tostring(p), wait}`;

type WithTakeCommand = RedisClient & {
  jcBucketTake(key: string, capacity: number, rate: number, cost: number): Promise<[number, string, number]>;
};

/** Where buckets live: see the file comment. */
export interface BucketStore {
  readonly backend: 'redis' | 'memory';
  take(key: string, rule: BucketRule, cost: number): Promise<Take>;
}

/** Buckets in Redis; one EVALSHA per take (ioredis `defineCommand`). */
export class RedisBucketStore implements BucketStore {
  readonly backend = 'redis' as const;
  private readonly redis: WithTakeCommand;

  constructor(redis: RedisClient) {
    if (!('jcBucketTake' in redis)) redis.defineCommand('jcBucketTake', { numberOfKeys: 1, lua: TAKE_SCRIPT });
    this.redis = redis as WithTakeCommand;
  }

  async take(key: string, rule: BucketRule, cost: number): Promise<Take> {
    assertConnected(this.redis);
    const [ok, points, waitMs] = await this.redis.jcBucketTake(key, rule.capacity, rule.restorePerSecond, cost);
    return { allowed: ok === 1, available: Number(points), retryAfterSeconds: ok === 1 ? 0 : Math.max(1, Math.ceil(waitMs / 1000)) };
  }
}

/** Buckets in process (bounded; see the file comment). */
export class MemoryBucketStore implements BucketStore {
  readonly backend = 'memory' as const;
  private readonly buckets = new Map<string, BucketState>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  async take(key: string, rule: BucketRule, cost: number): Promise<Take> {
    const { state, take } = leak(this.buckets.get(key), rule, cost, this.now());
    this.buckets.delete(key);
    this.buckets.set(key, state);
    if (this.buckets.size > this.maxEntries) this.buckets.delete(this.buckets.keys().next().value!);
    return take;
  }
}

/** Takes from buckets in a {@link BucketStore}, failing open (see the file comment). */
export class Buckets {
  private down = false;

  constructor(
    private readonly store: BucketStore,
    private readonly options: { timeoutMs: number; log: Log },
  ) {}

  /** Takes `cost` points from the bucket `key` (made full on first use). */
  async take(key: string, rule: BucketRule, cost: number): Promise<Take> {
    try {
      const take = await withTimeout(this.store.take(`jc:bucket:${key}`, rule, cost), this.options.timeoutMs);
      if (this.down) {
        this.down = false;
        this.options.log.info('rate limit store available again', { backend: this.store.backend });
      }
      return take;
    } catch (err) {
      if (!this.down) {
        this.down = true;
        this.options.log.warn('rate limit store unavailable; requests are not rate limited', { backend: this.store.backend, message: (err as Error).message });
      }
      return { allowed: true, available: null, retryAfterSeconds: 0 };
    }
  }
}
