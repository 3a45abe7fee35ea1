import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Log } from '../logger';
import { createDataSource, type DataSourceOptions } from './data-source';
import { startEmbeddedPostgres } from './embedded';

/** An initialised data source and how to close it (and the embedded server, if one was started). */
export interface Database {
  dataSource: DataSource;
  embedded: boolean;
  close(): Promise<void>;
}

/** Connects to `DATABASE_URL`, or starts the embedded PostgreSQL when it is unset. */
export async function connectDatabase(config: Config, log: Log, mapping: Pick<DataSourceOptions, 'entities' | 'subscribers'>): Promise<Database> {
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort, log);
  const dataSource = createDataSource({
    url: config.databaseUrl ?? embedded!.url,
    log,
    statementTimeoutMs: config.statementTimeoutMs,
    slowQueryMs: config.slowQueryMs,
    poolWaitMs: config.dbPoolWaitMs,
    ...mapping,
  });
  try {
    await dataSource.initialize();
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  return {
    dataSource,
    embedded: Boolean(embedded),
    async close() {
      await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
