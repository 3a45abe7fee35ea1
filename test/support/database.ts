import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { auditedBulkUpdate, auditedEntities, inTransaction, tableNameOf } from './app';

/**
 * Looking at the database directly: the tables of a workspace (derived from the audit registry),
 * snapshots that prove nothing was written, history counts, and audited changes for test setup.
 */

/** The audited tables, from the audit registry (filled when `./app` loaded the entity classes); each has a `<table>_history`. */
export const AUDITED_TABLES: readonly string[] = auditedEntities().map(([target]) => tableNameOf(target));
if (AUDITED_TABLES.length === 0) throw new Error('The audit registry is empty: the entity classes were not loaded');

/** Workspace tables that are not audited, with their sort key: the only one holds the per-workspace number sequences. */
const UNAUDITED_TABLES: Array<[table: string, orderBy: string]> = [['workspace_counters', 'name']];

/** Every table holding rows of a workspace, with the key to sort its rows by. */
function workspaceTables(withHistory: boolean): Array<[table: string, orderBy: string]> {
  return [
    ...AUDITED_TABLES.map((t): [string, string] => [t, 'id']),
    ...UNAUDITED_TABLES,
    ...(withHistory ? AUDITED_TABLES.map((t): [string, string] => [`${t}_history`, 'history_id']) : []),
  ];
}

/**
 * Every row of a workspace, as JSON text per table: two equal snapshots mean nothing was written in
 * between. History tables are included unless `history: false` (for the rare check that something
 * other than history changed).
 */
export async function snapshotWorkspace(db: DataSource, workspaceId: string, { history = true } = {}): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [table, order] of workspaceTables(history)) {
    const rows = await db.query(`SELECT to_jsonb(t) AS row FROM ${table} t WHERE workspace_id = $1 ORDER BY ${order}`, [workspaceId]);
    out[table] = JSON.stringify(rows.map((r: { row: unknown }) => r.row));
  }
  return out;
}

/** Runs `fn` and asserts that none of the given workspaces changed, history included. */
export async function expectNothingWritten<T>(db: DataSource, workspaceIds: string[], fn: () => Promise<T>): Promise<T> {
  const before = await Promise.all(workspaceIds.map((id) => snapshotWorkspace(db, id)));
  const result = await fn();
  const after = await Promise.all(workspaceIds.map((id) => snapshotWorkspace(db, id)));
  expect(after).toEqual(before);
  return result;
}

/**
 * Number of history records of a workspace: of one table (optionally of one type and/or one row),
 * or over every history table when no table is given.
 */
export async function historyCount(
  db: DataSource,
  workspaceId: string,
  opts: { table?: string; type?: '+' | '~' | '-'; id?: string } = {},
): Promise<number> {
  let total = 0;
  for (const table of opts.table ? [opts.table] : AUDITED_TABLES) {
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM ${table}_history WHERE workspace_id = $1 AND ($2::text IS NULL OR history_type = $2) AND ($3::uuid IS NULL OR id = $3)`,
      [workspaceId, opts.type ?? null, opts.id ?? null],
    );
    total += n;
  }
  return total;
}

/** The status of a job as stored (deleted rows included). */
export async function dbJobStatus(db: DataSource, jobId: string): Promise<string> {
  const rows: Array<{ status: string }> = await db.query('SELECT status::text AS status FROM jobs WHERE id = $1', [jobId]);
  if (rows.length !== 1) throw new Error(`Job ${jobId} not in the database`);
  return rows[0].status;
}

/**
 * Changes rows directly for a test's setup (e.g. to tie timestamps), the way any set-based change
 * must: through the audited bulk helper, as the system actor. `set`/`where` are SQL over alias `t`.
 */
export function fixtureUpdate(db: DataSource, entity: EntityTarget<ObjectLiteral>, set: string, where: string, params: unknown[]): Promise<string[]> {
  return inTransaction(db, { actor: { type: 'SYSTEM', id: 'test-fixture', name: 'test fixture' }, reason: 'test setup', requestId: 'test' }, (em) =>
    auditedBulkUpdate(em, entity, set, where, params),
  );
}
