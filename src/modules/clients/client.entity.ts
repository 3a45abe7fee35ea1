import { Column, Entity, Index } from 'typeorm';
import { Audited } from '../../audit/audited';
import { ContactRow } from '../../db/contact.entity';

/** A customer that jobs are done for. */
@Audited('CLIENT')
@Entity({ name: 'clients' })
@Index(['workspaceId', 'name'])
export class Client extends ContactRow {
  @Column({ type: 'text', nullable: true })
  notes!: string | null;
}
