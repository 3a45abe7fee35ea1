import { Writable } from 'node:stream';
import { createApiKey, createLog, createServer, deleteOldAppErrors, ensureWorkspace, generateKeySecret, loadConfig, Role } from './support/app';
import { scratchDatabase, type ScratchDatabase } from './support/database';

/**
 * Unexpected errors are stored in app_errors under the errorId their response carried, and an ADMIN
 * of the same workspace reads them back with `appError`. A scratch database lets the test break the
 * schema (a trigger that raises) without disturbing other test files.
 */
const CREATE_CLIENT = `mutation Boom($input: CreateClientInput!) { createClient(input: $input) { client { id } userErrors { code } } }`;
const APP_ERROR = `query($id: ID!) { appError(id: $id) { id occurredAt operationName actorType actorId requestId path message } }`;
const SECRET = 'S3cr3t-app-errors-5521';

let scratch: ScratchDatabase;
let server: Awaited<ReturnType<typeof createServer>>;
let url: string;
let logOutput = '';
const keys = {} as Record<'a' | 'aEditor' | 'b', string>;
const apiKeyIds = {} as Record<'a', string>;

async function gql(key: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, ...((await res.json()) as { data?: any; errors?: any[] }) };
}

beforeAll(async () => {
  scratch = await scratchDatabase('jobcost_apperr');
  const a = await ensureWorkspace(scratch.db, 'a', 'A');
  const b = await ensureWorkspace(scratch.db, 'b', 'B');
  keys.a = generateKeySecret();
  keys.aEditor = generateKeySecret();
  keys.b = generateKeySecret();
  apiKeyIds.a = (await createApiKey(scratch.db, a.id, 'admin a', Role.ADMIN, keys.a)).id;
  await createApiKey(scratch.db, a.id, 'editor a', Role.EDITOR, keys.aEditor);
  await createApiKey(scratch.db, b.id, 'admin b', Role.ADMIN, keys.b);
  // Every new client now fails inside the database with an error no user can fix.
  await scratch.db.query(`CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'client insert broken for the test'; END $$`);
  await scratch.db.query('CREATE TRIGGER boom BEFORE INSERT ON clients FOR EACH ROW EXECUTE FUNCTION boom()');
  const log = createLog(
    'info',
    new Writable({
      write(chunk, _enc, done) {
        logOutput += String(chunk);
        done();
      },
    }),
  );
  const config = loadConfig({ PORT: '0', DATABASE_URL: 'postgres://unused/x', DRAFT_CLEANUP_INTERVAL_MINUTES: '0' });
  server = await createServer({ db: scratch.db, config, log });
  url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/graphql`;
});

afterAll(async () => {
  await server?.stop();
  await scratch?.drop();
});

async function provoke(key = keys.a) {
  const res = await gql(key, CREATE_CLIENT, { input: { name: 'Broken Ltd', notes: SECRET } }, { 'x-request-id': 'req-app-errors-1' });
  expect(res.status).toBe(200);
  expect(res.errors).toHaveLength(1);
  const [error] = res.errors!;
  expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', errorId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  expect(JSON.stringify(res)).not.toMatch(/broken for the test|at .*\.js|node_modules/);
  return error.extensions.errorId as string;
}

it('stores an unexpected error under its errorId, readable by an ADMIN of the workspace', async () => {
  const errorId = await provoke();
  const res = await gql(keys.a, APP_ERROR, { id: errorId });
  expect(res.errors).toBeUndefined();
  expect(res.data.appError).toEqual({
    id: errorId,
    occurredAt: expect.any(String),
    operationName: 'Boom',
    actorType: 'API_KEY',
    actorId: apiKeyIds.a,
    requestId: 'req-app-errors-1',
    path: 'createClient',
    message: expect.stringContaining('client insert broken for the test'),
  });
  const [row] = await scratch.db.query('SELECT to_jsonb(e)::text AS text, stack FROM app_errors e WHERE id = $1', [errorId]);
  expect(row.stack).toContain('QueryFailedError');
  expect(row.text).not.toContain(SECRET);
  // Logged too, with the same id, and never with the variables.
  const logged = logOutput
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  expect(logged).toContainEqual(expect.objectContaining({ level: 'error', msg: 'internal error', errorId }));
  expect(logOutput).not.toContain(SECRET);
  // Nothing was written.
  expect(await scratch.db.query("SELECT 1 FROM clients WHERE name = 'Broken Ltd'")).toEqual([]);
});

it('another workspace, an unknown id and a malformed id read as null; an EDITOR is FORBIDDEN', async () => {
  const errorId = await provoke();
  expect((await gql(keys.b, APP_ERROR, { id: errorId })).data).toEqual({ appError: null });
  expect((await gql(keys.a, APP_ERROR, { id: '00000000-0000-4000-8000-000000000000' })).data).toEqual({ appError: null });
  expect((await gql(keys.a, APP_ERROR, { id: 'not-a-uuid' })).data).toEqual({ appError: null });
  const editor = await gql(keys.aEditor, APP_ERROR, { id: errorId });
  expect(editor.errors?.[0].extensions.code).toBe('FORBIDDEN');
});

it('answers with the errorId even when the error cannot be stored, and logs that', async () => {
  await scratch.db.query('ALTER TABLE app_errors RENAME TO app_errors_away');
  try {
    const errorId = await provoke();
    expect(logOutput).toContain('could not store application errors');
    expect(logOutput).toContain(errorId);
  } finally {
    await scratch.db.query('ALTER TABLE app_errors_away RENAME TO app_errors');
  }
});

it('retention deletes errors older than 90 days and keeps newer ones', async () => {
  const recent = await provoke();
  const [{ id: old }] = await scratch.db.query("INSERT INTO app_errors (id, occurred_at, message) VALUES (gen_random_uuid(), now() - interval '91 days', 'old') RETURNING id");
  expect(await deleteOldAppErrors(scratch.db)).toBeGreaterThanOrEqual(1);
  const left = (await scratch.db.query('SELECT id FROM app_errors WHERE id = ANY($1)', [[old, recent]])).map((r: { id: string }) => r.id);
  expect(left).toEqual([recent]);
});

it('with an Idempotency-Key, an unexpected error rolls back the whole request and stores no response', async () => {
  const op = `mutation($input: CreateClientInput!) {
    staff: createStaff(input: { name: "Kept?", email: "kept@example.com", wageRate: "10.00", chargeOutRate: "20.00" }) { staffMember { id } userErrors { code } }
    client: createClient(input: $input) { client { id } userErrors { code } } }`;
  const send = () => gql(keys.a, op, { input: { name: 'Broken again' } }, { 'idempotency-key': 'app-errors-retry-1' });
  const res = await send();
  expect(res.data).toBeNull();
  expect(res.errors!.map((e) => e.extensions.code)).toEqual(['INTERNAL_SERVER_ERROR', 'INTERNAL_SERVER_ERROR']);
  expect(res.errors![1].message).toMatch(/Nothing was applied/);
  expect(await scratch.db.query("SELECT 1 FROM staff WHERE email = 'kept@example.com'")).toEqual([]);
  expect(await scratch.db.query("SELECT 1 FROM idempotency_keys WHERE key = 'app-errors-retry-1'")).toEqual([]);
  // The retry runs again (and fails again here): nothing was stored to replay.
  expect((await send()).errors![0].extensions.errorId).not.toBe(res.errors![0].extensions.errorId);
});
