import type { EntityManager } from 'typeorm';
import { nextNumber } from '../../db/counters';
import { findForUpdate } from '../../db/find';
import { likePattern } from '../../db/like';
import { session, type RequestContext } from '../../graphql/context';
import { fail } from '../../graphql/errors';
import type { JobFilter, JobOrder } from '../../graphql/generated';
import { isUuid } from '../../graphql/ids';
import { runMutation } from '../../graphql/mutation';
import { paginate, type PageArgs, type SortKey } from '../../graphql/pagination';
import { validateInput } from '../../graphql/validation';
import { historyService } from '../../audit/history.service';
import { Client } from '../clients/client.entity';
import { CostSetKind } from '../costing/cost-kinds';
import { CostSet } from '../costing/cost-set.entity';
import { Staff } from '../staff/staff.entity';
import { Job } from './job.entity';
import { CreateJobInput, UpdateJobInput } from './job.inputs';
import { canTransition, CLOSED_STATUSES, JOB_TRANSITIONS, JobPriority, JobStatus, UNDELETABLE_STATUSES } from './job-status';

const SORTS: Record<string, SortKey> = {
  CREATED_AT: { name: 'CREATED_AT', expr: 'j.created_at', type: 'timestamptz' },
  UPDATED_AT: { name: 'UPDATED_AT', expr: 'j.updated_at', type: 'timestamptz' },
  DEADLINE: { name: 'DEADLINE', expr: "COALESCE(j.deadline, 'infinity'::date)", type: 'date' },
  NUMBER: { name: 'NUMBER', expr: 'j.number', type: 'integer' },
  NAME: { name: 'NAME', expr: 'lower(j.name)', type: 'text' },
};

async function checkClient(em: EntityManager, workspaceId: string, clientId: string, path = ['input', 'clientId']): Promise<void> {
  if (!(await em.existsBy(Client, { id: clientId, workspaceId }))) {
    fail('NOT_FOUND', `Client ${clientId} was not found`, path);
  }
}

async function checkAssignee(em: EntityManager, workspaceId: string, staffId: string, path = ['input', 'assigneeId']): Promise<void> {
  const staff = await em.findOneBy(Staff, { id: staffId, workspaceId });
  if (!staff) fail('NOT_FOUND', `Staff member ${staffId} was not found`, path);
  if (!staff.active) fail('VALIDATION', `${staff.name} is deactivated and cannot be assigned jobs`, path);
}

/** Jobs: the work done for clients, with its status machine and delete rules. */
export const jobService = {
  /** A job of the caller's workspace; deleted jobs only when asked for. */
  async get(ctx: RequestContext, id: string, includeDeleted = false): Promise<Job | null> {
    const job = await ctx.loaders.job.load(id);
    return job && (includeDeleted || !job.deletedAt) ? job : null;
  },

  async list(ctx: RequestContext, args: PageArgs & { filter?: JobFilter | null; orderBy?: JobOrder | null }) {
    const { workspaceId } = session(ctx);
    const f = args.filter ?? {};
    const qb = ctx.db.getRepository(Job).createQueryBuilder('j').where('j.workspace_id = :ws', { ws: workspaceId });
    if (f.includeDeleted) qb.withDeleted();
    if (f.status?.length) qb.andWhere('j.status::text = ANY(:status)', { status: f.status });
    if (f.priority?.length) qb.andWhere('j.priority::text = ANY(:priority)', { priority: f.priority });
    if (f.clientId != null) qb.andWhere(isUuid(f.clientId) ? 'j.client_id = :clientId' : 'false', { clientId: f.clientId });
    if (f.assigneeId != null) qb.andWhere(isUuid(f.assigneeId) ? 'j.assignee_id = :assigneeId' : 'false', { assigneeId: f.assigneeId });
    const search = f.search?.trim();
    if (search) {
      const number = /^#?\d{1,9}$/.test(search) ? Number(search.replace('#', '')) : null;
      qb.andWhere(`(j.name ILIKE :q OR j.description ILIKE :q${number !== null ? ' OR j.number = :number' : ''})`, {
        q: likePattern(search),
        number,
      });
    }
    if (f.overdue != null) {
      const overdue = 'j.deadline < current_date AND j.status::text <> ALL(:closed)';
      qb.andWhere(f.overdue ? overdue : `NOT (${overdue} AND j.deadline IS NOT NULL)`, { closed: CLOSED_STATUSES });
    }
    const order = args.orderBy ?? { field: 'CREATED_AT', direction: 'DESC' };
    const page = await paginate(qb, 'j', SORTS[order.field], order.direction === 'DESC', args);
    page.nodes.forEach((j) => ctx.loaders.job.prime(j.id, j));
    return page;
  },

  /** Statuses the job may move to now. */
  allowedTransitions(job: Job): readonly JobStatus[] {
    return job.deletedAt ? [] : JOB_TRANSITIONS[job.status];
  },

  /** Creates a DRAFT job with the next number and empty rev-1 cost sets of each kind. */
  create(ctx: RequestContext, input: unknown, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const data = await validateInput(CreateJobInput, input);
      await checkClient(em, workspaceId, data.clientId);
      if (data.assigneeId) await checkAssignee(em, workspaceId, data.assigneeId);
      const job = em.create(Job, {
        workspaceId,
        number: await nextNumber(em, workspaceId, 'job'),
        name: data.name,
        description: data.description ?? null,
        clientId: data.clientId,
        priority: data.priority ?? JobPriority.NORMAL,
        deadline: data.deadline ?? null,
        assigneeId: data.assigneeId ?? null,
        status: JobStatus.DRAFT,
      });
      await em.save(job);
      for (const kind of Object.values(CostSetKind)) {
        await em.save(em.create(CostSet, { workspaceId, jobId: job.id, kind, rev: 1, summaryCost: '0.00', summaryRev: '0.00', summaryHours: '0.000' }));
      }
      return { job };
    });
  },

  update(ctx: RequestContext, id: string, input: unknown, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const job = await findForUpdate(em, Job, workspaceId, id, ['id'], 'Job');
      const data = await validateInput(UpdateJobInput, input);
      if (data.clientId !== undefined && data.clientId !== job.clientId) await checkClient(em, workspaceId, data.clientId);
      if (data.assigneeId && data.assigneeId !== job.assigneeId) await checkAssignee(em, workspaceId, data.assigneeId);
      Object.assign(job, data);
      return { job: await em.save(job) };
    });
  },

  changeStatus(ctx: RequestContext, id: string, status: JobStatus, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const job = await findForUpdate(em, Job, workspaceId, id, ['id'], 'Job');
      if (!canTransition(job.status, status)) {
        const allowed = JOB_TRANSITIONS[job.status];
        fail(
          'INVALID_STATUS_TRANSITION',
          `A ${job.status} job cannot move to ${status}; allowed: ${allowed.length ? allowed.join(', ') : 'none'}`,
          ['status'],
        );
      }
      job.status = status;
      return { job: await em.save(job) };
    });
  },

  /** Soft-deletes a job that has not started and has no actual cost or revenue. */
  delete(ctx: RequestContext, id: string, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const job = await findForUpdate(em, Job, workspaceId, id, ['id'], 'Job');
      if (UNDELETABLE_STATUSES.includes(job.status)) fail('NOT_DELETABLE', `A ${job.status} job cannot be deleted`, ['id']);
      const costed = await em
        .createQueryBuilder(CostSet, 'cs')
        .where('cs.job_id = :id AND cs.kind = :kind', { id: job.id, kind: CostSetKind.ACTUAL })
        .andWhere('(cs.summary_cost > 0 OR cs.summary_rev > 0)')
        .getExists();
      if (costed) fail('NOT_DELETABLE', 'A job with actual costs or revenue cannot be deleted', ['id']);
      await em.softRemove(job);
      return { job };
    });
  },

  restore(ctx: RequestContext, id: string, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const job = await findForUpdate(em, Job, workspaceId, id, ['id'], 'Job', true);
      if (!job.deletedAt) fail('VALIDATION', 'The job is not deleted', ['id']);
      await em.recover(job);
      return { job };
    });
  },

  /** Restores the editable fields of an earlier version (not the status), as a new audited change. */
  revert(ctx: RequestContext, id: string, toVersion: number, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const job = await findForUpdate(em, Job, workspaceId, id, ['id'], 'Job');
      const record = await historyService.version(em, workspaceId, 'JOB', job.id, toVersion);
      if (!record) fail('NOT_FOUND', `Job ${id} has no version ${toVersion}`, ['toVersion']);
      const s = record.snapshot as Partial<Job>;
      if (s.clientId && s.clientId !== job.clientId) await checkClient(em, workspaceId, s.clientId, ['toVersion']);
      if (s.assigneeId && s.assigneeId !== job.assigneeId) await checkAssignee(em, workspaceId, s.assigneeId, ['toVersion']);
      Object.assign(job, {
        name: s.name,
        description: s.description ?? null,
        clientId: s.clientId,
        priority: s.priority,
        deadline: s.deadline ?? null,
        assigneeId: s.assigneeId ?? null,
      });
      return { job: await em.save(job) };
    });
  },
};
