import type { TestContext } from './support/context';
import { startTestServer, type TestServer } from './support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** A workspace with `jobs` jobs spread over 10 clients, each job with 2 TIME lines by 3 staff members. */
async function seed(jobs: number): Promise<TestContext> {
  const ws = await server.newWorkspace();
  const staff: string[] = [];
  for (let i = 0; i < 3; i++) {
    staff.push((await ws.newStaff({ name: `Staff ${i}`, email: `s${i}@example.com`, wageRate: '30.00', chargeOutRate: '50.00' })).id);
  }
  const clients: string[] = [];
  for (let i = 0; i < 10; i++) clients.push((await ws.newClient({ name: `Client ${i}` })).id);
  for (let j = 0; j < jobs; j++) {
    const job = await ws.newJob({ name: `Job ${j}`, clientId: clients[j % 10], assigneeId: staff[j % 3] });
    for (let l = 0; l < 2; l++) {
      await ws.newCostLine({ costSetId: job.costSets.ACTUAL, kind: 'TIME', description: 'Work', quantity: '1.5', staffId: staff[(j + l) % 3] });
    }
  }
  return ws;
}

const JOBS_QUERY = `query($first: Int) { jobs(first: $first) { nodes { client { name } assignee { name } costSets { costLines { staff { name } } } } } }`;
const CLIENTS_QUERY = `query($first: Int) { clients(first: $first) { nodes { jobs { nodes { costSets { summary { cost } } } } } } }`;

async function statements(ws: TestContext, query: string, first: number): Promise<{ count: number; rows: number }> {
  const r = await ws.gql(query, { first });
  expect(r.errors).toBeUndefined();
  const rows = (r.data.jobs ?? r.data.clients).nodes.length;
  return { count: r.extensions!.sqlStatements as number, rows };
}

test('jobs → client, assignee, cost sets, lines, line staff: at most 7 statements, the same at first 5 and first 50', async () => {
  const ws = await seed(50);
  const small = await statements(ws, JOBS_QUERY, 5);
  const large = await statements(ws, JOBS_QUERY, 50);
  expect(small.rows).toBe(5);
  expect(large.rows).toBe(50);
  expect(large.count).toBeLessThanOrEqual(7);
  expect(large.count).toBe(small.count);
  console.log(`jobs nested query: ${small.count} statements at first 5, ${large.count} at first 50 (authentication included)`);
});

test('clients → jobs → cost sets → summary: bounded, the same at first 2 and first 10', async () => {
  const ws = await seed(30);
  const small = await statements(ws, CLIENTS_QUERY, 2);
  const large = await statements(ws, CLIENTS_QUERY, 10);
  expect(large.rows).toBe(10);
  expect(large.count).toBeLessThanOrEqual(5);
  expect(large.count).toBe(small.count);
  console.log(`clients nested query: ${small.count} statements at first 2, ${large.count} at first 10 (authentication included)`);
});

/** A workspace with `count` projects of both kinds, each with 2 meta entries, 2 important dates and an attachment, owned by 5 staff. */
async function seedProjects(count: number): Promise<TestContext> {
  const ws = await server.newWorkspace();
  const owners: string[] = [];
  for (let i = 0; i < 5; i++) owners.push((await ws.newStaff({ name: `Owner ${i}` })).id);
  for (let i = 0; i < count; i++) {
    const p = await ws.newProject({ name: `Robotics ${i}`, ownerId: owners[i % 5], kind: i % 2 ? 'SELF_STUDY' : 'SCHOOL' });
    await ws.setProjectMeta(p.id, 'syllabus', { week: i });
    await ws.setProjectMeta(p.id, 'room', `R${i}`);
    await ws.newImportantDate(p.id, { date: '2026-03-01' });
    await ws.newImportantDate(p.id, { date: '2026-05-01' });
    await ws.newAttachment(p.id);
  }
  return ws;
}

const PROJECT_PAGE = `owner { name } ... on SchoolProject { courseName teacherName } ... on SelfStudyProject { goalDescription }
  meta { key value } importantDates { title date } attachments { fileName size }`;

test('projects → owner, details of both kinds, meta, dates, attachments: at most 8 statements, the same at first 5 and first 40', async () => {
  const ws = await seedProjects(40);
  const run = async (first: number) => {
    const r = await ws.gql(`query($first: Int) { projects(first: $first) { nodes { id ${PROJECT_PAGE} } } }`, { first });
    expect(r.errors).toBeUndefined();
    expect(r.data.projects.nodes).toHaveLength(first);
    expect(r.data.projects.nodes[0].meta).toHaveLength(2);
    return r.extensions!.sqlStatements as number;
  };
  const small = await run(5);
  const large = await run(40);
  expect(large).toBe(small);
  expect(large).toBeLessThanOrEqual(8);
  const search = async (first: number) => {
    const r = await ws.gql(`query($first: Int) { searchProjects(query: "robotics", first: $first) { nodes { id ${PROJECT_PAGE} } } }`, { first });
    expect(r.errors).toBeUndefined();
    expect(r.data.searchProjects.nodes).toHaveLength(first);
    return r.extensions!.sqlStatements as number;
  };
  // Ranks tie, so the first 5 come in id order: they may all be of one kind, and then the other kind's
  // details need no statement. A page never needs more statements than 40 rows do.
  const searchLarge = await search(40);
  expect(searchLarge).toBeLessThanOrEqual(8);
  expect(await search(5)).toBeLessThanOrEqual(searchLarge);
  console.log(`projects nested query: ${small} statements at first 5, ${large} at first 40 (authentication included)`);
});
