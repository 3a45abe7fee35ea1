import { MigrationExecutor, type DataSource, type Migration } from 'typeorm';

/**
 * Applies the pending migrations (each in its own transaction) on one connection without the
 * pool's statement timeout: `STATEMENT_TIMEOUT_MS` is for API requests, while a migration may
 * rewrite or index a large table.
 */
export async function runMigrationsWithoutTimeout(dataSource: DataSource): Promise<Migration[]> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SET statement_timeout = 0');
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    return await executor.executePendingMigrations();
  } finally {
    await runner.query('RESET statement_timeout').catch(() => undefined);
    await runner.release();
  }
}
