import type { Resolvers } from '../../graphql/generated';
import { CostSetKind } from '../costing/cost-kinds';
import { jobCostSummary, latestOf } from '../costing/job-summary';
import { jobService } from './job.service';

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
  },
  Job: {
    client: async (job, _a, ctx) => (await ctx.loaders.client.load(job.clientId))!,
    assignee: (job, _a, ctx) => (job.assigneeId ? ctx.loaders.staff.load(job.assigneeId) : null),
    costSets: async (job, { kind }, ctx) => {
      const sets = await ctx.loaders.costSetsByJob.load(job.id);
      return kind ? sets.filter((cs) => cs.kind === kind) : sets;
    },
    latestEstimate: async (job, _a, ctx) => latestOf(await ctx.loaders.costSetsByJob.load(job.id), CostSetKind.ESTIMATE),
    latestQuote: async (job, _a, ctx) => latestOf(await ctx.loaders.costSetsByJob.load(job.id), CostSetKind.QUOTE),
    latestActual: async (job, _a, ctx) => latestOf(await ctx.loaders.costSetsByJob.load(job.id), CostSetKind.ACTUAL),
    costSummary: async (job, _a, ctx) => jobCostSummary(await ctx.loaders.costSetsByJob.load(job.id)),
    allowedTransitions: (job) => [...jobService.allowedTransitions(job)],
  },
};
