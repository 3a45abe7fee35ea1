import type { DataSource } from 'typeorm';
import { byIdLoader, childrenLoader } from '../../graphql/loaders';
import { PurchaseOrderLine } from './purchase-order-line.entity';
import { PurchaseOrder } from './purchase-order.entity';
import { Supplier } from './supplier.entity';

/** Per-request loaders of suppliers, purchase orders and their lines. */
export const purchasingLoaders = (db: DataSource, workspaceId: string) => ({
  supplier: byIdLoader(db, Supplier, workspaceId),
  purchaseOrder: byIdLoader(db, PurchaseOrder, workspaceId),
  purchaseOrderLine: byIdLoader(db, PurchaseOrderLine, workspaceId),
  linesByPurchaseOrder: childrenLoader(db, PurchaseOrderLine, workspaceId, 'purchaseOrderId', 'purchase_order_id', { 'e.created_at': 'ASC' }),
});
