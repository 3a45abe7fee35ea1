import type { Resolvers } from '../../graphql/generated';
import { staffService } from './staff.service';

export const staffResolvers: Resolvers = {
  Query: {
    staffMember: (_p, { id }, ctx) => staffService.get(ctx, id),
    staff: (_p, args, ctx) => staffService.list(ctx, args),
  },
  Mutation: {
    createStaff: (_p, { input, reason }, ctx) => staffService.create(ctx, input, reason),
    updateStaff: (_p, { id, input, reason }, ctx) => staffService.update(ctx, id, input, reason),
    deactivateStaff: (_p, { id, reason }, ctx) => staffService.deactivate(ctx, id, reason),
  },
  Staff: {
    manager: (s, _a, ctx) => (s.managerId ? ctx.loaders.staff.load(s.managerId) : null),
    reports: (s, _a, ctx) => ctx.loaders.staffByManager.load(s.id),
  },
};
