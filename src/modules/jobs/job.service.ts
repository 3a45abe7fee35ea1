import { rowsAsOf, type AsOf } from '../../audit/as-of';
import { historyService } from '../../audit/history.service';
import { nextNumber } from '../../db/counters';
import { findForUpdate, mustExist } from '../../db/find';
import { workspaceOf, type RequestContext } from '../../graphql/context';
import type * as gql from '../../graphql/generated';
import type { JobFilter, JobOrderField } from '../../graphql/generated';
import { containsText, defineList, idEquals, oneOf, type ListArgs } from '../../graphql/list';
import { fail } from '../../kernel/errors';
import { isUuid } from '../../kernel/ids';
import { validateInput } from '../../kernel/validation';
import { Client } from '../clients';
import { staffService } from '../staff';
import { jobEvents } from './job.events';
import { Job } from './job.entity';
import { CreateJobInput, UpdateJobInput } from './job.inputs';
import { jobLoaders } from './job.loaders';
import { canTransition, JOB_TRANSITIONS, OPEN_STATUSES, JobPriority, JobStatus, UNDELETABLE_STATUSES } from './job-status';

const JOB = { path: ['id'], what: 'Job' };

const listJobs = defineList<Job, JobFilter, JobOrderField>({
  entity: Job,
  alias: 'j',
  sorts: {
    CREATED_AT: { expr: 'j.created_at', type: 'timestamptz' },
    UPDATED_AT: { expr: 'j.updated_at', type: 'timestamptz' },
    // Both read live jobs in order from an index of migration ReportIndexes (the expression must match it).
    DEADLINE: { expr: "COALESCE(j.deadline, 'infinity'::date)", type: 'date' },
    PRIORITY: { expr: 'j.priority', type: { enumName: 'job_priority', values: Object.values(JobPriority) } },
    NUMBER: { expr: 'j.number', type: 'integer' },
    NAME: { expr: 'lower(j.name)', type: 'text' },
  },
  defaultOrder: { field: 'CREATED_AT', direction: 'DESC' },
  withDeleted: (f) => Boolean(f.includeDeleted),
  filters: {
    status: oneOf('j.status'),
    priority: oneOf('j.priority'),
    clientId: idEquals('j.client_id'),
    assigneeId: idEquals('j.assignee_id'),
    // "#12" or "12" also finds job number 12.
    search: (text, param) => {
      const byText = containsText(['j.name', 'j.description'])(text, param);
      const number = /^#?\d{1,9}$/.test(text.trim()) ? Number(text.trim().replace('#', '')) : null;
      return byText && number !== null ? `(${byText} OR j.number = ${param(number)})` : byText;
    },
    overdue: (overdue, param) => {
      // status = ANY(open) rather than <> ALL(closed): the index on (workspace, status, deadline) serves it.
      const sql = `j.deadline < current_date AND j.status = ANY(${param(OPEN_STATUSES)}::job_status[])`;
      return overdue ? sql : `NOT (${sql} AND j.deadline IS NOT NULL)`;
    },
  },
  prime: (ctx) => ctx.loaders.get(jobLoaders).byId,
});

/** Jobs: the work done for clients, with its status machine and delete rules. */
export const jobService = {
  /** A job of the caller's workspace; deleted jobs only when asked for. */
  async get(ctx: RequestContext, id: string, includeDeleted = false): Promise<Job | null> {
    const job = await ctx.loaders.get(jobLoaders).byId.load(id);
    return job && (includeDeleted || !job.deletedAt) ? job : null;
  },

  list(ctx: RequestContext, args: ListArgs<JobFilter, JobOrderField>) {
    return listJobs(ctx, args);
  },

  /** The job as it stood at `at`, rebuilt from history (its cost sets follow it there), or null. */
  async asOf(ctx: RequestContext, id: string, at: Date): Promise<AsOf<Job> | null> {
    if (!isUuid(id)) return null;
    const [job] = await rowsAsOf(ctx.db, Job, workspaceOf(ctx), 'h.id = $3', [id], at);
    return job ?? null;
  },

  /** Statuses the job may move to now. */
  allowedTransitions(job: Job): readonly JobStatus[] {
    return job.deletedAt ? [] : JOB_TRANSITIONS[job.status];
  },

  /** Locks a live job of the workspace for update, or fails with NOT_FOUND at `path`. */
  lock(ctx: RequestContext, id: string, path: string[]): Promise<Job> {
    return findForUpdate(ctx.em, Job, workspaceOf(ctx), id, { path, what: 'Job' });
  },

  /** Creates a DRAFT job with the next number; `jobEvents.created` handlers add what belongs to a new job. */
  async create(ctx: RequestContext, input: gql.CreateJobInput): Promise<Job> {
    const workspaceId = workspaceOf(ctx);
    const data = await validateInput(CreateJobInput, input);
    await mustExist(ctx.em, Client, workspaceId, data.clientId, { path: ['input', 'clientId'], what: 'Client' });
    if (data.assigneeId) await staffService.assignable(ctx, data.assigneeId, ['input', 'assigneeId'], 'assigned jobs');
    const job = await ctx.em.save(
      ctx.em.create(Job, {
        workspaceId,
        number: await nextNumber(ctx.em, workspaceId, 'job'),
        name: data.name,
        description: data.description ?? null,
        clientId: data.clientId,
        priority: data.priority ?? JobPriority.NORMAL,
        deadline: data.deadline ?? null,
        assigneeId: data.assigneeId ?? null,
        status: JobStatus.DRAFT,
      }),
    );
    await jobEvents.created.run(ctx, job);
    return job;
  },

  async update(ctx: RequestContext, id: string, input: gql.UpdateJobInput): Promise<Job> {
    const workspaceId = workspaceOf(ctx);
    const job = await findForUpdate(ctx.em, Job, workspaceId, id, JOB);
    const data = await validateInput(UpdateJobInput, input);
    if (data.clientId !== undefined && data.clientId !== job.clientId) {
      await mustExist(ctx.em, Client, workspaceId, data.clientId, { path: ['input', 'clientId'], what: 'Client' });
    }
    if (data.assigneeId && data.assigneeId !== job.assigneeId) await staffService.assignable(ctx, data.assigneeId, ['input', 'assigneeId'], 'assigned jobs');
    Object.assign(job, data);
    return ctx.em.save(job);
  },

  async changeStatus(ctx: RequestContext, id: string, status: JobStatus): Promise<Job> {
    const job = await findForUpdate(ctx.em, Job, workspaceOf(ctx), id, JOB);
    if (!canTransition(job.status, status)) {
      const allowed = JOB_TRANSITIONS[job.status];
      fail('INVALID_STATUS_TRANSITION', `A ${job.status} job cannot move to ${status}; allowed: ${allowed.length ? allowed.join(', ') : 'none'}`, ['status']);
    }
    job.status = status;
    return ctx.em.save(job);
  },

  /** Soft-deletes a job that has not started and that no `jobEvents.deleting` handler refuses (costing: no actual costs). */
  async delete(ctx: RequestContext, id: string): Promise<Job> {
    const job = await findForUpdate(ctx.em, Job, workspaceOf(ctx), id, JOB);
    if (UNDELETABLE_STATUSES.includes(job.status)) fail('NOT_DELETABLE', `A ${job.status} job cannot be deleted`, ['id']);
    await jobEvents.deleting.run(ctx, job);
    return ctx.em.softRemove(job);
  },

  async restore(ctx: RequestContext, id: string): Promise<Job> {
    const job = await findForUpdate(ctx.em, Job, workspaceOf(ctx), id, JOB, true);
    if (!job.deletedAt) fail('VALIDATION', 'The job is not deleted', ['id']);
    return ctx.em.recover(job);
  },

  /** Restores the editable fields of an earlier version (not the status), as a new audited change. */
  async revert(ctx: RequestContext, id: string, toVersion: number): Promise<Job> {
    const workspaceId = workspaceOf(ctx);
    const job = await findForUpdate(ctx.em, Job, workspaceId, id, JOB);
    const record = await historyService.version(ctx.em, workspaceId, 'JOB', job.id, toVersion);
    if (!record) fail('NOT_FOUND', `Job ${id} has no version ${toVersion}`, ['toVersion']);
    const s = record.snapshot as Partial<Job>;
    if (s.clientId && s.clientId !== job.clientId) await mustExist(ctx.em, Client, workspaceId, s.clientId, { path: ['toVersion'], what: 'Client' });
    if (s.assigneeId && s.assigneeId !== job.assigneeId) await staffService.assignable(ctx, s.assigneeId, ['toVersion'], 'assigned jobs');
    Object.assign(job, {
      name: s.name,
      description: s.description ?? null,
      clientId: s.clientId,
      priority: s.priority,
      deadline: s.deadline ?? null,
      assigneeId: s.assigneeId ?? null,
    });
    return ctx.em.save(job);
  },
};
