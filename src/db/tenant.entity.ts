import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { Workspace } from '../auth/workspace.entity';
import { BaseRow } from './base.entity';

/** A row owned by a workspace; every query filters on `workspace_id`. */
export abstract class TenantRow extends BaseRow {
  @Column({ type: 'uuid' })
  workspaceId!: string;

  @ManyToOne(() => Workspace, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'workspace_id' })
  workspace?: Workspace;
}
