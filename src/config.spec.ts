// Unit specs for the settings read at start-up (the ones with rules of their own).
import { ConfigError, loadConfig } from './config';

describe('DRAFT_CLEANUP_INTERVAL_MINUTES', () => {
  it('defaults to 60 minutes', () => {
    expect(loadConfig({}).draftCleanupIntervalMinutes).toBe(60);
    expect(loadConfig({ DRAFT_CLEANUP_INTERVAL_MINUTES: '' }).draftCleanupIntervalMinutes).toBe(60);
  });

  it('takes whole minutes up to a week; 0 turns the schedule off', () => {
    expect(loadConfig({ DRAFT_CLEANUP_INTERVAL_MINUTES: '0' }).draftCleanupIntervalMinutes).toBe(0);
    expect(loadConfig({ DRAFT_CLEANUP_INTERVAL_MINUTES: '15' }).draftCleanupIntervalMinutes).toBe(15);
    expect(loadConfig({ DRAFT_CLEANUP_INTERVAL_MINUTES: '10080' }).draftCleanupIntervalMinutes).toBe(10_080);
  });

  it.each(['-1', '1.5', 'hourly', '10081', ' 5'])('refuses %p with an error naming the variable', (value) => {
    expect(() => loadConfig({ DRAFT_CLEANUP_INTERVAL_MINUTES: value })).toThrow(ConfigError);
    expect(() => loadConfig({ DRAFT_CLEANUP_INTERVAL_MINUTES: value })).toThrow(/DRAFT_CLEANUP_INTERVAL_MINUTES must be an integer between 0 and 10080/);
  });
});

describe('REDIS_URL', () => {
  it('is optional, and must be a redis:// or rediss:// URL when set', () => {
    expect(loadConfig({}).redisUrl).toBeUndefined();
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl).toBe('redis://127.0.0.1:6379');
    expect(() => loadConfig({ REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(/REDIS_URL must start with redis:\/\/ or rediss:\/\//);
    expect(() => loadConfig({ REDIS_URL: 'not a url' })).toThrow(/REDIS_URL is not a valid URL/);
  });
});

describe('CACHE_TIMEOUT_MS and CACHE_MAX_ENTRIES', () => {
  it('default to 50 ms and 10,000 values', () => {
    expect(loadConfig({})).toMatchObject({ cacheTimeoutMs: 50, cacheMaxEntries: 10_000 });
    expect(loadConfig({ CACHE_TIMEOUT_MS: '200', CACHE_MAX_ENTRIES: '500' })).toMatchObject({ cacheTimeoutMs: 200, cacheMaxEntries: 500 });
  });

  it.each(['0', '-5', '50ms', '10001'])('refuses CACHE_TIMEOUT_MS=%p with an error naming the variable', (value) => {
    expect(() => loadConfig({ CACHE_TIMEOUT_MS: value })).toThrow(/CACHE_TIMEOUT_MS must be an integer between 1 and 10000/);
  });

  it('refuses a CACHE_MAX_ENTRIES of 0', () => {
    expect(() => loadConfig({ CACHE_MAX_ENTRIES: '0' })).toThrow(/CACHE_MAX_ENTRIES must be an integer between 1 and 10000000/);
  });
});

describe('METRICS_TOKEN', () => {
  it('is optional, and kept when it has 16 or more printable characters', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: 'scrape-0123456789' }).metricsToken).toBe('scrape-0123456789');
  });

  it.each(['short', 'has a space 0123456789', 'x'.repeat(201)])('refuses %p with an error naming the variable', (value) => {
    expect(() => loadConfig({ METRICS_TOKEN: value })).toThrow(/METRICS_TOKEN/);
  });
});

describe('INTROSPECTION and CORS_ORIGINS', () => {
  it('introspection is on unless INTROSPECTION=false', () => {
    expect(loadConfig({}).introspection).toBe(true);
    expect(loadConfig({ INTROSPECTION: 'false' }).introspection).toBe(false);
    expect(() => loadConfig({ INTROSPECTION: 'no' })).toThrow(/INTROSPECTION/);
  });

  it('CORS: any origin in development, none in production, else the list', () => {
    expect(loadConfig({}).corsOrigins).toBe('*');
    expect(loadConfig({ NODE_ENV: 'production' }).corsOrigins).toEqual([]);
    expect(loadConfig({ NODE_ENV: 'production', CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' }).corsOrigins).toEqual([
      'https://app.example.com',
      'http://localhost:5173',
    ]);
    expect(loadConfig({ NODE_ENV: 'production', CORS_ORIGINS: '*' }).corsOrigins).toBe('*');
  });

  it.each(['app.example.com', 'https://app.example.com/', 'ftp://x.example.com', 'https://a.example.com,nope'])('refuses CORS_ORIGINS=%p', (value) => {
    expect(() => loadConfig({ CORS_ORIGINS: value })).toThrow(/CORS_ORIGINS/);
  });
});

describe('query limits, rate limits and database timeouts', () => {
  it('have defaults', () => {
    expect(loadConfig({})).toMatchObject({
      queryLimits: { maxCost: 5000, maxDepth: 12, maxAliases: 30, maxRootFields: 30 },
      maxQueryTokens: 3000,
      rateLimit: { capacity: 10_000, restorePerSecond: 500 },
      authFailuresPerMinute: 20,
      statementTimeoutMs: 5000,
      dbPoolWaitMs: 3000,
    });
  });

  it('RATE_LIMIT_MAX=0 turns rate limiting off; STATEMENT_TIMEOUT_MS=0 the statement timeout', () => {
    expect(loadConfig({ RATE_LIMIT_MAX: '0', STATEMENT_TIMEOUT_MS: '0' })).toMatchObject({ rateLimit: null, statementTimeoutMs: 0 });
  });

  it('refuses a bucket smaller than the largest allowed operation', () => {
    expect(() => loadConfig({ RATE_LIMIT_MAX: '100', MAX_QUERY_COST: '200' })).toThrow(/RATE_LIMIT_MAX must be 0 \(off\) or at least MAX_QUERY_COST \(200\)/);
    expect(loadConfig({ RATE_LIMIT_MAX: '200', MAX_QUERY_COST: '200' }).rateLimit).toEqual({ capacity: 200, restorePerSecond: 500 });
  });

  it.each([
    ['MAX_QUERY_COST', '0'],
    ['MAX_QUERY_DEPTH', '0'],
    ['MAX_QUERY_TOKENS', '50'],
    ['MAX_ROOT_FIELDS', 'many'],
    ['RATE_LIMIT_RESTORE_PER_SECOND', '0'],
    ['DB_POOL_WAIT_MS', '0'],
    ['STATEMENT_TIMEOUT_MS', '-1'],
    ['AUTH_FAILURES_PER_MINUTE', '1.5'],
  ])('refuses %s=%p with an error naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name} must be an integer between`));
  });
});

describe('JWT_SECRET, JWT_JWKS_URL, JWT_ISSUER and JWT_AUDIENCE', () => {
  const SECRET = 'x'.repeat(32);
  const both = { JWT_ISSUER: 'https://login.example.com/', JWT_AUDIENCE: 'jobcost-api' };

  it('are off by default', () => {
    expect(loadConfig({}).jwt).toBeUndefined();
  });

  it('take an HS256 secret of 32+ bytes or a JWKS (https URL or file path), with issuer and audience', () => {
    expect(loadConfig({ JWT_SECRET: SECRET, ...both }).jwt).toEqual({ secret: SECRET, jwksUrl: undefined, issuer: both.JWT_ISSUER, audience: 'jobcost-api' });
    expect(loadConfig({ JWT_JWKS_URL: 'https://login.example.com/.well-known/jwks.json', ...both }).jwt?.jwksUrl).toBe('https://login.example.com/.well-known/jwks.json');
    expect(loadConfig({ JWT_JWKS_URL: '/etc/jobcost/jwks.json', ...both }).jwt?.jwksUrl).toBe('/etc/jobcost/jwks.json');
  });

  it.each<[Record<string, string>, RegExp]>([
    [{ JWT_SECRET: 'x'.repeat(31), ...both }, /JWT_SECRET must be at least 32 bytes/],
    [{ JWT_SECRET: SECRET, JWT_JWKS_URL: 'https://a.example/jwks', ...both }, /one of JWT_SECRET or JWT_JWKS_URL/],
    [{ JWT_JWKS_URL: 'http://login.example.com/jwks.json', ...both }, /JWT_JWKS_URL must be an https:\/\/ URL or a file path/],
    [{ JWT_SECRET: SECRET, JWT_AUDIENCE: 'a' }, /JWT_ISSUER is required/],
    [{ JWT_SECRET: SECRET, JWT_ISSUER: 'i' }, /JWT_AUDIENCE is required/],
    [{ ...both }, /need JWT_SECRET or JWT_JWKS_URL/],
  ])('refuses %p', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never puts the secret in an error message', () => {
    const secret = 'short-secret-value';
    expect(() => loadConfig({ JWT_SECRET: secret, ...both })).toThrow(expect.objectContaining({ message: expect.not.stringContaining(secret) }));
  });
});

describe('logs, slow statements and shutdown', () => {
  it('have defaults', () => {
    expect(loadConfig({})).toMatchObject({ slowQueryMs: 200, maxStatementsWarn: 25, shutdownDrainDelayMs: 1000, shutdownTimeoutMs: 10_000, logPretty: false });
    expect(loadConfig({ LOG_PRETTY: '1' }).logPretty).toBe(true);
  });

  it.each([
    ['SLOW_QUERY_MS', '0'],
    ['MAX_STATEMENTS_WARN', 'x'],
    ['SHUTDOWN_DRAIN_DELAY_MS', '-1'],
    ['SHUTDOWN_TIMEOUT_MS', '600001'],
  ])('refuses %s=%p with an error naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name} must be an integer between`));
  });
});
