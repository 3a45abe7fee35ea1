import type { DataSource, EntityManager } from 'typeorm';
import type { Cache, Touched } from '../cache/cache';
import type { RedisClient } from '../cache/redis';
import type { Role } from '../auth/roles';
import type { Actor, RequestTransaction } from '../db/transaction';
import type { Log } from '../logger';
import { unauthenticated } from './errors';
import type { LoaderRegistry } from './loaders';

/** The authenticated caller of a request. */
export interface Session {
  actor: Actor;
  workspaceId: string;
  role: Role;
}

/**
 * Per-request state handed to every resolver and service. Inside a mutation it is a copy whose
 * `em` is the mutation's one audited transaction, so services that call each other share it.
 */
export interface RequestContext {
  requestId: string;
  db: DataSource;
  /** Reads and writes go through this: the mutation's transaction inside one, the pool otherwise. */
  em: EntityManager;
  log: Log;
  /** Null for anonymous requests, which may only introspect the schema. */
  session: Session | null;
  /** Per-request DataLoaders, made on first use and scoped to the session's workspace. */
  loaders: LoaderRegistry;
  /** Business settings from the configuration. */
  settings: Settings;
  /** The Redis client when `REDIS_URL` is set (for locks), else null. */
  redis: RedisClient | null;
  /** The cache tier (Redis, or in-process without `REDIS_URL`). */
  cache: Cache;
  /** Inside a mutation: the cached things its transaction changed, invalidated after it commits. Null outside. */
  touched: Touched | null;
  /**
   * Set for a mutation request with an Idempotency-Key: the one transaction of the whole request, in
   * which every mutation runs (a savepoint each) and the response is stored; `touched` collects what
   * to invalidate once it commits.
   */
  requestTransaction?: { tx: RequestTransaction; touched: Touched } | null;
}

/** Business settings services need (from the configuration). */
export interface Settings {
  /** Markup on stock's unit cost for the revenue of consumed stock, in percent. */
  stockMarkupPercent: string;
}

/** The `Viewer` GraphQL type's source object. */
export interface ViewerInfo {
  /** Null for a user signed in with a JWT. */
  apiKeyId: string | null;
  actor: Actor;
  name: string;
  role: Role;
  workspaceId: string;
}

/** The request's session; throws UNAUTHENTICATED when there is none. */
export function session(ctx: RequestContext): Session {
  if (!ctx.session) throw unauthenticated();
  return ctx.session;
}

/** The id of the caller's workspace; throws UNAUTHENTICATED for anonymous requests. */
export function workspaceOf(ctx: RequestContext): string {
  return session(ctx).workspaceId;
}

/**
 * Records that the current mutation changed the cached thing `id` of the cache `name` in the caller's
 * workspace: the mutation wrapper invalidates it after the transaction commits (never when it rolls back).
 */
export function touchCache(ctx: RequestContext, name: string, id: string): void {
  if (!ctx.touched) throw new Error(`touchCache(${name}) outside a mutation: writes must run in the mutation wrapper`);
  ctx.touched.add({ name, workspaceId: workspaceOf(ctx), id });
}
