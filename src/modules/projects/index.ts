import type { AppModule } from '../../graphql/module';
import { Attachment } from './attachment.entity';
import { startDraftCleanupSchedule } from './draft-cleanup';
import { ImportantDate } from './important-date.entity';
import { SchoolProjectDetails, SelfStudyProjectDetails } from './project-details.entity';
import { ProjectMeta } from './project-meta.entity';
import { projectResolvers } from './project.resolvers';
import { Project } from './project.entity';

export { Attachment } from './attachment.entity';
export {
  ABANDONED_DRAFTS_SQL,
  CLEANUP_BATCH_SIZE,
  cleanupLockName,
  cleanupWorkspace,
  removeAbandonedDrafts,
  runScheduledCleanup,
  SCHEDULE_ACTOR,
  startDraftCleanupSchedule,
  type CleanupDeps,
  type CleanupOptions,
} from './draft-cleanup';
export { ImportantDate } from './important-date.entity';
export { SchoolProjectDetails, SelfStudyProjectDetails } from './project-details.entity';
export { ProjectKind } from './project-kind';
export { ProjectMeta } from './project-meta.entity';
export { projectLoaders } from './project.loaders';
export { metaContains, projectService } from './project.service';
export { Project } from './project.entity';

/**
 * Projects: school and self-study projects with their metadata, important dates and attachments,
 * full-text search, and the clean-up of abandoned drafts (on a schedule too). Depends on staff (owners).
 */
export const projectsModule: AppModule = {
  name: 'projects',
  entities: [Project, SchoolProjectDetails, SelfStudyProjectDetails, ProjectMeta, ImportantDate, Attachment],
  resolvers: projectResolvers,
  start: ({ db, redis, log, config }) => startDraftCleanupSchedule({ db, redis, log, intervalMs: config.draftCleanupIntervalMinutes * 60_000 }),
};
