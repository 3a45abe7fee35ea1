import type { Resolvers } from '../../graphql/generated';
import { purchaseOrderService } from './purchase-order.service';
import { supplierService } from './supplier.service';

export const purchasingResolvers: Resolvers = {
  Query: {
    supplier: (_p, { id }, ctx) => supplierService.get(ctx, id),
    suppliers: (_p, args, ctx) => supplierService.list(ctx, args),
    purchaseOrder: (_p, { id }, ctx) => purchaseOrderService.get(ctx, id),
    purchaseOrders: (_p, args, ctx) => purchaseOrderService.list(ctx, args),
  },
  Mutation: {
    createSupplier: (_p, { input, reason }, ctx) => supplierService.create(ctx, input, reason),
    updateSupplier: (_p, { id, input, reason }, ctx) => supplierService.update(ctx, id, input, reason),
    deleteSupplier: (_p, { id, reason }, ctx) => supplierService.delete(ctx, id, reason),
    createPurchaseOrder: (_p, { input, reason }, ctx) => purchaseOrderService.create(ctx, input, reason),
    updatePurchaseOrder: (_p, { id, input, reason }, ctx) => purchaseOrderService.update(ctx, id, input, reason),
    addPurchaseOrderLine: (_p, { purchaseOrderId, input, reason }, ctx) => purchaseOrderService.addLine(ctx, purchaseOrderId, input, reason),
    updatePurchaseOrderLine: (_p, { id, input, reason }, ctx) => purchaseOrderService.updateLine(ctx, id, input, reason),
    removePurchaseOrderLine: (_p, { id, reason }, ctx) => purchaseOrderService.removeLine(ctx, id, reason),
    submitPurchaseOrder: (_p, { id, reason }, ctx) => purchaseOrderService.submit(ctx, id, reason),
    cancelPurchaseOrder: (_p, { id, reason }, ctx) => purchaseOrderService.cancel(ctx, id, reason),
    receivePurchaseOrder: (_p, { id, lines, reason }, ctx) => purchaseOrderService.receive(ctx, id, lines, reason),
  },
  PurchaseOrder: {
    // A deleted supplier keeps its orders readable.
    supplier: async (po, _a, ctx) => (await ctx.loaders.supplier.load(po.supplierId))!,
    lines: (po, _a, ctx) => ctx.loaders.linesByPurchaseOrder.load(po.id),
    totalCost: (po, _a, ctx) => purchaseOrderService.totalCost(ctx, po),
  },
  PurchaseOrderLine: {
    purchaseOrder: async (line, _a, ctx) => (await ctx.loaders.purchaseOrder.load(line.purchaseOrderId))!,
    job: (line, _a, ctx) => (line.jobId ? ctx.loaders.job.load(line.jobId) : null),
  },
};
