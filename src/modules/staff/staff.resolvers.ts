import type { Resolvers } from '../../graphql/generated';
import { badUserInput } from '../../graphql/errors';
import { mutation } from '../../graphql/mutation';
import { MAX_REPORT_DEPTH } from './staff-hierarchy';
import type { Staff } from './staff.entity';
import { staffLoaders } from './staff.loaders';
import { staffService } from './staff.service';

export const staffResolvers: Resolvers = {
  Query: {
    staffMember: (_p, { id }, ctx) => staffService.get(ctx, id),
    staff: (_p, args, ctx) => staffService.list(ctx, args),
  },
  Mutation: {
    createStaff: mutation(async (tx, { input }) => ({ staffMember: await staffService.create(tx, input) })),
    updateStaff: mutation(async (tx, { id, input }) => ({ staffMember: await staffService.update(tx, id, input) })),
    deactivateStaff: mutation(async (tx, { id }) => ({ staffMember: await staffService.deactivate(tx, id) })),
  },
  Staff: {
    manager: (s, _a, ctx) => (s.managerId ? ctx.loaders.get(staffLoaders).byId.load(s.managerId) : null),
    reports: (s, _a, ctx) => ctx.loaders.get(staffLoaders).byManager.load(s.id),
    allReports: (s, { depth }, ctx) => {
      const d = depth ?? 5;
      if (d < 1) throw badUserInput(`depth must be at least 1 (got ${d})`, 'depth');
      return ctx.loaders.get(staffLoaders).allReports.load({ id: s.id, depth: Math.min(d, MAX_REPORT_DEPTH) });
    },
    managementChain: async (s, _a, ctx) => {
      const loaders = ctx.loaders.get(staffLoaders);
      const ids = await loaders.managementChain.load(s.id);
      return (await loaders.byId.loadMany(ids)).filter((m): m is Staff => m !== null && !(m instanceof Error));
    },
  },
  StaffReport: {
    staffMember: async (r, _a, ctx) => (await ctx.loaders.get(staffLoaders).byId.load(r.staffId))!,
  },
};
