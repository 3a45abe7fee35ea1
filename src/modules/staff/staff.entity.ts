import type { Connection } from '../../graphql/connection';
import { Audited } from '../../audit/audited';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantRow } from '../../db/tenant.entity';

/** A member of staff: logs time on jobs at their wage rate (cost) and charge-out rate (revenue). */
@Audited('STAFF')
@Entity({ name: 'staff' })
@Index(['workspaceId', 'email'], { unique: true })
@Index(['workspaceId', 'name'])
export class Staff extends TenantRow {
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** Stored lower-case, unique per workspace. */
  @Column({ type: 'varchar', length: 320 })
  email!: string;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  wageRate!: string;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  chargeOutRate!: string;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  managerId!: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'manager_id' })
  manager?: Staff | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;
}

/** The `StaffConnection` GraphQL type's source object. */
export type StaffConnectionModel = Connection<Staff>;
