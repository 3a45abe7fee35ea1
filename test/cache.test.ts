/**
 * The cache tier: the read/commit/invalidate race, invalidation after commit (never on rollback),
 * two servers sharing one Redis, a page of cost summaries in one MGET, Redis down or unreachable,
 * and the cacheStats query. Redis tests use the shared Redis (`REDIS_URL`) and are skipped without
 * it; the Redis-down tests start (and stop) a redis-server of their own.
 */
import { Cache, cacheKey, costingService, createLog, createRedis, closeRedis, MemoryStore, RedisStore, Role, UserErrorsException } from './support/app';
import { TestContext } from './support/context';
import { ADD_COST_LINE, COST_SUMMARY, dataOf, mutatePayload } from './support/graphql';
import { describeWithRedis, freePort, SHARED_REDIS_URL, startOwnRedis, testWithRedisServer } from './support/redis';
import { startTestServer, type TestServer } from './support/server';

const STATS = '{ cacheStats { name backend hits misses errors invalidations } }';
const SUMMARY_OF = `query($id: ID!) { job(id: $id) { ${COST_SUMMARY} } }`;

type Stat = { name: string; backend: string; hits: number; misses: number; errors: number; invalidations: number };

async function statOf(ws: TestContext, name = 'costSummary'): Promise<Stat> {
  const stats: Stat[] = dataOf(await ws.gql(STATS)).cacheStats;
  return stats.find((s) => s.name === name) ?? { name, backend: '?', hits: 0, misses: 0, errors: 0, invalidations: 0 };
}

async function summaryOf(ws: TestContext, jobId: string) {
  return dataOf(await ws.gql(SUMMARY_OF, { id: jobId })).job.costSummary;
}

/** A log that records its warnings. */
function recordingLog() {
  const warnings: string[] = [];
  const log = { ...createLog('silent'), warn: (msg: string) => void warnings.push(msg) };
  return { log: log as ReturnType<typeof createLog>, warnings };
}

/** A gate a test opens when it wants a paused step to go on. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

const ws = '00000000-0000-4000-8000-000000000001';

describe.each([
  ['memory', async () => ({ store: new MemoryStore(100), close: async () => undefined })],
  ...(SHARED_REDIS_URL
    ? [
        [
          'redis',
          async () => {
            const redis = createRedis(SHARED_REDIS_URL!, createLog('silent'));
            return { store: new RedisStore(redis), close: () => closeRedis(redis) };
          },
        ] as const,
      ]
    : []),
] as Array<[string, () => Promise<{ store: MemoryStore | RedisStore; close: () => Promise<void> }>]>)('the %s store', (_backend, make) => {
  let cache: Cache;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const made = await make();
    cache = new Cache(made.store, { timeoutMs: 1000, log: createLog('silent') });
    close = made.close;
  });
  afterAll(() => close());

  test('a value read before a commit is not stored after that commit has invalidated the key (reader/writer interleaved)', async () => {
    const id = `race-${Math.random()}`;
    let database = 'old';
    const readDone = gate();
    const mayStore = gate();
    // 1. The reader misses and reads the old value from the database, then pauses before storing it.
    const reader = cache.get('race', ws, id, 60_000, async () => {
      const value = database;
      readDone.open();
      await mayStore.opened;
      return value;
    });
    await readDone.opened;
    // 2. The writer commits, 3. then invalidates after its commit.
    database = 'new';
    await cache.invalidate([{ name: 'race', workspaceId: ws, id }]);
    // 4. The reader goes on and tries to store the old value.
    mayStore.open();
    expect(await reader).toBe('old');
    // The next reader must not get the old value from the cache.
    const load = jest.fn(async () => database);
    expect(await cache.get('race', ws, id, 60_000, load)).toBe('new');
    expect(load).toHaveBeenCalledTimes(1);
    // …and what it stored is served from now on.
    expect(await cache.get('race', ws, id, 60_000, load)).toBe('new');
    expect(load).toHaveBeenCalledTimes(1);
  });

  test('a workspace-scoped value is dropped when its workspace is invalidated, also while it is being computed', async () => {
    const w = `00000000-0000-4000-8000-${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`;
    const scoped = { workspaceScoped: true };
    let database = 'v1';
    expect(await cache.get('report', w, 'r', 60_000, async () => database, scoped)).toBe('v1');
    expect(await cache.get('report', w, 'r', 60_000, async () => 'unused', scoped)).toBe('v1');
    database = 'v2';
    await cache.invalidateWorkspace(w);
    const readDone = gate();
    const mayStore = gate();
    const reader = cache.get(
      'report',
      w,
      'r',
      60_000,
      async () => {
        const value = database;
        readDone.open();
        await mayStore.opened;
        return value;
      },
      scoped,
    );
    await readDone.opened;
    database = 'v3';
    await cache.invalidateWorkspace(w);
    mayStore.open();
    expect(await reader).toBe('v2');
    expect(await cache.get('report', w, 'r', 60_000, async () => database, scoped)).toBe('v3');
  });

  test('values are JSON, per workspace, and counted per cache name', async () => {
    const id = `json-${Math.random()}`;
    const other = '00000000-0000-4000-8000-000000000002';
    await cache.get('json', ws, id, 60_000, async () => ({ a: '1.50', b: [1, null] }));
    expect(await cache.get('json', ws, id, 60_000, async () => 'not used')).toEqual({ a: '1.50', b: [1, null] });
    expect(await cache.get('json', other, id, 60_000, async () => 'other workspace')).toBe('other workspace');
    expect(cacheKey({ name: 'json', workspaceId: ws, id })).toBe(`jc:1:json:${ws}:${id}`);
    const stat = cache.stats().find((s) => s.name === 'json')!;
    expect(stat).toMatchObject({ hits: 1, misses: 2, errors: 0 });
  });
});

test('the in-process store is bounded (least recently used values go first)', async () => {
  const store = new MemoryStore(3);
  const cache = new Cache(store, { timeoutMs: 50, log: createLog('silent') });
  for (const id of ['a', 'b', 'c']) await cache.get('lru', ws, id, 60_000, async () => id);
  await cache.get('lru', ws, 'a', 60_000, async () => 'reloaded'); // a is now the most recent
  await cache.get('lru', ws, 'd', 60_000, async () => 'd'); // evicts b
  expect(store.size).toBe(3);
  expect(await cache.get('lru', ws, 'a', 60_000, async () => 'reloaded')).toBe('a');
  expect(await cache.get('lru', ws, 'b', 60_000, async () => 'reloaded')).toBe('reloaded');
});

describe('Redis down or unreachable', () => {
  test('a closed port: every read answers from the loader within the timeout, one warning, errors counted', async () => {
    const { log, warnings } = recordingLog();
    const redis = createRedis(`redis://127.0.0.1:${await freePort()}`, createLog('silent'));
    const cache = new Cache(new RedisStore(redis), { timeoutMs: 50, log });
    try {
      for (let i = 0; i < 5; i++) {
        const started = Date.now();
        expect(await cache.get('down', ws, 'x', 60_000, async () => `from the database ${i}`)).toBe(`from the database ${i}`);
        // Generous bound (a loaded CI machine); without the timeout a call waits for the 1 s connect timeout.
        expect(Date.now() - started).toBeLessThan(500);
      }
      await cache.invalidate([{ name: 'down', workspaceId: ws, id: 'x' }]);
      expect(warnings).toEqual(['cache unavailable; answering from the database']);
      expect(cache.stats()[0]).toMatchObject({ name: 'down', errors: 6, hits: 0, misses: 5, invalidations: 0 });
    } finally {
      await closeRedis(redis);
    }
  });

  testWithRedisServer('a Redis server that stops: reads fall back to the database, one warning per outage', async () => {
    const own = await startOwnRedis();
    const { log, warnings } = recordingLog();
    const redis = createRedis(own.url, createLog('silent'));
    const cache = new Cache(new RedisStore(redis), { timeoutMs: 50, log });
    try {
      // Warm up (the first call connects) until a value is cached.
      for (let i = 0; i < 20 && cache.stats()[0]?.hits !== 1; i++) await cache.get('stop', ws, 'x', 60_000, async () => 'cached');
      expect(cache.stats()[0].hits).toBe(1);
      await own.stop();
      for (let i = 0; i < 5; i++) expect(await cache.get('stop', ws, 'x', 60_000, async () => 'from the database')).toBe('from the database');
      expect(warnings).toEqual(['cache unavailable; answering from the database']);
      expect(cache.stats()[0].errors).toBeGreaterThanOrEqual(5);
    } finally {
      await closeRedis(redis);
      await own.stop();
    }
  });

  test('a server whose Redis is unreachable answers cost summaries from PostgreSQL and counts the errors', async () => {
    const server = await startTestServer({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    try {
      const w = await server.newWorkspace();
      const job = await w.newJob();
      await w.newCostLine({ costSetId: job.costSets.ACTUAL });
      for (let i = 0; i < 3; i++) expect(await summaryOf(w, job.id)).toMatchObject({ actualCost: '20.00', actualRevenue: '30.00', profit: '10.00' });
      const stat = await statOf(w);
      expect(stat.backend).toBe('redis');
      expect(stat.errors).toBeGreaterThanOrEqual(3);
      expect(stat.hits).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe('the in-process cache (no REDIS_URL)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  test('caches cost summaries and invalidates them after a cost line is added', async () => {
    const w = await server.newWorkspace();
    const job = await w.newJob();
    await w.newCostLine({ costSetId: job.costSets.ACTUAL });
    const before = await statOf(w);
    expect(await summaryOf(w, job.id)).toMatchObject({ actualCost: '20.00', actualRevenue: '30.00' });
    expect(await summaryOf(w, job.id)).toMatchObject({ actualCost: '20.00', actualRevenue: '30.00' });
    const after = await statOf(w);
    expect(after.backend).toBe('memory');
    expect(after.hits - before.hits).toBe(1);
    expect(after.misses - before.misses).toBe(1);
    await w.newCostLine({ costSetId: job.costSets.ACTUAL, unitCost: '1.25', unitRev: '2.10', quantity: '3' });
    expect(await summaryOf(w, job.id)).toMatchObject({ actualCost: '23.75', actualRevenue: '36.30', profit: '12.55' });
  });

  test('cacheStats is for ADMIN keys only', async () => {
    const w = await server.newWorkspace(Role.EDITOR);
    const res = await w.gql(STATS);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(res.errors?.[0].message).toMatch(/needs an ADMIN key/);
  });
});

describeWithRedis('the Redis cache (shared Redis)', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    a = await startTestServer({ REDIS_URL: SHARED_REDIS_URL! });
    b = await startTestServer({ REDIS_URL: SHARED_REDIS_URL! });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  test('invalidation runs after the commit, and not at all when the mutation rolls back', async () => {
    const w = await a.newWorkspace();
    const job = await w.newJob();
    await w.newCostLine({ costSetId: job.costSets.ACTUAL });
    expect(await summaryOf(w, job.id)).toMatchObject({ actualCost: '20.00' });
    const before = await statOf(w);

    const addLine = costingService.addLine.bind(costingService);
    jest.spyOn(costingService, 'addLine').mockImplementationOnce(async (...args) => {
      await addLine(...args); // writes the line and touches the job's summary…
      throw new UserErrorsException([{ code: 'VALIDATION', message: 'refused after the write', path: ['input'] }]); // …then rolls back
    });
    const refused = await mutatePayload(w, ADD_COST_LINE, {
      costSetId: job.costSets.ACTUAL,
      input: { kind: 'MATERIAL', description: 'x', quantity: '1', unitCost: '5.00', unitRev: '6.00' },
    });
    expect(refused.userErrors).toEqual([{ code: 'VALIDATION', message: 'refused after the write', path: ['input'] }]);
    const afterRollback = await statOf(w);
    expect(afterRollback.invalidations).toBe(before.invalidations);
    expect(await summaryOf(w, job.id)).toMatchObject({ actualCost: '20.00' });

    await w.newCostLine({ costSetId: job.costSets.ACTUAL, unitCost: '5.00', unitRev: '6.00', quantity: '1' });
    expect((await statOf(w)).invalidations).toBe(before.invalidations + 1);
    expect(await summaryOf(w, job.id)).toMatchObject({ actualCost: '25.00', actualRevenue: '36.00' });
  });

  test("two servers sharing one Redis see each other's invalidations", async () => {
    const onA = await a.newWorkspace();
    const onB = new TestContext(b, onA.id, onA.keys);
    const job = await onA.newJob();
    await onA.newCostLine({ costSetId: job.costSets.ACTUAL });
    expect(await summaryOf(onA, job.id)).toMatchObject({ actualCost: '20.00' });
    expect(await summaryOf(onB, job.id)).toMatchObject({ actualCost: '20.00' }); // B reads what A cached
    expect((await statOf(onB)).hits).toBeGreaterThanOrEqual(1);
    await onB.newCostLine({ costSetId: job.costSets.ACTUAL, quantity: '1' }); // B writes and invalidates
    expect(await summaryOf(onA, job.id)).toMatchObject({ actualCost: '30.00', actualRevenue: '45.00' });
    await onA.newCostLine({ costSetId: job.costSets.ACTUAL, quantity: '1' }); // and the other way round
    expect(await summaryOf(onB, job.id)).toMatchObject({ actualCost: '40.00', actualRevenue: '60.00' });
  });
});

describe('a page of 50 cost summaries (a Redis server of its own, to count its commands)', () => {
  testWithRedisServer('cold: one MGET and one SQL statement for the misses; warm: one MGET and no SQL', async () => {
    const own = await startOwnRedis();
    const server = await startTestServer({ REDIS_URL: own.url });
    const probe = createRedis(own.url, createLog('silent'));
    const mgets = async () => Number(/cmdstat_mget:calls=(\d+)/.exec(await probe.info('commandstats'))?.[1] ?? 0);
    try {
      const w = await server.newWorkspace();
      const client = await w.newClient();
      for (let i = 0; i < 50; i++) await w.newJob({ clientId: client.id });
      const plain = `{ jobs(first: 50) { nodes { id } } }`;
      const withSummary = `{ jobs(first: 50) { nodes { id ${COST_SUMMARY} } } }`;
      const base = (await w.gql(plain)).extensions!.sqlStatements as number;
      const m0 = await mgets();
      const cold = await w.gql(withSummary);
      expect(cold.data.jobs.nodes).toHaveLength(50);
      expect(cold.extensions!.sqlStatements).toBe(base + 1);
      expect((await mgets()) - m0).toBe(1);
      const warm = await w.gql(withSummary);
      expect(warm.data).toEqual(cold.data);
      expect(warm.extensions!.sqlStatements).toBe(base);
      expect((await mgets()) - m0).toBe(2);
    } finally {
      await closeRedis(probe);
      await server.close();
      await own.stop();
    }
  });
});
