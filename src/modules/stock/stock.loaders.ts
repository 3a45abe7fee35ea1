import type { DataSource } from 'typeorm';
import { byIdLoader, childrenLoader } from '../../graphql/loaders';
import { CostLine } from '../costing';
import { StockItem } from './stock-item.entity';

/** Per-request loaders of stock: items by id, and the cost lines that consumed each item. */
export const stockLoaders = (db: DataSource, workspaceId: string) => ({
  byId: byIdLoader(db, StockItem, workspaceId),
  costLinesByItem: childrenLoader(db, CostLine, workspaceId, 'stockItemId', 'stock_item_id', { 'e.created_at': 'ASC' }),
});
