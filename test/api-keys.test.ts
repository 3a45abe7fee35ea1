import { randomUUID } from 'node:crypto';
import { hashKey, Role } from './support/app';
import { snapshotWorkspace } from './support/database';
import { dataOf, mutate, mutatePayload, onlyError, USER_ERRORS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';

/** API key management: createApiKey, revokeApiKey, apiKeys; expiry and last use. */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const KEY_FIELDS = 'id name role prefix createdAt expiresAt revokedAt lastUsedAt';
const CREATE = `mutation($input: CreateApiKeyInput!, $reason: String) {
  createApiKey(input: $input, reason: $reason) { apiKey { ${KEY_FIELDS} } secret ${USER_ERRORS} } }`;
const REVOKE = `mutation($id: ID!, $reason: String) { revokeApiKey(id: $id, reason: $reason) { apiKey { ${KEY_FIELDS} } ${USER_ERRORS} } }`;
const LIST = `{ apiKeys { ${KEY_FIELDS} } }`;
const DATA_QUERY = '{ clients { totalCount } }';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function lastUsed(secret: string): Promise<Date | null> {
  const [row] = await server.db.query('SELECT last_used_at FROM api_keys WHERE key_hash = $1', [hashKey(secret)]);
  return row.last_used_at;
}

describe('createApiKey', () => {
  test('an ADMIN creates a key: the secret is returned once, and works with the role given', async () => {
    const ws = await server.newWorkspace(Role.ADMIN);
    const expiresAt = inDays(30);
    const p = await mutate(ws, CREATE, { input: { name: '  Payroll sync  ', role: 'EDITOR', expiresAt }, reason: 'Payroll integration' });
    expect(p.secret).toMatch(/^jc_[A-Za-z0-9_-]{43}$/);
    expect(p.apiKey).toEqual({
      id: expect.any(String),
      name: 'Payroll sync',
      role: 'EDITOR',
      prefix: p.secret.slice(0, 8),
      createdAt: expect.any(String),
      expiresAt,
      revokedAt: null,
      lastUsedAt: null,
    });
    // Only the hash is stored.
    const [row] = await server.db.query('SELECT key_hash, workspace_id FROM api_keys WHERE id = $1', [p.apiKey.id]);
    expect(row).toEqual({ key_hash: hashKey(p.secret), workspace_id: ws.id });

    const viewer = await server.request('{ viewer { apiKeyId role workspace { id } } }', {}, `Bearer ${p.secret}`);
    expect(dataOf(viewer).viewer).toEqual({ apiKeyId: p.apiKey.id, role: 'EDITOR', workspace: { id: ws.id } });
    const write = await server.request(`mutation { createClient(input: { name: "Via new key" }) { client { id } ${USER_ERRORS} } }`, {}, `Bearer ${p.secret}`);
    expect(dataOf(write).createClient.userErrors).toEqual([]);
  });

  test('the secret and the hash are never readable: not in the ApiKey type, not in the list', async () => {
    const ws = await server.newWorkspace(Role.ADMIN);
    const p = await mutate(ws, CREATE, { input: { name: 'Listed', role: 'VIEWER' } });
    const type = dataOf(await ws.gql('{ __type(name: "ApiKey") { fields { name } } }')).__type;
    expect(type.fields.map((f: { name: string }) => f.name)).toEqual(['id', 'name', 'role', 'prefix', 'createdAt', 'expiresAt', 'revokedAt', 'lastUsedAt']);
    const list = await ws.gql(LIST);
    expect(JSON.stringify(list)).not.toContain(p.secret);
    expect(JSON.stringify(list)).not.toContain(hashKey(p.secret));
  });

  test.each<[string, Record<string, unknown>, string[]]>([
    ['an empty name', { name: '   ', role: 'VIEWER' }, ['input', 'name']],
    ['a name over 200 characters', { name: 'k'.repeat(201), role: 'VIEWER' }, ['input', 'name']],
    ['an expiry in the past', { name: 'Old', role: 'VIEWER', expiresAt: '2020-01-01T00:00:00Z' }, ['input', 'expiresAt']],
  ])('%s is a VALIDATION error and writes nothing', async (_name, input, path) => {
    const ws = await server.newWorkspace(Role.ADMIN);
    const before = await snapshotWorkspace(server.db, ws.id);
    const p = await mutatePayload(ws, CREATE, { input });
    expect(p.apiKey).toBeNull();
    expect(p.secret).toBeNull();
    expect(onlyError(p)).toMatchObject({ code: 'VALIDATION', path });
    expect(await snapshotWorkspace(server.db, ws.id)).toEqual(before);
  });

  test('a reason over 1000 characters is a VALIDATION error', async () => {
    const ws = await server.newWorkspace(Role.ADMIN);
    const p = await mutatePayload(ws, CREATE, { input: { name: 'Long reason', role: 'VIEWER' }, reason: 'r'.repeat(1001) });
    expect(onlyError(p)).toMatchObject({ code: 'VALIDATION', path: ['reason'] });
  });

  test('an unknown role or a malformed date is refused by the schema (400), never a 500', async () => {
    const ws = await server.newWorkspace(Role.ADMIN);
    const before = await snapshotWorkspace(server.db, ws.id);
    for (const input of [
      { name: 'x', role: 'OWNER' },
      { name: 'x', role: 'VIEWER', expiresAt: 'tomorrow' },
    ]) {
      const r = await ws.gql(CREATE, { input });
      expect(r.status).toBe(400);
      expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(await snapshotWorkspace(server.db, ws.id)).toEqual(before);
  });

  test('EDITOR and VIEWER keys get FORBIDDEN for key management and nothing is written', async () => {
    for (const role of [Role.EDITOR, Role.VIEWER]) {
      const ws = await server.newWorkspace(role);
      const before = await snapshotWorkspace(server.db, ws.id);
      for (const [query, vars] of [
        [CREATE, { input: { name: 'Sneaky', role: 'ADMIN' } }],
        [REVOKE, { id: randomUUID() }],
        [LIST, {}],
      ] as const) {
        const r = await ws.gql(query, vars);
        expect(r.status).toBe(403);
        expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
        expect(r.errors?.[0].message).toMatch(/needs an ADMIN key/);
      }
      expect(await snapshotWorkspace(server.db, ws.id)).toEqual(before);
    }
  });
});

describe('revokeApiKey', () => {
  test('a revoked key is refused from then on; revoking it again changes nothing', async () => {
    const ws = await server.newWorkspace(Role.ADMIN);
    const { apiKey, secret } = await mutate(ws, CREATE, { input: { name: 'Short-lived', role: 'EDITOR' } });
    expect((await server.request(DATA_QUERY, {}, `Bearer ${secret}`)).status).toBe(200);

    const first = await mutate(ws, REVOKE, { id: apiKey.id, reason: 'Contract ended' });
    expect(first.apiKey.revokedAt).toEqual(expect.any(String));
    const refused = await server.request(DATA_QUERY, {}, `Bearer ${secret}`);
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(refused)).not.toContain(secret);

    const again = await mutate(ws, REVOKE, { id: apiKey.id });
    expect(again.apiKey).toEqual(first.apiKey);
  });

  test('a key cannot revoke itself (IN_USE), and stays active', async () => {
    const ws = await server.newWorkspace(Role.ADMIN);
    const [own] = await server.db.query('SELECT id FROM api_keys WHERE key_hash = $1', [hashKey(ws.key)]);
    const p = await mutatePayload(ws, REVOKE, { id: own.id });
    expect(p.apiKey).toBeNull();
    expect(onlyError(p)).toMatchObject({ code: 'IN_USE', path: ['id'] });
    expect((await ws.gql(DATA_QUERY)).status).toBe(200);
  });

  test("another workspace's key, an unknown id and a malformed id are NOT_FOUND; nothing changes", async () => {
    const ws = await server.newWorkspace(Role.ADMIN);
    const other = await server.newWorkspace(Role.ADMIN);
    const [theirs] = await server.db.query('SELECT id FROM api_keys WHERE key_hash = $1', [hashKey(other.keys.VIEWER)]);
    const before = await snapshotWorkspace(server.db, other.id);
    for (const id of [theirs.id, randomUUID(), 'not-a-uuid']) {
      expect(onlyError(await mutatePayload(ws, REVOKE, { id }))).toMatchObject({ code: 'NOT_FOUND', path: ['id'] });
    }
    expect(await snapshotWorkspace(server.db, other.id)).toEqual(before);
    expect((await other.as(Role.VIEWER).gql(DATA_QUERY)).status).toBe(200);
  });
});

describe('apiKeys', () => {
  test("lists the workspace's keys newest first, revoked ones included, and no other workspace's", async () => {
    const ws = await server.newWorkspace(Role.ADMIN);
    await server.newWorkspace(Role.ADMIN);
    const a = await mutate(ws, CREATE, { input: { name: 'A', role: 'VIEWER' } });
    const b = await mutate(ws, CREATE, { input: { name: 'B', role: 'ADMIN', expiresAt: inDays(1) } });
    await mutate(ws, REVOKE, { id: a.apiKey.id });
    const keys = dataOf(await ws.gql(LIST)).apiKeys;
    // The three keys every test workspace starts with, and the two new ones.
    expect(keys).toHaveLength(5);
    expect(keys.slice(0, 2).map((k: { name: string }) => k.name)).toEqual(['B', 'A']);
    expect(keys[0]).toMatchObject({ id: b.apiKey.id, role: 'ADMIN', expiresAt: b.apiKey.expiresAt, revokedAt: null });
    expect(keys[1].revokedAt).toEqual(expect.any(String));
    const [{ n }] = await server.db.query('SELECT count(*)::int AS n FROM api_keys WHERE workspace_id = $1', [ws.id]);
    expect(n).toBe(5);
  });
});

describe('expiry and last use', () => {
  test('an expired key is refused (401) like a revoked one', async () => {
    const ws = await server.newWorkspace(Role.ADMIN);
    const { apiKey, secret } = await mutate(ws, CREATE, { input: { name: 'Expiring', role: 'VIEWER', expiresAt: inDays(1) } });
    expect((await server.request(DATA_QUERY, {}, `Bearer ${secret}`)).status).toBe(200);
    await server.db.query("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1", [apiKey.id]);
    const r = await server.request(DATA_QUERY, {}, `Bearer ${secret}`);
    expect(r.status).toBe(401);
    expect(r.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: 'The API key is unknown, revoked or expired.' });
  });

  test('lastUsedAt is recorded on use, at most once a minute, in the one authentication statement', async () => {
    const ws = await server.newWorkspace(Role.ADMIN);
    const { apiKey, secret } = await mutate(ws, CREATE, { input: { name: 'Used', role: 'VIEWER' } });
    expect(await lastUsed(secret)).toBeNull();
    const first = await server.request('{ viewer { role } }', {}, `Bearer ${secret}`);
    expect(first.extensions!.sqlStatements).toBe(1);
    const used = await lastUsed(secret);
    expect(used).toBeInstanceOf(Date);

    await server.request('{ viewer { role } }', {}, `Bearer ${secret}`);
    expect(await lastUsed(secret)).toEqual(used);

    await server.db.query("UPDATE api_keys SET last_used_at = now() - interval '2 minutes' WHERE id = $1", [apiKey.id]);
    const stale = await lastUsed(secret);
    await server.request('{ viewer { role } }', {}, `Bearer ${secret}`);
    expect((await lastUsed(secret))!.getTime()).toBeGreaterThan(stale!.getTime());

    const listed = dataOf(await ws.gql(LIST)).apiKeys.find((k: { id: string }) => k.id === apiKey.id);
    expect(listed.lastUsedAt).toEqual(expect.any(String));
  });
});
