import type { DataSource } from 'typeorm';
import { auditedEntities } from './audited';
import { tableNameOf } from './history.schema';

/** The first broken record of a history table: its hash or chain link does not match. */
export interface BrokenRecord {
  table: string;
  historyId: string;
  entityId: string;
  version: number;
  problem: string;
}

/**
 * Checks the hash chain of every history table (only `workspaceId`'s records when given); returns
 * the number of records checked per table and the first broken record of each broken table.
 */
export async function verifyHistory(db: DataSource, workspaceId?: string): Promise<{ checked: Record<string, number>; broken: BrokenRecord[] }> {
  const checked: Record<string, number> = {};
  const broken: BrokenRecord[] = [];
  for (const [target] of auditedEntities()) {
    const table = `${tableNameOf(target)}_history`;
    const scoped = workspaceId !== undefined;
    const [{ n }] = await db.query(`SELECT count(*) AS n FROM "${table}"${scoped ? ' WHERE workspace_id = $1' : ''}`, scoped ? [workspaceId] : []);
    checked[table] = Number(n);
    const rows: Array<{ history_id: string; entity_id: string; version: number; problem: string }> = await db.query(
      scoped ? 'SELECT * FROM audit_verify($1, $2)' : 'SELECT * FROM audit_verify($1)',
      scoped ? [table, workspaceId] : [table],
    );
    for (const r of rows) broken.push({ table, historyId: String(r.history_id), entityId: r.entity_id, version: r.version, problem: r.problem });
  }
  return { checked, broken };
}
