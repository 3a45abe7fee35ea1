import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger as OrmLogger, QueryRunner } from 'typeorm';
import type { Log } from '../logger';

/** The SQL statements one request has run so far. */
export interface StatementCounter {
  statements: number;
}

const storage = new AsyncLocalStorage<StatementCounter>();

/** Runs `fn` counting its SQL statements in `counter`; {@link currentStatementCount} reads it inside. */
export function withStatementCounter<T>(fn: () => T, counter: StatementCounter = { statements: 0 }): T {
  return storage.run(counter, fn);
}

/** SQL statements issued so far in the current request (0 outside one). */
export function currentStatementCount(): number {
  return storage.getStore()?.statements ?? 0;
}

/** TypeORM logger that counts statements per request and logs errors and slow queries without their parameters. */
export class CountingOrmLogger implements OrmLogger {
  constructor(private readonly out: Log) {}

  logQuery(query: string): void {
    const counter = storage.getStore();
    if (counter) counter.statements++;
    this.out.debug('sql', { query });
  }

  logQueryError(error: string | Error, query: string): void {
    this.out.debug('sql failed', { query, error: error instanceof Error ? error.message : error });
  }

  logQuerySlow(time: number, query: string): void {
    this.out.warn('slow sql', { ms: time, query: query.length > 500 ? `${query.slice(0, 500)}…` : query });
  }

  logSchemaBuild(message: string): void {
    this.out.debug(message);
  }

  logMigration(message: string): void {
    this.out.info(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown, _queryRunner?: QueryRunner): void {
    if (level === 'warn') this.out.warn(String(message));
    else this.out.debug(String(message));
  }
}
