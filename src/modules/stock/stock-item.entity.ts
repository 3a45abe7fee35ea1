import type { Connection } from '../../graphql/connection';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Audited } from '../../audit/audited';
import { TenantRow } from '../../db/tenant.entity';

/** Goods in stock. Available = on hand − used, never negative (a CHECK, not only code). */
@Audited('STOCK_ITEM')
@Entity({ name: 'stock_items' })
@Index(['workspaceId', 'itemCode'])
@Index(['sourcePurchaseOrderLineId'], { unique: true })
@Check('CHK_stock_items_available', '"quantity_used" >= 0 AND "quantity_on_hand" >= "quantity_used"')
export class StockItem extends TenantRow {
  @Column({ type: 'varchar', length: 500 })
  description!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  itemCode!: string | null;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  unitCost!: string;

  @Column({ type: 'numeric', precision: 12, scale: 3 })
  quantityOnHand!: string;

  @Column({ type: 'numeric', precision: 12, scale: 3, default: 0 })
  quantityUsed!: string;

  /** The purchase-order line it was received from; later receipts of that line top it up. */
  @Column({ type: 'uuid', nullable: true })
  sourcePurchaseOrderLineId!: string | null;

  // The purchasing module sits above stock: the foreign key names its entity, it does not import it.
  @ManyToOne('PurchaseOrderLine', { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'source_purchase_order_line_id' })
  sourcePurchaseOrderLine?: object | null;
}

/** The `StockItemConnection` GraphQL type's source object. */
export type StockItemConnectionModel = Connection<StockItem>;
