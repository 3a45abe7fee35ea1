/** Staff.allReports and Staff.managementChain (recursive, batched, cycle-safe) and concurrent manager changes. */
import { inTransaction } from './support/app';
import { dataOf, mutatePayload, USER_ERRORS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';
import type { TestContext } from './support/context';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const UPDATE = `mutation($id: ID!, $input: UpdateStaffInput!) { updateStaff(id: $id, input: $input) { staffMember { id manager { id } } ${USER_ERRORS} } }`;
const ONE = `query($id: ID!, $depth: Int) { staffMember(id: $id) {
  allReports(depth: $depth) { staffMember { name } level } managementChain { name } } }`;

/** ceo → (ann, bob); ann → (cat); cat → (dan); dan → (eve) … a chain of `chain` people below cat. */
async function orgChart(ws: TestContext, chain = 2) {
  const ceo = await ws.newStaff({ name: 'Ceo' });
  const ann = await ws.newStaff({ name: 'Ann', managerId: ceo.id });
  const bob = await ws.newStaff({ name: 'Bob', managerId: ceo.id });
  const cat = await ws.newStaff({ name: 'Cat', managerId: ann.id });
  const below = [cat];
  for (let i = 0; i < chain; i++) below.push(await ws.newStaff({ name: `L${i + 4}`, managerId: below[below.length - 1].id }));
  return { ceo, ann, bob, cat, below };
}

test('allReports: everyone below, by level then name, down to the depth asked (default 5, capped at 10)', async () => {
  const ws = await server.newWorkspace();
  const { ceo, cat } = await orgChart(ws, 12);
  const all = dataOf(await ws.gql(ONE, { id: ceo.id })).staffMember;
  expect(all.allReports.slice(0, 5)).toEqual([
    { staffMember: { name: 'Ann' }, level: 1 },
    { staffMember: { name: 'Bob' }, level: 1 },
    { staffMember: { name: 'Cat' }, level: 2 },
    { staffMember: { name: 'L4' }, level: 3 },
    { staffMember: { name: 'L5' }, level: 4 },
  ]);
  expect(all.allReports).toHaveLength(6); // default depth 5
  const two = dataOf(await ws.gql(ONE, { id: ceo.id, depth: 2 })).staffMember.allReports;
  expect(two.map((r: { staffMember: { name: string } }) => r.staffMember.name)).toEqual(['Ann', 'Bob', 'Cat']);
  const capped = dataOf(await ws.gql(ONE, { id: ceo.id, depth: 50 })).staffMember.allReports;
  expect(Math.max(...capped.map((r: { level: number }) => r.level))).toBe(10);
  expect(capped).toHaveLength(11); // Ann, Bob at 1, then one person per level from 2 to 10
  const chain = dataOf(await ws.gql(ONE, { id: cat.id })).staffMember.managementChain;
  expect(chain).toEqual([{ name: 'Ann' }, { name: 'Ceo' }]);
  expect(dataOf(await ws.gql(ONE, { id: ceo.id })).staffMember.managementChain).toEqual([]);
});

test('a depth below 1 is a clear error', async () => {
  const ws = await server.newWorkspace();
  const s = await ws.newStaff();
  const res = await ws.gql(ONE, { id: s.id, depth: 0 });
  expect(res.errors?.[0]).toMatchObject({ message: 'depth must be at least 1 (got 0)', extensions: { code: 'BAD_USER_INPUT' } });
});

test('a page of staff costs the same few statements whatever its size', async () => {
  const ws = await server.newWorkspace();
  await orgChart(ws, 3);
  await orgChart(ws, 3);
  const q = `query($first: Int) { staff(first: $first) { nodes { allReports { staffMember { name } level } managementChain { name } } } }`;
  const small = await ws.gql(q, { first: 2 });
  const large = await ws.gql(q, { first: 50 });
  expect(large.errors).toBeUndefined();
  expect(large.data.staff.nodes).toHaveLength(14);
  // The small page also loads the people outside it by id; neither grows with the page.
  expect(small.extensions!.sqlStatements).toBeLessThanOrEqual(6);
  expect(large.extensions!.sqlStatements).toBeLessThanOrEqual(6);
});

test('a cycle already in the data ends the walk instead of looping', async () => {
  const ws = await server.newWorkspace();
  const a = await ws.newStaff({ name: 'A' });
  const b = await ws.newStaff({ name: 'B', managerId: a.id });
  // updateStaff refuses this; write it behind the API's back, as old or imported data could hold it.
  const audit = { actor: { type: 'SYSTEM' as const, id: 'test', name: 'test' }, reason: 'a cycle from old data', requestId: 'test' };
  await inTransaction(server.db, audit, (em) => em.query('UPDATE staff SET manager_id = $1 WHERE id = $2', [b.id, a.id]));
  const res = dataOf(await ws.gql(ONE, { id: a.id, depth: 10 })).staffMember;
  expect(res.allReports).toEqual([{ staffMember: { name: 'B' }, level: 1 }]);
  expect(res.managementChain).toEqual([{ name: 'B' }]);
});

test('A→B and B→A at the same time: exactly one succeeds, the other is refused as a cycle', async () => {
  for (let round = 0; round < 10; round++) {
    const ws = await server.newWorkspace();
    const a = await ws.newStaff({ name: 'A' });
    const b = await ws.newStaff({ name: 'B' });
    const [one, two] = await Promise.all([
      mutatePayload(ws, UPDATE, { id: a.id, input: { managerId: b.id } }),
      mutatePayload(ws, UPDATE, { id: b.id, input: { managerId: a.id } }),
    ]);
    const ok = [one, two].filter((p) => p.userErrors.length === 0);
    expect(ok).toHaveLength(1);
    const refused = [one, two].find((p) => p.userErrors.length > 0);
    expect(refused.userErrors[0]).toMatchObject({ code: 'VALIDATION', path: ['input', 'managerId'] });
    expect(refused.userErrors[0].message).toMatch(/reports to this staff member/);
    const [{ n }] = await server.db.query('SELECT count(*)::int AS n FROM staff WHERE id = ANY($1) AND manager_id IS NOT NULL', [[a.id, b.id]]);
    expect(n).toBe(1);
  }
});
