import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { Role } from './support/app';
import type { TestContext } from './support/context';
import { snapshotWorkspace } from './support/database';
import { dataOf, USER_ERRORS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';

/** JWT sessions for single-page-app users: verification, claims, the actor in history, and refusals. */

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256!';
const ISSUER = 'https://login.example.test/';
const AUDIENCE = 'jobcost-api';
// Failed authentications are not throttled here: this file sends many refused tokens on purpose.
const JWT_ENV = { JWT_SECRET: SECRET, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE, AUTH_FAILURES_PER_MINUTE: '0' };

let server: TestServer;
let ws: TestContext;
let slug: string;
beforeAll(async () => {
  server = await startTestServer(JWT_ENV);
  ws = await server.newWorkspace(Role.ADMIN);
  [{ slug }] = await server.db.query('SELECT slug FROM workspaces WHERE id = $1', [ws.id]);
});
afterAll(() => server.close());

interface TokenOptions {
  claims?: JWTPayload;
  issuer?: string;
  audience?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  secret?: string;
}

async function token({ claims = {}, issuer = ISSUER, audience = AUDIENCE, expiresIn = 600, secret = SECRET }: TokenOptions = {}): Promise<string> {
  return new SignJWT({ workspace: slug, role: 'EDITOR', name: 'Ana Ruiz', ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject((claims.sub as string | undefined) ?? 'user-42')
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + expiresIn)
    .sign(new TextEncoder().encode(secret));
}

const bearer = (t: string) => `Bearer ${t}`;
const VIEWER_QUERY = '{ viewer { apiKeyId name role actor { type id name } workspace { id } } }';

describe('a valid token', () => {
  test('reads as the user: viewer shows the user, the role and the workspace', async () => {
    const r = await server.request(VIEWER_QUERY, {}, bearer(await token()));
    expect(r.status).toBe(200);
    expect(dataOf(r).viewer).toEqual({
      apiKeyId: null,
      name: 'Ana Ruiz',
      role: 'EDITOR',
      actor: { type: 'USER', id: 'user-42', name: 'Ana Ruiz' },
      workspace: { id: ws.id },
    });
  });

  test('the workspace claim may be the id too; without a name the user is named by the sub', async () => {
    const r = await server.request(VIEWER_QUERY, {}, bearer(await token({ claims: { workspace: ws.id, name: undefined, sub: 'u-7' } })));
    expect(dataOf(r).viewer).toMatchObject({ name: 'u-7', actor: { type: 'USER', id: 'u-7', name: 'u-7' }, workspace: { id: ws.id } });
  });

  test('writes, and history records the user as the actor', async () => {
    const t = await token();
    const created = await server.request(
      `mutation { createClient(input: { name: "Via SPA" }, reason: "Signed in") { client { id history { nodes { type reason actor { type id name } } } } ${USER_ERRORS} } }`,
      {},
      bearer(t),
    );
    const payload = dataOf(created).createClient;
    expect(payload.userErrors).toEqual([]);
    expect(payload.client.history.nodes).toEqual([{ type: 'CREATE', reason: 'Signed in', actor: { type: 'USER', id: 'user-42', name: 'Ana Ruiz' } }]);
    const log = await server.request(`{ auditLog(filter: { actorId: "user-42" }) { nodes { entityId actor { type } } } }`, {}, bearer(t));
    expect(dataOf(log).auditLog.nodes).toContainEqual({ entityId: payload.client.id, actor: { type: 'USER' } });
  });

  test('the role claim is enforced like a key role: a VIEWER user cannot write, an EDITOR user cannot manage keys', async () => {
    const before = await snapshotWorkspace(server.db, ws.id);
    const viewer = await server.request(`mutation { createClient(input: { name: "No" }) { ${USER_ERRORS} } }`, {}, bearer(await token({ claims: { role: 'VIEWER' } })));
    expect(viewer.status).toBe(403);
    expect(viewer.errors?.[0]).toMatchObject({ message: 'A VIEWER user cannot run createClient: it needs an EDITOR role', extensions: { code: 'FORBIDDEN' } });
    const editor = await server.request('{ apiKeys { id } }', {}, bearer(await token()));
    expect(editor.status).toBe(403);
    expect(await snapshotWorkspace(server.db, ws.id)).toEqual(before);
  });

  test('an ADMIN user manages keys, and may revoke any key (a user is not a key)', async () => {
    const t = bearer(await token({ claims: { role: 'ADMIN' } }));
    const [key] = await server.db.query("SELECT id FROM api_keys WHERE workspace_id = $1 AND name = 'viewer key'", [ws.id]);
    const r = await server.request(`mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { revokedAt } ${USER_ERRORS} } }`, { id: key.id }, t);
    expect(dataOf(r).revokeApiKey).toEqual({ apiKey: { revokedAt: expect.any(String) }, userErrors: [] });
  });
});

describe('refused tokens: 401 UNAUTHENTICATED with a clear message that never echoes the token', () => {
  test.each<[string, () => Promise<string>, RegExp]>([
    ['an expired token', () => token({ expiresIn: -3600 }), /expired/],
    ['a wrong issuer', () => token({ issuer: 'https://evil.example.test/' }), /issuer/],
    ['a wrong audience', () => token({ audience: 'another-api' }), /audience/],
    ['a bad signature', () => token({ secret: 'another-secret-that-is-also-long-enough!!' }), /signature/],
    [
      'a tampered payload',
      async () => {
        const [h, , s] = (await token()).split('.');
        return `${h}.${Buffer.from(JSON.stringify({ sub: 'x', role: 'ADMIN', workspace: slug, iss: ISSUER, aud: AUDIENCE, exp: 9999999999 })).toString('base64url')}.${s}`;
      },
      /signature/,
    ],
    ['an unknown workspace', () => token({ claims: { workspace: 'no-such-workspace' } }), /workspace/],
    ['a bad role', () => token({ claims: { role: 'OWNER' } }), /role/],
    ['a missing role', () => token({ claims: { role: undefined } }), /role/],
    ['a missing workspace', () => token({ claims: { workspace: undefined } }), /workspace/],
    [
      'an unsigned token (alg none)',
      async () => {
        const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        return `${part({ alg: 'none' })}.${part({ sub: 'x', role: 'ADMIN', workspace: slug, iss: ISSUER, aud: AUDIENCE, exp: 9999999999 })}.`;
      },
      /./,
    ],
    ['garbage in three parts', async () => 'abc.def.ghi', /malformed/],
  ])('%s', async (_name, make, message) => {
    const t = await make();
    const before = await snapshotWorkspace(server.db, ws.id);
    for (const query of [VIEWER_QUERY, `mutation { createClient(input: { name: "Nope" }) { ${USER_ERRORS} } }`]) {
      const r = await server.request(query, {}, bearer(t));
      expect(r.status).toBe(401);
      expect(r.data ?? null).toBeNull();
      expect(r.errors).toHaveLength(1);
      expect(r.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(r.errors![0].message).toMatch(message);
      expect(JSON.stringify(r)).not.toContain(t.split('.')[1] || t);
    }
    expect(await snapshotWorkspace(server.db, ws.id)).toEqual(before);
  });

  test('API keys keep working beside JWTs', async () => {
    expect(dataOf(await ws.gql('{ viewer { actor { type } } }')).viewer.actor.type).toBe('API_KEY');
  });
});

describe('other set-ups', () => {
  test('without JWT settings a JWT is refused with a message saying so', async () => {
    const plain = await startTestServer();
    try {
      const r = await plain.request(VIEWER_QUERY, {}, bearer(await token()));
      expect(r.status).toBe(401);
      expect(r.errors?.[0].message).toMatch(/does not accept JWTs/);
    } finally {
      await plain.close();
    }
  });

  test('JWT_JWKS_URL as a file: RS256 tokens signed with a key of the set are accepted, others refused', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const other = await generateKeyPair('RS256');
    const dir = mkdtempSync(path.join(tmpdir(), 'jwks-'));
    const file = path.join(dir, 'jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] }));
    const jwks = await startTestServer({ JWT_JWKS_URL: file, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE });
    const sign = (key: typeof privateKey) =>
      new SignJWT({ workspace: slug, role: 'VIEWER' })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setSubject('rsa-user')
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime('5m')
        .sign(key);
    try {
      const ok = await jwks.request(VIEWER_QUERY, {}, bearer(await sign(privateKey)));
      expect(dataOf(ok).viewer).toMatchObject({ role: 'VIEWER', actor: { type: 'USER', id: 'rsa-user' } });
      const bad = await jwks.request(VIEWER_QUERY, {}, bearer(await sign(other.privateKey)));
      expect(bad.status).toBe(401);
      expect(bad.errors?.[0].message).toMatch(/signature/);
      // An HS256 token is not accepted where keys come from a JWKS (no algorithm confusion).
      const hs = await jwks.request(VIEWER_QUERY, {}, bearer(await token()));
      expect(hs.status).toBe(401);
    } finally {
      await jwks.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
