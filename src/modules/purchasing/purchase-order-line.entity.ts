import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Audited } from '../../audit/audited';
import { TenantRow } from '../../db/tenant.entity';
import { Job } from '../jobs';
import { PurchaseOrder } from './purchase-order.entity';

/** A line of a purchase order; received quantities never exceed ordered ones (a CHECK, not only code). */
@Audited('PURCHASE_ORDER_LINE')
@Entity({ name: 'purchase_order_lines' })
@Index(['workspaceId', 'purchaseOrderId'])
@Index(['workspaceId', 'jobId'])
@Check('CHK_purchase_order_lines_received', '"quantity_received" >= 0 AND "quantity_received" <= "quantity_ordered"')
export class PurchaseOrderLine extends TenantRow {
  @Column({ type: 'uuid' })
  purchaseOrderId!: string;

  @ManyToOne(() => PurchaseOrder, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'purchase_order_id' })
  purchaseOrder?: PurchaseOrder;

  @Column({ type: 'varchar', length: 500 })
  description!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  itemCode!: string | null;

  @Column({ type: 'numeric', precision: 12, scale: 3 })
  quantityOrdered!: string;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  unitCost!: string;

  @Column({ type: 'numeric', precision: 12, scale: 3, default: 0 })
  quantityReceived!: string;

  /** When set, received goods are booked onto this job's actual costs instead of into stock. */
  @Column({ type: 'uuid', nullable: true })
  jobId!: string | null;

  @ManyToOne(() => Job, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'job_id' })
  job?: Job | null;
}
