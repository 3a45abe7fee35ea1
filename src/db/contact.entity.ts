import { Column, DeleteDateColumn } from 'typeorm';
import { TenantRow } from './tenant.entity';

/** A party the workspace deals with (a client, a supplier): name, email, phone; soft-deleted. */
export abstract class ContactRow extends TenantRow {
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 320, nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  phone!: string | null;

  @DeleteDateColumn({ type: 'timestamptz' })
  deletedAt!: Date | null;
}
