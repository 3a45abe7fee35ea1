import type { ObjectLiteral } from 'typeorm';
import { auditedBulkUpdate } from '../../audit/bulk';
import { findForUpdate } from '../../db/find';
import { badUserInput } from '../../graphql/errors';
import { workspaceOf, type RequestContext } from '../../graphql/context';
import type * as gql from '../../graphql/generated';
import type { ProjectFilter, ProjectOrderField } from '../../graphql/generated';
import { defineList, equals, idEquals, type ListArgs } from '../../graphql/list';
import { fail } from '../../kernel/errors';
import { jsonValueProblem, textProblem, validateInput } from '../../kernel/validation';
import { staffService } from '../staff';
import { Attachment } from './attachment.entity';
import { DETAILS_ENTITY } from './project-details.entity';
import { CreateProjectInput, META_VALUE_MAX_BYTES, UpdateProjectInput } from './project.inputs';
import { projectLoaders } from './project.loaders';
import { Project } from './project.entity';
import { assertDateRange, assertOwnKindDetails, DETAILS_FIELD, kindOfNewProject, wouldChange } from './project.rules';

const PROJECT = { path: ['id'], what: 'Project' };
/** The text-search configuration of the search index (see the Projects migration's `project_search_document`). */
const TS_CONFIG = "'english'";
const SEARCH_MAX_LENGTH = 500;

/** Filter: projects with a metadata entry under `key` whose value contains `equals` (`@>`, the GIN index on `project_meta.value`). */
export function metaContains(alias: string, key: string, equals: unknown, param: (value: unknown) => string): string {
  const problem = textProblem(key) ?? (key.length > 100 ? 'must be at most 100 characters' : null);
  if (problem) throw badUserInput(`filter.meta.key ${problem}`, 'filter');
  const valueProblem = jsonValueProblem(equals, META_VALUE_MAX_BYTES);
  if (valueProblem) throw badUserInput(`filter.meta.equals ${valueProblem}`, 'filter');
  return `${alias}.id IN (SELECT m.project_id FROM project_meta m WHERE m.key = ${param(key)} AND m.value @> ${param(JSON.stringify(equals))}::jsonb)`;
}

const listProjects = defineList<Project, ProjectFilter, ProjectOrderField>({
  entity: Project,
  alias: 'p',
  sorts: {
    CREATED_AT: { expr: 'p.created_at', type: 'timestamptz' },
    UPDATED_AT: { expr: 'p.updated_at', type: 'timestamptz' },
    NAME: { expr: 'lower(p.name)', type: 'text' },
    START_DATE: { expr: 'p.start_date', type: 'date' },
  },
  defaultOrder: { field: 'CREATED_AT', direction: 'DESC' },
  withDeleted: (f) => Boolean(f.includeDeleted),
  filters: {
    kind: (kind, param) => `p.kind::text = ${param(kind)}`,
    ownerId: idEquals('p.owner_id'),
    draft: equals('p.draft'),
    startsAfter: (date, param) => `p.start_date > ${param(date)}::date`,
    endsBefore: (date, param) => `p.end_date < ${param(date)}::date`,
    meta: ({ key, equals: value }, param) => metaContains('p', key, value, param),
  },
  prime: (ctx) => ctx.loaders.get(projectLoaders).byId,
});

/**
 * Search: the stored tsvector of each project (`project_search.document`, kept by triggers from the
 * project and its details; GIN-indexed), ranked with `ts_rank`; cursors carry (rank, id).
 */
const searchList = defineList<Project, { query: string }, 'RANK'>({
  entity: Project,
  alias: 'p',
  joins: [{ table: 'project_search', alias: 's', on: 's.id = p.id' }],
  sorts: { RANK: ({ query }, param) => ({ expr: `ts_rank(s.document, websearch_to_tsquery(${TS_CONFIG}, ${param(query)}))`, type: 'real' }) },
  defaultOrder: { field: 'RANK', direction: 'DESC' },
  filters: { query: (query, param) => `s.document @@ websearch_to_tsquery(${TS_CONFIG}, ${param(query)})` },
  prime: (ctx) => ctx.loaders.get(projectLoaders).byId,
});

/**
 * Moves a project's `updated_at` after a change to what belongs to it (details, meta, dates,
 * attachments), so it counts as updated (and is not cleaned up as abandoned). Written through the
 * audited bulk helper; the history trigger drops the record, as only `updated_at` changed.
 */
export async function touchProject(ctx: RequestContext, project: Project): Promise<void> {
  await auditedBulkUpdate(ctx.em, Project, 'updated_at = now()', 't.id = $1', [project.id]);
  project.updatedAt = new Date();
}

/** Locks a live project of the workspace for a change, or NOT_FOUND at `path`. */
export function lockProject(ctx: RequestContext, id: string, path: string[]): Promise<Project> {
  return findForUpdate(ctx.em, Project, workspaceOf(ctx), id, { path, what: 'Project' });
}

/** Projects: their common fields and their kind's details. */
export const projectService = {
  /** A project of the caller's workspace; deleted ones only when asked for. */
  async get(ctx: RequestContext, id: string, includeDeleted = false): Promise<Project | null> {
    const project = await ctx.loaders.get(projectLoaders).byId.load(id);
    return project && (includeDeleted || !project.deletedAt) ? project : null;
  },

  list(ctx: RequestContext, args: ListArgs<ProjectFilter, ProjectOrderField>) {
    return listProjects(ctx, args);
  },

  search(ctx: RequestContext, args: { query: string; first?: number | null; after?: string | null }) {
    const query = args.query.trim();
    if (!query) throw badUserInput('query must contain a word to search for', 'query');
    const problem = textProblem(query) ?? (query.length > SEARCH_MAX_LENGTH ? `must be at most ${SEARCH_MAX_LENGTH} characters` : null);
    if (problem) throw badUserInput(`query ${problem}`, 'query');
    return searchList(ctx, { first: args.first, after: args.after, filter: { query } });
  },

  /** Creates a draft project and the details row of its kind (from `school` or `selfStudy`, exactly one). */
  async create(ctx: RequestContext, input: gql.CreateProjectInput): Promise<Project> {
    const workspaceId = workspaceOf(ctx);
    const data = await validateInput(CreateProjectInput, input);
    const kind = kindOfNewProject(data);
    assertDateRange(data.startDate, data.endDate, ['input', 'endDate']);
    await staffService.assignable(ctx, data.ownerId, ['input', 'ownerId'], 'a project owner');
    const project = await ctx.em.save(
      ctx.em.create(Project, {
        workspaceId,
        name: data.name,
        kind,
        ownerId: data.ownerId,
        startDate: data.startDate,
        endDate: data.endDate,
        description: data.description ?? null,
        draft: true,
      }),
    );
    const details = data[DETAILS_FIELD[kind]]!;
    await ctx.em.save(ctx.em.create(DETAILS_ENTITY[kind], { ...details, id: project.id, workspaceId, kind }));
    return project;
  },

  /** Changes the fields given and the details of the project's own kind. */
  async update(ctx: RequestContext, id: string, input: gql.UpdateProjectInput): Promise<Project> {
    const workspaceId = workspaceOf(ctx);
    const project = await findForUpdate(ctx.em, Project, workspaceId, id, PROJECT);
    const { school, selfStudy, ...fields } = await validateInput(UpdateProjectInput, input);
    assertOwnKindDetails(project.kind, { school, selfStudy });
    if (fields.ownerId !== undefined && fields.ownerId !== project.ownerId) {
      await staffService.assignable(ctx, fields.ownerId, ['input', 'ownerId'], 'a project owner');
    }
    const changesProject = wouldChange(project, fields);
    Object.assign(project, fields);
    assertDateRange(project.startDate, project.endDate, ['input', fields.endDate !== undefined ? 'endDate' : 'startDate']);
    if (changesProject) await ctx.em.save(project);
    const details = school ?? selfStudy;
    if (details) {
      const row = await findForUpdate<ObjectLiteral>(ctx.em, DETAILS_ENTITY[project.kind], workspaceId, project.id, PROJECT);
      if (wouldChange(row, details as ObjectLiteral)) {
        await ctx.em.save(Object.assign(row, details));
        if (!changesProject) await touchProject(ctx, project);
      }
    }
    return project;
  },

  async publish(ctx: RequestContext, id: string): Promise<Project> {
    const project = await findForUpdate(ctx.em, Project, workspaceOf(ctx), id, PROJECT);
    if (!project.draft) fail('INVALID_STATUS_TRANSITION', 'The project is already published', ['id']);
    project.draft = false;
    return ctx.em.save(project);
  },

  /** Soft-deletes a project that has no live attachments (IN_USE otherwise: remove them first). */
  async delete(ctx: RequestContext, id: string): Promise<Project> {
    const project = await findForUpdate(ctx.em, Project, workspaceOf(ctx), id, PROJECT);
    const attachments = await ctx.em.countBy(Attachment, { projectId: project.id });
    if (attachments > 0) {
      fail('IN_USE', `The project has ${attachments} attachment${attachments === 1 ? '' : 's'}; remove ${attachments === 1 ? 'it' : 'them'} before deleting the project`, ['id']);
    }
    return ctx.em.softRemove(project);
  },

  async restore(ctx: RequestContext, id: string): Promise<Project> {
    const project = await findForUpdate(ctx.em, Project, workspaceOf(ctx), id, PROJECT, true);
    if (!project.deletedAt) fail('VALIDATION', 'The project is not deleted', ['id']);
    return ctx.em.recover(project);
  },
};
