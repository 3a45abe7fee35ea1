/**
 * GraphQL over HTTP as client libraries expect it: every audit of graphql-http's `serverAudits` passes
 * (no warnings, no notices), GET runs queries (with URL-encoded variables) but never mutations, and a
 * request without a JSON body cannot run a mutation.
 */
import { serverAudits } from 'graphql-http';
import { startTestServer, type TestServer } from './support/server';
import type { TestContext } from './support/context';

let server: TestServer;
let ws: TestContext;
beforeAll(async () => {
  server = await startTestServer();
  ws = await server.newWorkspace();
});
afterAll(() => server.close());

test('all of graphql-http’s server audits pass, without warnings or notices', async () => {
  const results = [];
  for (const audit of serverAudits({
    url: server.url,
    fetchFn: (input: RequestInfo | URL, init?: RequestInit) =>
      fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${ws.key}` } }),
  })) {
    results.push({ ...(await audit.fn()), id: audit.id, name: audit.name });
  }
  expect(results.length).toBeGreaterThanOrEqual(61);
  expect(results.filter((r) => r.status !== 'ok').map((r) => `${r.status} ${r.id} ${r.name}: ${'reason' in r ? r.reason : ''}`)).toEqual([]);
});

const get = (params: Record<string, string>, accept = 'application/graphql-response+json') =>
  fetch(`${server.url}?${new URLSearchParams(params)}`, { headers: { accept, authorization: `Bearer ${ws.key}` } });

test('GET runs a query with URL-encoded variables', async () => {
  const res = await get({ query: 'query($n: Int) { jobs(first: $n) { totalCount } }', variables: JSON.stringify({ n: 1 }) });
  expect(res.status).toBe(200);
  expect((await res.json()).data.jobs.totalCount).toBe(0);
});

test('GET never runs a mutation (405, nothing written)', async () => {
  const res = await get({ query: 'mutation { createClient(input: { name: "over GET" }) { client { id } } }' });
  expect(res.status).toBe(405);
  expect((await ws.gql('{ clients { totalCount } }')).data.clients.totalCount).toBe(0);
});

test.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])('a POST with content type %s cannot run a mutation', async (type) => {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': type, authorization: `Bearer ${ws.key}` },
    body: JSON.stringify({ query: 'mutation { createClient(input: { name: "simple request" }) { client { id } } }' }),
  });
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect((await ws.gql('{ clients { totalCount } }')).data.clients.totalCount).toBe(0);
});

test('request errors: 200 for a client that accepts only application/json, 400 for one that accepts application/graphql-response+json', async () => {
  const post = (accept: string) =>
    fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${ws.key}` }, body: JSON.stringify({ query: '{ nope }' }) });
  expect((await post('application/json')).status).toBe(200);
  expect((await post('application/graphql-response+json, application/json;q=0.9')).status).toBe(400);
});

describe('CORS_ORIGINS and INTROSPECTION', () => {
  let strict: TestServer;
  beforeAll(async () => {
    strict = await startTestServer({ CORS_ORIGINS: 'https://app.example.com', INTROSPECTION: 'false' });
  });
  afterAll(() => strict.close());

  const preflight = (s: TestServer, origin: string) =>
    fetch(s.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });

  test('an allowed origin passes the preflight; another origin gets no CORS headers', async () => {
    const ok = await preflight(strict, 'https://app.example.com');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    const other = await preflight(strict, 'https://evil.example.com');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('by default (development) any origin may call', async () => {
    expect((await preflight(server, 'https://anywhere.example.com')).headers.get('access-control-allow-origin')).toBe('*');
  });

  test('INTROSPECTION=false refuses introspection, and queries still run', async () => {
    const admin = await strict.newWorkspace();
    const r = await admin.gql('{ __schema { types { name } } }');
    expect(r.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await admin.gql('{ viewer { role } }')).data.viewer.role).toBe('ADMIN');
  });
});
