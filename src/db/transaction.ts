import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/** Who made a change: recorded with every write. */
export interface Actor {
  type: 'API_KEY' | 'USER' | 'SYSTEM';
  id: string;
  name: string;
}

/** Who, why and in which request: travels with every write transaction. */
export interface AuditInfo {
  actor: Actor;
  reason: string | null;
  requestId: string;
}

/**
 * Runs `fn` in one transaction that carries the audit information, both on the query runner
 * (`queryRunner.data.audit`, for subscribers) and in the `app.audit` setting (for triggers).
 * Commits when `fn` resolves, rolls back when it throws.
 */
export async function inTransaction<T>(db: DataSource, audit: AuditInfo, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    runner.data = { ...runner.data, audit };
    await runner.query("SELECT set_config('app.audit', $1, true)", [JSON.stringify(audit)]);
    const result = await fn(runner.manager);
    await runner.commitTransaction();
    return result;
  } catch (err) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw err;
  } finally {
    await runner.release();
  }
}

/**
 * One transaction spanning a whole request (used for requests with an Idempotency-Key, see
 * src/graphql/idempotency.ts). Each mutation runs in a savepoint of it ({@link run}), so a mutation's
 * user error undoes only that mutation, as with {@link inTransaction}; reads go through {@link dataSource},
 * a view of the data source whose queries run on this transaction, so they see its uncommitted writes.
 */
export class RequestTransaction {
  /** The data source, with `query`, `getRepository`, `manager` and `createQueryBuilder` bound to this transaction. */
  readonly dataSource: DataSource;
  private savepoints = 0;

  private constructor(readonly runner: QueryRunner) {
    // Loaders of one request query concurrently; one connection runs one statement at a time, so queue them.
    const query = runner.query.bind(runner);
    let tail: Promise<unknown> = Promise.resolve();
    runner.query = ((...args: Parameters<QueryRunner['query']>) => {
      const next = tail.then(() => query(...args));
      tail = next.catch(() => undefined);
      return next;
    }) as QueryRunner['query'];
    const manager = runner.manager;
    this.dataSource = new Proxy(runner.connection, {
      get(target, prop, receiver) {
        switch (prop) {
          case 'query':
            return (sql: string, params?: unknown[]) => runner.query(sql, params);
          case 'getRepository':
            return (entity: Parameters<EntityManager['getRepository']>[0]) => manager.getRepository(entity);
          case 'manager':
            return manager;
          case 'createQueryBuilder':
            return (...args: unknown[]) => (args.length >= 2 ? target.createQueryBuilder(args[0] as never, args[1] as string, runner) : target.createQueryBuilder(runner));
          default:
            return Reflect.get(target, prop, receiver);
        }
      },
    });
  }

  /** Opens the transaction on its own connection. */
  static async begin(db: DataSource): Promise<RequestTransaction> {
    const runner = db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
    } catch (err) {
      await runner.release();
      throw err;
    }
    return new RequestTransaction(runner);
  }

  /** Runs `fn` in a savepoint carrying `audit` (like {@link inTransaction}); a throw undoes only what `fn` did. */
  async run<T>(audit: AuditInfo, fn: (em: EntityManager) => Promise<T>): Promise<T> {
    const name = `request_step_${++this.savepoints}`;
    await this.runner.query(`SAVEPOINT ${name}`);
    try {
      this.runner.data = { ...this.runner.data, audit };
      await this.runner.query("SELECT set_config('app.audit', $1, true)", [JSON.stringify(audit)]);
      const result = await fn(this.runner.manager);
      await this.runner.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (err) {
      await this.runner.query(`ROLLBACK TO SAVEPOINT ${name}`);
      throw err;
    }
  }

  /** Commits (`commit: true`) or rolls back, and gives the connection back to the pool. */
  async end(commit: boolean): Promise<void> {
    try {
      if (commit) await this.runner.commitTransaction();
      else if (this.runner.isTransactionActive) await this.runner.rollbackTransaction();
    } catch (err) {
      if (commit && this.runner.isTransactionActive) await this.runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await this.runner.release();
    }
  }
}
