import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import { expressMiddleware } from '@as-integrations/express5';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import express from 'express';
import type { GraphQLFormattedError } from 'graphql';
import type { DataSource } from 'typeorm';
import { accessControl } from '../auth/access';
import { createAuthenticator } from '../auth/credentials';
import { Cache } from '../cache/cache';
import { closeRedis, createRedis } from '../cache/redis';
import { MemoryStore, RedisStore } from '../cache/store';
import type { Config } from '../config';
import { currentStatementCount, withStatementCounter } from '../db/statement-counter';
import type { RequestContext } from '../graphql/context';
import { LoaderRegistry, setLoaderBatching } from '../graphql/loaders';
import { requestGuard } from '../graphql/request-guard';
import { executableSchema, loadTypeDefs } from '../graphql/schema';
import { compiledExecutionGateway } from '../graphql/executor';
import type { Log } from '../logger';
import { setupModules, startModules } from './modules';
import { buildResolvers } from './resolvers';

const EXAMPLE_QUERY = `# Set the Authorization header below ("Bearer <your API key>"), then run:
query Jobs {
  jobs(first: 10, orderBy: { field: CREATED_AT, direction: DESC }) {
    nodes { number name status client { name } costSummary { actualCost actualRevenue profit } }
    pageInfo { hasNextPage endCursor }
  }
}
`;

/** Options for {@link createServer}. */
export interface ServerOptions {
  db: DataSource;
  config: Config;
  log: Log;
}

/** The HTTP server with the GraphQL endpoint, the offline playground and a health check; not yet listening. */
export async function createServer({ db, config, log }: ServerOptions) {
  setupModules();
  setLoaderBatching(!config.disableDataLoader);
  // Connects on first use (a lock); without REDIS_URL locks are PostgreSQL advisory locks.
  const redis = config.redisUrl ? createRedis(config.redisUrl, log) : null;
  const cache = new Cache(redis ? new RedisStore(redis) : new MemoryStore(config.cacheMaxEntries), { timeoutMs: config.cacheTimeoutMs, log });
  const authenticate = createAuthenticator(db, config.jwt);
  const app = express();
  const httpServer = http.createServer(app);

  const statementCount: ApolloServerPlugin<RequestContext> = {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind === 'single') {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, sqlStatements: currentStatementCount() };
          }
        },
      };
    },
  };

  const apollo = new ApolloServer<RequestContext>({
    // Operations run compiled (graphql-jit); Apollo takes a custom executor only as a "gateway".
    gateway: compiledExecutionGateway(executableSchema(loadTypeDefs(), buildResolvers())),
    introspection: true,
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // No cache hints are used; the plugin would otherwise wrap every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      accessControl,
      requestGuard,
      ...(config.exposeStatementCount ? [statementCount] : []),
    ],
    formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
      const code = formatted.extensions?.code;
      if (code && code !== 'INTERNAL_SERVER_ERROR') return formatted;
      const errorId = randomUUID();
      const original = unwrapResolverError(error);
      log.error('internal error', {
        errorId,
        message: original instanceof Error ? original.message : String(original),
        stack: original instanceof Error ? original.stack : undefined,
        path: formatted.path,
      });
      return { message: `Internal server error (error id ${errorId})`, path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR', errorId } };
    },
  });
  await apollo.start();

  app.disable('x-powered-by');
  // GraphQL responses are POST results: hashing each body for an ETag is work no client uses.
  app.set('etag', false);
  app.get('/health', async (_req, res) => {
    try {
      await db.query('SELECT 1');
      res.json({ status: 'ok', database: 'up' });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'down' });
    }
  });
  app.get('/graphql', (req, res, next) => {
    if (!req.accepts(['application/graphql-response+json', 'application/json', 'text/html']) || req.accepts('text/html') !== 'text/html' || req.query.query) return next();
    res.type('html').send(
      renderGraphiQL({
        title: 'Job costing API',
        defaultQuery: EXAMPLE_QUERY,
        defaultHeaders: JSON.stringify({ Authorization: 'Bearer <your API key>' }, null, 2),
        endpoint: '/graphql',
      } as Parameters<typeof renderGraphiQL>[0]),
    );
  });
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    (req, res, next) => {
      const given = req.get('x-request-id');
      const requestId = given && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
      res.locals.requestId = requestId;
      res.set('x-request-id', requestId);
      // Counting runs in an AsyncLocalStorage, whose promise hooks cost every request on Node 20: only when asked for.
      if (config.exposeStatementCount) withStatementCounter(next);
      else next();
    },
    expressMiddleware(apollo, {
      async context({ req, res }): Promise<RequestContext> {
        const header = req.get('authorization');
        const session = header ? await authenticate(header) : null;
        return {
          requestId: res.locals.requestId as string,
          db,
          em: db.manager,
          log,
          session,
          loaders: new LoaderRegistry(db, session?.workspaceId ?? null, cache),
          settings: { stockMarkupPercent: config.stockMarkupPercent },
          redis,
          cache,
          touched: null,
        };
      },
    }),
  );

  // Schedules (the draft clean-up); their timers never keep the process alive on their own.
  const background = startModules({ db, redis, log, config });

  return {
    app,
    httpServer,
    /** Starts listening; resolves with the bound port (useful with port 0). */
    listen(port: number, host?: string): Promise<number> {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => resolve((httpServer.address() as { port: number }).port));
      });
    },
    async stop(): Promise<void> {
      await apollo.stop();
      await background.stop();
      if (redis) await closeRedis(redis);
    },
  };
}
