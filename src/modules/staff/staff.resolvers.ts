import type { Resolvers } from '../../graphql/generated';
import { mutation } from '../../graphql/mutation';
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
  },
};
