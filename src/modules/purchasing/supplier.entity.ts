import type { Connection } from '../../graphql/connection';
import { Column, Entity, Index } from 'typeorm';
import { Audited } from '../../audit/audited';
import { ContactRow } from '../../db/contact.entity';

/** Who materials are bought from. */
@Audited('SUPPLIER')
@Entity({ name: 'suppliers' })
@Index(['workspaceId', 'name'])
export class Supplier extends ContactRow {
  /** The workspace's account number with this supplier. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  accountRef!: string | null;
}

/** The `SupplierConnection` GraphQL type's source object. */
export type SupplierConnectionModel = Connection<Supplier>;
