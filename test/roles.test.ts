import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, getNamedType, isCompositeType, type GraphQLField, type GraphQLObjectType } from 'graphql';
import { declaredRole, DEFAULT_ROLES, loadTypeDefs, Role, roleDeclarations } from './support/app';
import { snapshotWorkspace } from './support/database';
import { USER_ERRORS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';

/**
 * Roles are declared in one place (`@requires(role:)` in schema.graphql) and enforced in one place
 * (the access-control plugin, before anything runs). These tests read the declarations from the built
 * schema, so a new field is covered without touching them.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const schema = buildSchema(loadTypeDefs());
const RANK = { [Role.VIEWER]: 0, [Role.EDITOR]: 1, [Role.ADMIN]: 2 };
const ROLES = [Role.VIEWER, Role.EDITOR, Role.ADMIN];

/**
 * The smallest valid operation selecting `field`: every argument passed as a variable of its own
 * type (left unset, so a field with required arguments never runs), `__typename` as the selection.
 */
function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const vars = field.args.map((a) => `$${a.name}: ${a.type.toString()}`);
  const args = field.args.map((a) => `${a.name}: $${a.name}`);
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return `${kind}${vars.length ? `(${vars.join(', ')})` : ''} { ${field.name}${args.length ? `(${args.join(', ')})` : ''}${selection} }`;
}

const fieldsOf = (type: GraphQLObjectType | null | undefined) => Object.values(type!.getFields());
const CASES = [...fieldsOf(schema.getQueryType()).map((f) => ['query', f] as const), ...fieldsOf(schema.getMutationType()).map((f) => ['mutation', f] as const)];

test('every Mutation field declares its role explicitly (none falls back to the default silently)', () => {
  const undeclared = fieldsOf(schema.getMutationType())
    .filter((f) => !declaredRole(schema.getMutationType()!, f.name))
    .map((f) => f.name);
  expect(undeclared).toEqual([]);
});

test('undeclared Query fields need VIEWER, and the declarations are what the schema says', () => {
  const declared = roleDeclarations(schema);
  for (const f of fieldsOf(schema.getQueryType())) expect(declared.query[f.name]).toBe(declaredRole(schema.getQueryType()!, f.name) ?? DEFAULT_ROLES.query);
  expect(declared.query.cacheStats).toBe(Role.ADMIN);
  expect(declared.query.apiKeys).toBe(Role.ADMIN);
  expect(declared.query.clients).toBe(Role.VIEWER);
  expect(declared.mutation.createClient).toBe(Role.EDITOR);
  for (const name of ['createApiKey', 'revokeApiKey', 'cleanupAbandonedDrafts']) expect(declared.mutation[name]).toBe(Role.ADMIN);
});

describe.each(ROLES)('a %s key', (role) => {
  test.each(CASES.map(([kind, field]) => [`${kind} ${field.name}`, kind, field] as const))(
    '%s: FORBIDDEN exactly when the declared role is above it',
    async (_name, kind, field) => {
      const ws = await server.newWorkspace(role);
      const needed = roleDeclarations(schema)[kind][field.name];
      const r = await ws.gql(operationFor(kind, field));
      const forbidden = r.errors?.some((e) => e.extensions?.code === 'FORBIDDEN') ?? false;
      expect({ field: field.name, forbidden }).toEqual({ field: field.name, forbidden: RANK[role] < RANK[needed] });
      if (forbidden) {
        expect(r.status).toBe(403);
        expect(r.data ?? null).toBeNull();
        expect(r.errors![0].message).toContain(field.name);
        expect(r.errors![0].message).toContain(`needs an ${needed} key`);
      }
    },
  );
});

describe('enforcement', () => {
  test('one forbidden field refuses the whole operation: nothing runs, nothing is written', async () => {
    const ws = await server.newWorkspace(Role.EDITOR);
    const before = await snapshotWorkspace(server.db, ws.id);
    const r = await ws.gql(`mutation {
      createClient(input: { name: "Written?" }) { client { id } ${USER_ERRORS} }
      createApiKey(input: { name: "Escalate", role: ADMIN }) { secret ${USER_ERRORS} } }`);
    expect(r.status).toBe(403);
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]).toMatchObject({
      message: 'An EDITOR key cannot run createApiKey: it needs an ADMIN key',
      extensions: { code: 'FORBIDDEN' },
    });
    expect(await snapshotWorkspace(server.db, ws.id)).toEqual(before);
  });

  test.each([
    ['a fragment spread', 'query { ...F } fragment F on Query { cacheStats { name } }'],
    ['an inline fragment', 'query { ... on Query { apiKeys { id } } }'],
    ['a nested fragment', 'query { ...A } fragment A on Query { ...B } fragment B on Query { ... on Query { apiKeys { id } } }'],
    ['a skipped field', 'query { viewer { role } apiKeys @skip(if: true) { id } }'],
    ['an alias', 'query { mine: apiKeys { id } }'],
  ])('root fields reached through %s are checked too', async (_name, query) => {
    const ws = await server.newWorkspace(Role.VIEWER);
    const r = await ws.gql(query);
    expect(r.status).toBe(403);
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  test('a VIEWER may still query everything VIEWER-level and introspect', async () => {
    const ws = await server.newWorkspace(Role.VIEWER);
    const r = await ws.gql('query { ...F __typename } fragment F on Query { viewer { role } clients { totalCount } }');
    expect(r.status).toBe(200);
    expect(r.errors).toBeUndefined();
    expect(r.data.viewer.role).toBe('VIEWER');
  });
});

test("README's role table names exactly the ADMIN fields of the declaration", () => {
  const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const row = /^\| `ADMIN` \| everything: also (.*) \|$/m.exec(readme);
  expect(row).not.toBeNull();
  const listed = [...row![1].matchAll(/`(\w+)`/g)].map((m) => m[1]).sort();
  const declared = roleDeclarations(schema);
  const admin = [...Object.entries(declared.query), ...Object.entries(declared.mutation)].filter(([, r]) => r === Role.ADMIN).map(([f]) => f);
  expect(listed).toEqual(admin.sort());
});
