import type { AppModule } from '../../graphql/module';
import { PurchaseOrderLine } from './purchase-order-line.entity';
import { PurchaseOrder } from './purchase-order.entity';
import { purchasingResolvers } from './purchasing.resolvers';
import { Supplier } from './supplier.entity';

export { PurchaseOrder } from './purchase-order.entity';
export { PurchaseOrderLine } from './purchase-order-line.entity';
export { PurchaseOrderStatus } from './purchase-order-status';
export { purchaseOrderService } from './purchase-order.service';
export { purchasingLoaders } from './purchasing.loaders';
export { Supplier } from './supplier.entity';
export { supplierService } from './supplier.service';

/** Purchasing: suppliers and purchase orders, received into stock or onto jobs. Depends on stock, costing and jobs. */
export const purchasingModule: AppModule = {
  name: 'purchasing',
  entities: [Supplier, PurchaseOrder, PurchaseOrderLine],
  resolvers: purchasingResolvers,
};
