import type { Resolvers } from '../../graphql/generated';
import { mutation } from '../../graphql/mutation';
import { stockLoaders } from './stock.loaders';
import { stockService } from './stock.service';

export const stockResolvers: Resolvers = {
  Query: {
    stockItem: (_p, { id }, ctx) => stockService.get(ctx, id),
    stockItems: (_p, args, ctx) => stockService.list(ctx, args),
  },
  Mutation: {
    consumeStock: mutation((tx, { jobId, stockItemId, quantity, accountingDate }) => stockService.consume(tx, { jobId, stockItemId, quantity, accountingDate })),
    returnStock: mutation((tx, { costLineId, quantity }) => stockService.return(tx, costLineId, quantity)),
  },
  StockItem: {
    quantityAvailable: (item) => stockService.available(item),
    costLines: (item, _a, ctx) => ctx.loaders.get(stockLoaders).costLinesByItem.load(item.id),
  },
  CostLine: {
    stockItem: (line, _a, ctx) => (line.stockItemId ? ctx.loaders.get(stockLoaders).byId.load(line.stockItemId) : null),
  },
};
