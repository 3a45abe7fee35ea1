import type { Resolvers } from '../graphql/generated';
import { jobAsOf } from './as-of';
import type { AuditEntityType } from './audited';
import { historyService } from './history.service';

const entityHistory =
  (entityType: AuditEntityType) =>
  (row: { id: string }, args: { first?: number | null; after?: string | null }, ctx: Parameters<typeof historyService.forEntity>[0]) =>
    historyService.forEntity(ctx, entityType, row.id, args);

export const historyResolvers: Resolvers = {
  Query: {
    history: (_p, { entityType, entityId, first, after }, ctx) => historyService.forEntity(ctx, entityType, entityId, { first, after }),
    auditLog: (_p, { filter, first, after }, ctx) => historyService.auditLog(ctx, filter ?? {}, { first, after }),
    jobAsOf: (_p, { id, at }, ctx) => jobAsOf(ctx, id, at),
    historyDiff: (_p, { entityType, entityId, fromVersion, toVersion }, ctx) => historyService.diff(ctx, entityType, entityId, fromVersion, toVersion),
  },
  Client: { history: entityHistory('CLIENT') },
  Staff: { history: entityHistory('STAFF') },
  Job: { history: entityHistory('JOB') },
  CostSet: { history: entityHistory('COST_SET') },
  CostLine: { history: entityHistory('COST_LINE') },
  Supplier: { history: entityHistory('SUPPLIER') },
  PurchaseOrder: { history: entityHistory('PURCHASE_ORDER') },
  PurchaseOrderLine: { history: entityHistory('PURCHASE_ORDER_LINE') },
  StockItem: { history: entityHistory('STOCK_ITEM') },
};
