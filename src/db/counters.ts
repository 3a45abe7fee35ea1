import type { EntityManager } from 'typeorm';

/**
 * Returns the next value of a workspace counter. The upsert takes a row lock, so concurrent
 * transactions get distinct, gap-free numbers (a rolled-back transaction releases its number).
 */
export async function nextNumber(em: EntityManager, workspaceId: string, name: string): Promise<number> {
  const rows: Array<{ value: number }> = await em.query(
    `INSERT INTO workspace_counters (workspace_id, name, value) VALUES ($1, $2, 1)
     ON CONFLICT (workspace_id, name) DO UPDATE SET value = workspace_counters.value + 1
     RETURNING value`,
    [workspaceId, name],
  );
  return rows[0].value;
}
