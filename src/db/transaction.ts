import type { DataSource, EntityManager } from 'typeorm';

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
