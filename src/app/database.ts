import type { Config } from '../config';
import { connectDatabase, type Database } from '../db/connect';
import { createDataSource } from '../db/data-source';
import type { Log } from '../logger';
import { mappings } from './entities';

/** Connects to the configured database (or the embedded one) with every module's entities. */
export function openDatabase(config: Config, log: Log): Promise<Database> {
  return connectDatabase(config, log, mappings());
}

/** Builds (without connecting) a data source on `url` with every module's entities: for tests and benchmarks. */
export function appDataSource(url: string, log: Log, poolSize?: number, timeouts: Pick<Config, 'statementTimeoutMs' | 'dbPoolWaitMs' | 'slowQueryMs'> | null = null) {
  return createDataSource({
    url,
    log,
    poolSize,
    statementTimeoutMs: timeouts?.statementTimeoutMs,
    poolWaitMs: timeouts?.dbPoolWaitMs,
    slowQueryMs: timeouts?.slowQueryMs,
    ...mappings(),
  });
}
