import type { AppModule } from '../../graphql/module';
import { StockItem } from './stock-item.entity';
import { stockResolvers } from './stock.resolvers';

export { StockItem } from './stock-item.entity';
export { stockLoaders } from './stock.loaders';
export { stockService, type StockReceipt } from './stock.service';

/** Stock: goods on hand, consumed on jobs as material cost lines. Depends on costing. */
export const stockModule: AppModule = { name: 'stock', entities: [StockItem], resolvers: stockResolvers };
