/**
 * Input that used to reach the database or the stack and come back as INTERNAL_SERVER_ERROR: each is
 * now refused up front with BAD_USER_INPUT (or BAD_REQUEST), nothing is written, and the server answers
 * normally afterwards.
 */
import { Role } from './support/app';
import { expectNothingWritten } from './support/database';
import { startTestServer, type TestServer } from './support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const CREATE_CLIENT = `mutation($input: CreateClientInput!, $reason: String) { createClient(input: $input, reason: $reason) { client { id } userErrors { code } } }`;
const CREATE_JOB = `mutation($input: CreateJobInput!) { createJob(input: $input) { job { id } userErrors { code } } }`;

function expectRefused(r: { status: number; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }, code: string, message: RegExp) {
  expect(r.errors?.[0]?.extensions?.code).toBe(code);
  expect(r.errors?.[0]?.message).toMatch(message);
  expect(r.status).toBe(400);
}

describe('text that PostgreSQL cannot store or that is not Unicode', () => {
  it.each<[string, { name: string }, string | null, RegExp]>([
    ['a NUL in a variable', { name: 'Ac\u0000me' }, null, /Variable "\$input\.name" contains a NUL/],
    ['a NUL in reason', { name: 'Acme' }, 'because\u0000', /Variable "\$reason" contains a NUL/],
    ['a lone high surrogate in reason', { name: 'Acme' }, 'why \uD800', /Variable "\$reason" contains .* unpaired surrogate/],
    ['a lone low surrogate in a name', { name: 'x\uDC00' }, null, /Variable "\$input\.name"/],
  ])('%s is BAD_USER_INPUT and writes nothing', async (_what, input, reason, where) => {
    const ws = await server.newWorkspace(Role.ADMIN);
    const r = await expectNothingWritten(server.db, [ws.id], () => ws.gql(CREATE_CLIENT, { input, reason }));
    expectRefused(r, 'BAD_USER_INPUT', /NUL character or an unpaired surrogate/);
    expect(r.errors![0].message).toMatch(where);
  });

  it('a NUL in a string literal, and in a filter argument, is BAD_USER_INPUT', async () => {
    const ws = await server.newWorkspace(Role.ADMIN);
    const literal = await expectNothingWritten(server.db, [ws.id], () => ws.gql(`mutation { createClient(input: { name: "a\\u0000b" }) { client { id } } }`));
    expectRefused(literal, 'BAD_USER_INPUT', /^Argument "input" contains a NUL/);
    const filter = await ws.gql(`query($actor: String) { auditLog(filter: { actorId: $actor }) { nodes { id } } }`, { actor: 'key\u0000' });
    expectRefused(filter, 'BAD_USER_INPUT', /Variable "\$actor"/);
  });

  it('a surrogate pair (an emoji) is ordinary text', async () => {
    const ws = await server.newWorkspace(Role.ADMIN);
    const r = await ws.gql(CREATE_CLIENT, { input: { name: 'Café 🚀' }, reason: 'launch 🚀' });
    expect(r.errors).toBeUndefined();
    expect(r.data.createClient.client.id).toBeDefined();
  });
});

describe('dates PostgreSQL would refuse, and dates that do not exist', () => {
  it.each([
    ['0000-01-01', /Date must be a calendar date from 0001-01-01 to 9999-12-31/],
    ['2025-02-30', /Date|calendar/],
  ])('the Date %s is BAD_USER_INPUT, nothing written', async (deadline, message) => {
    const ws = await server.newWorkspace(Role.ADMIN);
    const client = await ws.newClient();
    const r = await expectNothingWritten(server.db, [ws.id], () => ws.gql(CREATE_JOB, { input: { name: 'J', clientId: client.id, deadline } }));
    expectRefused(r, 'BAD_USER_INPUT', message);
  });

  it('a Date literal of year 0000 is refused too', async () => {
    const ws = await server.newWorkspace(Role.ADMIN);
    const r = await ws.gql(`{ purchaseOrders(filter: { orderedFrom: "0000-06-01" }) { nodes { id } } }`);
    expect(r.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors?.[0]?.message).toMatch(/0001-01-01 to 9999-12-31/);
  });

  it.each(['2025-02-30T10:00:00Z', '0000-01-01T00:00:00Z'])('the DateTime %s is BAD_USER_INPUT', async (at) => {
    const ws = await server.newWorkspace(Role.ADMIN);
    const job = await ws.newJob();
    const r = await ws.gql(`query($id: ID!, $at: DateTime!) { jobAsOf(id: $id, at: $at) { id } }`, { id: job.id, at });
    expectRefused(r, 'BAD_USER_INPUT', /is not a real moment/);
  });
});

describe('JSON nested deeper than 32 levels', () => {
  const nest = (depth: number): unknown => {
    let value: unknown = 'leaf';
    for (let i = 0; i < depth; i++) value = { a: value };
    return value;
  };

  const ADD_LINE = `mutation($cs: ID!, $refs: JSON) { addCostLine(costSetId: $cs, input: { kind: ADJUSTMENT, description: "x", quantity: "1", unitCost: "1", unitRev: "1", extRefs: $refs }) { costLine { id } } }`;

  async function actualCostSet(ws: Awaited<ReturnType<TestServer['newWorkspace']>>): Promise<string> {
    const job = await ws.newJob();
    const sets = await ws.gql(`query($id: ID!) { job(id: $id) { latestActual { id } } }`, { id: job.id });
    return sets.data.job.latestActual.id;
  }

  it('extRefs nested 33 deep is BAD_USER_INPUT, nothing written; 32 deep is accepted', async () => {
    const ws = await server.newWorkspace(Role.ADMIN);
    const cs = await actualCostSet(ws);
    const r = await expectNothingWritten(server.db, [ws.id], () => ws.gql(ADD_LINE, { cs, refs: nest(33) }));
    expectRefused(r, 'BAD_USER_INPUT', /JSON values may nest at most 32 levels/);
    const ok = await ws.gql(ADD_LINE, { cs, refs: nest(32) });
    expect(ok.errors).toBeUndefined();
  });

  it('extRefs nested 10,000 deep (a body no client library would even serialize) is BAD_USER_INPUT', async () => {
    const ws = await server.newWorkspace(Role.ADMIN);
    const cs = await actualCostSet(ws);
    const refs = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const res = await expectNothingWritten(server.db, [ws.id], () =>
      fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.key}` },
        body: `{"query":${JSON.stringify(ADD_LINE)},"variables":{"cs":"${cs}","refs":${refs}}}`,
      }),
    );
    expectRefused({ status: res.status, ...((await res.json()) as object) }, 'BAD_USER_INPUT', /JSON values may nest at most 32 levels/);
  });
});

describe('cursors and operations', () => {
  it('an auditLog cursor whose number does not fit a bigint is BAD_USER_INPUT', async () => {
    const ws = await server.newWorkspace(Role.ADMIN);
    const after = Buffer.from(JSON.stringify(['AT:DESC', '2026-01-01 00:00:00+00', 'JOB:9999999999999999999'])).toString('base64url');
    const r = await ws.gql(`query($after: String) { auditLog(first: 5, after: $after) { nodes { id } } }`, { after });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a subscription is refused with BAD_REQUEST before anything runs', async () => {
    const ws = await server.newWorkspace(Role.ADMIN);
    const r = await ws.gql(`subscription { viewer { role } }`);
    expect(r.errors?.[0]?.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    expect(r.status).toBe(400);
    expect(r.data ?? null).toBeNull();
  });

  it.each([
    ['an operation name the document does not hold', { query: 'query A { viewer { role } }', operationName: 'B' }, /no operation named "B"/],
    ['an operation name with a NUL', { query: 'query A { viewer { role } }', operationName: 'A\u0000' }, /no operation named "A\\u0000"/],
    ['no operation name for two operations', { query: 'query A { viewer { role } } query B { viewer { role } }' }, /several operations/],
  ])('%s is OPERATION_RESOLUTION_FAILURE (400), not an internal error', async (_what, body, message) => {
    const ws = await server.newWorkspace(Role.ADMIN);
    const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.key}` }, body: JSON.stringify(body) });
    const json = await res.json();
    expect(res.status).toBe(400);
    expect(json.errors[0].extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');
    expect(json.errors[0].message).toMatch(message);
  });

  it('the server answers normally after all of the above', async () => {
    const ws = await server.newWorkspace(Role.ADMIN);
    const r = await ws.gql(`{ viewer { role } }`);
    expect(r.data.viewer.role).toBe('ADMIN');
  });
});
