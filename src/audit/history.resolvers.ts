import { workspaceOf, type RequestContext } from '../graphql/context';
import { checkFilterText } from '../graphql/list';
import type { Resolvers } from '../graphql/generated';
import { historyGraphqlTypes, type AuditEntityType } from './audited';
import { verifyHistory } from './verify';
import { historyLoaders, historyService } from './history.service';

const entityHistory = (entityType: AuditEntityType) => (row: { id: string }, args: { first?: number | null; after?: string | null }, ctx: RequestContext) =>
  historyService.forEntity(ctx.db, workspaceOf(ctx), ctx.loaders.get(historyLoaders), entityType, row.id, args);

/**
 * The history queries, and a `history` field on every audited type (by default the GraphQL type
 * named like its entity class; see `@Audited`'s `graphqlTypes`), derived from the audit registry:
 * call it once every module is loaded.
 */
export function historyResolvers(): Resolvers {
  const perType = Object.fromEntries(historyGraphqlTypes().map(([graphqlType, type]) => [graphqlType, { history: entityHistory(type) }]));
  return {
    ...perType,
    Query: {
      history: (_p, { entityType, entityId, first, after }, ctx) =>
        historyService.forEntity(ctx.db, workspaceOf(ctx), ctx.loaders.get(historyLoaders), entityType, entityId, { first, after }),
      // ADMIN only (declared in schema.graphql).
      verifyAuditHistory: async (_p, _a, ctx) => {
        const { checked, broken } = await verifyHistory(ctx.db, workspaceOf(ctx));
        return { intact: broken.length === 0, checked: Object.entries(checked).map(([table, records]) => ({ table, records })), broken };
      },
      auditLog: async (_p, { filter, first, after }, ctx) => {
        await checkFilterText(filter);
        return historyService.auditLog(ctx.db, workspaceOf(ctx), filter ?? {}, { first, after });
      },
      historyDiff: (_p, { entityType, entityId, fromVersion, toVersion }, ctx) => historyService.diff(ctx.db, workspaceOf(ctx), entityType, entityId, fromVersion, toVersion),
    },
  };
}
