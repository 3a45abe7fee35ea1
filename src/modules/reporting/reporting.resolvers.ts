import type { Resolvers } from '../../graphql/generated';
import { clientLoaders } from '../clients';
import { staffLoaders } from '../staff';
import { reportingService } from './reporting.service';

export const reportingResolvers: Resolvers = {
  Query: {
    dashboard: (_p, { from, to }, ctx) => reportingService.dashboard(ctx, from ?? null, to ?? null),
    workload: (_p, { filter }, ctx) => reportingService.workload(ctx, filter),
  },
  ClientRevenue: {
    client: async (row, _a, ctx) => (await ctx.loaders.get(clientLoaders).byId.load(row.clientId))!,
  },
  WorkloadRow: {
    staffMember: async (row, _a, ctx) => (await ctx.loaders.get(staffLoaders).byId.load(row.staffId))!,
  },
};
