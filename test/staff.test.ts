import type { TestContext } from './support/context';
import { snapshotWorkspace } from './support/database';
import { dataOf, mutate, mutatePayload, STAFF_FIELDS, USER_ERRORS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const CREATE = `mutation($input: CreateStaffInput!) { createStaff(input: $input) { staffMember { ${STAFF_FIELDS} } ${USER_ERRORS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateStaffInput!) { updateStaff(id: $id, input: $input) { staffMember { ${STAFF_FIELDS} } ${USER_ERRORS} } }`;
const DEACTIVATE = `mutation($id: ID!) { deactivateStaff(id: $id) { staffMember { ${STAFF_FIELDS} } ${USER_ERRORS} } }`;

async function staffIds(ws: TestContext, filter: Record<string, unknown>): Promise<string[]> {
  const d = dataOf(await ws.gql(`query($f: StaffFilter) { staff(first: 100, filter: $f) { totalCount nodes { id } } }`, { f: filter }));
  expect(d.staff.totalCount).toBe(d.staff.nodes.length);
  return d.staff.nodes.map((n: { id: string }) => n.id).sort();
}
const ids = (...rows: Array<{ id: string }>) => rows.map((r) => r.id).sort();

describe('createStaff', () => {
  test('normalises rates to two places and stores the email lower-case', async () => {
    const ws = await server.newWorkspace();
    const p = await mutate(ws, CREATE, {
      input: { name: '  Ann Lee  ', email: '  Ann.Lee@Example.COM ', wageRate: '30', chargeOutRate: '45.5' },
    });
    expect(p.staffMember).toEqual({
      id: expect.any(String),
      name: 'Ann Lee',
      email: 'ann.lee@example.com',
      wageRate: '30.00',
      chargeOutRate: '45.50',
      active: true,
    });
    const [row] = await server.db.query('SELECT name, email, wage_rate::text AS w, charge_out_rate::text AS c, active FROM staff WHERE id = $1', [p.staffMember.id]);
    expect(row).toEqual({ name: 'Ann Lee', email: 'ann.lee@example.com', w: '30.00', c: '45.50', active: true });

    // Integers are accepted for Decimal inputs too.
    const q = await mutate(
      ws,
      `mutation { createStaff(input: { name: "Int", email: "int@example.com", wageRate: 30, chargeOutRate: 0 }) { staffMember { wageRate chargeOutRate } ${USER_ERRORS} } }`,
    );
    expect(q.staffMember).toEqual({ wageRate: '30.00', chargeOutRate: '0.00' });

    const read = dataOf(await ws.gql(`query($id: ID!) { staffMember(id: $id) { ${STAFF_FIELDS} manager { id } reports { id } } }`, { id: p.staffMember.id }));
    expect(read.staffMember).toEqual({ ...p.staffMember, manager: null, reports: [] });
  });

  test('updateStaff normalises rates and email the same way', async () => {
    const ws = await server.newWorkspace();
    const s = await ws.newStaff();
    const p = await mutate(ws, UPDATE, { id: s.id, input: { wageRate: '12.5', chargeOutRate: '7', email: 'NEW@Example.com' } });
    expect(p.staffMember).toMatchObject({ wageRate: '12.50', chargeOutRate: '7.00', email: 'new@example.com' });
  });

  test('email is unique per workspace, whatever its case; the duplicate is refused with CONFLICT and nothing is written', async () => {
    const ws = await server.newWorkspace();
    const ann = await ws.newStaff({ name: 'Ann', email: 'ann@example.com' });
    const before = await snapshotWorkspace(server.db, ws.id);
    const dup = await mutatePayload(ws, CREATE, { input: { name: 'Other Ann', email: 'ANN@example.com', wageRate: '1', chargeOutRate: '2' } });
    expect(dup.staffMember).toBeNull();
    expect(dup.userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT', path: ['input', 'email'] })]);
    expect(await snapshotWorkspace(server.db, ws.id)).toEqual(before);

    // Updating someone else to that email is refused too; keeping one's own email (any case) is fine.
    const bob = await ws.newStaff({ name: 'Bob', email: 'bob@example.com' });
    const clash = await mutatePayload(ws, UPDATE, { id: bob.id, input: { email: 'Ann@Example.com' } });
    expect(clash.userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT' })]);
    expect(dataOf(await ws.gql(`query($id: ID!) { staffMember(id: $id) { email } }`, { id: bob.id })).staffMember.email).toBe('bob@example.com');
    const own = await mutate(ws, UPDATE, { id: ann.id, input: { email: 'ANN@EXAMPLE.COM', name: 'Ann B' } });
    expect(own.staffMember).toMatchObject({ email: 'ann@example.com', name: 'Ann B' });

    // The same email is free in another workspace.
    const other = await server.newWorkspace();
    const there = await other.newStaff({ email: 'Ann@Example.com' });
    expect(there.email).toBe('ann@example.com');
    expect(there.id).not.toBe(ann.id);
  });

  test('concurrent creates with the same email: exactly one wins, the rest get CONFLICT', async () => {
    const ws = await server.newWorkspace();
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        mutatePayload(ws, CREATE, { input: { name: `Racer ${i}`, email: i % 2 ? 'RACE@example.com' : 'race@example.com', wageRate: '1', chargeOutRate: '1' } }),
      ),
    );
    const winners = results.filter((r) => r.staffMember);
    expect(winners).toHaveLength(1);
    for (const r of results.filter((x) => !x.staffMember)) expect(r.userErrors.map((e: any) => e.code)).toEqual(['CONFLICT']);
    const rows = await server.db.query('SELECT email FROM staff WHERE workspace_id = $1', [ws.id]);
    expect(rows).toEqual([{ email: 'race@example.com' }]);
  });
});

describe('manager and reports', () => {
  test('resolve both ways, through several levels', async () => {
    const ws = await server.newWorkspace();
    const boss = await ws.newStaff({ name: 'Zed Boss' });
    const carol = await ws.newStaff({ name: 'Carol', managerId: boss.id });
    const alice = await ws.newStaff({ name: 'Alice', managerId: boss.id });
    const dan = await ws.newStaff({ name: 'Dan', managerId: carol.id });

    const q = `query($id: ID!) { staffMember(id: $id) { id name manager { id name manager { id } } reports { id name reports { id } } } }`;
    const b = dataOf(await ws.gql(q, { id: boss.id })).staffMember;
    expect(b).toEqual({
      id: boss.id,
      name: 'Zed Boss',
      manager: null,
      reports: [
        { id: alice.id, name: 'Alice', reports: [] },
        { id: carol.id, name: 'Carol', reports: [{ id: dan.id }] },
      ],
    });
    const d = dataOf(await ws.gql(q, { id: dan.id })).staffMember;
    expect(d).toEqual({ id: dan.id, name: 'Dan', manager: { id: carol.id, name: 'Carol', manager: { id: boss.id } }, reports: [] });

    // Moving Dan to Alice moves him between the report lists; managerId: null removes the manager.
    await mutate(ws, UPDATE, { id: dan.id, input: { managerId: alice.id } });
    expect(dataOf(await ws.gql(q, { id: carol.id })).staffMember.reports).toEqual([]);
    expect(dataOf(await ws.gql(q, { id: alice.id })).staffMember.reports).toEqual([{ id: dan.id, name: 'Dan', reports: [] }]);
    await mutate(ws, UPDATE, { id: dan.id, input: { managerId: null } });
    expect(dataOf(await ws.gql(q, { id: dan.id })).staffMember.manager).toBeNull();
    expect(dataOf(await ws.gql(q, { id: alice.id })).staffMember.reports).toEqual([]);
  });

  test('a manager cannot be the staff member or someone below them', async () => {
    const ws = await server.newWorkspace();
    const boss = await ws.newStaff({ name: 'Boss' });
    const mid = await ws.newStaff({ name: 'Mid', managerId: boss.id });
    const low = await ws.newStaff({ name: 'Low', managerId: mid.id });
    const before = await snapshotWorkspace(server.db, ws.id);
    for (const [id, managerId] of [
      [boss.id, boss.id],
      [boss.id, mid.id],
      [boss.id, low.id],
      [mid.id, low.id],
    ]) {
      const p = await mutatePayload(ws, UPDATE, { id, input: { managerId } });
      expect(p.staffMember).toBeNull();
      expect(p.userErrors).toEqual([expect.objectContaining({ code: 'VALIDATION', path: ['input', 'managerId'] })]);
    }
    expect(await snapshotWorkspace(server.db, ws.id)).toEqual(before);
  });
});

describe('deactivateStaff', () => {
  test('sets active false and keeps the row, its reporting lines and its cost lines', async () => {
    const ws = await server.newWorkspace();
    const boss = await ws.newStaff({ name: 'Boss' });
    const ann = await ws.newStaff({ name: 'Ann', managerId: boss.id, wageRate: '20', chargeOutRate: '35' });
    const report = await ws.newStaff({ name: 'Report', managerId: ann.id });
    const job = await ws.newJob();
    const { ACTUAL } = job.costSets;
    const { costLine } = await ws.newCostLine({ costSetId: ACTUAL, kind: 'TIME', quantity: '2', staffId: ann.id });

    const p = await mutate(ws, DEACTIVATE, { id: ann.id });
    expect(p.staffMember).toEqual({ ...ann, active: false });

    const [row] = await server.db.query('SELECT active, email FROM staff WHERE id = $1', [ann.id]);
    expect(row).toEqual({ active: false, email: ann.email });
    const read = dataOf(await ws.gql(`query($id: ID!) { staffMember(id: $id) { id active manager { id } reports { id } } }`, { id: ann.id })).staffMember;
    expect(read).toEqual({ id: ann.id, active: false, manager: { id: boss.id }, reports: [{ id: report.id }] });
    const line = dataOf(await ws.gql(`query($id: ID!) { costLine(id: $id) { staff { id active } totalCost totalRev } }`, { id: costLine.id })).costLine;
    expect(line).toEqual({ staff: { id: ann.id, active: false }, totalCost: '40.00', totalRev: '70.00' });

    // Still listed (all and inactive), not among the active.
    expect(await staffIds(ws, {})).toEqual(ids(boss, ann, report));
    expect(await staffIds(ws, { active: false })).toEqual([ann.id]);
    expect(await staffIds(ws, { active: true })).toEqual(ids(boss, report));

    // A deactivated member cannot be given new jobs.
    const assign = await mutatePayload(ws, `mutation($id: ID!, $s: ID!) { updateJob(id: $id, input: { assigneeId: $s }) { job { id } ${USER_ERRORS} } }`, {
      id: job.id,
      s: ann.id,
    });
    expect(assign.userErrors).toEqual([expect.objectContaining({ code: 'VALIDATION', path: ['input', 'assigneeId'] })]);

    // Deactivating twice is harmless; updateStaff can reactivate.
    expect((await mutate(ws, DEACTIVATE, { id: ann.id })).staffMember.active).toBe(false);
    expect((await mutate(ws, UPDATE, { id: ann.id, input: { active: true } })).staffMember.active).toBe(true);
    expect(await staffIds(ws, { active: true })).toEqual(ids(boss, ann, report));
  });
});

describe('staff filters', () => {
  test('search (name or email, case-insensitive), active and managerId, alone and combined', async () => {
    const ws = await server.newWorkspace();
    const boss = await ws.newStaff({ name: 'Grace Hopper', email: 'grace@navy.example' });
    const ada = await ws.newStaff({ name: 'Ada Lovelace', email: 'ada@engine.example', managerId: boss.id });
    const alan = await ws.newStaff({ name: 'Alan Turing', email: 'turing@bletchley.example', managerId: boss.id });
    const joan = await ws.newStaff({ name: 'Joan Clarke', email: 'jc@bletchley.example', managerId: alan.id });
    await mutate(ws, DEACTIVATE, { id: alan.id });

    expect(await staffIds(ws, {})).toEqual(ids(boss, ada, alan, joan));
    // Search by name, any case.
    expect(await staffIds(ws, { search: 'LOVELACE' })).toEqual([ada.id]);
    expect(await staffIds(ws, { search: 'an' })).toEqual(ids(alan, joan)); // "Alan", "Joan"; nobody's email has "an"
    // Search by email.
    expect(await staffIds(ws, { search: 'BLETCHLEY' })).toEqual(ids(alan, joan));
    expect(await staffIds(ws, { search: 'navy.example' })).toEqual([boss.id]);
    expect(await staffIds(ws, { search: 'nobody' })).toEqual([]);
    expect(await staffIds(ws, { search: '%' })).toEqual([]);
    // Active.
    expect(await staffIds(ws, { active: true })).toEqual(ids(boss, ada, joan));
    expect(await staffIds(ws, { active: false })).toEqual([alan.id]);
    // Manager.
    expect(await staffIds(ws, { managerId: boss.id })).toEqual(ids(ada, alan));
    expect(await staffIds(ws, { managerId: alan.id })).toEqual([joan.id]);
    expect(await staffIds(ws, { managerId: joan.id })).toEqual([]);
    // Combined.
    expect(await staffIds(ws, { managerId: boss.id, active: true })).toEqual([ada.id]);
    expect(await staffIds(ws, { search: 'bletchley', active: true })).toEqual([joan.id]);
    expect(await staffIds(ws, { search: 'a', managerId: boss.id, active: false })).toEqual([alan.id]);

    // Default order is by name.
    const names = dataOf(await ws.gql(`{ staff { nodes { name } } }`)).staff.nodes.map((n: { name: string }) => n.name);
    expect(names).toEqual(['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Joan Clarke']);
  });
});
