import type { RequestContext } from '../../graphql/context';
import type { Resolvers } from '../../graphql/generated';
import { batchedMutation, mutation } from '../../graphql/mutation';
import { staffLoaders } from '../staff';
import { cleanupAbandonedDrafts } from './draft-cleanup.service';
import { projectLoaders } from './project.loaders';
import { projectPartsService as parts } from './project-parts.service';
import { projectService } from './project.service';
import type { Project } from './project.entity';
import { GRAPHQL_TYPE } from './project.rules';

const loaders = (ctx: RequestContext) => ctx.loaders.get(projectLoaders);

/** The fields every kind of project resolves alike (the interface's fields that are not columns). */
const projectFields = {
  owner: async (p: Project, _a: unknown, ctx: RequestContext) => (await ctx.loaders.get(staffLoaders).byId.load(p.ownerId))!,
  meta: (p: Project, _a: unknown, ctx: RequestContext) => loaders(ctx).meta.load(p.id),
  importantDates: (p: Project, _a: unknown, ctx: RequestContext) => loaders(ctx).importantDates.load(p.id),
  attachments: (p: Project, { includeRemoved }: { includeRemoved?: boolean | null }, ctx: RequestContext) =>
    (includeRemoved ? loaders(ctx).attachmentsWithRemoved : loaders(ctx).attachments).load(p.id),
};

/** A field of the project's details row (every project has exactly one, of its kind: the database enforces it). */
const detail =
  <K extends 'school' | 'selfStudy', F extends string>(kind: K, field: F) =>
  async (p: Project, _a: unknown, ctx: RequestContext) =>
    ((await loaders(ctx)[kind].load(p.id)) as unknown as Record<F, string>)[field];

export const projectResolvers: Resolvers = {
  Query: {
    project: (_p, { id, includeDeleted }, ctx) => projectService.get(ctx, id, includeDeleted ?? false),
    projects: (_p, args, ctx) => projectService.list(ctx, args),
    searchProjects: (_p, args, ctx) => projectService.search(ctx, args),
  },
  Mutation: {
    createProject: mutation(async (tx, { input }) => ({ project: await projectService.create(tx, input) })),
    updateProject: mutation(async (tx, { id, input }) => ({ project: await projectService.update(tx, id, input) })),
    publishProject: mutation(async (tx, { id }) => ({ project: await projectService.publish(tx, id) })),
    deleteProject: mutation(async (tx, { id }) => ({ project: await projectService.delete(tx, id) })),
    restoreProject: mutation(async (tx, { id }) => ({ project: await projectService.restore(tx, id) })),
    setProjectMeta: mutation((tx, { projectId, key, value }) => parts.setMeta(tx, projectId, key, value)),
    deleteProjectMeta: mutation((tx, { projectId, key }) => parts.deleteMeta(tx, projectId, key)),
    addImportantDate: mutation((tx, { projectId, input }) => parts.addImportantDate(tx, projectId, input)),
    removeImportantDate: mutation((tx, { id }) => parts.removeImportantDate(tx, id)),
    addAttachment: mutation((tx, { projectId, input }) => parts.addAttachment(tx, projectId, input)),
    removeAttachment: mutation((tx, { id }) => parts.removeAttachment(tx, id)),
    restoreAttachment: mutation((tx, { id }) => parts.restoreAttachment(tx, id)),
    // Many transactions (one per batch), so not mutation(); ADMIN only (@requires in schema.graphql).
    cleanupAbandonedDrafts: batchedMutation(async (ctx, { olderThanHours }, audit) => ({
      removed: await cleanupAbandonedDrafts(ctx, olderThanHours ?? undefined, audit),
    })),
  },
  Project: {
    __resolveType: (p) => GRAPHQL_TYPE[p.kind],
  },
  SchoolProject: {
    ...projectFields,
    courseName: detail('school', 'courseName'),
    courseCode: detail('school', 'courseCode'),
    teacherName: detail('school', 'teacherName'),
  },
  SelfStudyProject: {
    ...projectFields,
    goalDescription: detail('selfStudy', 'goalDescription'),
    studyFrequency: detail('selfStudy', 'studyFrequency'),
  },
  Attachment: {
    removedAt: (a) => a.deletedAt,
  },
};
