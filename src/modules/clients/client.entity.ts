import { Audited } from '../../audit/audited';
import { Column, DeleteDateColumn, Entity, Index } from 'typeorm';
import { TenantRow } from '../../db/tenant.entity';

/** A customer that jobs are done for. */
@Audited('CLIENT')
@Entity({ name: 'clients' })
@Index(['workspaceId', 'name'])
export class Client extends TenantRow {
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 320, nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  phone!: string | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @DeleteDateColumn({ type: 'timestamptz' })
  deletedAt!: Date | null;
}
