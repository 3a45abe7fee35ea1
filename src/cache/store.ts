import { assertConnected, type RedisClient } from './redis';

/** A cached value and the version its key had when it was read (null: never invalidated, or forgotten). */
export interface Slot {
  value: string | null;
  version: string | null;
  /** The version of the read's scope key, when it had one. */
  scopeVersion: string | null;
}

/** A value to store unless its key was invalidated after `version` was read. */
export interface Entry {
  key: string;
  value: string;
  version: string | null;
  /** With a scope: stored only while the scope key also still has this version. */
  scope?: string;
  scopeVersion?: string | null;
}

/**
 * Where cached values live. Every key has a version, bumped by {@link CacheStore.invalidate}; a value
 * is stored only while its key still has the version read before the value was computed, so a reader
 * that computed an old value before a commit can never store it after that commit's invalidation.
 */
export interface CacheStore {
  readonly backend: 'redis' | 'memory';
  /** Values and versions of `keys`, in order, and the version of `scope` (one round trip). */
  read(keys: string[], scope?: string): Promise<Slot[]>;
  /** Stores each entry for `ttlMs` if its key's version is still the one read (one round trip). */
  write(entries: Entry[], ttlMs: number): Promise<void>;
  /** Bumps the keys' versions and drops their values (one round trip). */
  invalidate(keys: string[]): Promise<void>;
}

/** How long a key's version is remembered: far longer than any read that could race with it. */
export const VERSION_TTL_MS = 24 * 3600_000;

const versionKey = (key: string) => `${key}:ver`;

/**
 * Sets the value only while the version key still holds the version read (ARGV[3], '' for none) and,
 * with a third key, the scope's version key still holds ARGV[4].
 */
const WRITE_SCRIPT = `local v = redis.call('get', KEYS[2]) or ''
if v ~= ARGV[3] then return 0 end
if #KEYS == 3 and (redis.call('get', KEYS[3]) or '') ~= ARGV[4] then return 0 end
redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;
const INVALIDATE_SCRIPT = `redis.call('incr', KEYS[2]) redis.call('pexpire', KEYS[2], ARGV[1]) return redis.call('del', KEYS[1])`;

/** The store in Redis, shared by every API instance (so each sees the others' invalidations). */
export class RedisStore implements CacheStore {
  readonly backend = 'redis' as const;

  constructor(private readonly redis: RedisClient) {}

  private check(): void {
    assertConnected(this.redis);
  }

  async read(keys: string[], scope?: string): Promise<Slot[]> {
    if (keys.length === 0) return [];
    this.check();
    const all = await this.redis.mget(...keys, ...keys.map(versionKey), ...(scope ? [versionKey(scope)] : []));
    const scopeVersion = scope ? all[2 * keys.length] : null;
    return keys.map((_k, i) => ({ value: all[i], version: all[keys.length + i], scopeVersion }));
  }

  async write(entries: Entry[], ttlMs: number): Promise<void> {
    if (entries.length === 0) return;
    this.check();
    const pipeline = this.redis.pipeline();
    for (const e of entries) {
      if (e.scope) pipeline.eval(WRITE_SCRIPT, 3, e.key, versionKey(e.key), versionKey(e.scope), e.value, ttlMs, e.version ?? '', e.scopeVersion ?? '');
      else pipeline.eval(WRITE_SCRIPT, 2, e.key, versionKey(e.key), e.value, ttlMs, e.version ?? '');
    }
    throwFirst(await pipeline.exec());
  }

  async invalidate(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    this.check();
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.eval(INVALIDATE_SCRIPT, 2, key, versionKey(key), VERSION_TTL_MS);
    throwFirst(await pipeline.exec());
  }
}

function throwFirst(results: Array<[Error | null, unknown]> | null): void {
  const failed = results?.find(([err]) => err);
  if (failed) throw failed[0];
}

/** The in-process store (no `REDIS_URL`): a bounded LRU of values, and a bounded LRU of versions. */
export class MemoryStore implements CacheStore {
  readonly backend = 'memory' as const;
  private readonly values = new Map<string, { value: string; expiresAt: number }>();
  private readonly versions = new Map<string, number>();

  constructor(private readonly maxEntries = 10_000) {}

  private versionOf(key: string): string | null {
    const version = this.versions.get(key);
    return version === undefined ? null : String(version);
  }

  async read(keys: string[], scope?: string): Promise<Slot[]> {
    const now = Date.now();
    const scopeVersion = scope ? this.versionOf(scope) : null;
    return keys.map((key) => {
      const hit = this.values.get(key);
      let value: string | null = null;
      if (hit && hit.expiresAt > now) {
        // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
        this.values.delete(key);
        this.values.set(key, hit);
        value = hit.value;
      } else if (hit) this.values.delete(key);
      return { value, version: this.versionOf(key), scopeVersion };
    });
  }

  async write(entries: Entry[], ttlMs: number): Promise<void> {
    for (const e of entries) {
      if (this.versionOf(e.key) !== e.version) continue;
      if (e.scope && this.versionOf(e.scope) !== (e.scopeVersion ?? null)) continue;
      this.values.delete(e.key);
      this.values.set(e.key, { value: e.value, expiresAt: Date.now() + ttlMs });
      bound(this.values, this.maxEntries);
    }
  }

  async invalidate(keys: string[]): Promise<void> {
    for (const key of keys) {
      const next = (this.versions.get(key) ?? 0) + 1;
      this.versions.delete(key);
      this.versions.set(key, next);
      this.values.delete(key);
    }
    bound(this.versions, this.maxEntries * 4);
  }

  /** How many values are held (for tests of the bound). */
  get size(): number {
    return this.values.size;
  }
}

function bound(map: Map<string, unknown>, max: number): void {
  while (map.size > max) map.delete(map.keys().next().value as string);
}
