import { deleteExpiredIdempotencyKeys, Role } from './support/app';
import type { TestContext } from './support/context';
import { startTestServer, type TestServer } from './support/server';

/**
 * Idempotency-Key on mutations: a retry returns the first response without running again, a
 * different request under the same key is a CONFLICT, concurrent requests never both run, and the
 * stored response commits with the mutation or not at all.
 */
const CREATE_CLIENT = `mutation($name: String!) { createClient(input: { name: $name }) { client { id name } userErrors { code path } } }`;
const CREATE_JOB = `mutation($name: String!, $clientId: ID!) {
  createJob(input: { name: $name, clientId: $clientId }) { job { id number client { name } latestActual { id rev } costSets { kind } } userErrors { code } } }`;

let server: TestServer;
let ws: TestContext;

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.newWorkspace(Role.ADMIN);
});
afterAll(async () => {
  await server?.close();
});

let n = 0;
const uniqueKey = () => `key-${Date.now()}-${++n}-${Math.random().toString(36).slice(2)}`;
const uniqueName = (what: string) => `${what} ${Date.now()}-${++n}`;

async function post(query: string, variables: Record<string, unknown>, key: string | null, secret = ws.keys[Role.ADMIN]) {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}`, ...(key !== null ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: any[]; extensions?: unknown };
  delete body.extensions;
  return { status: res.status, replayed: res.headers.get('idempotent-replayed') === 'true', body };
}

async function clientsNamed(name: string): Promise<number> {
  const [{ count }] = await server.db.query('SELECT count(*)::int AS count FROM clients WHERE workspace_id = $1 AND name = $2', [ws.id, name]);
  return count;
}

async function storedKeys(key: string): Promise<number> {
  const [{ count }] = await server.db.query('SELECT count(*)::int AS count FROM idempotency_keys WHERE key = $1', [key]);
  return count;
}

it('a retry with the same key and request returns the stored response without running again', async () => {
  const key = uniqueKey();
  const name = uniqueName('Retry Ltd');
  const first = await post(CREATE_CLIENT, { name }, key);
  expect(first.status).toBe(200);
  expect(first.body.data.createClient.client.name).toBe(name);
  expect(first.replayed).toBe(false);
  const again = await post(CREATE_CLIENT, { name }, key);
  expect(again).toEqual({ ...first, replayed: true });
  expect(await clientsNamed(name)).toBe(1);
  expect(await storedKeys(key)).toBe(1);
  // Without a key (or with another one) the same request runs again.
  await post(CREATE_CLIENT, { name }, null);
  await post(CREATE_CLIENT, { name }, uniqueKey());
  expect(await clientsNamed(name)).toBe(3);
});

it('reads inside the request see its uncommitted writes', async () => {
  const client = (await post(CREATE_CLIENT, { name: uniqueName('Reader') }, null)).body.data.createClient.client;
  const res = await post(CREATE_JOB, { name: 'Idempotent job', clientId: client.id }, uniqueKey());
  const job = res.body.data.createJob.job;
  expect(job.client.name).toBe(client.name);
  expect(job.latestActual).toEqual({ id: expect.any(String), rev: 1 });
  expect(job.costSets).toHaveLength(3);
});

it('the same key with a different request is a CONFLICT, and nothing runs', async () => {
  const key = uniqueKey();
  await post(CREATE_CLIENT, { name: uniqueName('First') }, key);
  const other = uniqueName('Other');
  const res = await post(CREATE_CLIENT, { name: other }, key);
  expect(res.status).toBe(409);
  expect(res.body.errors?.[0].extensions.code).toBe('CONFLICT');
  expect(await clientsNamed(other)).toBe(0);
});

it('keys are per actor: another key of the workspace may use the same value', async () => {
  const key = uniqueKey();
  const name = uniqueName('Per actor');
  await post(CREATE_CLIENT, { name }, key);
  const editor = await post(CREATE_CLIENT, { name }, key, ws.keys[Role.EDITOR]);
  expect(editor.replayed).toBe(false);
  expect(await clientsNamed(name)).toBe(2);
});

it('concurrent requests with the same key never both run', async () => {
  const key = uniqueKey();
  const name = uniqueName('Concurrent');
  const results = await Promise.all(Array.from({ length: 6 }, () => post(CREATE_CLIENT, { name }, key)));
  expect(await clientsNamed(name)).toBe(1);
  const ok = results.filter((r) => r.status === 200);
  expect(ok.length).toBeGreaterThanOrEqual(1);
  const ids = new Set(ok.map((r) => r.body.data.createClient.client.id));
  expect(ids.size).toBe(1);
  for (const r of results.filter((r) => r.status !== 200)) expect(r.body.errors?.[0].extensions.code).toBe('CONFLICT');
  expect(ok.filter((r) => !r.replayed)).toHaveLength(1);
});

it('user errors are a response like any other: stored, replayed, and nothing written', async () => {
  const key = uniqueKey();
  const first = await post(CREATE_CLIENT, { name: '' }, key);
  expect(first.body.data.createClient.userErrors[0].code).toBe('VALIDATION');
  expect(await post(CREATE_CLIENT, { name: '' }, key)).toEqual({ ...first, replayed: true });
  expect(await storedKeys(key)).toBe(1);
});

it('a two-mutation operation commits both writes with its stored response, and a user error in one undoes only that one', async () => {
  const key = uniqueKey();
  const name = uniqueName('Two');
  const op = `mutation($name: String!) {
    a: createClient(input: { name: $name }) { client { id } userErrors { code } }
    b: createClient(input: { name: "" }) { client { id } userErrors { code } } }`;
  const first = await post(op, { name }, key);
  expect(first.body.data.a.client.id).toEqual(expect.any(String));
  expect(first.body.data.b.userErrors[0].code).toBe('VALIDATION');
  const [row] = await server.db.query('SELECT status_code, response::text AS response FROM idempotency_keys WHERE key = $1', [key]);
  expect(row.status_code).toBe(200);
  expect(JSON.parse(row.response)).toEqual(first.body);
  expect(await clientsNamed(name)).toBe(1);
  expect((await post(op, { name }, key)).replayed).toBe(true);
  expect(await clientsNamed(name)).toBe(1);
});

it('nothing is stored when the mutation never ran (a VIEWER is FORBIDDEN)', async () => {
  const key = uniqueKey();
  const res = await post(CREATE_CLIENT, { name: uniqueName('Viewer') }, key, ws.keys[Role.VIEWER]);
  expect(res.body.errors?.[0].extensions.code).toBe('FORBIDDEN');
  expect(await storedKeys(key)).toBe(0);
});

it('a request refused while its key is being claimed leaves no claim behind', async () => {
  const key = uniqueKey();
  // The request guard refuses the NUL character at the same moment the key is claimed.
  const refused = await post(CREATE_CLIENT, { name: 'nul\u0000here' }, key);
  expect(refused.status).toBe(400);
  expect(refused.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  expect(await storedKeys(key)).toBe(0);
  // Nothing holds the key: a new request with it runs at once.
  const name = uniqueName('After refusal');
  expect((await post(CREATE_CLIENT, { name }, key)).replayed).toBe(false);
  expect(await clientsNamed(name)).toBe(1);
});

it('an expired key is ignored (the request runs again) and cleaned up', async () => {
  const key = uniqueKey();
  const name = uniqueName('Expired');
  await post(CREATE_CLIENT, { name }, key);
  await server.db.query("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1", [key]);
  const again = await post(CREATE_CLIENT, { name }, key);
  expect(again.replayed).toBe(false);
  expect(await clientsNamed(name)).toBe(2);
  expect(await storedKeys(key)).toBe(1);
  await server.db.query("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1", [key]);
  expect(await deleteExpiredIdempotencyKeys(server.db)).toBeGreaterThanOrEqual(1);
  expect(await storedKeys(key)).toBe(0);
});

it.each([
  ['empty', ''],
  ['too long', 'k'.repeat(256)],
  ['not printable ASCII', 'clé-é'],
])('a bad key (%s) is 400 BAD_REQUEST for a mutation, and nothing runs', async (_what, key) => {
  const name = uniqueName('Bad key');
  const res = await post(CREATE_CLIENT, { name }, key);
  expect(res.status).toBe(400);
  expect(res.body.errors?.[0].extensions.code).toBe('BAD_REQUEST');
  expect(await clientsNamed(name)).toBe(0);
});

it('a mutation that commits in batches refuses a key', async () => {
  const res = await post('mutation { cleanupAbandonedDrafts { removed } }', {}, uniqueKey());
  expect(res.body.errors?.[0].extensions.code).toBe('BAD_REQUEST');
  expect(res.body.errors?.[0].message).toMatch(/Idempotency-Key/);
});

it('queries ignore the header', async () => {
  const res = await post('{ viewer { name } }', {}, '');
  expect(res.status).toBe(200);
  expect(res.body.data.viewer.name).toBe('admin key');
  const again = await post('query($x: Int) { viewer { name } }', { x: 1 }, 'q-key');
  expect(again.replayed).toBe(false);
  expect(await storedKeys('q-key')).toBe(0);
});
