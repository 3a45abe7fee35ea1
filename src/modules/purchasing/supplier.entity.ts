import { Column, DeleteDateColumn, Entity, Index } from 'typeorm';
import { Audited } from '../../audit/audited';
import { TenantRow } from '../../db/tenant.entity';

/** Who materials are bought from. */
@Audited('SUPPLIER')
@Entity({ name: 'suppliers' })
@Index(['workspaceId', 'name'])
export class Supplier extends TenantRow {
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 320, nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  phone!: string | null;

  /** The workspace's account number with this supplier. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  accountRef!: string | null;

  @DeleteDateColumn({ type: 'timestamptz' })
  deletedAt!: Date | null;
}
