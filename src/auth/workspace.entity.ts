import { Column, Entity, Index } from 'typeorm';
import { BaseRow } from '../db/base.entity';

/** The tenant: every other row belongs to exactly one workspace. */
@Entity({ name: 'workspaces' })
export class Workspace extends BaseRow {
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 100 })
  slug!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;
}
