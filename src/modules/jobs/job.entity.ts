import type { Connection } from '../../graphql/connection';
import { Audited } from '../../audit/audited';
import { Column, DeleteDateColumn, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantRow } from '../../db/tenant.entity';
import { Client } from '../clients';
import { Staff } from '../staff';
import { JobPriority, JobStatus } from './job-status';

/** A piece of work for a client, estimated, quoted and costed through its cost sets. */
@Audited('JOB')
@Entity({ name: 'jobs' })
@Index(['workspaceId', 'number'], { unique: true })
@Index(['workspaceId', 'status', 'createdAt'])
@Index(['workspaceId', 'clientId', 'status'])
@Index(['workspaceId', 'assigneeId'])
// The default list order (newest first) reads live jobs from this index instead of sorting them all.
@Index('IDX_jobs_ws_created_live', ['workspaceId', 'createdAt', 'id'], { where: '"deleted_at" IS NULL' })
// Orders by priority and deadline, the overdue filter and the reports (migration ReportIndexes); the
// deadline sort key is an expression and the others carry INCLUDE columns, which the entity cannot declare.
@Index('IDX_jobs_ws_priority_live', { synchronize: false })
@Index('IDX_jobs_ws_deadline_live', { synchronize: false })
@Index('IDX_jobs_ws_status_live', { synchronize: false })
export class Job extends TenantRow {
  @Column({ type: 'integer' })
  number!: number;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'uuid' })
  clientId!: string;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'client_id' })
  client?: Client;

  @Column({ type: 'enum', enum: JobStatus, enumName: 'job_status', default: JobStatus.DRAFT })
  status!: JobStatus;

  @Column({ type: 'enum', enum: JobPriority, enumName: 'job_priority', default: JobPriority.NORMAL })
  priority!: JobPriority;

  @Column({ type: 'date', nullable: true })
  deadline!: string | null;

  @Column({ type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'assignee_id' })
  assignee?: Staff | null;

  @DeleteDateColumn({ type: 'timestamptz' })
  deletedAt!: Date | null;
}

/** The `JobConnection` GraphQL type's source object. */
export type JobConnectionModel = Connection<Job>;
