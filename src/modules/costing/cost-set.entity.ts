import { Audited } from '../../audit/audited';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantRow } from '../../db/tenant.entity';
import { Job } from '../jobs';
import { CostSetKind } from './cost-kinds';

/** One revision of a job's costs of one kind. Its summary always equals the sums over its lines. */
@Audited('COST_SET', { parentKey: 'jobId' })
@Entity({ name: 'cost_sets' })
@Index(['jobId', 'kind', 'rev'], { unique: true })
@Index(['workspaceId', 'jobId'])
export class CostSet extends TenantRow {
  @Column({ type: 'uuid' })
  jobId!: string;

  @ManyToOne(() => Job, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'job_id' })
  job?: Job;

  @Column({ type: 'enum', enum: CostSetKind, enumName: 'cost_set_kind' })
  kind!: CostSetKind;

  @Column({ type: 'integer' })
  rev!: number;

  @Column({ type: 'numeric', precision: 14, scale: 2, default: 0 })
  summaryCost!: string;

  @Column({ type: 'numeric', precision: 14, scale: 2, default: 0 })
  summaryRev!: string;

  @Column({ type: 'numeric', precision: 14, scale: 3, default: 0 })
  summaryHours!: string;
}
