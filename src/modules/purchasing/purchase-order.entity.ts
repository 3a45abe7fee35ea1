import type { Connection } from '../../graphql/connection';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Audited } from '../../audit/audited';
import { TenantRow } from '../../db/tenant.entity';
import { PurchaseOrderStatus } from './purchase-order-status';
import { Supplier } from './supplier.entity';

/** An order of goods from a supplier; its lines are received into stock or onto jobs. */
@Audited('PURCHASE_ORDER')
@Entity({ name: 'purchase_orders' })
@Index(['workspaceId', 'number'], { unique: true })
@Index(['workspaceId', 'status', 'orderDate'])
@Index(['workspaceId', 'supplierId'])
export class PurchaseOrder extends TenantRow {
  @Column({ type: 'integer' })
  number!: number;

  @Column({ type: 'uuid' })
  supplierId!: string;

  @ManyToOne(() => Supplier, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'supplier_id' })
  supplier?: Supplier;

  @Column({ type: 'enum', enum: PurchaseOrderStatus, enumName: 'purchase_order_status', default: PurchaseOrderStatus.DRAFT })
  status!: PurchaseOrderStatus;

  @Column({ type: 'date' })
  orderDate!: string;

  @Column({ type: 'date', nullable: true })
  expectedDate!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  reference!: string | null;
}

/** The `PurchaseOrderConnection` GraphQL type's source object. */
export type PurchaseOrderConnectionModel = Connection<PurchaseOrder>;
