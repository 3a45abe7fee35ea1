import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { AuditInfo } from '../db/transaction';
import { auditParams, historyInsert } from './history.insert';
import { historyEnabled, requireAudit } from './history.subscriber';

/** A set-based update: SQL over alias `t` (and the `from` items), with `$1…` placeholders for `params`. */
export interface BulkUpdate {
  set: string;
  where: string;
  params: unknown[];
  /** Extra FROM items, e.g. a subquery of sums: `(SELECT …) s`. */
  from?: string;
}

/**
 * Updates rows of an audited table and writes their history in the same statement
 * (`WITH changed AS (UPDATE … RETURNING *) INSERT INTO …_history SELECT …`), without loading the rows
 * into Node first. Returns the changed rows as the database returned them (column names).
 */
export async function auditedUpdateRows(em: EntityManager, entity: EntityTarget<ObjectLiteral>, u: BulkUpdate): Promise<Array<Record<string, unknown>>> {
  const metadata = em.connection.getMetadata(entity);
  const audit = requireAudit(em.queryRunner, metadata.tableName);
  const set = /\bupdated_at\s*=/.test(u.set) ? u.set : `${u.set}, updated_at = now()`;
  const update = `UPDATE "${metadata.tableName}" t SET ${set}${u.from ? ` FROM ${u.from}` : ''} WHERE ${u.where} RETURNING t.*`;
  // Always a SELECT over the CTE: TypeORM returns [rows, count] for a bare UPDATE … RETURNING.
  if (!historyEnabled()) return em.query(`WITH changed AS (${update}) SELECT * FROM changed`, u.params);
  return em.query(`WITH changed AS (${update}), history AS (${historyInsert(metadata, '~', 'changed s', u.params.length + 1)} RETURNING 1) SELECT * FROM changed`, [...u.params, ...auditParams(audit)]);
}

/** {@link auditedUpdateRows} for `set`/`where` over alias `t`; returns the ids of the changed rows. */
export async function auditedBulkUpdate(em: EntityManager, entity: EntityTarget<ObjectLiteral>, set: string, where: string, params: unknown[]): Promise<string[]> {
  return (await auditedUpdateRows(em, entity, { set, where, params })).map((r) => r.id as string);
}

/** Deletes many rows of an audited table in one statement, recording each as it stood, like {@link auditedUpdateRows}. */
export async function auditedBulkDelete(em: EntityManager, entity: EntityTarget<ObjectLiteral>, where: string, params: unknown[]): Promise<string[]> {
  const metadata = em.connection.getMetadata(entity);
  const audit = requireAudit(em.queryRunner, metadata.tableName);
  const rows: Array<{ id: string }> = await em.query(
    `WITH gone AS (DELETE FROM "${metadata.tableName}" t WHERE ${where} RETURNING t.*),
          history AS (${historyInsert(metadata, '-', 'gone s', params.length + 1)} RETURNING 1)
     SELECT id FROM gone`,
    [...params, ...auditParams(audit)],
  );
  return rows.map((r) => r.id);
}
