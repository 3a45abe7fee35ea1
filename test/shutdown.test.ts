/**
 * Operations on a real process: the API is compiled and started as `npm start` starts it, then sent
 * SIGTERM while a request is in flight. Readiness goes 503, the request in flight still gets its
 * answer, new connections are refused, and the process exits 0. Also: `/healthz` and `/readyz`, and
 * one JSON log line per request with its request id, operation, actor, statements and status; and,
 * with OTEL_EXPORTER_OTLP_ENDPOINT set, HTTP, GraphQL operation and pg spans exported to a collector.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { Client } from 'pg';
import { createApiKey, generateKeySecret, Role } from './support/app';
import { startTestServer, testDatabaseUrl, type TestServer } from './support/server';

const ROOT = path.resolve(__dirname, '..');
const BUILD = path.join(ROOT, 'test/artifacts/shutdown-build');

let helper: TestServer;
let api: ChildProcess;
let base: string;
let key: string;
const lines: string[] = [];
let exit: Promise<number | null>;
/** What the API exported to the stand-in OTLP collector (raw bodies: span names are plain text in JSON and protobuf alike). */
const exported: Buffer[] = [];
let collector: http.Server;

beforeAll(async () => {
  // The production build, as `npm start` runs it (into a folder of the tests' own).
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', BUILD], { cwd: ROOT, stdio: 'pipe' });
  collector = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces') exported.push(Buffer.concat(chunks));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
  const collectorPort = (collector.address() as { port: number }).port;
  helper = await startTestServer();
  const ws = await helper.newWorkspace();
  key = generateKeySecret();
  await createApiKey(helper.db, ws.id, 'shutdown test', Role.ADMIN, key);
  api = spawn(process.execPath, [path.join(BUILD, 'src/main.js')], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: testDatabaseUrl(),
      PORT: '0',
      LOG_LEVEL: 'info',
      SHUTDOWN_DRAIN_DELAY_MS: '500',
      SHUTDOWN_TIMEOUT_MS: '10000',
      DRAFT_CLEANUP_INTERVAL_MINUTES: '0',
      BOOTSTRAP_API_KEY: generateKeySecret(),
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collectorPort}`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  exit = new Promise((resolve) => api.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the API did not start: ${lines.join('\n')}`)), 60_000);
    const read = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        lines.push(line);
        const m = /"port":(\d+).*"msg":"ready"/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      }
    };
    api.stdout!.on('data', read);
    api.stderr!.on('data', read);
  });
  base = `http://127.0.0.1:${port}`;
}, 180_000);

afterAll(async () => {
  if (api && api.exitCode === null) api.kill('SIGKILL');
  await helper?.close();
  collector?.close();
});

const gql = (query: string, variables?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });

test('/healthz and /readyz answer; each request is one JSON log line', async () => {
  expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
  const ready = await fetch(`${base}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: 'ok', database: 'up' });
  const res = await gql('query WhoAmI { viewer { role } }', undefined, { 'x-request-id': 'log-line-test-1' });
  expect(res.status).toBe(200);
  await new Promise((r) => setTimeout(r, 200));
  const line = lines
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l))
    .find((l) => l.msg === 'request' && l.requestId === 'log-line-test-1');
  expect(line).toMatchObject({ level: 'info', operationName: 'WhoAmI', status: 200, outcome: 'ok', sqlStatements: 1 });
  expect(line.actorId).toMatch(/^[0-9a-f-]{36}$/);
  expect(line.workspaceId).toMatch(/^[0-9a-f-]{36}$/);
  expect(typeof line.durationMs).toBe('number');
  // Only JSON on the log (BOOTSTRAP_API_KEY is set, so no key is shown on the terminal).
  expect(lines.filter((l) => !l.startsWith('{'))).toEqual([]);
});

test('with OTEL_EXPORTER_OTLP_ENDPOINT set, HTTP, GraphQL operation and pg spans reach the collector', async () => {
  await gql('query SpanProbe { clients(first: 1) { totalCount } }');
  const seen = () => Buffer.concat(exported).toString('latin1');
  for (let i = 0; i < 50 && !/graphql query SpanProbe/.test(seen()); i++) await new Promise((r) => setTimeout(r, 100));
  expect(seen()).toContain('graphql query SpanProbe');
  expect(seen()).toMatch(/POST/);
  expect(seen()).toMatch(/pg\.query/);
});

test('SIGTERM with a request in flight: readiness 503, the request finishes, new connections are refused, exit 0', async () => {
  const created = await (await gql('mutation { createClient(input: { name: "Held" }) { client { id } } }')).json();
  const clientId = created.data.createClient.client.id;
  // Hold the client's row so that the next update waits for it: a request in flight.
  const holder = new Client({ connectionString: testDatabaseUrl() });
  await holder.connect();
  await holder.query('BEGIN');
  await holder.query('SELECT id FROM clients WHERE id = $1 FOR UPDATE', [clientId]);
  const inFlight = gql('mutation($id: ID!) { updateClient(id: $id, input: { name: "Finished" }) { client { name } } }', { id: clientId });
  await new Promise((r) => setTimeout(r, 300));

  api.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 150));
  const ready = await fetch(`${base}/readyz`);
  expect(ready.status).toBe(503);
  expect(await ready.json()).toMatchObject({ status: 'unavailable', failing: ['shutting down'] });

  await new Promise((r) => setTimeout(r, 700)); // past the drain delay: the listener is closed
  await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  await holder.query('ROLLBACK');
  await holder.end();

  const res = await inFlight;
  expect(res.status).toBe(200);
  expect((await res.json()).data.updateClient.client.name).toBe('Finished');
  expect(await exit).toBe(0);
  expect(lines.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
}, 60_000);
