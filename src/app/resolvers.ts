import { historyResolvers } from '../audit/history.resolvers';
import { byIdLoader } from '../graphql/loaders';
import { session } from '../graphql/context';
import { apiKeyResolvers } from '../auth/api-key.resolvers';
import type { Resolvers } from '../graphql/generated';
import { scalarResolvers } from '../graphql/scalars';
import { Workspace } from '../auth/workspace.entity';
import { appErrorResolvers } from './app-errors';
import { MODULES } from './modules';

const workspaceLoaders = (db: Parameters<typeof byIdLoader>[0], workspaceId: string) => ({ byId: byIdLoader(db, Workspace, workspaceId, 'id') });

const viewerResolvers: Resolvers = {
  Query: {
    viewer: (_p, _a, ctx) => {
      const s = session(ctx);
      return { apiKeyId: s.actor.type === 'API_KEY' ? s.actor.id : null, actor: s.actor, name: s.actor.name, role: s.role, workspaceId: s.workspaceId };
    },
    cacheStats: (_p, _a, ctx) => ctx.cache.stats(),
  },
  Viewer: {
    workspace: async (v, _a, ctx) => (await ctx.loaders.get(workspaceLoaders).byId.load(v.workspaceId))!,
  },
};

/** Merges resolver maps type by type (a module may add fields to another module's types). */
function merge(maps: Resolvers[]): Resolvers {
  const all: Record<string, Record<string, unknown>> = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) all[type] = { ...all[type], ...(fields as Record<string, unknown>) };
  }
  return all as Resolvers;
}

/** The schema's resolver map: the custom scalars, the viewer, every module's resolvers and the history fields. */
export function buildResolvers(): Resolvers {
  return { ...merge([viewerResolvers, apiKeyResolvers, appErrorResolvers, ...MODULES.map((m) => m.resolvers), historyResolvers()]), ...scalarResolvers } as Resolvers;
}
