import { randomUUID } from 'node:crypto';
import { snapshotWorkspace } from './support/snapshot';
import { startTestServer, type TestServer, type TestWorkspace } from './support/server';

/**
 * Workspace isolation: from workspace B, nothing of workspace A can be read, listed, changed or
 * referenced, and every attempt looks exactly like using an id that does not exist at all.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** The ids of one seeded workspace. */
interface Ids {
  clientId: string;
  clientName: string;
  managerId: string;
  staffId: string;
  jobId: string;
  deletedJobId: string;
  costSetId: string;
  costLineId: string;
}

interface Seeded extends Ids {
  ws: TestWorkspace;
}

async function ok(ws: TestWorkspace, query: string, variables?: Record<string, unknown>) {
  const r = await ws.gql(query, variables);
  expect(r.errors).toBeUndefined();
  const payload = Object.values(r.data as Record<string, any>)[0];
  if (payload && Array.isArray(payload.userErrors)) expect(payload.userErrors).toEqual([]);
  return payload;
}

/** A workspace with a client, a manager and a staff member reporting to them, a live and a deleted job, a cost set and a cost line. */
async function seed(tag: string): Promise<Seeded> {
  const ws = await server.workspace();
  const clientName = `Tenant${tag}Client${randomUUID().slice(0, 8)}`;
  const client = await ok(ws, `mutation($n: String!) { createClient(input: { name: $n, email: "c@example.com" }) { client { id } userErrors { message } } }`, { n: clientName });
  const createStaff = `mutation($i: CreateStaffInput!) { createStaff(input: $i) { staffMember { id } userErrors { message } } }`;
  const manager = await ok(ws, createStaff, { i: { name: `${tag} Manager`, email: 'manager@example.com', wageRate: '40.00', chargeOutRate: '90.00' } });
  const staff = await ok(ws, createStaff, {
    i: { name: `${tag} Worker`, email: 'worker@example.com', wageRate: '30.00', chargeOutRate: '60.00', managerId: manager.staffMember.id },
  });
  const createJob = `mutation($i: CreateJobInput!) { createJob(input: $i) { job { id } userErrors { message } } }`;
  const job = await ok(ws, createJob, { i: { name: `${tag} job`, clientId: client.client.id, assigneeId: staff.staffMember.id } });
  const doomed = await ok(ws, createJob, { i: { name: `${tag} deleted job`, clientId: client.client.id } });
  await ok(ws, `mutation($id: ID!) { deleteJob(id: $id) { job { id } userErrors { message } } }`, { id: doomed.job.id });
  const costSet = await ok(
    ws,
    `mutation($i: CreateCostSetInput!) { createCostSet(input: $i) { costSet { id costLines { id } } userErrors { message } } }`,
    { i: { jobId: job.job.id, kind: 'ESTIMATE', lines: [{ kind: 'TIME', description: 'Labour', quantity: '2', staffId: staff.staffMember.id }] } },
  );
  return {
    ws,
    clientId: client.client.id,
    clientName,
    managerId: manager.staffMember.id,
    staffId: staff.staffMember.id,
    jobId: job.job.id,
    deletedJobId: doomed.job.id,
    costSetId: costSet.costSet.id,
    costLineId: costSet.costSet.costLines[0].id,
  };
}

/** Ids that exist nowhere: what a foreign id must be indistinguishable from. */
function randomIds(): Ids {
  return {
    clientId: randomUUID(),
    clientName: 'nobody',
    managerId: randomUUID(),
    staffId: randomUUID(),
    jobId: randomUUID(),
    deletedJobId: randomUUID(),
    costSetId: randomUUID(),
    costLineId: randomUUID(),
  };
}

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** User errors with the ids in their messages blanked out, so a foreign id and a random one compare equal. */
function shape(errors: Array<{ code: string; message: string; path: string[] }>) {
  return errors.map((e) => ({ code: e.code, path: e.path, message: e.message.replace(UUID_RE, '<id>') }));
}

async function pair() {
  const a = await seed('A');
  const b = await seed('B');
  return { a, b };
}

// ------------------------------------------------------------------------------------------ reads

interface ReadCase {
  name: string;
  query: string;
  id: (ids: Ids) => string;
}

const READS: ReadCase[] = [
  { name: 'client', query: `query($id: ID!) { r: client(id: $id) { id name } }`, id: (x) => x.clientId },
  { name: 'staffMember (manager)', query: `query($id: ID!) { r: staffMember(id: $id) { id name } }`, id: (x) => x.managerId },
  { name: 'staffMember', query: `query($id: ID!) { r: staffMember(id: $id) { id name } }`, id: (x) => x.staffId },
  { name: 'job', query: `query($id: ID!) { r: job(id: $id) { id name } }`, id: (x) => x.jobId },
  { name: 'job(includeDeleted: true)', query: `query($id: ID!) { r: job(id: $id, includeDeleted: true) { id name } }`, id: (x) => x.jobId },
  {
    name: 'job(includeDeleted: true) of a deleted job',
    query: `query($id: ID!) { r: job(id: $id, includeDeleted: true) { id name deletedAt } }`,
    id: (x) => x.deletedJobId,
  },
  { name: 'costSet', query: `query($id: ID!) { r: costSet(id: $id) { id kind rev } }`, id: (x) => x.costSetId },
  { name: 'costLine', query: `query($id: ID!) { r: costLine(id: $id) { id description } }`, id: (x) => x.costLineId },
];

describe('queries by id', () => {
  test.each(READS.map((c) => [c.name, c] as const))('%s: an id of another workspace is null, as a random id is', async (_name, c) => {
    const { a, b } = await pair();
    // The id is real: its own workspace sees it.
    const own = await a.ws.gql(c.query, { id: c.id(a) });
    expect(own.errors).toBeUndefined();
    expect(own.data.r).toMatchObject({ id: c.id(a) });

    const foreign = await b.ws.gql(c.query, { id: c.id(a) });
    const random = await b.ws.gql(c.query, { id: c.id(randomIds()) });
    expect(foreign.errors).toBeUndefined();
    expect(foreign.data).toEqual({ r: null });
    expect(random.errors).toBeUndefined();
    expect(random.data).toEqual({ r: null });
  });
});

// ------------------------------------------------------------------------------------------ lists

describe('lists', () => {
  test('clients, staff and jobs of B never include rows of A, whatever the filter', async () => {
    const { a, b } = await pair();
    const ids = async (query: string, variables?: Record<string, unknown>) => {
      const r = await b.ws.gql(query, variables);
      expect(r.errors).toBeUndefined();
      const conn = r.data.r;
      expect(conn.totalCount).toBe(conn.nodes.length);
      return (conn.nodes as Array<{ id: string }>).map((n) => n.id).sort();
    };

    expect(await ids(`{ r: clients(first: 100) { totalCount nodes { id } } }`)).toEqual([b.clientId]);
    expect(await ids(`query($q: String) { r: clients(first: 100, filter: { search: $q }) { totalCount nodes { id } } }`, { q: a.clientName })).toEqual([]);
    expect(await ids(`{ r: staff(first: 100) { totalCount nodes { id } } }`)).toEqual([b.managerId, b.staffId].sort());
    expect(await ids(`query($m: ID) { r: staff(first: 100, filter: { managerId: $m }) { totalCount nodes { id } } }`, { m: a.managerId })).toEqual([]);
    expect(await ids(`{ r: jobs(first: 100) { totalCount nodes { id } } }`)).toEqual([b.jobId]);
    expect(await ids(`{ r: jobs(first: 100, filter: { includeDeleted: true }) { totalCount nodes { id } } }`)).toEqual([b.jobId, b.deletedJobId].sort());
    for (const includeDeleted of [false, true]) {
      expect(
        await ids(`query($c: ID, $d: Boolean) { r: jobs(first: 100, filter: { clientId: $c, includeDeleted: $d }) { totalCount nodes { id } } }`, {
          c: a.clientId,
          d: includeDeleted,
        }),
      ).toEqual([]);
      expect(
        await ids(`query($s: ID, $d: Boolean) { r: jobs(first: 100, filter: { assigneeId: $s, includeDeleted: $d }) { totalCount nodes { id } } }`, {
          s: a.staffId,
          d: includeDeleted,
        }),
      ).toEqual([]);
    }
    expect(await ids(`query($q: String) { r: jobs(first: 100, filter: { search: $q, includeDeleted: true }) { totalCount nodes { id } } }`, { q: 'A job' })).toEqual([]);

    // A sees its own rows through the same filters, so the empty lists above are down to tenancy.
    const fromA = await a.ws.gql(`query($c: ID, $s: ID) { byClient: jobs(filter: { clientId: $c }) { totalCount } byAssignee: jobs(filter: { assigneeId: $s }) { totalCount } }`, {
      c: a.clientId,
      s: a.staffId,
    });
    expect(fromA.data).toEqual({ byClient: { totalCount: 1 }, byAssignee: { totalCount: 1 } });
  });
});

// ------------------------------------------------------------------------------------------ mutations

interface MutationCase {
  name: string;
  /** A mutation with variables; its single top-level field is aliased `m`. */
  query: string;
  /** Variables, from the ids of the workspace under attack (`target`) and of the caller's own workspace (`own`). */
  vars: (target: Ids, own: Ids) => Record<string, unknown>;
  /** Where the NOT_FOUND error must point. */
  path: string[];
}

const ERR = 'userErrors { code message path }';
const material = { kind: 'MATERIAL', description: 'Timber', quantity: '3', unitCost: '10.00', unitRev: '15.00' };

/** One line per mutation and reference: adding a mutation to the API means adding a line here. */
const MUTATIONS: MutationCase[] = [
  { name: 'updateClient', query: `mutation($id: ID!) { m: updateClient(id: $id, input: { name: "Taken over" }) { client { id } ${ERR} } }`, vars: (t) => ({ id: t.clientId }), path: ['id'] },
  { name: 'deleteClient', query: `mutation($id: ID!) { m: deleteClient(id: $id) { client { id } ${ERR} } }`, vars: (t) => ({ id: t.clientId }), path: ['id'] },
  { name: 'updateStaff', query: `mutation($id: ID!) { m: updateStaff(id: $id, input: { name: "Taken over" }) { staffMember { id } ${ERR} } }`, vars: (t) => ({ id: t.staffId }), path: ['id'] },
  {
    name: 'updateStaff with managerId of the other workspace',
    query: `mutation($id: ID!, $m: ID) { m: updateStaff(id: $id, input: { managerId: $m }) { staffMember { id } ${ERR} } }`,
    vars: (t, o) => ({ id: o.staffId, m: t.managerId }),
    path: ['input', 'managerId'],
  },
  { name: 'deactivateStaff', query: `mutation($id: ID!) { m: deactivateStaff(id: $id) { staffMember { id } ${ERR} } }`, vars: (t) => ({ id: t.managerId }), path: ['id'] },
  {
    name: 'createStaff with managerId of the other workspace',
    query: `mutation($m: ID) { m: createStaff(input: { name: "New", email: "new@example.com", wageRate: "1", chargeOutRate: "2", managerId: $m }) { staffMember { id } ${ERR} } }`,
    vars: (t) => ({ m: t.managerId }),
    path: ['input', 'managerId'],
  },
  {
    name: 'createJob with clientId of the other workspace',
    query: `mutation($c: ID!) { m: createJob(input: { name: "New", clientId: $c }) { job { id } ${ERR} } }`,
    vars: (t) => ({ c: t.clientId }),
    path: ['input', 'clientId'],
  },
  {
    name: 'createJob with assigneeId of the other workspace',
    query: `mutation($c: ID!, $s: ID) { m: createJob(input: { name: "New", clientId: $c, assigneeId: $s }) { job { id } ${ERR} } }`,
    vars: (t, o) => ({ c: o.clientId, s: t.staffId }),
    path: ['input', 'assigneeId'],
  },
  { name: 'updateJob', query: `mutation($id: ID!) { m: updateJob(id: $id, input: { name: "Taken over" }) { job { id } ${ERR} } }`, vars: (t) => ({ id: t.jobId }), path: ['id'] },
  {
    name: 'updateJob with clientId of the other workspace',
    query: `mutation($id: ID!, $c: ID) { m: updateJob(id: $id, input: { clientId: $c }) { job { id } ${ERR} } }`,
    vars: (t, o) => ({ id: o.jobId, c: t.clientId }),
    path: ['input', 'clientId'],
  },
  {
    name: 'updateJob with assigneeId of the other workspace',
    query: `mutation($id: ID!, $s: ID) { m: updateJob(id: $id, input: { assigneeId: $s }) { job { id } ${ERR} } }`,
    vars: (t, o) => ({ id: o.jobId, s: t.staffId }),
    path: ['input', 'assigneeId'],
  },
  {
    name: 'changeJobStatus',
    query: `mutation($id: ID!) { m: changeJobStatus(id: $id, status: AWAITING_APPROVAL) { job { id } ${ERR} } }`,
    vars: (t) => ({ id: t.jobId }),
    path: ['id'],
  },
  { name: 'deleteJob', query: `mutation($id: ID!) { m: deleteJob(id: $id) { job { id } ${ERR} } }`, vars: (t) => ({ id: t.jobId }), path: ['id'] },
  { name: 'restoreJob (deleted job)', query: `mutation($id: ID!) { m: restoreJob(id: $id) { job { id } ${ERR} } }`, vars: (t) => ({ id: t.deletedJobId }), path: ['id'] },
  { name: 'restoreJob (live job)', query: `mutation($id: ID!) { m: restoreJob(id: $id) { job { id } ${ERR} } }`, vars: (t) => ({ id: t.jobId }), path: ['id'] },
  {
    name: 'createCostSet with jobId of the other workspace',
    query: `mutation($j: ID!) { m: createCostSet(input: { jobId: $j, kind: ESTIMATE }) { costSet { id } ${ERR} } }`,
    vars: (t) => ({ j: t.jobId }),
    path: ['input', 'jobId'],
  },
  {
    name: 'createCostSet with copyFromId of the other workspace',
    query: `mutation($j: ID!, $c: ID) { m: createCostSet(input: { jobId: $j, kind: ESTIMATE, copyFromId: $c }) { costSet { id } ${ERR} } }`,
    vars: (t, o) => ({ j: o.jobId, c: t.costSetId }),
    path: ['input', 'copyFromId'],
  },
  {
    name: 'createCostSet with a line whose staffId is of the other workspace',
    query: `mutation($j: ID!, $s: ID) { m: createCostSet(input: { jobId: $j, kind: ACTUAL, lines: [{ kind: TIME, description: "Work", quantity: "1", staffId: $s }] }) { costSet { id } ${ERR} } }`,
    vars: (t, o) => ({ j: o.jobId, s: t.staffId }),
    path: ['input', 'lines', '0', 'staffId'],
  },
  {
    name: "addCostLine to the other workspace's cost set",
    query: `mutation($c: ID!, $i: CostLineInput!) { m: addCostLine(costSetId: $c, input: $i) { costLine { id } costSet { id } ${ERR} } }`,
    vars: (t) => ({ c: t.costSetId, i: material }),
    path: ['costSetId'],
  },
  {
    name: 'addCostLine with staffId of the other workspace',
    query: `mutation($c: ID!, $s: ID) { m: addCostLine(costSetId: $c, input: { kind: TIME, description: "Work", quantity: "1", staffId: $s }) { costLine { id } costSet { id } ${ERR} } }`,
    vars: (t, o) => ({ c: o.costSetId, s: t.staffId }),
    path: ['input', 'staffId'],
  },
  {
    name: 'updateCostLine',
    query: `mutation($id: ID!) { m: updateCostLine(id: $id, input: { description: "Taken over" }) { costLine { id } costSet { id } ${ERR} } }`,
    vars: (t) => ({ id: t.costLineId }),
    path: ['id'],
  },
  {
    name: 'updateCostLine with staffId of the other workspace',
    query: `mutation($id: ID!, $s: ID) { m: updateCostLine(id: $id, input: { staffId: $s }) { costLine { id } costSet { id } ${ERR} } }`,
    vars: (t, o) => ({ id: o.costLineId, s: t.staffId }),
    path: ['input', 'staffId'],
  },
  { name: 'revertJob', query: `mutation($id: ID!) { m: revertJob(id: $id, toVersion: 1) { job { id } ${ERR} } }`, vars: (t) => ({ id: t.jobId }), path: ['id'] },
  {
    name: 'revertCostLine',
    query: `mutation($id: ID!) { m: revertCostLine(id: $id, toVersion: 1) { costLine { id } costSet { id } ${ERR} } }`,
    vars: (t) => ({ id: t.costLineId }),
    path: ['id'],
  },
  {
    name: 'deleteCostLine',
    query: `mutation($id: ID!) { m: deleteCostLine(id: $id) { costLine { id } costSet { id } ${ERR} } }`,
    vars: (t) => ({ id: t.costLineId }),
    path: ['id'],
  },
];

/** Mutations that take no id and no reference, so there is nothing foreign to pass them. */
const NO_REFERENCES = ['createClient'];

describe('mutations', () => {
  test('the table covers every mutation of the schema that takes an id or a reference', async () => {
    const r = await server.request(`{ __type(name: "Mutation") { fields { name } } }`);
    const inSchema = (r.data.__type.fields as Array<{ name: string }>).map((f) => f.name).filter((n) => !NO_REFERENCES.includes(n));
    const inTable = new Set(MUTATIONS.map((c) => /\bm:\s*(\w+)\(/.exec(c.query)![1]));
    expect(inSchema.filter((n) => !inTable.has(n))).toEqual([]);
  });

  test.each(MUTATIONS.map((c) => [c.name, c] as const))('%s: NOT_FOUND as for a random id, and nothing written', async (_name, c) => {
    const { a, b } = await pair();
    const beforeA = await snapshotWorkspace(server.db, a.ws.id);
    const beforeB = await snapshotWorkspace(server.db, b.ws.id);

    const foreign = await b.ws.gql(c.query, c.vars(a, b));
    expect(foreign.errors).toBeUndefined();
    const { userErrors: foreignErrors, ...foreignRest } = foreign.data.m;
    expect(shape(foreignErrors)).toEqual([{ code: 'NOT_FOUND', path: c.path, message: expect.any(String) }]);
    // The payload carries nothing but the error.
    for (const value of Object.values(foreignRest)) expect(value).toBeNull();

    const random = await b.ws.gql(c.query, c.vars(randomIds(), b));
    expect(random.errors).toBeUndefined();
    const { userErrors: randomErrors, ...randomRest } = random.data.m;
    expect(shape(foreignErrors)).toEqual(shape(randomErrors));
    expect(foreignRest).toEqual(randomRest);

    // Neither the target workspace nor the caller's changed.
    expect(await snapshotWorkspace(server.db, a.ws.id)).toEqual(beforeA);
    expect(await snapshotWorkspace(server.db, b.ws.id)).toEqual(beforeB);
  });

  test('the same mutations succeed in the owning workspace (the ids are real)', async () => {
    const { a } = await pair();
    const r = await a.ws.gql(`mutation($id: ID!) { m: updateClient(id: $id, input: { name: "Renamed" }) { client { id name } ${ERR} } }`, { id: a.clientId });
    expect(r.data.m).toEqual({ client: { id: a.clientId, name: 'Renamed' }, userErrors: [] });
    const line = await a.ws.gql(`mutation($id: ID!) { m: updateCostLine(id: $id, input: { description: "Fine" }) { costLine { id description } ${ERR} } }`, {
      id: a.costLineId,
    });
    expect(line.data.m).toEqual({ costLine: { id: a.costLineId, description: 'Fine' }, userErrors: [] });
    const restored = await a.ws.gql(`mutation($id: ID!) { m: restoreJob(id: $id) { job { id deletedAt } ${ERR} } }`, { id: a.deletedJobId });
    expect(restored.data.m).toEqual({ job: { id: a.deletedJobId, deletedAt: null }, userErrors: [] });
  });
});
