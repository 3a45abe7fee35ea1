import type { DataSource } from 'typeorm';
import { byIdLoader, childrenLoader } from '../../graphql/loaders';
import { Attachment } from './attachment.entity';
import { ImportantDate } from './important-date.entity';
import { SchoolProjectDetails, SelfStudyProjectDetails } from './project-details.entity';
import { ProjectMeta } from './project-meta.entity';
import { Project } from './project.entity';

/**
 * Per-request loaders of projects and what belongs to them: one `= ANY($1)` statement per kind of
 * thing per page, so a page of projects with owners, details, meta, dates and attachments costs the
 * same number of statements at any size.
 */
export const projectLoaders = (db: DataSource, workspaceId: string) => ({
  byId: byIdLoader(db, Project, workspaceId),
  /** Details by project id (the details rows' id is their project's). */
  school: byIdLoader(db, SchoolProjectDetails, workspaceId),
  selfStudy: byIdLoader(db, SelfStudyProjectDetails, workspaceId),
  meta: childrenLoader(db, ProjectMeta, workspaceId, 'projectId', 'project_id', { 'e.key': 'ASC' }),
  importantDates: childrenLoader(db, ImportantDate, workspaceId, 'projectId', 'project_id', { 'e.date': 'ASC', 'e.created_at': 'ASC' }),
  attachments: childrenLoader(db, Attachment, workspaceId, 'projectId', 'project_id', { 'e.created_at': 'ASC' }),
  attachmentsWithRemoved: childrenLoader(db, Attachment, workspaceId, 'projectId', 'project_id', { 'e.created_at': 'ASC' }, { withDeleted: true }),
});
