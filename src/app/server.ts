import http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import { expressMiddleware } from '@as-integrations/express5';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import cors from 'cors';
import express from 'express';
import type { GraphQLFormattedError } from 'graphql';
import type { DataSource } from 'typeorm';
import { accessControl } from '../auth/access';
import { createAuthenticator } from '../auth/credentials';
import { Buckets, MemoryBucketStore, RedisBucketStore } from '../cache/bucket';
import { Cache } from '../cache/cache';
import { closeRedis, createRedis, redisAnswers } from '../cache/redis';
import { MemoryStore, RedisStore } from '../cache/store';
import type { Config } from '../config';
import { createHealthCheck, HEALTH_TIMEOUT_MS } from '../db/health';
import { currentStatementCount } from '../db/statement-counter';
import type { RequestContext } from '../graphql/context';
import { databaseBusy } from '../graphql/errors';
import { queryLimitsPlugin, throttleFailedAuthentication } from '../graphql/limits';
import { graphqlHttpGuard, httpErrorHandler, methodNotAllowed, notFound } from '../graphql/http-errors';
import { idempotencyPlugin } from '../graphql/idempotency';
import { LoaderRegistry, setLoaderBatching } from '../graphql/loaders';
import { requestGuard } from '../graphql/request-guard';
import { executableSchema, loadTypeDefs } from '../graphql/schema';
import { compiledExecutionGateway } from '../graphql/executor';
import { legacyJsonStatus } from '../graphql/http-status';
import { Metrics, type PoolCounts } from './metrics';
import { requestRecorder } from './request-log';
import { apolloLogger, type Log } from '../logger';
import { setupModules, startModules } from './modules';
import { buildResolvers } from './resolvers';
import { appErrorsPlugin, errorIdOf } from './app-errors';
import { startRetention } from './retention';

const EXAMPLE_QUERY = `# Put your key in the Headers tab below: { "Authorization": "Bearer <your API key>" }, then run:
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
  /** More Apollo plugins (e.g. the operation spans of tracing). */
  plugins?: ApolloServerPlugin<RequestContext>[];
}

/** The HTTP server with the GraphQL endpoint, the offline playground and a health check; not yet listening. */
export async function createServer({ db, config, log, plugins = [] }: ServerOptions) {
  setupModules();
  setLoaderBatching(!config.disableDataLoader);
  // Connects on first use (a lock); without REDIS_URL locks are PostgreSQL advisory locks.
  const redis = config.redisUrl ? createRedis(config.redisUrl, log) : null;
  const cache = new Cache(redis ? new RedisStore(redis) : new MemoryStore(config.cacheMaxEntries), { timeoutMs: config.cacheTimeoutMs, log });
  const buckets = new Buckets(redis ? new RedisBucketStore(redis) : new MemoryBucketStore(config.cacheMaxEntries), { timeoutMs: config.cacheTimeoutMs, log });
  const health = createHealthCheck((db.options as { url: string }).url);
  const authenticate = createAuthenticator(db, config.jwt);
  const app = express();
  const httpServer = http.createServer(app);
  // Requests Node refuses before express sees them (headers too large, malformed HTTP) still get a JSON error.
  httpServer.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || err.code === 'ECONNRESET') return socket.destroy();
    const [status, reason, code] =
      err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large', 'REQUEST_HEADER_FIELDS_TOO_LARGE'] : [400, 'Bad Request', 'BAD_REQUEST'];
    const body = JSON.stringify({ errors: [{ message: status === 431 ? 'The request headers are too large' : 'The request is not valid HTTP', extensions: { code } }] });
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
  const metrics = new Metrics({ pool: () => (db.driver as unknown as { master?: PoolCounts }).master ?? null, cache });

  const recorder = requestRecorder(log, metrics, config.maxStatementsWarn);

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
    introspection: config.introspection,
    // A huge document is refused while parsing: validation (overlapping fields) is quadratic in it.
    parseOptions: { maxTokens: config.maxQueryTokens },
    includeStacktraceInErrorResponses: false,
    // Credentials are bearer tokens in a header, never cookies: a cross-site page cannot send them, so
    // GET queries need no preflight header (GET never runs mutations, and POST needs a JSON body).
    csrfPrevention: false,
    // main.ts stops the server on SIGTERM/SIGINT; Apollo's own handler raced it and left its stop()
    // pending, so the process only ended when the pool's idle connections timed out (about 10 s).
    stopOnTerminationSignals: false,
    logger: apolloLogger(log),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownTimeoutMs }),
      ApolloServerPluginLandingPageDisabled(),
      // No cache hints are used; the plugin would otherwise wrap every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      accessControl,
      requestGuard,
      legacyJsonStatus,
      recorder.plugin,
      queryLimitsPlugin({ limits: config.queryLimits, rateLimit: config.rateLimit, buckets }),
      appErrorsPlugin(db, log),
      idempotencyPlugin(log),
      ...(config.exposeStatementCount ? [statementCount] : []),
      ...plugins,
    ],
    formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
      const busy = databaseBusy(unwrapResolverError(error));
      if (busy) return { message: busy.message, path: formatted.path, locations: formatted.locations, extensions: busy.extensions };
      const code = formatted.extensions?.code;
      if (code && code !== 'INTERNAL_SERVER_ERROR') return formatted;
      const errorId = errorIdOf(error, log);
      return {
        message: `Internal server error (error id ${errorId})`,
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
      };
    },
  });
  await apollo.start();

  app.disable('x-powered-by');
  // GraphQL responses are POST results: hashing each body for an ETag is work no client uses.
  app.set('etag', false);
  let draining = false;
  // Liveness: the process answers. Readiness: PostgreSQL (and Redis when configured) answer within 1 s
  // each, on connections of their own, and the server is not shutting down.
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const readiness = async (_req: express.Request, res: express.Response) => {
    const [database, cacheUp] = await Promise.all([health.databaseUp(), redis ? redisAnswers(redis, HEALTH_TIMEOUT_MS) : Promise.resolve(null)]);
    const parts = { database: database ? 'up' : 'down', ...(redis ? { redis: cacheUp ? 'up' : 'down' } : {}) };
    const failing = [
      ...(draining ? ['shutting down'] : []),
      ...Object.entries(parts)
        .filter(([, v]) => v === 'down')
        .map(([k]) => k),
    ];
    if (failing.length) res.status(503).json({ status: 'unavailable', failing, ...parts });
    else res.json({ status: 'ok', ...parts });
  };
  app.get('/readyz', readiness);
  app.get('/health', readiness);
  // Browser apps on the allowed origins may call the API; credentials travel in the Authorization header.
  app.use('/graphql', cors({ origin: config.corsOrigins === '*' ? '*' : config.corsOrigins, maxAge: 600 }));
  app.get('/metrics', async (req, res) => {
    if (config.metricsToken && req.get('authorization') !== `Bearer ${config.metricsToken}`) {
      res
        .status(401)
        .set('www-authenticate', 'Bearer')
        .json({ errors: [{ message: 'Send "Authorization: Bearer <METRICS_TOKEN>"', extensions: { code: 'UNAUTHENTICATED' } }] });
      return;
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/graphql', (req, res, next) => {
    if (!req.accepts(['application/graphql-response+json', 'application/json', 'text/html']) || req.accepts('text/html') !== 'text/html' || req.query.query) return next();
    res.type('html').send(
      renderGraphiQL({
        title: 'Job costing API',
        defaultQuery: EXAMPLE_QUERY,
        // Empty: the docs load at once (introspection needs no key); a placeholder key would be refused.
        defaultHeaders: '{}',
        endpoint: '/graphql',
      } as Parameters<typeof renderGraphiQL>[0]),
    );
  });
  app.use(
    '/graphql',
    graphqlHttpGuard,
    express.json({ limit: '1mb' }),
    recorder.middleware,
    expressMiddleware(apollo, {
      async context({ req, res }): Promise<RequestContext> {
        const header = req.get('authorization');
        // A refused credential counts against the client address (key guessing is throttled).
        let refusal: unknown = null;
        const session = header
          ? await throttleFailedAuthentication(buckets, config.authFailuresPerMinute, req.ip ?? req.socket.remoteAddress ?? 'unknown', () =>
              authenticate(header).catch((err: unknown) => {
                if ((err as { extensions?: { code?: unknown } }).extensions?.code !== 'UNAUTHENTICATED') throw err;
                refusal = err;
                return null;
              }),
            ).catch((err: unknown) => {
              throw databaseBusy(err, 503) ?? err;
            })
          : null;
        if (header && !session) throw refusal;
        const ctx: RequestContext = {
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
        recorder.attach(res, ctx, session);
        return ctx;
      },
    }),
  );
  app.all(['/health', '/healthz', '/readyz'], methodNotAllowed(['GET']));
  app.use(notFound);
  app.use(httpErrorHandler(log));

  // Schedules (the draft clean-up); their timers never keep the process alive on their own.
  const background = startModules({ db, redis, log, config });
  const retention = startRetention(db, log);

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
    /**
     * Stops gracefully: readiness answers 503 for `SHUTDOWN_DRAIN_DELAY_MS` (so load balancers stop
     * sending), then the listener closes, requests in flight get up to `SHUTDOWN_TIMEOUT_MS` to finish,
     * and the background work, health connection, pool-independent clients and Redis close.
     */
    async stop(): Promise<void> {
      draining = true;
      if (config.shutdownDrainDelayMs) await new Promise((r) => setTimeout(r, config.shutdownDrainDelayMs));
      await apollo.stop();
      await background.stop();
      await health.close();
      retention.stop();
      if (redis) await closeRedis(redis);
    },
  };
}
