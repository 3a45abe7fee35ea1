import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Workspace } from '../auth/workspace.entity';

/** Per-workspace counters (job numbers, …), incremented atomically by {@link nextNumber}. */
@Entity({ name: 'workspace_counters' })
export class WorkspaceCounter {
  @PrimaryColumn({ type: 'uuid' })
  workspaceId!: string;

  @PrimaryColumn({ type: 'varchar', length: 50 })
  name!: string;

  @Column({ type: 'integer' })
  value!: number;

  @ManyToOne(() => Workspace, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'workspace_id' })
  workspace?: Workspace;
}
