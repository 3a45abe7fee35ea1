import { Audited } from '../../audit/audited';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantRow } from '../../db/tenant.entity';
import { Staff } from '../staff';
import { CostLineKind } from './cost-kinds';
import { CostSet } from './cost-set.entity';

/** A line of a cost set: hours, material or an adjustment, with derived totals. */
@Audited('COST_LINE', { parentKey: 'costSetId' })
@Entity({ name: 'cost_lines' })
@Index(['workspaceId', 'costSetId'])
@Index(['workspaceId', 'staffId'])
@Index(['workspaceId', 'stockItemId'])
// Lines by accounting date for the reports, covering their sums (migration ReportIndexes).
@Index('IDX_cost_lines_ws_date', { synchronize: false })
export class CostLine extends TenantRow {
  @Column({ type: 'uuid' })
  costSetId!: string;

  @ManyToOne(() => CostSet, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'cost_set_id' })
  costSet?: CostSet;

  @Column({ type: 'enum', enum: CostLineKind, enumName: 'cost_line_kind' })
  kind!: CostLineKind;

  @Column({ type: 'varchar', length: 500 })
  description!: string;

  @Column({ type: 'numeric', precision: 12, scale: 3 })
  quantity!: string;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  unitCost!: string;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  unitRev!: string;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  totalCost!: string;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  totalRev!: string;

  @Column({ type: 'date' })
  accountingDate!: string;

  @Column({ type: 'uuid', nullable: true })
  staffId!: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'staff_id' })
  staff?: Staff | null;

  /** The stock item a MATERIAL line was taken from (consumeStock). */
  @Column({ type: 'uuid', nullable: true })
  stockItemId!: string | null;

  // The stock module sits above costing: the foreign key names its entity, it does not import it.
  @ManyToOne('StockItem', { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'stock_item_id' })
  stockItem?: object | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  extRefs!: Record<string, unknown>;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  meta!: Record<string, unknown>;
}
