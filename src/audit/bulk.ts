import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { AuditInfo } from '../db/transaction';
import { requireAudit } from './history.subscriber';


function historyInsert(em: EntityManager, entity: EntityTarget<ObjectLiteral>, source: string, type: '~' | '-', first: number) {
  const metadata = em.connection.getMetadata(entity);
  const cols = metadata.columns.map((c) => `"${c.databaseName}"`);
  return {
    table: metadata.tableName,
    sql: `INSERT INTO "${metadata.tableName}_history" (history_type, history_date, actor_type, actor_id, actor_label, reason, request_id, ${cols.join(', ')})
          SELECT '${type}', now(), $${first}, $${first + 1}, $${first + 2}, $${first + 3}, $${first + 4}, ${cols.map((c) => `s.${c}`).join(', ')} FROM ${source} s`,
  };
}

function auditParams(audit: AuditInfo): unknown[] {
  return [audit.actor.type, audit.actor.id, audit.actor.name, audit.reason, audit.requestId];
}

/**
 * Updates many rows of an audited table in one statement and writes their history in the same
 * statement (`WITH changed AS (UPDATE … RETURNING *) INSERT INTO …_history SELECT …`), without
 * loading the rows into Node. `set` and `where` are SQL over alias `t` with `$1…` placeholders for
 * `params`. Returns the ids of the changed rows.
 */
export async function auditedBulkUpdate(
  em: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  set: string,
  where: string,
  params: unknown[],
): Promise<string[]> {
  const audit = requireAudit(em.queryRunner, em.connection.getMetadata(entity).tableName);
  const h = historyInsert(em, entity, 'changed', '~', params.length + 1);
  const rows: Array<{ id: string }> = await em.query(
    `WITH changed AS (UPDATE "${h.table}" t SET ${set}${/\bupdated_at\s*=/.test(set) ? '' : ', updated_at = now()'} WHERE ${where} RETURNING t.*),
          history AS (${h.sql} RETURNING 1)
     SELECT id FROM changed`,
    [...params, ...auditParams(audit)],
  );
  return rows.map((r) => r.id);
}

/** Deletes many rows of an audited table in one statement, recording each as it stood, like {@link auditedBulkUpdate}. */
export async function auditedBulkDelete(em: EntityManager, entity: EntityTarget<ObjectLiteral>, where: string, params: unknown[]): Promise<string[]> {
  const audit = requireAudit(em.queryRunner, em.connection.getMetadata(entity).tableName);
  const h = historyInsert(em, entity, 'gone', '-', params.length + 1);
  const rows: Array<{ id: string }> = await em.query(
    `WITH gone AS (DELETE FROM "${h.table}" t WHERE ${where} RETURNING t.*),
          history AS (${h.sql} RETURNING 1)
     SELECT id FROM gone`,
    [...params, ...auditParams(audit)],
  );
  return rows.map((r) => r.id);
}
