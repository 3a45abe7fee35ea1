import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { auditedBulkUpdate, inTransaction } from './app';

/**
 * Changes rows directly for a test's setup (e.g. to tie timestamps), the way any set-based change
 * must: through the audited bulk helper, as the system actor. `set`/`where` are SQL over alias `t`.
 */
export function fixtureUpdate(db: DataSource, entity: EntityTarget<ObjectLiteral>, set: string, where: string, params: unknown[]): Promise<string[]> {
  return inTransaction(db, { actor: { type: 'SYSTEM', id: 'test-fixture', name: 'test fixture' }, reason: 'test setup', requestId: 'test' }, (em) =>
    auditedBulkUpdate(em, entity, set, where, params),
  );
}
