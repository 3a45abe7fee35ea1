import { costSetsAsOf } from '../../audit/as-of';
import type { RequestContext } from '../../graphql/context';
import type { Resolvers } from '../../graphql/generated';
import type { Job } from './job.entity';
import { CostSetKind } from '../costing/cost-kinds';
import { jobCostSummary, latestOf } from '../costing/job-summary';
import { jobService } from './job.service';

/** A job's cost sets: rebuilt ones for a job as of a moment, otherwise through the loader. */
async function costSetsOf(job: Job, ctx: RequestContext) {
  return costSetsAsOf(job) ?? ctx.loaders.costSetsByJob.load(job.id);
}

export const jobResolvers: Resolvers = {
  Query: {
    job: (_p, { id, includeDeleted }, ctx) => jobService.get(ctx, id, includeDeleted ?? false),
    jobs: (_p, args, ctx) => jobService.list(ctx, args),
  },
  Mutation: {
    createJob: (_p, { input, reason }, ctx) => jobService.create(ctx, input, reason),
    updateJob: (_p, { id, input, reason }, ctx) => jobService.update(ctx, id, input, reason),
    changeJobStatus: (_p, { id, status, reason }, ctx) => jobService.changeStatus(ctx, id, status as never, reason),
    deleteJob: (_p, { id, reason }, ctx) => jobService.delete(ctx, id, reason),
    restoreJob: (_p, { id, reason }, ctx) => jobService.restore(ctx, id, reason),
    revertJob: (_p, { id, toVersion, reason }, ctx) => jobService.revert(ctx, id, toVersion, reason),
  },
  Job: {
    client: async (job, _a, ctx) => (await ctx.loaders.client.load(job.clientId))!,
    assignee: (job, _a, ctx) => (job.assigneeId ? ctx.loaders.staff.load(job.assigneeId) : null),
    costSets: async (job, { kind }, ctx) => {
      const sets = await costSetsOf(job, ctx);
      return kind ? sets.filter((cs) => cs.kind === kind) : sets;
    },
    latestEstimate: async (job, _a, ctx) => latestOf(await costSetsOf(job, ctx), CostSetKind.ESTIMATE),
    latestQuote: async (job, _a, ctx) => latestOf(await costSetsOf(job, ctx), CostSetKind.QUOTE),
    latestActual: async (job, _a, ctx) => latestOf(await costSetsOf(job, ctx), CostSetKind.ACTUAL),
    costSummary: async (job, _a, ctx) => jobCostSummary(await costSetsOf(job, ctx)),
    allowedTransitions: (job) => [...jobService.allowedTransitions(job)],
  },
};
