import { costLinesAsOf } from '../../audit/as-of';
import type { Resolvers } from '../../graphql/generated';
import { costingService } from './costing.service';

export const costingResolvers: Resolvers = {
  Query: {
    costSet: (_p, { id }, ctx) => costingService.getCostSet(ctx, id),
    costLine: (_p, { id }, ctx) => costingService.getCostLine(ctx, id),
  },
  Mutation: {
    createCostSet: (_p, { input, reason }, ctx) => costingService.createCostSet(ctx, input, reason),
    addCostLine: (_p, { costSetId, input, reason }, ctx) => costingService.addCostLine(ctx, costSetId, input, reason),
    updateCostLine: (_p, { id, input, reason }, ctx) => costingService.updateCostLine(ctx, id, input, reason),
    deleteCostLine: (_p, { id, reason }, ctx) => costingService.deleteCostLine(ctx, id, reason),
    revertCostLine: (_p, { id, toVersion, reason }, ctx) => costingService.revertCostLine(ctx, id, toVersion, reason),
  },
  CostSet: {
    job: async (cs, _a, ctx) => (await ctx.loaders.job.load(cs.jobId))!,
    summary: (cs) => ({ cost: cs.summaryCost, rev: cs.summaryRev, hours: cs.summaryHours }),
    costLines: (cs, _a, ctx) => costLinesAsOf(cs) ?? ctx.loaders.costLinesByCostSet.load(cs.id),
  },
  CostLine: {
    costSet: async (line, _a, ctx) => (await ctx.loaders.costSet.load(line.costSetId))!,
    staff: (line, _a, ctx) => (line.staffId ? ctx.loaders.staff.load(line.staffId) : null),
  },
};
