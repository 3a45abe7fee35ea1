import { getIntrospectionQuery } from 'graphql';
import { Client } from 'pg';
import type { TestContext } from './support/context';
import type { GqlResponse } from './support/graphql';
import { startTestServer, testDatabaseUrl, type TestServer } from './support/server';

/** Query cost, depth, alias and root-field limits (checked before anything runs), statement and pool timeouts, /health. */

/** The response's `extensions.cost`. */
const cost = (r: GqlResponse): any => r.extensions?.cost;

function expectTooComplex(r: GqlResponse, extensions: Record<string, number>) {
  expect(r.status).toBe(200);
  expect(r.data ?? null).toBeNull();
  expect(r.errors).toHaveLength(1);
  expect(r.errors![0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', ...extensions });
}

describe('query limits and text filters (defaults)', () => {
  let server: TestServer;
  let ws: TestContext;
  beforeAll(async () => {
    server = await startTestServer();
    ws = await server.newWorkspace();
  });
  afterAll(() => server.close());

  test('every response to an operation carries extensions.cost', async () => {
    const r = await ws.gql('{ viewer { name } clients(first: 10) { nodes { id name } } }');
    expect(r.errors).toBeUndefined();
    expect(cost(r)).toEqual({
      requestedQueryCost: 1 + 1 + 10,
      actualQueryCost: 12,
      throttleStatus: { maximumAvailable: 10_000, currentlyAvailable: expect.any(Number), restoreRate: 500 },
    });
    expect(cost(r).throttleStatus.currentlyAvailable).toBeLessThanOrEqual(10_000 - 12 + 500);
  });

  test('the fan-out clients(first: 100) → jobs(first: 100) → client is refused with its cost, before any SQL runs', async () => {
    const r = await ws.gql('{ clients(first: 100) { nodes { jobs(first: 100) { nodes { client { name } } } } } }');
    expectTooComplex(r, { cost: 20_201, limit: 5000 });
    expect(r.errors![0].message).toBe('Query cost 20201 exceeds the limit of 5000');
    expect(r.extensions?.sqlStatements ?? 0).toBe(1); // the key lookup only
    expect(cost(r).requestedQueryCost).toBe(20_201);
  });

  test('a page size in a variable counts', async () => {
    const q = 'query($n: Int) { auditLog(first: $n) { nodes { id changes { field } } } }';
    expect((await ws.gql(q, { n: 10 })).errors).toBeUndefined();
    const five = ['a', 'b', 'c', 'd', 'e'].map((a) => `${a}: auditLog(first: $n) { nodes { changes { field } } }`).join(' ');
    expectTooComplex(await ws.gql(`query($n: Int) { ${five} }`, { n: 100 }), { cost: 5 * (1 + 100 * (1 + 10)), limit: 5000 });
  });

  test('301 levels of jobs → client → jobs nesting are refused for their depth', async () => {
    let q = 'id';
    for (let i = 0; i < 100; i++) q = `jobs(first: 1) { nodes { client { ${q} } } }`;
    const r = await ws.gql(`{ clients(first: 1) { nodes { ${q} } } }`);
    expect(r.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(r.errors![0].extensions).toMatchObject({ limit: 12 });
    expect(r.errors![0].extensions!.depth).toBeGreaterThan(300);
  });

  test('1,000 aliased createClient mutations are refused (too many tokens to parse) and create no client; 40 are over the root-field limit', async () => {
    const fields = (n: number) => Array.from({ length: n }, (_, i) => `c${i}: createClient(input: { name: "Alias ${i}" }) { client { id } }`).join('\n');
    const r = await ws.gql(`mutation { ${fields(1000)} }`);
    expect(r.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expectTooComplex(await ws.gql(`mutation { ${fields(40)} }`), { rootFields: 40, limit: 30 });
    const [{ n }] = await server.db.query('SELECT count(*)::int AS n FROM clients WHERE workspace_id = $1', [ws.id]);
    expect(n).toBe(0);
  });

  test('aliases beyond the limit are refused, also through fragments', async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `n${i}: name`).join(' ');
    expectTooComplex(await ws.gql(`{ viewer { ${aliases} } }`), { aliases: 31, limit: 30 });
    const inFragment = Array.from({ length: 11 }, (_, i) => `n${i}: name`).join(' ');
    expectTooComplex(await ws.gql(`{ viewer { ...V ...V } a: viewer { ...V } } fragment V on Viewer { ${inFragment} }`), { aliases: 34, limit: 30 });
    expect((await ws.gql(`{ viewer { ${Array.from({ length: 30 }, (_, i) => `n${i}: name`).join(' ')} } }`)).errors).toBeUndefined();
  });

  test("the playground's introspection query passes, with a key and without", async () => {
    for (const r of [await ws.gql(getIntrospectionQuery()), await server.request(getIntrospectionQuery())]) {
      expect(r.status).toBe(200);
      expect(r.errors).toBeUndefined();
      expect(r.data.__schema.queryType.name).toBe('Query');
      expect(cost(r).requestedQueryCost).toBe(0);
    }
  });

  test('the fullest introspection query passes; introspection that fans out, or nests deeper than 20 levels, is refused', async () => {
    const full = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true });
    expect((await ws.gql(full)).errors).toBeUndefined();
    const fanOut = await server.request('{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }');
    // graphql-js's own validation rule (MaxIntrospectionDepthRule) refuses fields within fields within fields.
    expect(fanOut.errors?.[0]).toMatchObject({ message: 'Maximum introspection depth exceeded', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const viaFragment = await ws.gql('{ __type(name: "Job") { ...T } } fragment T on __Type { fields { type { ofType { ...T } } } }');
    expect(viaFragment.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED'); // a fragment cycle: refused by validation
    const chain = await ws.gql(`{ __schema { types { ${'ofType { '.repeat(30)}name${' }'.repeat(30)} } } }`);
    expect(chain.errors?.[0]).toMatchObject({ message: expect.stringMatching(/deeper than 20 levels/), extensions: { code: 'QUERY_TOO_COMPLEX', limit: 20 } });
  });

  test('a document of more than MAX_QUERY_TOKENS (3,000) tokens is refused while parsing, before validation', async () => {
    const start = Date.now();
    const r = await ws.gql(`{ viewer { ${'name '.repeat(20_000)} } }`);
    expect(r.errors?.[0]).toMatchObject({ message: expect.stringMatching(/more (than|that) 3000 tokens/), extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    expect(Date.now() - start).toBeLessThan(1000);
    // Under the limit it is parsed (graphql-js's validation then stops at so many identical fields itself).
    expect((await ws.gql(`{ viewer { ${'name '.repeat(2_900)} } }`)).errors?.[0]?.extensions?.code).not.toBe('GRAPHQL_PARSE_FAILED');
  });

  test.each([
    ['clients', 'query($t: String) { clients(filter: { search: $t }) { nodes { id } } }', 'filter.search'],
    ['jobs', 'query($t: String) { jobs(filter: { search: $t }) { nodes { id } } }', 'filter.search'],
    ['staff', 'query($t: String) { staff(filter: { search: $t }) { nodes { id } } }', 'filter.search'],
    ['suppliers', 'query($t: String) { suppliers(filter: { search: $t }) { nodes { id } } }', 'filter.search'],
    ['stockItems', 'query($t: String) { stockItems(filter: { search: $t }) { nodes { id } } }', 'filter.search'],
    ['auditLog', 'query($t: String) { auditLog(filter: { actorId: $t }) { nodes { id } } }', 'filter.actorId'],
  ])('text filter of %s: a 1,000,000-character text is refused fast with BAD_USER_INPUT; 200 characters pass', async (_name, query, path) => {
    const started = Date.now();
    const r = await ws.gql(query, { t: 'x'.repeat(1_000_000) });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'filter' });
    expect(r.errors![0].message).toBe(`${path}: ${path.split('.').pop()} must be at most 200 characters`);
    expect(r.extensions?.sqlStatements).toBe(1); // the key lookup only

    expect((await ws.gql(query, { t: 'x'.repeat(200) })).errors).toBeUndefined();
  });
});

describe('limits from the configuration', () => {
  let server: TestServer;
  let ws: TestContext;
  beforeAll(async () => {
    server = await startTestServer({ MAX_QUERY_COST: '20', MAX_QUERY_DEPTH: '3', MAX_ROOT_FIELDS: '2', RATE_LIMIT_MAX: '0' });
    ws = await server.newWorkspace();
  });
  afterAll(() => server.close());

  test('cost, depth and root fields', async () => {
    expect((await ws.gql('{ clients(first: 19) { nodes { id } } }')).errors).toBeUndefined();
    expectTooComplex(await ws.gql('{ clients(first: 20) { nodes { id } } }'), { cost: 21, limit: 20 });
    expectTooComplex(await ws.gql('{ clients(first: 1) { nodes { jobs(first: 1) { nodes { id } } } } }'), { depth: 5, limit: 3 });
    expectTooComplex(await ws.gql('{ viewer { name } a: viewer { name } b: viewer { name } }'), { rootFields: 3, limit: 2 });
  });

  test('with rate limiting off, throttleStatus is null', async () => {
    const r = await ws.gql('{ viewer { name } }');
    expect(cost(r)).toEqual({ requestedQueryCost: 1, actualQueryCost: 1, throttleStatus: null });
  });
});

describe('statement timeout, pool wait and /health', () => {
  let server: TestServer;
  let ws: TestContext;
  beforeAll(async () => {
    server = await startTestServer({ STATEMENT_TIMEOUT_MS: '500', DB_POOL_WAIT_MS: '300' });
    ws = await server.newWorkspace();
  });
  afterAll(() => server.close());

  test("the request pool's statements are cancelled after STATEMENT_TIMEOUT_MS", async () => {
    const started = Date.now();
    await expect(server.db.query('SELECT pg_sleep(3)')).rejects.toMatchObject({ driverError: { code: '57014' } });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('a statement over the timeout answers TIMEOUT, not INTERNAL_SERVER_ERROR, and writes nothing', async () => {
    const client = await ws.newClient({ name: 'Locked' });
    const locker = new Client({ connectionString: testDatabaseUrl() });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM clients WHERE id = $1 FOR UPDATE', [client.id]);
      const r = await ws.gql('mutation($id: ID!) { updateClient(id: $id, input: { name: "Renamed" }) { client { name } userErrors { code } } }', { id: client.id });
      expect(r.status).toBe(200);
      expect(r.errors).toHaveLength(1);
      expect(r.errors![0].extensions).toEqual({ code: 'TIMEOUT' });
      expect(r.errors![0].message).toMatch(/took too long/);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    const [{ name }] = await server.db.query('SELECT name FROM clients WHERE id = $1', [client.id]);
    expect(name).toBe('Locked');
  });

  test('with every request connection taken, a request fails fast with SERVICE_UNAVAILABLE while /health answers', async () => {
    const held = Array.from({ length: 20 }, () => server.db.createQueryRunner());
    await Promise.all(held.map((r) => r.connect()));
    try {
      const started = Date.now();
      const r = await ws.gql('{ viewer { name } }');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(r.status).toBe(503);
      expect(r.errors?.[0].extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });

      const healthStarted = Date.now();
      const health = await fetch(server.url.replace(/\/graphql$/, '/health'));
      expect(Date.now() - healthStarted).toBeLessThan(1000);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', database: 'up' });
    } finally {
      await Promise.all(held.map((r) => r.release()));
    }
    expect((await ws.gql('{ viewer { name } }')).errors).toBeUndefined();
  });
});
