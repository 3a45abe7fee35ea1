/** The dashboard and workload reports: their arithmetic to the cent, caching with after-commit invalidation, bad input. */
import type { TestContext } from './support/context';
import { dataOf } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const DASHBOARD = `query($from: Date, $to: Date) { dashboard(from: $from, to: $to) {
  from to jobsByStatus { status count } overdueJobs estimatedCost estimatedRevenue quotedCost quotedRevenue
  actualCost actualRevenue profit marginPercent topClients { client { name } actualRevenue } } }`;
const WORKLOAD = `query($filter: WorkloadFilter) { workload(filter: $filter) {
  staffMember { name } openJobs highPriorityJobs overdueJobs averageAgeDays hoursLast30Days } }`;

function daysAgo(n: number): string {
  return new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
}

async function dashboard(ws: TestContext, from: string | null, to: string | null) {
  const res = await ws.gql(DASHBOARD, { from, to });
  return { ...dataOf(res).dashboard, statements: res.extensions!.sqlStatements as number };
}

describe('dashboard', () => {
  let ws: TestContext;
  let jobA: Awaited<ReturnType<TestContext['newJob']>>;
  beforeAll(async () => {
    ws = await server.newWorkspace();
    const a = await ws.newClient({ name: 'Alpha' });
    const b = await ws.newClient({ name: 'Beta' });
    jobA = await ws.newJob({ clientId: a.id });
    const jobB = await ws.newJob({ clientId: b.id });
    await ws.newJob({ clientId: b.id, deadline: daysAgo(3) }); // overdue, no costs
    await ws.newCostLine({ costSetId: jobA.costSets.ACTUAL, quantity: '2', unitCost: '10.00', unitRev: '15.00', accountingDate: '2026-01-10' });
    await ws.newCostLine({ costSetId: jobA.costSets.ACTUAL, quantity: '1', unitCost: '3.33', unitRev: '5.55', accountingDate: '2026-02-15' });
    await ws.newCostLine({ costSetId: jobA.costSets.ESTIMATE, quantity: '3', unitCost: '1.10', unitRev: '2.05', accountingDate: '2026-01-05' });
    await ws.newCostLine({ costSetId: jobA.costSets.QUOTE, quantity: '1', unitCost: '4.00', unitRev: '7.77', accountingDate: '2026-01-06' });
    await ws.newCostLine({ costSetId: jobB.costSets.ACTUAL, quantity: '1', unitCost: '100.01', unitRev: '120.02', accountingDate: '2026-01-20' });
  });

  test('January: totals by kind, profit, margin and the top clients, to the cent', async () => {
    const d = await dashboard(ws, '2026-01-01', '2026-01-31');
    expect(d).toMatchObject({
      from: '2026-01-01',
      to: '2026-01-31',
      overdueJobs: 1,
      estimatedCost: '3.30',
      estimatedRevenue: '6.15',
      quotedCost: '4.00',
      quotedRevenue: '7.77',
      actualCost: '120.01',
      actualRevenue: '150.02',
      profit: '30.01',
      marginPercent: '20.00',
      topClients: [
        { client: { name: 'Beta' }, actualRevenue: '120.02' },
        { client: { name: 'Alpha' }, actualRevenue: '30.00' },
      ],
    });
    expect(d.jobsByStatus.find((s: { status: string }) => s.status === 'DRAFT')).toEqual({ status: 'DRAFT', count: 3 });
    expect(d.jobsByStatus).toHaveLength(8);
    // Authentication, the three aggregates and the top clients' names: a handful, not a loop.
    expect(d.statements).toBeLessThanOrEqual(6);
  });

  test('open ends take every line; a later revision supersedes the earlier one (no double counting)', async () => {
    expect(await dashboard(ws, null, null)).toMatchObject({ actualCost: '123.34', actualRevenue: '155.57', profit: '32.23', marginPercent: '20.72' });
    const w = await server.newWorkspace();
    const job = await w.newJob();
    await w.newCostLine({ costSetId: job.costSets.ACTUAL, quantity: '1', unitCost: '1.00', unitRev: '2.00' });
    await w.newCostSet({ jobId: job.id, kind: 'ACTUAL', copyFromId: job.costSets.ACTUAL });
    expect(await dashboard(w, null, null)).toMatchObject({ actualCost: '1.00', actualRevenue: '2.00', marginPercent: '50.00' });
  });

  test('cached, and recomputed after any committed mutation of the workspace', async () => {
    const w = await server.newWorkspace();
    const job = await w.newJob();
    const first = await dashboard(w, null, null);
    const again = await dashboard(w, null, null);
    expect(again).toEqual({ ...first, statements: again.statements });
    expect(again.statements).toBeLessThan(first.statements); // served from the cache
    await w.newCostLine({ costSetId: job.costSets.ACTUAL, quantity: '1', unitCost: '0.01', unitRev: '0.02' });
    expect(await dashboard(w, null, null)).toMatchObject({ actualCost: '0.01', actualRevenue: '0.02', profit: '0.01' });
  });

  test('"from" after "to" is a clear error', async () => {
    const res = await ws.gql(DASHBOARD, { from: '2026-02-01', to: '2026-01-01' });
    expect(res.errors?.[0]).toMatchObject({ message: '"from" (2026-02-01) is after "to" (2026-01-01)', extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('workload', () => {
  test('per assignee: open, HIGH/URGENT, overdue, average age and hours of the last 30 days', async () => {
    const ws = await server.newWorkspace();
    const ann = await ws.newStaff({ name: 'Ann', wageRate: '30.00', chargeOutRate: '50.00' });
    const bob = await ws.newStaff({ name: 'Bob' });
    const cid = await ws.newStaff({ name: 'Cid' });
    const a1 = await ws.newJob({ assigneeId: ann.id, priority: 'HIGH', deadline: daysAgo(2) });
    await ws.newJob({ assigneeId: ann.id, priority: 'URGENT' });
    await ws.newJob({ assigneeId: ann.id, status: 'COMPLETED', deadline: daysAgo(2) });
    await ws.newJob({ assigneeId: bob.id });
    await ws.newCostLine({ costSetId: a1.costSets.ACTUAL, kind: 'TIME', staffId: ann.id, quantity: '1.5', accountingDate: daysAgo(0) });
    await ws.newCostLine({ costSetId: a1.costSets.ACTUAL, kind: 'TIME', staffId: ann.id, quantity: '0.25', accountingDate: daysAgo(29) });
    await ws.newCostLine({ costSetId: a1.costSets.ACTUAL, kind: 'TIME', staffId: ann.id, quantity: '4', accountingDate: daysAgo(40) });

    const res = await ws.gql(WORKLOAD, {});
    expect(dataOf(res).workload).toEqual([
      { staffMember: { name: 'Ann' }, openJobs: 2, highPriorityJobs: 2, overdueJobs: 1, averageAgeDays: '0.00', hoursLast30Days: '1.750' },
      { staffMember: { name: 'Bob' }, openJobs: 1, highPriorityJobs: 0, overdueJobs: 0, averageAgeDays: '0.00', hoursLast30Days: '0.000' },
    ]);
    expect(res.extensions!.sqlStatements).toBeLessThanOrEqual(3); // authentication, the report, the staff names

    const closed = dataOf(await ws.gql(WORKLOAD, { filter: { statuses: ['COMPLETED'] } })).workload;
    expect(closed).toEqual([{ staffMember: { name: 'Ann' }, openJobs: 1, highPriorityJobs: 0, overdueJobs: 0, averageAgeDays: '0.00', hoursLast30Days: '1.750' }]);

    const some = dataOf(await ws.gql(WORKLOAD, { filter: { assigneeIds: [cid.id, bob.id] } })).workload;
    expect(some).toEqual([
      { staffMember: { name: 'Bob' }, openJobs: 1, highPriorityJobs: 0, overdueJobs: 0, averageAgeDays: '0.00', hoursLast30Days: '0.000' },
      { staffMember: { name: 'Cid' }, openJobs: 0, highPriorityJobs: 0, overdueJobs: 0, averageAgeDays: null, hoursLast30Days: '0.000' },
    ]);

    await ws.newJob({ assigneeId: bob.id, priority: 'URGENT' }); // invalidates the cached report after commit
    expect(dataOf(await ws.gql(WORKLOAD, { filter: { assigneeIds: [bob.id] } })).workload[0]).toMatchObject({ openJobs: 2, highPriorityJobs: 1 });
  });

  test('a malformed assignee id is a clear error', async () => {
    const ws = await server.newWorkspace();
    const res = await ws.gql(WORKLOAD, { filter: { assigneeIds: ['nope'] } });
    expect(res.errors?.[0]).toMatchObject({ message: 'assigneeIds: "nope" is not a valid id', extensions: { code: 'BAD_USER_INPUT' } });
  });
});
