/** Readiness with a Redis that does not answer, slow statements and requests with many statements in the log. */
import { Writable } from 'node:stream';
import { createLog } from './support/app';
import { startTestServer, type TestServer } from './support/server';

function capture() {
  const lines: any[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { lines, log: createLog('info', sink) };
}

describe('readiness', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Nothing listens on port 1: Redis is configured but down.
    server = await startTestServer({ REDIS_URL: 'redis://127.0.0.1:1', CACHE_TIMEOUT_MS: '50' });
  });
  afterAll(() => server.close());
  const at = (p: string) => server.url.replace(/\/graphql$/, p);

  test('/readyz and /health answer 503 naming Redis when it does not answer; /healthz says the process is up', async () => {
    for (const p of ['/readyz', '/health']) {
      const res = await fetch(at(p));
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'unavailable', failing: ['redis'], database: 'up', redis: 'down' });
    }
    expect(await (await fetch(at('/healthz'))).json()).toEqual({ status: 'ok' });
    // Queries still answer from PostgreSQL.
    const ws = await server.newWorkspace();
    expect((await ws.gql('{ viewer { role } }')).data.viewer.role).toBe('ADMIN');
  });
});

describe('the log', () => {
  let server: TestServer;
  const { lines, log } = capture();
  beforeAll(async () => {
    server = await startTestServer({ SLOW_QUERY_MS: '1', MAX_STATEMENTS_WARN: '2' }, log);
  });
  afterAll(() => server.close());

  test('a statement over SLOW_QUERY_MS is logged with its duration and text, never its parameters', async () => {
    const ws = await server.newWorkspace();
    await ws.newClient({ name: 'Parameter-secret-name' });
    await ws.gql(`query Clients { clients(filter: { search: "Parameter-secret" }) { nodes { name } } }`);
    const slow = lines.filter((l) => l.msg === 'slow sql');
    expect(slow.length).toBeGreaterThan(0);
    expect(slow[0]).toMatchObject({ level: 'warn', ms: expect.any(Number), query: expect.any(String) });
    expect(slow.every((l) => l.query.length <= 501)).toBe(true);
    expect(JSON.stringify(slow)).not.toContain('Parameter-secret');
  });

  test('a request with more than MAX_STATEMENTS_WARN statements is a warning naming the operation', async () => {
    const ws = await server.newWorkspace();
    await ws.newJob();
    const res = await ws.gql(`query JobPage { jobs(first: 5) { nodes { client { name } costSets { costLines { id } } } } }`, undefined);
    expect(res.errors).toBeUndefined();
    const warning = lines.find((l) => l.msg === 'many sql statements in one request' && l.operationName === 'JobPage');
    expect(warning).toMatchObject({ level: 'warn', limit: 2, sqlStatements: expect.any(Number), requestId: expect.any(String) });
    const request = lines.find((l) => l.msg === 'request' && l.requestId === warning.requestId);
    expect(request).toMatchObject({ operationName: 'JobPage', status: 200, outcome: 'ok', workspaceId: ws.id });
  });
});
