import DataLoader from 'dataloader';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { createHistoryLoader } from '../audit/history.service';
import { Workspace } from '../auth/workspace.entity';
import { Client } from '../modules/clients/client.entity';
import { CostLine } from '../modules/costing/cost-line.entity';
import { CostSet } from '../modules/costing/cost-set.entity';
import { createJobsByClientLoader, type JobsByClientKey } from '../modules/jobs/job.loaders';
import { Job } from '../modules/jobs/job.entity';
import { PurchaseOrderLine } from '../modules/purchasing/purchase-order-line.entity';
import { PurchaseOrder } from '../modules/purchasing/purchase-order.entity';
import { Supplier } from '../modules/purchasing/supplier.entity';
import { Staff } from '../modules/staff/staff.entity';
import { StockItem } from '../modules/stock/stock-item.entity';
import { unauthenticated } from './errors';
import { isUuid } from './ids';
import type { Connection } from './pagination';

type Row = ObjectLiteral & { id: string };

/**
 * Loads rows of one workspace by id, one `= ANY($1)` statement per batch, in key order.
 * Soft-deleted rows are included: callers that must hide them check `deletedAt`.
 */
export function byIdLoader<T extends Row>(db: DataSource, entity: EntityTarget<T>, workspaceId: string | null, tenantColumn = 'workspace_id') {
  return new DataLoader<string, T | null>(async (ids) => {
    if (!workspaceId) throw unauthenticated();
    const valid = ids.filter(isUuid);
    const rows = valid.length
      ? await db
          .getRepository(entity)
          .createQueryBuilder('e')
          .withDeleted()
          .where(tenantColumn === 'id' ? 'e.id = :ws' : `e.${tenantColumn} = :ws`, { ws: workspaceId })
          .andWhere('e.id = ANY(:ids)', { ids: valid })
          .getMany()
      : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** Loads the children of many parents in one statement: `column = ANY($1)`, grouped by parent, ordered by `orderBy`. */
export function childrenLoader<T extends Row>(
  db: DataSource,
  entity: EntityTarget<T>,
  workspaceId: string | null,
  property: keyof T & string,
  column: string,
  orderBy: Record<string, 'ASC' | 'DESC'>,
) {
  return new DataLoader<string, T[]>(async (keys) => {
    if (!workspaceId) throw unauthenticated();
    const rows = await db
      .getRepository(entity)
      .createQueryBuilder('e')
      .where('e.workspace_id = :ws', { ws: workspaceId })
      .andWhere(`e.${column} = ANY(:keys)`, { keys: keys.filter(isUuid) })
      .orderBy(orderBy)
      .addOrderBy('e.id')
      .getMany();
    const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
    for (const row of rows) groups.get(row[property] as string)?.push(row);
    return keys.map((k) => groups.get(k) ?? []);
  });
}

/** Creates the per-request loaders for one workspace (null: anonymous, every load fails with UNAUTHENTICATED). */
export function createLoaders(db: DataSource, workspaceId: string | null) {
  const loaders = {
    workspace: byIdLoader(db, Workspace, workspaceId, 'id'),
    client: byIdLoader(db, Client, workspaceId),
    staff: byIdLoader(db, Staff, workspaceId),
    job: byIdLoader(db, Job, workspaceId),
    costSet: byIdLoader(db, CostSet, workspaceId),
    costLine: byIdLoader(db, CostLine, workspaceId),
    costSetsByJob: childrenLoader(db, CostSet, workspaceId, 'jobId', 'job_id', { 'e.kind': 'ASC', 'e.rev': 'ASC' }),
    costLinesByCostSet: childrenLoader(db, CostLine, workspaceId, 'costSetId', 'cost_set_id', { 'e.created_at': 'ASC' }),
    staffByManager: childrenLoader(db, Staff, workspaceId, 'managerId', 'manager_id', { 'e.name': 'ASC' }),
    jobsByClient: createJobsByClientLoader(db, workspaceId) as DataLoader<JobsByClientKey, Connection<Job>, string>,
    supplier: byIdLoader(db, Supplier, workspaceId),
    purchaseOrder: byIdLoader(db, PurchaseOrder, workspaceId),
    purchaseOrderLine: byIdLoader(db, PurchaseOrderLine, workspaceId),
    stockItem: byIdLoader(db, StockItem, workspaceId),
    linesByPurchaseOrder: childrenLoader(db, PurchaseOrderLine, workspaceId, 'purchaseOrderId', 'purchase_order_id', { 'e.created_at': 'ASC' }),
    costLinesByStockItem: childrenLoader(db, CostLine, workspaceId, 'stockItemId', 'stock_item_id', { 'e.created_at': 'ASC' }),
    history: createHistoryLoader(db, workspaceId),
    /** Forgets everything loaded so far (after a write). */
    clearAll(): void {
      for (const loader of Object.values(loaders)) if (loader instanceof DataLoader) loader.clearAll();
    },
  };
  return loaders;
}

/** The loaders of one request. */
export type Loaders = ReturnType<typeof createLoaders>;
