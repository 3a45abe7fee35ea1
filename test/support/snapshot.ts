import type { DataSource } from 'typeorm';

const TABLES = [
  'clients',
  'staff',
  'jobs',
  'cost_sets',
  'cost_lines',
  'suppliers',
  'purchase_orders',
  'purchase_order_lines',
  'stock_items',
  'workspace_counters',
];

/**
 * Every row of a workspace in the domain tables, as JSON text: compare two snapshots to prove
 * that a refused mutation wrote nothing.
 */
export async function snapshotWorkspace(db: DataSource, workspaceId: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const order = table === 'workspace_counters' ? 'name' : 'id';
    const rows = await db.query(`SELECT to_jsonb(t) AS row FROM ${table} t WHERE workspace_id = $1 ORDER BY ${order}`, [workspaceId]);
    out[table] = JSON.stringify(rows.map((r: { row: unknown }) => r.row));
  }
  return out;
}
