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

describe('JWT_SECRET, JWT_JWKS_URL, JWT_ISSUER and JWT_AUDIENCE', () => {
  const SECRET = 'x'.repeat(32);
  const both = { JWT_ISSUER: 'https://login.example.com/', JWT_AUDIENCE: 'jobcost-api' };

  it('are off by default', () => {
    expect(loadConfig({}).jwt).toBeUndefined();
  });

  it('take an HS256 secret of 32+ bytes or a JWKS (https URL or file path), with issuer and audience', () => {
    expect(loadConfig({ JWT_SECRET: SECRET, ...both }).jwt).toEqual({ secret: SECRET, jwksUrl: undefined, issuer: both.JWT_ISSUER, audience: 'jobcost-api' });
    expect(loadConfig({ JWT_JWKS_URL: 'https://login.example.com/.well-known/jwks.json', ...both }).jwt?.jwksUrl).toBe(
      'https://login.example.com/.well-known/jwks.json',
    );
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
