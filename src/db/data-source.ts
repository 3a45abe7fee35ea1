import 'reflect-metadata';
import { types } from 'pg';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import type { Log } from '../logger';
import { SnakeNamingStrategy } from './naming';
import { CountingOrmLogger } from './statement-counter';

// `date` columns stay 'YYYY-MM-DD' strings: a JS Date would shift them by the server's time zone.
types.setTypeParser(types.builtins.DATE, (value) => value);

/** Options for {@link createDataSource}. */
export interface DataSourceOptions {
  url: string;
  log: Log;
  /** The entities (and entity schemas) to map, from the composition root. */
  entities: MixedList<Function | EntitySchema>;
  /** Entity subscribers, e.g. the history subscriber. */
  subscribers?: Function[];
  poolSize?: number;
  /** Longest SQL statement on the pool's connections, in ms; 0 or unset: no limit (`STATEMENT_TIMEOUT_MS`). */
  statementTimeoutMs?: number;
  /** Longest wait for a free connection, in ms; unset: forever (`DB_POOL_WAIT_MS`). */
  poolWaitMs?: number;
  /** Statements slower than this many ms are logged, without their parameters (`SLOW_QUERY_MS`; default 200). */
  slowQueryMs?: number;
}

/** Builds (without connecting) the PostgreSQL data source: entities, migrations, naming, logging. */
export function createDataSource({ url, log, entities, subscribers = [], poolSize = 10, statementTimeoutMs, poolWaitMs, slowQueryMs = 200 }: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    subscribers,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    logger: new CountingOrmLogger(log),
    maxQueryExecutionTime: slowQueryMs,
    extra: {
      max: poolSize,
      application_name: 'jobcost-api',
      // Sent as a start-up parameter of every connection: PostgreSQL cancels longer statements (57014).
      ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}),
      // pg-pool fails a wait for a connection after this long instead of queueing forever.
      ...(poolWaitMs ? { connectionTimeoutMillis: poolWaitMs } : {}),
    },
  });
}
