import type { QueryLimits } from './graphql/cost';

/** Every start-up setting, read from the environment and validated once at boot. */
export interface Config {
  port: number;
  /** Unset: an embedded PostgreSQL is started under `dataDir`. */
  databaseUrl?: string;
  /** Unset: the in-process cache is used. */
  redisUrl?: string;
  /** When set, an ADMIN key with exactly this secret exists for the workspace `default`. */
  bootstrapApiKey?: string;
  logLevel: LogLevel;
  /** Folder for the embedded database (git-ignored). */
  dataDir: string;
  embeddedPgPort: number;
  /** Markup on stock's unit cost for the revenue of consumed stock, in percent (decimal string). */
  stockMarkupPercent: string;
  /** Adds `extensions.sqlStatements` to every response; for tests and diagnostics only. */
  exposeStatementCount: boolean;
  /** Benchmarks only: turns DataLoader batching off to show what it saves (`BENCH_DISABLE_DATALOADER=1`). */
  disableDataLoader: boolean;
  /** Minutes between scheduled clean-ups of abandoned draft projects in every workspace; 0 turns the schedule off. */
  draftCleanupIntervalMinutes: number;
  /** Longest wait for one Redis cache call before answering from the database, in ms (`CACHE_TIMEOUT_MS`). */
  cacheTimeoutMs: number;
  /** Most values the in-process cache holds (`CACHE_MAX_ENTRIES`; used without Redis). */
  cacheMaxEntries: number;
  /** When set, `/metrics` answers only requests with `Authorization: Bearer <this>` (`METRICS_TOKEN`). */
  metricsToken?: string;
  /** Whether schema introspection is allowed (`INTROSPECTION`, default true). */
  introspection: boolean;
  /** Browser origins allowed by CORS (`CORS_ORIGINS`, comma-separated); `'*'` for any. Default: any, none with NODE_ENV=production. */
  corsOrigins: string[] | '*';
  /** Calculated cost, depth, aliases and root fields an operation may have (see `graphql/cost.ts`). */
  queryLimits: QueryLimits;
  /** Most lexical tokens a GraphQL document may have (`MAX_QUERY_TOKENS`): parsing stops past it, before validation. */
  maxQueryTokens: number;
  /** Leaky bucket of cost points per API key (`RATE_LIMIT_MAX`, `RATE_LIMIT_RESTORE_PER_SECOND`); null: off. */
  rateLimit: { capacity: number; restorePerSecond: number } | null;
  /** Failed authentications allowed per client address and minute (`AUTH_FAILURES_PER_MINUTE`); 0: unlimited. */
  authFailuresPerMinute: number;
  /** Longest SQL statement of the API's connection pool, in ms (`STATEMENT_TIMEOUT_MS`); 0: no limit. */
  statementTimeoutMs: number;
  /** Longest wait for a connection of the pool, in ms (`DB_POOL_WAIT_MS`). */
  dbPoolWaitMs: number;
  /** SQL statements slower than this many ms are logged (`SLOW_QUERY_MS`). */
  slowQueryMs: number;
  /** A request running more SQL statements than this is logged as a warning (`MAX_STATEMENTS_WARN`). */
  maxStatementsWarn: number;
  /** On SIGTERM/SIGINT: how long readiness answers 503 before the listener closes (`SHUTDOWN_DRAIN_DELAY_MS`). */
  shutdownDrainDelayMs: number;
  /** On SIGTERM/SIGINT: how long in-flight requests may take to finish before they are cut (`SHUTDOWN_TIMEOUT_MS`). */
  shutdownTimeoutMs: number;
  /** Human-readable log lines instead of JSON (`LOG_PRETTY=1`; for development). */
  logPretty: boolean;
  /** Bearer JWTs for single-page-app users; unset when neither `JWT_SECRET` nor `JWT_JWKS_URL` is set. */
  jwt?: JwtConfig;
}

/** How bearer JWTs are verified: exactly one of `secret` (HS256) or `jwksUrl` (asymmetric keys). */
export interface JwtConfig {
  /** Shared HS256 secret, at least 32 bytes (`JWT_SECRET`). */
  secret?: string;
  /** An https:// URL or a file path of a JWKS document (`JWT_JWKS_URL`). */
  jwksUrl?: string;
  /** Required `iss` claim (`JWT_ISSUER`). */
  issuer: string;
  /** Required `aud` claim (`JWT_AUDIENCE`). */
  audience: string;
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Thrown when the environment holds an invalid setting; the message names the variable. */
export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
  }
  return Number(raw);
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

/** `CORS_ORIGINS`: `*`, or origins such as `https://app.example.com` separated by commas. */
function corsOrigins(env: NodeJS.ProcessEnv): string[] | '*' {
  const raw = env.CORS_ORIGINS?.trim();
  if (!raw) return env.NODE_ENV === 'production' ? [] : '*';
  if (raw === '*') return '*';
  const origins = raw
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let url: URL | null = null;
    try {
      url = new URL(origin);
    } catch {
      // refused below
    }
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== origin) {
      throw new ConfigError(`CORS_ORIGINS must be * or origins like https://app.example.com separated by commas (got "${origin}")`);
    }
  }
  return origins;
}

function jwt(env: NodeJS.ProcessEnv): JwtConfig | undefined {
  const secret = env.JWT_SECRET || undefined;
  const jwksUrl = env.JWT_JWKS_URL || undefined;
  if (!secret && !jwksUrl) {
    if (env.JWT_ISSUER || env.JWT_AUDIENCE) throw new ConfigError('JWT_ISSUER and JWT_AUDIENCE need JWT_SECRET or JWT_JWKS_URL');
    return undefined;
  }
  if (secret && jwksUrl) throw new ConfigError('Set one of JWT_SECRET or JWT_JWKS_URL, not both');
  if (secret && Buffer.byteLength(secret, 'utf8') < 32) throw new ConfigError('JWT_SECRET must be at least 32 bytes long');
  if (jwksUrl && /^[a-z][a-z0-9+.-]*:\/\//i.test(jwksUrl) && !jwksUrl.toLowerCase().startsWith('https://')) {
    throw new ConfigError('JWT_JWKS_URL must be an https:// URL or a file path');
  }
  if (jwksUrl?.toLowerCase().startsWith('https://')) url(env, 'JWT_JWKS_URL', ['https:']);
  const issuer = env.JWT_ISSUER;
  const audience = env.JWT_AUDIENCE;
  if (!issuer) throw new ConfigError('JWT_ISSUER is required when JWT_SECRET or JWT_JWKS_URL is set');
  if (!audience) throw new ConfigError('JWT_AUDIENCE is required when JWT_SECRET or JWT_JWKS_URL is set');
  return { secret, jwksUrl, issuer, audience };
}

/** Reads and validates the configuration; throws {@link ConfigError} with a message naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const logLevel = (env.LOG_LEVEL || 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}")`);
  }
  const bootstrapApiKey = env.BOOTSTRAP_API_KEY || undefined;
  if (bootstrapApiKey !== undefined && bootstrapApiKey.length < 16) {
    throw new ConfigError('BOOTSTRAP_API_KEY must be at least 16 characters long');
  }
  const metricsToken = env.METRICS_TOKEN || undefined;
  if (metricsToken !== undefined && !/^[\x21-\x7e]{16,200}$/.test(metricsToken)) {
    throw new ConfigError('METRICS_TOKEN must be 16 to 200 printable characters without spaces');
  }
  const introspection = env.INTROSPECTION ?? 'true';
  if (!['true', 'false'].includes(introspection)) throw new ConfigError(`INTROSPECTION must be true or false (got "${introspection}")`);
  const markup = env.STOCK_MARKUP_PERCENT || '20';
  if (!/^\d{1,4}(\.\d{1,2})?$/.test(markup) || Number(markup) > 1000) {
    throw new ConfigError(`STOCK_MARKUP_PERCENT must be a percentage from 0 to 1000 with at most 2 decimal places (got "${markup}")`);
  }
  const queryLimits: QueryLimits = {
    maxCost: int(env, 'MAX_QUERY_COST', 5000, 1, 1_000_000_000),
    maxDepth: int(env, 'MAX_QUERY_DEPTH', 12, 1, 1000),
    maxAliases: int(env, 'MAX_ALIASES', 30, 0, 100_000),
    maxRootFields: int(env, 'MAX_ROOT_FIELDS', 30, 1, 100_000),
  };
  const rateLimitMax = int(env, 'RATE_LIMIT_MAX', 10_000, 0, 1_000_000_000);
  if (rateLimitMax > 0 && rateLimitMax < queryLimits.maxCost) {
    throw new ConfigError(
      `RATE_LIMIT_MAX must be 0 (off) or at least MAX_QUERY_COST (${queryLimits.maxCost}), or an operation within the cost limit could never run (got "${rateLimitMax}")`,
    );
  }
  const restorePerSecond = int(env, 'RATE_LIMIT_RESTORE_PER_SECOND', 500, 1, 1_000_000_000);
  return {
    queryLimits,
    rateLimit: rateLimitMax > 0 ? { capacity: rateLimitMax, restorePerSecond } : null,
    authFailuresPerMinute: int(env, 'AUTH_FAILURES_PER_MINUTE', 20, 0, 1_000_000),
    statementTimeoutMs: int(env, 'STATEMENT_TIMEOUT_MS', 5000, 0, 3_600_000),
    dbPoolWaitMs: int(env, 'DB_POOL_WAIT_MS', 3000, 1, 600_000),
    slowQueryMs: int(env, 'SLOW_QUERY_MS', 200, 1, 600_000),
    maxStatementsWarn: int(env, 'MAX_STATEMENTS_WARN', 25, 1, 100_000),
    shutdownDrainDelayMs: int(env, 'SHUTDOWN_DRAIN_DELAY_MS', 1000, 0, 60_000),
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    logPretty: env.LOG_PRETTY === '1' || env.LOG_PRETTY === 'true',
    stockMarkupPercent: markup,
    port: int(env, 'PORT', 4000, 0, 65535),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    bootstrapApiKey,
    logLevel: logLevel as LogLevel,
    dataDir: env.DATA_DIR || '.data',
    embeddedPgPort: int(env, 'EMBEDDED_PG_PORT', 54329, 1024, 65535),
    exposeStatementCount: env.EXPOSE_SQL_STATEMENT_COUNT === 'true',
    disableDataLoader: env.BENCH_DISABLE_DATALOADER === '1',
    draftCleanupIntervalMinutes: int(env, 'DRAFT_CLEANUP_INTERVAL_MINUTES', 60, 0, 10_080),
    cacheTimeoutMs: int(env, 'CACHE_TIMEOUT_MS', 50, 1, 10_000),
    cacheMaxEntries: int(env, 'CACHE_MAX_ENTRIES', 10_000, 1, 10_000_000),
    metricsToken,
    maxQueryTokens: int(env, 'MAX_QUERY_TOKENS', 3000, 200, 1_000_000),
    introspection: introspection === 'true',
    corsOrigins: corsOrigins(env),
    jwt: jwt(env),
  };
}
