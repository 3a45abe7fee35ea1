/** `/metrics` in Prometheus text format, open or behind METRICS_TOKEN. */
import { startTestServer, type TestServer } from './support/server';

const TOKEN = 'scrape-token-0123456789';
let open: TestServer;
let guarded: TestServer;
beforeAll(async () => {
  [open, guarded] = await Promise.all([startTestServer(), startTestServer({ METRICS_TOKEN: TOKEN })]);
});
afterAll(() => Promise.all([open.close(), guarded.close()]));

const metricsUrl = (s: TestServer) => s.url.replace(/\/graphql$/, '/metrics');

test('requests by operation and outcome, durations, statements, the pool, the cache and the process', async () => {
  const ws = await open.newWorkspace();
  await ws.newJob();
  await ws.gql('query Jobs { jobs { totalCount } }');
  await ws.gql('query Jobs { jobs(first: -1) { totalCount } }');
  await ws.gql('query Costs { jobs(first: 1) { nodes { costSummary { actualCost } } } }');
  const res = await fetch(metricsUrl(open));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  expect(text).toMatch(/graphql_requests_total\{operation="Jobs",outcome="ok"\} [1-9]/);
  expect(text).toMatch(/graphql_requests_total\{operation="Jobs",outcome="BAD_USER_INPUT"\} [1-9]/);
  expect(text).toMatch(/graphql_request_duration_seconds_bucket\{le="0.5",operation="Jobs"\} [1-9]/);
  expect(text).toMatch(/graphql_request_sql_statements_count [1-9]/);
  expect(text).toMatch(/db_pool_connections [1-9]/);
  expect(text).toContain('db_pool_waiting_requests 0');
  expect(text).toMatch(/cache_misses_total\{cache="costSummary",backend="memory"\} \d/);
  expect(text).toContain('nodejs_heap_size_used_bytes');
});

test('with METRICS_TOKEN, only a scraper with the token gets the metrics', async () => {
  expect((await fetch(metricsUrl(guarded))).status).toBe(401);
  expect((await fetch(metricsUrl(guarded), { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
  const ok = await fetch(metricsUrl(guarded), { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(ok.status).toBe(200);
  expect(await ok.text()).toContain('graphql_requests_total');
});
