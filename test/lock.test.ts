/**
 * The exclusive lock of single-runner jobs (src/cache/lock.ts): a PostgreSQL advisory lock without
 * Redis, and with Redis `SET NX PX` with an owner token, renewed while held, released only by its
 * owner. The Redis tests need REDIS_URL (the CI script sets it when a Redis answers) and say so when
 * they are skipped.
 */
import { randomUUID } from 'node:crypto';
import { closeRedis, createLog, createRedis, lockKey, withExclusiveLock } from './support/app';
import { startTestServer, type TestServer } from './support/server';

const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) console.warn('REDIS_URL is not set: the Redis lock tests in test/lock.test.ts are skipped (the PostgreSQL advisory lock tests run).');
const withRedis = REDIS_URL ? describe : describe.skip;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const log = createLog('silent');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A promise and its resolve function: a job that runs until the test lets it finish. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

describe('PostgreSQL advisory lock (no Redis)', () => {
  test('a second holder does not get it while the first runs; it is free again afterwards, also after a throw', async () => {
    const name = `test:${randomUUID()}`;
    const g = gate();
    const first = withExclusiveLock(name, () => g.opened.then(() => 'first'), { db: server.db });
    await sleep(50);
    expect(await withExclusiveLock(name, async () => 'second', { db: server.db })).toEqual({ acquired: false });
    // Another name is another lock.
    expect(await withExclusiveLock(`${name}:other`, async () => 'other', { db: server.db })).toEqual({ acquired: true, value: 'other' });
    g.open();
    expect(await first).toEqual({ acquired: true, value: 'first' });
    await expect(withExclusiveLock(name, async () => Promise.reject(new Error('boom')), { db: server.db })).rejects.toThrow('boom');
    expect(await withExclusiveLock(name, async () => 'third', { db: server.db })).toEqual({ acquired: true, value: 'third' });
    // Nothing is left held by the pooled connections.
    const [{ n }] = await server.db.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = (hashtextextended($1, 0) & 4294967295)::bigint::oid", [
      name,
    ]);
    expect(n).toBe(0);
  });
});

withRedis('Redis lock', () => {
  const redis = createRedis(REDIS_URL ?? 'redis://127.0.0.1:6379', log);
  afterAll(() => closeRedis(redis));

  test('SET NX PX with a token: a second holder does not get it; it is deleted when the job ends', async () => {
    const name = `test:${randomUUID()}`;
    const g = gate();
    const first = withExclusiveLock(name, () => g.opened.then(() => 1), { db: server.db, redis });
    await sleep(50);
    const token = await redis.get(lockKey(name));
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    const ttl = await redis.pttl(lockKey(name));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30_000);
    expect(await withExclusiveLock(name, async () => 2, { db: server.db, redis })).toEqual({ acquired: false });
    g.open();
    expect(await first).toEqual({ acquired: true, value: 1 });
    expect(await redis.exists(lockKey(name))).toBe(0);
  });

  test('renewed while the job runs: it outlives its TTL, and expires on its own when the holder is gone', async () => {
    const name = `test:${randomUUID()}`;
    const g = gate();
    const run = withExclusiveLock(name, () => g.opened, { db: server.db, redis, ttlMs: 300 });
    await sleep(1000);
    expect(await redis.exists(lockKey(name))).toBe(1);
    expect(await withExclusiveLock(name, async () => 0, { db: server.db, redis })).toEqual({ acquired: false });
    g.open();
    await run;
    // A holder that died (no renewal, no release): the key expires after its TTL.
    await redis.set(lockKey(name), 'crashed-holder', 'PX', 200, 'NX');
    expect(await withExclusiveLock(name, async () => 0, { db: server.db, redis })).toEqual({ acquired: false });
    await sleep(300);
    expect(await withExclusiveLock(name, async () => 'after expiry', { db: server.db, redis })).toEqual({ acquired: true, value: 'after expiry' });
  });

  test("released only by its owner: a holder whose lock was taken over does not delete the new owner's lock, and learns it lost it", async () => {
    const name = `test:${randomUUID()}`;
    const g = gate();
    let signal: AbortSignal | undefined;
    const run = withExclusiveLock(
      name,
      async (s) => {
        signal = s;
        await g.opened;
      },
      { db: server.db, redis, ttlMs: 300 },
    );
    await sleep(50);
    // Someone else now owns the key (as if ours had expired and another instance took it).
    await redis.set(lockKey(name), 'another-owner', 'PX', 10_000);
    await sleep(250);
    expect(signal?.aborted).toBe(true);
    g.open();
    await run;
    expect(await redis.get(lockKey(name))).toBe('another-owner');
    await redis.del(lockKey(name));
  });

  test('Redis unreachable: falls back to the PostgreSQL advisory lock (and still excludes a second holder there)', async () => {
    const down = createRedis('redis://127.0.0.1:1', log);
    try {
      const name = `test:${randomUUID()}`;
      const g = gate();
      const started = gate();
      const first = withExclusiveLock(
        name,
        async () => {
          started.open();
          await g.opened;
          return 'ran';
        },
        { db: server.db, redis: down, log },
      );
      await started.opened;
      const second = await withExclusiveLock(name, async () => 'second', { db: server.db, redis: down, log });
      expect(second).toEqual({ acquired: false });
      g.open();
      expect(await first).toEqual({ acquired: true, value: 'ran' });
    } finally {
      await closeRedis(down);
    }
  }, 20_000);
});
