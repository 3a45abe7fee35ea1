import type { Connection } from '../../graphql/connection';
import { Check, Column, DeleteDateColumn, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Audited } from '../../audit/audited';
import { TenantRow } from '../../db/tenant.entity';
import { Staff } from '../staff';
import { ProjectKind } from './project-kind';

/**
 * A learning project: the fields every kind has. Its kind-specific fields live in exactly one
 * details row of its own kind (`school_project_details` or `self_study_project_details`, keyed by
 * the project id); the database enforces that (see the Projects migration). New projects are drafts
 * until published; abandoned drafts are found through the partial index on drafts.
 */
@Audited('PROJECT', { graphqlTypes: ['SchoolProject', 'SelfStudyProject'] })
@Entity({ name: 'projects' })
// The details tables' composite foreign key (id, kind) points here, so a details row can only belong to a project of its kind.
@Unique('UQ_projects_id_kind', ['id', 'kind'])
@Check('CHK_projects_dates', '"end_date" >= "start_date"')
@Index(['workspaceId', 'createdAt'])
@Index(['workspaceId', 'ownerId'])
@Index(['workspaceId', 'startDate'])
@Index('IDX_projects_drafts', ['workspaceId', 'updatedAt'], { where: 'draft AND deleted_at IS NULL' })
export class Project extends TenantRow {
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'enum', enum: ProjectKind, enumName: 'project_kind' })
  kind!: ProjectKind;

  @Column({ type: 'uuid' })
  ownerId!: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'owner_id' })
  owner?: Staff;

  @Column({ type: 'date' })
  startDate!: string;

  @Column({ type: 'date' })
  endDate!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'boolean', default: true })
  draft!: boolean;

  @DeleteDateColumn({ type: 'timestamptz' })
  deletedAt!: Date | null;
}

/** The `ProjectConnection` GraphQL type's source object. */
export type ProjectConnectionModel = Connection<Project>;
