import type { Connection } from '../../graphql/connection';
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

/** The `ClientConnection` GraphQL type's source object. */
export type ClientConnectionModel = Connection<Client>;
