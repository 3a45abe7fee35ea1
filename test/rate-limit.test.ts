import http from 'node:http';
import { generateKeySecret } from './support/app';
import type { TestContext } from './support/context';
import { describeWithRedis, freePort, SHARED_REDIS_URL } from './support/redis';
import { startTestServer, type TestServer } from './support/server';

/** Rate limits: a leaky bucket of cost points per API key, and failed authentications per client address. */

interface Reply {
  status: number;
  retryAfter: string | undefined;
  body: { data?: any; errors?: Array<{ message: string; extensions?: Record<string, any> }>; extensions?: Record<string, any> };
}

/** POSTs an operation, optionally from another loopback address (each test run picks its own, so buckets never carry over). */
function post(server: TestServer, query: string, authorization?: string, localAddress?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ query });
    const req = http.request(
      server.url,
      { method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(authorization ? { authorization } : {}) } },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, retryAfter: res.headers['retry-after'] as string | undefined, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const randomLoopback = () => `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;

/** Costs 12 points: viewer 1, clients 1, ten client objects. */
const QUERY_12 = '{ viewer { name } clients(first: 10) { nodes { id } } }';
const LIMITS = { RATE_LIMIT_MAX: '30', MAX_QUERY_COST: '30', RATE_LIMIT_RESTORE_PER_SECOND: '1', AUTH_FAILURES_PER_MINUTE: '3' };

function expectThrottled(r: Reply) {
  expect(r.status).toBe(429);
  expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
  expect(r.body.data ?? null).toBeNull();
  expect(r.body.errors).toHaveLength(1);
  expect(r.body.errors![0].extensions).toMatchObject({ code: 'THROTTLED', retryAfterSeconds: Number(r.retryAfter) });
}

/** The cost bucket of one key: the same behaviour in process and in Redis. */
function bucketTests(servers: () => TestServer[]) {
  let ws: TestContext;
  beforeEach(async () => {
    ws = await servers()[0].newWorkspace();
  });

  test('a key drains its bucket; the next operation gets 429 THROTTLED with Retry-After and does not run', async () => {
    const [a] = servers();
    const first = await post(a, QUERY_12, `Bearer ${ws.key}`);
    expect(first.status).toBe(200);
    expect(first.body.extensions?.cost).toEqual({
      requestedQueryCost: 12,
      actualQueryCost: 12,
      throttleStatus: { maximumAvailable: 30, currentlyAvailable: expect.any(Number), restoreRate: 1 },
    });
    expect(first.body.extensions!.cost.throttleStatus.currentlyAvailable).toBeCloseTo(18, 0);
    expect((await post(a, QUERY_12, `Bearer ${ws.key}`)).status).toBe(200);
    const refused = await post(a, QUERY_12, `Bearer ${ws.key}`);
    expectThrottled(refused);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(5);
    expect(refused.body.extensions?.sqlStatements).toBe(1); // the key lookup only
    expect(refused.body.extensions?.cost.throttleStatus.currentlyAvailable).toBeLessThan(12);

    // Another key of another workspace has its own bucket.
    const other = await a.newWorkspace();
    expect((await post(a, QUERY_12, `Bearer ${other.key}`)).status).toBe(200);
  });

  test('a throttled mutation writes nothing', async () => {
    const [a] = servers();
    expect((await post(a, '{ clients(first: 27) { nodes { id } } }', `Bearer ${ws.key}`)).status).toBe(200);
    const r = await post(a, 'mutation { createClient(input: { name: "Throttled" }) { client { id } } }', `Bearer ${ws.key}`);
    expectThrottled(r);
    const [{ n }] = await a.db.query('SELECT count(*)::int AS n FROM clients WHERE workspace_id = $1', [ws.id]);
    expect(n).toBe(0);
  });

  test('failed authentications are limited per client address: then 429, even for a valid key', async () => {
    const [a] = servers();
    const from = randomLoopback();
    for (let i = 0; i < 3; i++) expect((await post(a, '{ viewer { name } }', `Bearer ${generateKeySecret()}`, from)).status).toBe(401);
    const guessing = await post(a, '{ viewer { name } }', `Bearer ${generateKeySecret()}`, from);
    expectThrottled(guessing);
    expect(Number(guessing.retryAfter)).toBeLessThanOrEqual(20);
    expectThrottled(await post(a, '{ viewer { name } }', `Bearer ${ws.key}`, from));
    // Another address is not affected, nor are requests with a valid key that never failed.
    expect((await post(a, '{ viewer { name } }', `Bearer ${generateKeySecret()}`, randomLoopback())).status).toBe(401);
    expect((await post(a, '{ viewer { name } }', `Bearer ${ws.key}`, randomLoopback())).status).toBe(200);
  });
}

describe('rate limits in process (no Redis)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(LIMITS);
  });
  afterAll(() => server.close());
  bucketTests(() => [server]);
});

describeWithRedis('rate limits in Redis, shared by two servers', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    [a, b] = await Promise.all([startTestServer({ ...LIMITS, REDIS_URL: SHARED_REDIS_URL! }), startTestServer({ ...LIMITS, REDIS_URL: SHARED_REDIS_URL! })]);
  });
  afterAll(() => Promise.all([a.close(), b.close()]));
  bucketTests(() => [a, b]);

  test('the cost bucket of a key and the failed authentications of an address are shared', async () => {
    const ws = await a.newWorkspace();
    expect((await post(a, QUERY_12, `Bearer ${ws.key}`)).status).toBe(200);
    expect((await post(b, QUERY_12, `Bearer ${ws.key}`)).status).toBe(200);
    expectThrottled(await post(a, QUERY_12, `Bearer ${ws.key}`));
    expectThrottled(await post(b, QUERY_12, `Bearer ${ws.key}`));

    const from = randomLoopback();
    for (const server of [a, b, a]) expect((await post(server, '{ viewer { name } }', `Bearer ${generateKeySecret()}`, from)).status).toBe(401);
    expectThrottled(await post(b, '{ viewer { name } }', `Bearer ${generateKeySecret()}`, from));
  });
});

describe('rate limits when Redis is down', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ...LIMITS, REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
  });
  afterAll(() => server.close());

  test('requests are answered (fail open), promptly, with currentlyAvailable null', async () => {
    const ws = await server.newWorkspace();
    for (let i = 0; i < 4; i++) {
      const started = Date.now();
      const r = await post(server, QUERY_12, `Bearer ${ws.key}`);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(r.status).toBe(200);
      expect(r.body.extensions?.cost.throttleStatus).toEqual({ maximumAvailable: 30, currentlyAvailable: null, restoreRate: 1 });
    }
  });
});
