import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
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
  return em.query(`WITH changed AS (${update}), history AS (${historyInsert(metadata, '~', 'changed s', u.params.length + 1)} RETURNING 1) SELECT * FROM changed`, [
    ...u.params,
    ...auditParams(audit),
  ]);
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

/**
 * Inserts many rows of an audited table and writes their `+` history in the same statement
 * (`WITH inserted AS (INSERT … SELECT … FROM jsonb_populate_recordset(…) RETURNING *) INSERT INTO …_history …`).
 * Rows use database column names; the columns of the first row are inserted for every row (a key a later
 * row lacks is NULL, a column no row names takes its default). The rows travel as one jsonb parameter,
 * so give ids from Node when children in the same transaction refer to them, and keep a call to a few MB.
 * Returns the ids of the inserted rows.
 */
export async function auditedInsertRows(em: EntityManager, entity: EntityTarget<ObjectLiteral>, rows: Array<Record<string, unknown>>): Promise<string[]> {
  return (await insertWithHistory(em, entity, rows, 'id')).map((r) => r.id as string);
}

/**
 * Inserts one row of an audited entity with its `+` history in one statement (one round trip fewer
 * than `save` and the subscriber) and returns it as an entity, defaults filled. `values` uses
 * property names; properties that are not columns are ignored.
 */
export async function auditedInsert<T extends ObjectLiteral>(em: EntityManager, entity: new () => T, values: Partial<T>): Promise<T> {
  const metadata = em.connection.getMetadata(entity);
  const row: Record<string, unknown> = {};
  for (const c of metadata.columns) if ((values as ObjectLiteral)[c.propertyName] !== undefined) row[c.databaseName] = (values as ObjectLiteral)[c.propertyName];
  const [inserted] = await insertWithHistory(em, entity, [row], '*');
  const out = new entity() as ObjectLiteral;
  for (const c of metadata.columns) out[c.propertyName] = inserted[c.databaseName];
  return out as T;
}

async function insertWithHistory(
  em: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  rows: Array<Record<string, unknown>>,
  returning: 'id' | '*',
): Promise<Array<Record<string, unknown>>> {
  const metadata = em.connection.getMetadata(entity);
  const audit = requireAudit(em.queryRunner, metadata.tableName);
  if (rows.length === 0) return [];
  const known = new Set(metadata.columns.map((c) => c.databaseName));
  const names = Object.keys(rows[0]);
  // Column names become identifiers in the SQL: only the table's own columns are accepted.
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length || names.length === 0) throw new Error(`auditedInsertRows: ${metadata.tableName} has no column ${unknown.join(', ') || '(none given)'}`);
  const cols = names.map((n) => `"${n}"`).join(', ');
  const table = `"${metadata.tableName}"`;
  const insert = `INSERT INTO ${table} (${cols}) SELECT ${cols} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) RETURNING *`;
  const json = JSON.stringify(rows);
  const select = returning === 'id' ? 'SELECT id FROM inserted' : 'SELECT * FROM inserted';
  return historyEnabled()
    ? em.query(`WITH inserted AS (${insert}), history AS (${historyInsert(metadata, '+', 'inserted s', 2)} RETURNING 1) ${select}`, [json, ...auditParams(audit)])
    : em.query(`WITH inserted AS (${insert}) ${select}`, [json]);
}
