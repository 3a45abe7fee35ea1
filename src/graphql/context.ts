import type { DataSource } from 'typeorm';
import type { Role } from '../auth/roles';
import type { Log } from '../logger';
import { unauthenticated } from './errors';
import type { Loaders } from './loaders';

/** Who made a change: recorded with every write. */
export interface Actor {
  type: 'API_KEY' | 'USER' | 'SYSTEM';
  id: string;
  name: string;
}

/** The authenticated caller of a request. */
export interface Session {
  actor: Actor;
  workspaceId: string;
  role: Role;
}

/** Per-request state handed to every resolver. */
export interface RequestContext {
  requestId: string;
  db: DataSource;
  log: Log;
  /** Null for anonymous requests, which may only introspect the schema. */
  session: Session | null;
  /** Per-request DataLoaders, scoped to the session's workspace. */
  loaders: Loaders;
  /** Business settings from the configuration. */
  settings: Settings;
}

/** Business settings services need (from {@link Config}). */
export interface Settings {
  /** Markup on stock's unit cost for the revenue of consumed stock, in percent. */
  stockMarkupPercent: string;
}

/** The `Viewer` GraphQL type's source object. */
export interface ViewerInfo {
  apiKeyId: string;
  name: string;
  role: Role;
  workspaceId: string;
}

/** The request's session; throws UNAUTHENTICATED when there is none. */
export function session(ctx: RequestContext): Session {
  if (!ctx.session) throw unauthenticated();
  return ctx.session;
}
