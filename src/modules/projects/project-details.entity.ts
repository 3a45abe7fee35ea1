import { Check, Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { Audited } from '../../audit/audited';
import { TenantRow } from '../../db/tenant.entity';
import { Project } from './project.entity';
import { ProjectKind } from './project-kind';

/**
 * The kind-specific part of a project (class-table inheritance): one row per project in the table
 * of its kind, whose `id` is the project's id (always given: the column's default never fits the key). Its `kind` column is fixed by a CHECK, and the
 * foreign key (id, kind) → projects (id, kind) means it can only belong to a project of that kind.
 * Every column is NOT NULL: no row carries fields of another kind.
 */
abstract class ProjectDetailsRow extends TenantRow {
  @Column({ type: 'enum', enum: ProjectKind, enumName: 'project_kind' })
  kind!: ProjectKind;

  @ManyToOne(() => Project, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn([
    { name: 'id', referencedColumnName: 'id' },
    { name: 'kind', referencedColumnName: 'kind' },
  ])
  project?: Project;
}

/** Details of a SCHOOL project. */
@Audited('SCHOOL_PROJECT_DETAILS', { graphqlTypes: [] })
@Entity({ name: 'school_project_details' })
@Check('CHK_school_project_details_kind', `"kind" = 'SCHOOL'`)
export class SchoolProjectDetails extends ProjectDetailsRow {
  @Column({ type: 'varchar', length: 200 })
  courseName!: string;

  @Column({ type: 'varchar', length: 50 })
  courseCode!: string;

  @Column({ type: 'varchar', length: 200 })
  teacherName!: string;
}

/** Details of a SELF_STUDY project. */
@Audited('SELF_STUDY_PROJECT_DETAILS', { graphqlTypes: [] })
@Entity({ name: 'self_study_project_details' })
@Check('CHK_self_study_project_details_kind', `"kind" = 'SELF_STUDY'`)
export class SelfStudyProjectDetails extends ProjectDetailsRow {
  @Column({ type: 'text' })
  goalDescription!: string;

  @Column({ type: 'varchar', length: 50 })
  studyFrequency!: string;
}

/** Either kind's details row. */
export type ProjectDetails = SchoolProjectDetails | SelfStudyProjectDetails;

/** The details entity of each kind. */
export const DETAILS_ENTITY = {
  [ProjectKind.SCHOOL]: SchoolProjectDetails,
  [ProjectKind.SELF_STUDY]: SelfStudyProjectDetails,
} as const;
