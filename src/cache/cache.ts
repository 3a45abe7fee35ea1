/**
 * The one cache interface: JSON values with a TTL, per workspace, in Redis (shared by every API
 * instance) or in process. Knows no domain: callers name their cache (`costSummary`) and give ids.
 *
 * - Keys: `jc:<schema version>:<cache name>:<workspace id>:<id>`; bumping {@link CACHE_SCHEMA_VERSION}
 *   (when a cached value's shape changes) leaves the old values to expire unread.
 * - Reads never fail: a Redis call that errs or takes longer than `timeoutMs` counts as an error, is
 *   logged once per outage, and the caller computes the value from the database.
 * - Invalidation is per key; callers run it after their transaction commits (see `graphql/mutation.ts`).
 *   A value computed before a commit is never stored after its invalidation (see `store.ts`).
 */
import type { Log } from '../logger';
import type { CacheStore, Entry } from './store';

/** Bump when the shape of a cached value changes. */
export const CACHE_SCHEMA_VERSION = 1;

/** One cached thing: a cache name, the workspace and the id within it. */
export interface CacheRef {
  name: string;
  workspaceId: string;
  id: string;
}

/** The counters of one cache name, as `cacheStats` shows them. */
export interface CacheStat {
  name: string;
  backend: string;
  hits: number;
  misses: number;
  errors: number;
  invalidations: number;
}

/** The key whose version every workspace-scoped value checks: bumped after every committed mutation of the workspace. */
export function workspaceScopeKey(workspaceId: string): string {
  return `jc:${CACHE_SCHEMA_VERSION}:workspace:${workspaceId}`;
}

/** Options of one read. */
export interface ReadOptions {
  /**
   * Workspace-scoped: the value is dropped by any committed mutation of the workspace (for reports
   * that aggregate over it), not only by invalidating its own key.
   */
  workspaceScoped?: boolean;
}

/** Settings of a {@link Cache}. */
export interface CacheOptions {
  /** Longest wait for one Redis call (`CACHE_TIMEOUT_MS`). */
  timeoutMs: number;
  log: Log;
}

/** The key of a cached thing. */
export function cacheKey({ name, workspaceId, id }: CacheRef): string {
  if (name === 'workspace') return workspaceScopeKey(workspaceId);
  return `jc:${CACHE_SCHEMA_VERSION}:${name}:${workspaceId}:${id}`;
}

/** Failed invalidations kept for a retry; beyond this, values expire after their TTL. */
const MAX_PENDING = 10_000;

class TimeoutError extends Error {}

/** `work`, or a rejection once `ms` have passed without an answer (a late failure is swallowed). */
export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_r, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`the cache did not answer within ${ms} ms`)), ms);
  });
  work.catch(() => undefined); // a late failure after the timeout must not be unhandled
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** See the file comment. */
export class Cache {
  private readonly counters = new Map<string, CacheStat>();
  private down = false;
  /** Invalidations that failed while the store was down, retried when it answers again. */
  private pending: CacheRef[] = [];

  constructor(
    private readonly store: CacheStore,
    private readonly options: CacheOptions,
  ) {}

  /** `redis` or `memory`. */
  get backend(): string {
    return this.store.backend;
  }

  private stat(name: string): CacheStat {
    let s = this.counters.get(name);
    if (!s) {
      s = { name, backend: this.store.backend, hits: 0, misses: 0, errors: 0, invalidations: 0 };
      this.counters.set(name, s);
    }
    return s;
  }

  /** Runs one store call within the timeout; on failure counts an error, warns once per outage and returns null. */
  private async call<T>(name: string, work: () => Promise<T>): Promise<T | null> {
    try {
      const result = await withTimeout(work(), this.options.timeoutMs);
      if (this.down) {
        this.down = false;
        this.options.log.info('cache available again', { backend: this.store.backend });
        if (this.pending.length) void this.invalidate(this.pending.splice(0));
      }
      return result;
    } catch (err) {
      this.stat(name).errors++;
      if (!this.down) {
        this.down = true;
        this.options.log.warn('cache unavailable; answering from the database', { backend: this.store.backend, message: (err as Error).message });
      }
      return null;
    }
  }

  /**
   * The values of `ids` in the cache `name` of a workspace, in order: one read for all of them,
   * then `load` once for the misses (it returns a value per id it found; ids it leaves out are not
   * cached), then one write of what it found, for `ttlMs`.
   */
  async getMany<T>(
    name: string,
    workspaceId: string,
    ids: readonly string[],
    ttlMs: number,
    load: (missing: string[]) => Promise<Map<string, T>>,
    options: ReadOptions = {},
  ): Promise<Array<T | undefined>> {
    const keys = ids.map((id) => cacheKey({ name, workspaceId, id }));
    const scope = options.workspaceScoped ? workspaceScopeKey(workspaceId) : undefined;
    const slots = await this.call(name, () => this.store.read(keys, scope));
    const out: Array<T | undefined> = new Array(ids.length);
    const missing: number[] = [];
    ids.forEach((_id, i) => {
      const raw = slots?.[i]?.value;
      // A scoped value carries the scope version it was computed under; an older one is a miss.
      const stored = raw == null ? undefined : scope ? (JSON.parse(raw) as { s: string | null; v: T }) : { s: null, v: JSON.parse(raw) as T };
      if (stored && (!scope || stored.s === slots![i].scopeVersion)) out[i] = stored.v;
      else missing.push(i);
    });
    const s = this.stat(name);
    s.hits += ids.length - missing.length;
    s.misses += missing.length;
    if (missing.length === 0) return out;
    const loaded = await load([...new Set(missing.map((i) => ids[i]))]);
    const entries: Entry[] = [];
    for (const i of missing) {
      const value = loaded.get(ids[i]);
      out[i] = value;
      // No write when the read failed: without the version read, a stale value could be stored.
      if (value === undefined || !slots) continue;
      const { version, scopeVersion } = slots[i];
      entries.push(
        scope ? { key: keys[i], value: JSON.stringify({ s: scopeVersion, v: value }), version, scope, scopeVersion } : { key: keys[i], value: JSON.stringify(value), version },
      );
    }
    if (entries.length) await this.call(name, () => this.store.write(entries, ttlMs));
    return out;
  }

  /** One value; see {@link getMany}. */
  async get<T>(name: string, workspaceId: string, id: string, ttlMs: number, load: () => Promise<T>, options: ReadOptions = {}): Promise<T> {
    const [value] = await this.getMany<T>(name, workspaceId, [id], ttlMs, async () => new Map([[id, await load()]]), options);
    return value as T;
  }

  /**
   * Drops the workspace-scoped values of a workspace (after a mutation of it committed): bumps the
   * version of its scope key; counted under the cache name `workspace`.
   */
  async invalidateWorkspace(workspaceId: string): Promise<void> {
    await this.invalidate([{ name: 'workspace', workspaceId, id: '' }]);
  }

  /** Drops the cached things (run after the transaction that changed them has committed). */
  async invalidate(refs: Iterable<CacheRef>): Promise<void> {
    const byName = new Map<string, string[]>();
    const refsByKey = new Map<string, CacheRef>();
    for (const ref of refs) {
      refsByKey.set(cacheKey(ref), ref);
      byName.set(ref.name, [...(byName.get(ref.name) ?? []), cacheKey(ref)]);
    }
    for (const [name, keys] of byName) {
      const unique = [...new Set(keys)];
      const done = await this.call(name, async () => (await this.store.invalidate(unique), true));
      if (done) this.stat(name).invalidations += unique.length;
      else if (this.pending.length < MAX_PENDING) this.pending.push(...unique.map((key) => refsByKey.get(key)!));
    }
  }

  /** The counters of every cache name used so far, by name. */
  stats(): CacheStat[] {
    return [...this.counters.values()].map((s) => ({ ...s })).sort((a, b) => a.name.localeCompare(b.name));
  }
}

/**
 * The keys a transaction touched, collected while it runs and invalidated only after it commits
 * (the mutation wrapper does both).
 */
export class Touched {
  private readonly refs = new Map<string, CacheRef>();

  add(ref: CacheRef): void {
    this.refs.set(cacheKey(ref), ref);
  }

  get all(): CacheRef[] {
    return [...this.refs.values()];
  }
}
