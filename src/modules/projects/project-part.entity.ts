import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { TenantRow } from '../../db/tenant.entity';
import { Project } from './project.entity';

/** A row that belongs to one project (metadata, important dates, attachments): part of it, so deleted with it. */
export abstract class ProjectPart extends TenantRow {
  @Column({ type: 'uuid' })
  projectId!: string;

  @ManyToOne(() => Project, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'project_id' })
  project?: Project;
}
