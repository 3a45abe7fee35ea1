import type { ObjectLiteral } from 'typeorm';
import { findForUpdate, lockWithParent } from '../../db/find';
import { workspaceOf, type RequestContext } from '../../graphql/context';
import type * as gql from '../../graphql/generated';
import { fail } from '../../kernel/errors';
import { isUuid } from '../../kernel/ids';
import { validateInput } from '../../kernel/validation';
import { Attachment } from './attachment.entity';
import { ImportantDate } from './important-date.entity';
import { ProjectMeta } from './project-meta.entity';
import { AttachmentInput, ImportantDateInput, ProjectMetaInput, ProjectMetaKeyInput } from './project.inputs';
import { Project } from './project.entity';
import { lockProject, touchProject } from './project.service';

const DATE = { path: ['id'], what: 'Important date' };
const ATTACHMENT = { path: ['id'], what: 'Attachment' };

/**
 * Locks a part of a project (a date, an attachment) and, first, its live project: the order every
 * writer of a project's parts uses (the clean-up too), so they never deadlock.
 */
function lockPart<T extends ObjectLiteral & { projectId: string }>(ctx: RequestContext, entity: new () => T, id: string, lookup: { path: string[]; what: string }) {
  const workspaceId = workspaceOf(ctx);
  return lockWithParent(
    ctx.em,
    entity,
    workspaceId,
    id,
    lookup,
    (row) => row.projectId,
    (projectId) => ctx.em.findOne(Project, { where: { id: projectId, workspaceId }, lock: { mode: 'pessimistic_write' } }),
  );
}

/** A project's metadata, important dates and attachments. Each change also moves the project's `updatedAt`. */
export const projectPartsService = {
  /** Sets the value under `key` (a new entry, or a new value for the existing one). */
  async setMeta(ctx: RequestContext, projectId: string, key: string, value: unknown): Promise<{ meta: ProjectMeta; project: Project }> {
    const project = await lockProject(ctx, projectId, ['projectId']);
    const data = await validateInput(ProjectMetaInput, { key, value }, []);
    const existing = await ctx.em.findOneBy(ProjectMeta, { projectId: project.id, key: data.key });
    const meta = existing ?? ctx.em.create(ProjectMeta, { workspaceId: project.workspaceId, projectId: project.id, key: data.key });
    meta.value = data.value;
    await ctx.em.save(meta);
    await touchProject(ctx, project);
    return { meta, project };
  },

  /** Removes the entry under `key`; returns it as it was. */
  async deleteMeta(ctx: RequestContext, projectId: string, key: string): Promise<{ meta: ProjectMeta; project: Project }> {
    const project = await lockProject(ctx, projectId, ['projectId']);
    const data = await validateInput(ProjectMetaKeyInput, { key }, []);
    const meta = await ctx.em.findOneBy(ProjectMeta, { projectId: project.id, key: data.key });
    if (!meta) fail('NOT_FOUND', `The project has no metadata under "${data.key}"`, ['key']);
    const removed = Object.assign(new ProjectMeta(), meta);
    await ctx.em.remove(meta);
    await touchProject(ctx, project);
    return { meta: removed, project };
  },

  async addImportantDate(ctx: RequestContext, projectId: string, input: gql.ImportantDateInput): Promise<{ importantDate: ImportantDate; project: Project }> {
    const project = await lockProject(ctx, projectId, ['projectId']);
    const data = await validateInput(ImportantDateInput, input);
    const importantDate = await ctx.em.save(
      ctx.em.create(ImportantDate, { workspaceId: project.workspaceId, projectId: project.id, title: data.title, date: data.date, note: data.note ?? null }),
    );
    await touchProject(ctx, project);
    return { importantDate, project };
  },

  /** Deletes an important date; returns it as it was. */
  async removeImportantDate(ctx: RequestContext, id: string): Promise<{ importantDate: ImportantDate; project: Project }> {
    const { row, parent: project } = await lockPart(ctx, ImportantDate, id, DATE);
    const removed = Object.assign(new ImportantDate(), row);
    await ctx.em.remove(row);
    await touchProject(ctx, project);
    return { importantDate: removed, project };
  },

  async addAttachment(ctx: RequestContext, projectId: string, input: gql.AttachmentInput): Promise<{ attachment: Attachment; project: Project }> {
    const project = await lockProject(ctx, projectId, ['projectId']);
    const data = await validateInput(AttachmentInput, input);
    const attachment = await ctx.em.save(
      ctx.em.create(Attachment, {
        workspaceId: project.workspaceId,
        projectId: project.id,
        fileName: data.fileName,
        contentType: data.contentType,
        size: String(data.size),
        storageKey: data.storageKey,
        checksum: data.checksum,
      }),
    );
    await touchProject(ctx, project);
    return { attachment, project };
  },

  /** Soft-deletes a live attachment. */
  async removeAttachment(ctx: RequestContext, id: string): Promise<{ attachment: Attachment; project: Project }> {
    const { row, parent: project } = await lockPart(ctx, Attachment, id, ATTACHMENT);
    const attachment = await ctx.em.softRemove(row);
    await touchProject(ctx, project);
    return { attachment, project };
  },

  /** Restores a removed attachment of a live project. */
  async restoreAttachment(ctx: RequestContext, id: string): Promise<{ attachment: Attachment; project: Project }> {
    const workspaceId = workspaceOf(ctx);
    const found = isUuid(id) ? await ctx.em.findOne(Attachment, { where: { id, workspaceId }, withDeleted: true }) : null;
    if (!found) fail('NOT_FOUND', `Attachment ${id} was not found`, ['id']);
    const project = await ctx.em.findOne(Project, { where: { id: found.projectId, workspaceId }, lock: { mode: 'pessimistic_write' } });
    if (!project) fail('NOT_FOUND', `Attachment ${id} was not found`, ['id']);
    const row = await findForUpdate(ctx.em, Attachment, workspaceId, id, ATTACHMENT, true);
    if (!row.deletedAt) fail('VALIDATION', 'The attachment is not removed', ['id']);
    const attachment = await ctx.em.recover(row);
    await touchProject(ctx, project);
    return { attachment, project };
  },
};
