import type { Resolvers } from '../../graphql/generated';
import { stockService } from './stock.service';

export const stockResolvers: Resolvers = {
  Query: {
    stockItem: (_p, { id }, ctx) => stockService.get(ctx, id),
    stockItems: (_p, args, ctx) => stockService.list(ctx, args),
  },
  Mutation: {
    consumeStock: (_p, { jobId, stockItemId, quantity, accountingDate, reason }, ctx) =>
      stockService.consume(ctx, { jobId, stockItemId, quantity, accountingDate }, reason),
    returnStock: (_p, { costLineId, quantity, reason }, ctx) => stockService.return(ctx, costLineId, quantity, reason),
  },
  StockItem: {
    quantityAvailable: (item) => stockService.available(item),
    sourcePurchaseOrderLine: (item, _a, ctx) =>
      item.sourcePurchaseOrderLineId ? ctx.loaders.purchaseOrderLine.load(item.sourcePurchaseOrderLineId) : null,
    costLines: (item, _a, ctx) => ctx.loaders.costLinesByStockItem.load(item.id),
  },
  CostLine: {
    stockItem: (line, _a, ctx) => (line.stockItemId ? ctx.loaders.stockItem.load(line.stockItemId) : null),
  },
};
