import type { Resolvers } from '../../graphql/generated';
import { mutation } from '../../graphql/mutation';
import { jobLoaders } from '../jobs';
import { purchaseOrderService } from './purchase-order.service';
import { purchasingLoaders } from './purchasing.loaders';
import { supplierService } from './supplier.service';

export const purchasingResolvers: Resolvers = {
  Query: {
    supplier: (_p, { id }, ctx) => supplierService.get(ctx, id),
    suppliers: (_p, args, ctx) => supplierService.list(ctx, args),
    purchaseOrder: (_p, { id }, ctx) => purchaseOrderService.get(ctx, id),
    purchaseOrders: (_p, args, ctx) => purchaseOrderService.list(ctx, args),
  },
  Mutation: {
    createSupplier: mutation(async (tx, { input }) => ({ supplier: await supplierService.create(tx, input) })),
    updateSupplier: mutation(async (tx, { id, input }) => ({ supplier: await supplierService.update(tx, id, input) })),
    deleteSupplier: mutation(async (tx, { id }) => ({ supplier: await supplierService.delete(tx, id) })),
    createPurchaseOrder: mutation(async (tx, { input }) => ({ purchaseOrder: await purchaseOrderService.create(tx, input) })),
    updatePurchaseOrder: mutation(async (tx, { id, input }) => ({ purchaseOrder: await purchaseOrderService.update(tx, id, input) })),
    addPurchaseOrderLine: mutation(async (tx, { purchaseOrderId, input }) => ({ purchaseOrder: await purchaseOrderService.addLine(tx, purchaseOrderId, input) })),
    updatePurchaseOrderLine: mutation(async (tx, { id, input }) => ({ purchaseOrder: await purchaseOrderService.updateLine(tx, id, input) })),
    removePurchaseOrderLine: mutation(async (tx, { id }) => ({ purchaseOrder: await purchaseOrderService.removeLine(tx, id) })),
    submitPurchaseOrder: mutation(async (tx, { id }) => ({ purchaseOrder: await purchaseOrderService.submit(tx, id) })),
    cancelPurchaseOrder: mutation(async (tx, { id }) => ({ purchaseOrder: await purchaseOrderService.cancel(tx, id) })),
    receivePurchaseOrder: mutation(async (tx, { id, lines }) => ({ purchaseOrder: await purchaseOrderService.receive(tx, id, lines) })),
  },
  PurchaseOrder: {
    // A deleted supplier keeps its orders readable.
    supplier: async (po, _a, ctx) => (await ctx.loaders.get(purchasingLoaders).supplier.load(po.supplierId))!,
    lines: (po, _a, ctx) => ctx.loaders.get(purchasingLoaders).linesByPurchaseOrder.load(po.id),
    totalCost: (po, _a, ctx) => purchaseOrderService.totalCost(ctx, po),
  },
  PurchaseOrderLine: {
    purchaseOrder: async (line, _a, ctx) => (await ctx.loaders.get(purchasingLoaders).purchaseOrder.load(line.purchaseOrderId))!,
    job: (line, _a, ctx) => (line.jobId ? ctx.loaders.get(jobLoaders).byId.load(line.jobId) : null),
  },
  StockItem: {
    sourcePurchaseOrderLine: (item, _a, ctx) => (item.sourcePurchaseOrderLineId ? ctx.loaders.get(purchasingLoaders).purchaseOrderLine.load(item.sourcePurchaseOrderLineId) : null),
  },
};
