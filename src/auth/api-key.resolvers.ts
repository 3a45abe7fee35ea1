import { session, type RequestContext } from '../graphql/context';
import type { Resolvers } from '../graphql/generated';
import { mutation } from '../graphql/mutation';
import type { ApiKey } from './api-key.entity';
import { apiKeyService } from './api-key.service';

/**
 * A key management mutation that, once committed, logs who changed which key and why: key changes
 * are not history rows (a key's row holds its hash, which history snapshots would copy).
 */
function loggedKeyChange<A extends { reason?: string | null }>(event: string, fn: (tx: RequestContext, args: A) => Promise<{ apiKey: ApiKey; secret?: string }>) {
  const run = mutation(fn);
  return async (parent: unknown, args: A, ctx: RequestContext) => {
    const payload = await run(parent, args, ctx);
    if (payload.apiKey && payload.userErrors.length === 0) {
      const { actor } = session(ctx);
      const key = payload.apiKey;
      ctx.log.info(event, {
        apiKeyId: key.id,
        role: key.role,
        workspaceId: key.workspaceId,
        actorType: actor.type,
        actorId: actor.id,
        reason: args.reason ?? null,
        requestId: ctx.requestId,
      });
    }
    // Only createApiKey's payload has a secret; it is null when the key was not created.
    return { secret: null, ...payload };
  };
}

/** `apiKeys`, `createApiKey` and `revokeApiKey` (ADMIN only: declared with `@requires` in schema.graphql). */
export const apiKeyResolvers: Resolvers = {
  Query: {
    apiKeys: (_p, _a, ctx) => apiKeyService.list(ctx.em, session(ctx).workspaceId),
  },
  Mutation: {
    createApiKey: loggedKeyChange('api key created', (tx, { input }) => apiKeyService.issue(tx.em, session(tx).workspaceId, input)),
    revokeApiKey: loggedKeyChange('api key revoked', async (tx, { id }) => {
      const { actor, workspaceId } = session(tx);
      return { apiKey: await apiKeyService.revoke(tx.em, workspaceId, id, actor.type === 'API_KEY' ? actor.id : null) };
    }),
  },
  ApiKey: {
    prefix: (key) => key.keyPrefix,
  },
};
