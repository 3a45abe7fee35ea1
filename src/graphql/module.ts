import type { DataSource } from 'typeorm';
import type { RedisClient } from '../cache/redis';
import type { Config } from '../config';
import type { Log } from '../logger';
import type { Resolvers } from './generated';

/** What a module's background work is started with (once, by the server). */
export interface ModuleRuntime {
  db: DataSource;
  /** The Redis client when `REDIS_URL` is set, else null. */
  redis: RedisClient | null;
  log: Log;
  config: Config;
}

/** Background work a module started (a schedule); the server stops it when it stops. */
export interface Running {
  stop(): Promise<void>;
}

/**
 * A domain module's public face, as its `index.ts` exports it and `src/app/modules.ts` lists it:
 * its entities (for the data source), its resolvers (merged into the schema's resolver map) and,
 * optionally, a `setup` that registers its handlers on lower modules' hooks (called once at start)
 * and a `start` that begins its background work when the server starts (stopped with the server).
 */
export interface AppModule {
  name: string;
  entities: Function[];
  resolvers: Resolvers;
  setup?(): void;
  start?(runtime: ModuleRuntime): Running;
}
