import { historyResolvers } from '../audit/history.resolvers';
import { clientResolvers } from '../modules/clients/client.resolvers';
import { costingResolvers } from '../modules/costing/costing.resolvers';
import { jobResolvers } from '../modules/jobs/job.resolvers';
import { purchasingResolvers } from '../modules/purchasing/purchasing.resolvers';
import { staffResolvers } from '../modules/staff/staff.resolvers';
import { stockResolvers } from '../modules/stock/stock.resolvers';
import { session } from './context';
import type { Resolvers } from './generated';
import { scalarResolvers } from './scalars';

const viewerResolvers: Resolvers = {
  Query: {
    viewer: (_p, _a, ctx) => {
      const s = session(ctx);
      return { apiKeyId: s.actor.id, name: s.actor.name, role: s.role, workspaceId: s.workspaceId };
    },
  },
  Viewer: {
    workspace: async (v, _a, ctx) => (await ctx.loaders.workspace.load(v.workspaceId))!,
  },
};

const modules: Resolvers[] = [viewerResolvers, clientResolvers, staffResolvers, jobResolvers, costingResolvers, purchasingResolvers, stockResolvers, historyResolvers];

/** Every module's resolvers merged into one map, plus the custom scalars. */
export const resolvers: Resolvers = modules.reduce<Record<string, Record<string, unknown>>>(
  (all, mod) => {
    for (const [type, fields] of Object.entries(mod)) all[type] = { ...all[type], ...(fields as Record<string, unknown>) };
    return all;
  },
  { ...scalarResolvers } as never,
) as Resolvers;
