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
