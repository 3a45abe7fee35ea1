import { asOfMoment } from '../../audit/as-of';
import type { RequestContext } from '../../graphql/context';
import type { Resolvers } from '../../graphql/generated';
import { mutation } from '../../graphql/mutation';
import { jobLoaders, type Job } from '../jobs';
import { staffLoaders } from '../staff';
import { CostSetKind } from './cost-kinds';
import type { CostSet } from './cost-set.entity';
import { costingLoaders } from './costing.loaders';
import { costingService } from './costing.service';
import { jobCostSummary, latestOf } from './job-summary';

/** A job's cost sets: live through the loader, or as they stood when the job was read as of a moment. */
function costSetsOf(job: Job, ctx: RequestContext): Promise<CostSet[]> {
  const at = asOfMoment(job);
  const loaders = ctx.loaders.get(costingLoaders);
  return at ? loaders.costSetsByJobAsOf.load({ id: job.id, at }) : loaders.costSetsByJob.load(job.id);
}

export const costingResolvers: Resolvers = {
  Query: {
    costSet: (_p, { id }, ctx) => costingService.getCostSet(ctx, id),
    costLine: (_p, { id }, ctx) => costingService.getCostLine(ctx, id),
  },
  Mutation: {
    createCostSet: mutation(async (tx, { input }) => ({ costSet: await costingService.createCostSet(tx, input) })),
    addCostLine: mutation((tx, { costSetId, input }) => costingService.addLine(tx, costSetId, input)),
    updateCostLine: mutation((tx, { id, input }) => costingService.updateLine(tx, id, input)),
    deleteCostLine: mutation((tx, { id }) => costingService.deleteLine(tx, id)),
    revertCostLine: mutation((tx, { id, toVersion }) => costingService.revertLine(tx, id, toVersion)),
  },
  Job: {
    costSets: async (job, { kind }, ctx) => {
      const sets = await costSetsOf(job, ctx);
      return kind ? sets.filter((cs) => cs.kind === kind) : sets;
    },
    latestEstimate: async (job, _a, ctx) => latestOf(await costSetsOf(job, ctx), CostSetKind.ESTIMATE),
    latestQuote: async (job, _a, ctx) => latestOf(await costSetsOf(job, ctx), CostSetKind.QUOTE),
    latestActual: async (job, _a, ctx) => latestOf(await costSetsOf(job, ctx), CostSetKind.ACTUAL),
    costSummary: async (job, _a, ctx) => (asOfMoment(job) ? jobCostSummary(await costSetsOf(job, ctx)) : ctx.loaders.get(costingLoaders).costSummary.load(job.id)),
  },
  CostSet: {
    job: async (cs, _a, ctx) => (await ctx.loaders.get(jobLoaders).byId.load(cs.jobId))!,
    summary: (cs) => ({ cost: cs.summaryCost, rev: cs.summaryRev, hours: cs.summaryHours }),
    costLines: (cs, _a, ctx) => {
      const at = asOfMoment(cs);
      const loaders = ctx.loaders.get(costingLoaders);
      return at ? loaders.costLinesByCostSetAsOf.load({ id: cs.id, at }) : loaders.costLinesByCostSet.load(cs.id);
    },
  },
  CostLine: {
    costSet: async (line, _a, ctx) => (await ctx.loaders.get(costingLoaders).costSet.load(line.costSetId))!,
    staff: (line, _a, ctx) => (line.staffId ? ctx.loaders.get(staffLoaders).byId.load(line.staffId) : null),
  },
};
