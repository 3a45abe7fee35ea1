import { randomUUID } from 'node:crypto';
import { hashKey } from './support/app';
import type { TestContext } from './support/context';
import { snapshotWorkspace } from './support/database';
import { startTestServer, type TestServer } from './support/server';

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
  /** The workspace's VIEWER key. */
  apiKeyId: string;
  clientId: string;
  clientName: string;
  managerId: string;
  staffId: string;
  jobId: string;
  deletedJobId: string;
  costSetId: string;
  costLineId: string;
  supplierId: string;
  supplierName: string;
  /** A supplier with no orders (deletable in its own workspace). */
  idleSupplierId: string;
  /** A DRAFT order with a line allocated to `jobId` and a stock line. */
  draftOrderId: string;
  jobLineId: string;
  stockLineId: string;
  /** A submitted order, partly received (so it can still receive): its line produced `stockItemId`. */
  receivedOrderId: string;
  receivedLineId: string;
  stockItemId: string;
  stockDescription: string;
  /** The MATERIAL line on `jobId`'s latest ACTUAL cost set that consumed some of `stockItemId`. */
  stockCostLineId: string;
  /** A draft SCHOOL project owned by `staffId`, with the metadata key "syllabus", an important date and two attachments (one removed). */
  projectId: string;
  /** A word only this workspace's project name has (for search). */
  projectWord: string;
  deletedProjectId: string;
  dateId: string;
  attachmentId: string;
  removedAttachmentId: string;
}

interface Seeded extends Ids {
  ws: TestContext;
}

/**
 * A workspace with a client, a manager and a staff member reporting to them, a live and a deleted job, a cost set and a cost line;
 * a supplier (and an idle one), a DRAFT purchase order with a job line and a stock line, a submitted order partly received into
 * a stock item, and a cost line that consumed some of that stock.
 */
async function seed(tag: string, { projects = false } = {}): Promise<Seeded> {
  const ws = await server.newWorkspace();
  const clientName = `Tenant${tag}Client${randomUUID().slice(0, 8)}`;
  const client = await ws.newClient({ name: clientName, email: 'c@example.com' });
  const manager = await ws.newStaff({ name: `${tag} Manager`, email: 'manager@example.com', wageRate: '40.00', chargeOutRate: '90.00' });
  const staff = await ws.newStaff({ name: `${tag} Worker`, email: 'worker@example.com', wageRate: '30.00', chargeOutRate: '60.00', managerId: manager.id });
  const job = await ws.newJob({ name: `${tag} job`, clientId: client.id, assigneeId: staff.id });
  const doomed = await ws.newJob({ name: `${tag} deleted job`, clientId: client.id });
  await ws.deleteJob(doomed.id);
  const costSet = await ws.newCostSet({
    jobId: job.id,
    kind: 'ESTIMATE',
    lines: [{ kind: 'TIME', description: 'Labour', quantity: '2', staffId: staff.id }],
  });
  const supplierName = `Tenant${tag}Supplier${randomUUID().slice(0, 8)}`;
  const supplier = await ws.newSupplier({ name: supplierName, accountRef: 'ACC' });
  const idleSupplier = await ws.newSupplier({ name: `${supplierName} idle`, accountRef: 'ACC' });
  const draft = await ws.newPurchaseOrder({
    supplierId: supplier.id,
    lines: [
      { description: `${tag} boards for the job`, quantityOrdered: '4', unitCost: '12.50', jobId: job.id },
      { description: `${tag} screws for stock`, quantityOrdered: '100', unitCost: '0.10' },
    ],
  });
  const stockDescription = `Tenant${tag}Stock${randomUUID().slice(0, 8)}`;
  const ordered = await ws.newPurchaseOrder({
    supplierId: supplier.id,
    lines: [{ description: stockDescription, itemCode: `SKU-${tag}`, quantityOrdered: '10', unitCost: '3.00' }],
    submit: true,
  });
  const receivedOrderId = ordered.id;
  const receivedLineId = ordered.lines[0].id;
  const received = await ws.receive(receivedOrderId, [{ lineId: receivedLineId, quantity: '6' }]);
  expect(received.status).toBe('PARTIALLY_RECEIVED');
  const stock = await ws.gql(`{ stockItems(first: 10) { nodes { id sourcePurchaseOrderLine { id } } } }`);
  expect(stock.errors).toBeUndefined();
  const [stockItem] = stock.data.stockItems.nodes;
  expect(stockItem.sourcePurchaseOrderLine).toEqual({ id: receivedLineId });
  const consumed = await ws.consumeStock(job.id, stockItem.id, '2');
  return {
    ws,
    ...(projects ? await seedProjects(ws, tag, staff.id) : projectsOf(randomIds())),
    supplierId: supplier.id,
    supplierName,
    idleSupplierId: idleSupplier.id,
    draftOrderId: draft.id,
    jobLineId: draft.lines[0].id,
    stockLineId: draft.lines[1].id,
    receivedOrderId,
    receivedLineId,
    stockItemId: stockItem.id,
    stockDescription,
    stockCostLineId: consumed.costLine.id,
    apiKeyId: (await server.db.query('SELECT id FROM api_keys WHERE key_hash = $1', [hashKey(ws.keys.VIEWER)]))[0].id,
    clientId: client.id,
    clientName,
    managerId: manager.id,
    staffId: staff.id,
    jobId: job.id,
    deletedJobId: doomed.id,
    costSetId: costSet.id,
    costLineId: costSet.costLines[0].id,
  };
}

type ProjectIds = Pick<Ids, 'projectId' | 'projectWord' | 'deletedProjectId' | 'dateId' | 'attachmentId' | 'removedAttachmentId'>;
const projectsOf = ({ projectId, projectWord, deletedProjectId, dateId, attachmentId, removedAttachmentId }: Ids): ProjectIds => ({
  projectId,
  projectWord,
  deletedProjectId,
  dateId,
  attachmentId,
  removedAttachmentId,
});

/** A project with its parts (and the metadata entry tenant = `tag`), and a deleted project, owned by `ownerId`. */
async function seedProjects(ws: TestContext, tag: string, ownerId: string): Promise<ProjectIds> {
  const projectWord = `tenant${tag}${randomUUID()
    .slice(0, 8)
    .replace(/[^a-z]/g, 'x')}`;
  const { project, dateId, attachmentId, removedAttachmentId } = await ws.newProjectWithParts({ name: `Project ${projectWord}`, ownerId });
  await ws.setProjectMeta(project.id, 'tenant', tag);
  const deletedProject = await ws.newProject({ ownerId });
  await ws.deleteProject(deletedProject.id);
  return { projectId: project.id, projectWord, deletedProjectId: deletedProject.id, dateId, attachmentId, removedAttachmentId };
}

/** Ids that exist nowhere: what a foreign id must be indistinguishable from. */
function randomIds(): Ids {
  return {
    apiKeyId: randomUUID(),
    clientId: randomUUID(),
    clientName: 'nobody',
    managerId: randomUUID(),
    staffId: randomUUID(),
    jobId: randomUUID(),
    deletedJobId: randomUUID(),
    costSetId: randomUUID(),
    costLineId: randomUUID(),
    supplierId: randomUUID(),
    supplierName: 'nobody',
    idleSupplierId: randomUUID(),
    draftOrderId: randomUUID(),
    jobLineId: randomUUID(),
    stockLineId: randomUUID(),
    receivedOrderId: randomUUID(),
    receivedLineId: randomUUID(),
    stockItemId: randomUUID(),
    stockDescription: 'nothing',
    stockCostLineId: randomUUID(),
    projectId: randomUUID(),
    projectWord: 'nothing',
    deletedProjectId: randomUUID(),
    dateId: randomUUID(),
    attachmentId: randomUUID(),
    removedAttachmentId: randomUUID(),
  };
}

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** User errors with the ids in their messages blanked out, so a foreign id and a random one compare equal. */
function shape(errors: Array<{ code: string; message: string; path: string[] }>) {
  return errors.map((e) => ({ code: e.code, path: e.path, message: e.message.replace(UUID_RE, '<id>') }));
}

/** Two seeded workspaces; with `projects`, each has projects too. */
async function pair(projects = false) {
  const a = await seed('A', { projects });
  const b = await seed('B', { projects });
  return { a, b };
}

/** Whether a query works on projects (its workspaces need them). */
const onProjects = (query: string) => /project|importantDate|attachment/i.test(query);

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
  { name: 'costLine taken from stock', query: `query($id: ID!) { r: costLine(id: $id) { id description stockItem { id } } }`, id: (x) => x.stockCostLineId },
  { name: 'supplier', query: `query($id: ID!) { r: supplier(id: $id) { id name } }`, id: (x) => x.supplierId },
  { name: 'purchaseOrder (draft)', query: `query($id: ID!) { r: purchaseOrder(id: $id) { id number lines { id } } }`, id: (x) => x.draftOrderId },
  { name: 'purchaseOrder (received)', query: `query($id: ID!) { r: purchaseOrder(id: $id) { id status supplier { id } } }`, id: (x) => x.receivedOrderId },
  { name: 'stockItem', query: `query($id: ID!) { r: stockItem(id: $id) { id description quantityAvailable costLines { id } } }`, id: (x) => x.stockItemId },
  {
    name: 'project',
    query: `query($id: ID!) { r: project(id: $id) { id name owner { id } meta { key } importantDates { id } attachments(includeRemoved: true) { id } } }`,
    id: (x) => x.projectId,
  },
  {
    name: 'project(includeDeleted: true) of a deleted project',
    query: `query($id: ID!) { r: project(id: $id, includeDeleted: true) { id deletedAt } }`,
    id: (x) => x.deletedProjectId,
  },
];

describe('queries by id', () => {
  test.each(READS.map((c) => [c.name, c] as const))('%s: an id of another workspace is null, as a random id is', async (_name, c) => {
    const { a, b } = await pair(onProjects(c.query));
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

/** The sorted ids of the connection aliased `r`, whose totalCount must match. */
async function idsOf(ws: TestContext, query: string, variables?: Record<string, unknown>): Promise<string[]> {
  const r = await ws.gql(query, variables);
  expect(r.errors).toBeUndefined();
  const conn = r.data.r;
  expect(conn.totalCount).toBe(conn.nodes.length);
  return (conn.nodes as Array<{ id: string }>).map((n) => n.id).sort();
}

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

  test('projects and project search of B never include projects of A, whatever the filter', async () => {
    const { a, b } = await pair(true);
    const ids = idsOf;
    const PROJECTS = `query($f: ProjectFilter) { r: projects(first: 100, filter: $f) { totalCount nodes { id } } }`;
    const SEARCH = `query($q: String!) { r: searchProjects(query: $q, first: 100) { totalCount nodes { id } } }`;
    expect(await ids(b.ws, PROJECTS, {})).toEqual([b.projectId]);
    expect(await ids(b.ws, PROJECTS, { f: { includeDeleted: true } })).toEqual([b.projectId, b.deletedProjectId].sort());
    expect(await ids(b.ws, PROJECTS, { f: { ownerId: a.staffId, includeDeleted: true } })).toEqual([]);
    expect(await ids(b.ws, PROJECTS, { f: { meta: { key: 'tenant', equals: 'A' } } })).toEqual([]);
    expect(await ids(b.ws, SEARCH, { q: a.projectWord })).toEqual([]);
    // A finds its own through the same filters.
    expect(await ids(a.ws, PROJECTS, { f: { ownerId: a.staffId } })).toEqual([a.projectId]);
    expect(await ids(a.ws, PROJECTS, { f: { meta: { key: 'tenant', equals: 'A' } } })).toEqual([a.projectId]);
    expect(await ids(a.ws, SEARCH, { q: a.projectWord })).toEqual([a.projectId]);
  });

  test('suppliers, purchase orders and stock items of B never include rows of A, whatever the filter', async () => {
    const { a, b } = await pair();
    const ids = idsOf;
    const SUPPLIERS = `query($q: String) { r: suppliers(first: 100, filter: { search: $q }) { totalCount nodes { id } } }`;
    const ORDERS = `query($s: ID) { r: purchaseOrders(first: 100, filter: { supplierId: $s }) { totalCount nodes { id } } }`;
    const ORDERS_BY_STATUS = `query($st: [PurchaseOrderStatus!]) { r: purchaseOrders(first: 100, filter: { status: $st }) { totalCount nodes { id } } }`;
    const STOCK = `query($q: String, $in: Boolean) { r: stockItems(first: 100, filter: { search: $q, inStock: $in }) { totalCount nodes { id } } }`;

    expect(await ids(b.ws, `{ r: suppliers(first: 100) { totalCount nodes { id } } }`)).toEqual([b.supplierId, b.idleSupplierId].sort());
    expect(await ids(b.ws, SUPPLIERS, { q: a.supplierName })).toEqual([]);
    expect(await ids(b.ws, `{ r: purchaseOrders(first: 100) { totalCount nodes { id } } }`)).toEqual([b.draftOrderId, b.receivedOrderId].sort());
    expect(await ids(b.ws, ORDERS, { s: a.supplierId })).toEqual([]);
    expect(await ids(b.ws, ORDERS_BY_STATUS, { st: ['DRAFT', 'PARTIALLY_RECEIVED'] })).toEqual([b.draftOrderId, b.receivedOrderId].sort());
    expect(await ids(b.ws, `{ r: stockItems(first: 100) { totalCount nodes { id } } }`)).toEqual([b.stockItemId]);
    expect(await ids(b.ws, STOCK, { q: a.stockDescription })).toEqual([]);
    expect(await ids(b.ws, STOCK, { in: true })).toEqual([b.stockItemId]);
    expect(await ids(b.ws, STOCK, { in: false })).toEqual([]);

    // A sees its own rows through the same filters, so the empty lists above are down to tenancy.
    expect(await ids(a.ws, SUPPLIERS, { q: a.supplierName })).toEqual([a.supplierId, a.idleSupplierId].sort());
    expect(await ids(a.ws, ORDERS, { s: a.supplierId })).toEqual([a.draftOrderId, a.receivedOrderId].sort());
    expect(await ids(a.ws, STOCK, { q: a.stockDescription })).toEqual([a.stockItemId]);

    // Nested reads from B's own rows lead only to B's rows.
    const nested = await b.ws.gql(
      `query($s: ID!) { stockItem(id: $s) { costLines { id costSet { job { id } } } sourcePurchaseOrderLine { id purchaseOrder { id supplier { id } } } } }`,
      { s: b.stockItemId },
    );
    expect(nested.errors).toBeUndefined();
    expect(nested.data.stockItem).toEqual({
      costLines: [{ id: b.stockCostLineId, costSet: { job: { id: b.jobId } } }],
      sourcePurchaseOrderLine: { id: b.receivedLineId, purchaseOrder: { id: b.receivedOrderId, supplier: { id: b.supplierId } } },
    });
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
  { name: 'revokeApiKey', query: `mutation($id: ID!) { m: revokeApiKey(id: $id) { apiKey { id } ${ERR} } }`, vars: (t) => ({ id: t.apiKeyId }), path: ['id'] },
  {
    name: 'updateClient',
    query: `mutation($id: ID!) { m: updateClient(id: $id, input: { name: "Taken over" }) { client { id } ${ERR} } }`,
    vars: (t) => ({ id: t.clientId }),
    path: ['id'],
  },
  { name: 'deleteClient', query: `mutation($id: ID!) { m: deleteClient(id: $id) { client { id } ${ERR} } }`, vars: (t) => ({ id: t.clientId }), path: ['id'] },
  {
    name: 'updateStaff',
    query: `mutation($id: ID!) { m: updateStaff(id: $id, input: { name: "Taken over" }) { staffMember { id } ${ERR} } }`,
    vars: (t) => ({ id: t.staffId }),
    path: ['id'],
  },
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
  // ------------------------------------------------ purchasing and stock
  {
    name: 'updateSupplier',
    query: `mutation($id: ID!) { m: updateSupplier(id: $id, input: { name: "Taken over" }) { supplier { id } ${ERR} } }`,
    vars: (t) => ({ id: t.supplierId }),
    path: ['id'],
  },
  {
    name: 'deleteSupplier (with orders)',
    query: `mutation($id: ID!) { m: deleteSupplier(id: $id) { supplier { id } ${ERR} } }`,
    vars: (t) => ({ id: t.supplierId }),
    path: ['id'],
  },
  {
    name: 'deleteSupplier (without orders)',
    query: `mutation($id: ID!) { m: deleteSupplier(id: $id) { supplier { id } ${ERR} } }`,
    vars: (t) => ({ id: t.idleSupplierId }),
    path: ['id'],
  },
  {
    name: 'createPurchaseOrder with supplierId of the other workspace',
    query: `mutation($s: ID!) { m: createPurchaseOrder(input: { supplierId: $s }) { purchaseOrder { id } ${ERR} } }`,
    vars: (t) => ({ s: t.supplierId }),
    path: ['input', 'supplierId'],
  },
  {
    name: 'createPurchaseOrder with a line whose jobId is of the other workspace',
    query: `mutation($s: ID!, $j: ID) { m: createPurchaseOrder(input: { supplierId: $s, lines: [{ description: "Boards", quantityOrdered: "1", unitCost: "2.00", jobId: $j }] }) { purchaseOrder { id } ${ERR} } }`,
    vars: (t, o) => ({ s: o.supplierId, j: t.jobId }),
    path: ['input', 'lines', '0', 'jobId'],
  },
  {
    name: 'updatePurchaseOrder',
    query: `mutation($id: ID!) { m: updatePurchaseOrder(id: $id, input: { reference: "Taken over" }) { purchaseOrder { id } ${ERR} } }`,
    vars: (t) => ({ id: t.draftOrderId }),
    path: ['id'],
  },
  {
    name: 'updatePurchaseOrder with supplierId of the other workspace',
    query: `mutation($id: ID!, $s: ID) { m: updatePurchaseOrder(id: $id, input: { supplierId: $s }) { purchaseOrder { id } ${ERR} } }`,
    vars: (t, o) => ({ id: o.draftOrderId, s: t.supplierId }),
    path: ['input', 'supplierId'],
  },
  {
    name: "addPurchaseOrderLine to the other workspace's order",
    query: `mutation($o: ID!) { m: addPurchaseOrderLine(purchaseOrderId: $o, input: { description: "More", quantityOrdered: "1", unitCost: "1.00" }) { purchaseOrder { id } ${ERR} } }`,
    vars: (t) => ({ o: t.draftOrderId }),
    path: ['purchaseOrderId'],
  },
  {
    name: 'addPurchaseOrderLine with jobId of the other workspace',
    query: `mutation($o: ID!, $j: ID) { m: addPurchaseOrderLine(purchaseOrderId: $o, input: { description: "More", quantityOrdered: "1", unitCost: "1.00", jobId: $j }) { purchaseOrder { id } ${ERR} } }`,
    vars: (t, o) => ({ o: o.draftOrderId, j: t.jobId }),
    path: ['input', 'jobId'],
  },
  {
    name: 'updatePurchaseOrderLine',
    query: `mutation($id: ID!) { m: updatePurchaseOrderLine(id: $id, input: { quantityOrdered: "99" }) { purchaseOrder { id } ${ERR} } }`,
    vars: (t) => ({ id: t.jobLineId }),
    path: ['id'],
  },
  {
    name: 'updatePurchaseOrderLine with jobId of the other workspace',
    query: `mutation($id: ID!, $j: ID) { m: updatePurchaseOrderLine(id: $id, input: { jobId: $j }) { purchaseOrder { id } ${ERR} } }`,
    vars: (t, o) => ({ id: o.stockLineId, j: t.jobId }),
    path: ['input', 'jobId'],
  },
  {
    name: 'removePurchaseOrderLine',
    query: `mutation($id: ID!) { m: removePurchaseOrderLine(id: $id) { purchaseOrder { id } ${ERR} } }`,
    vars: (t) => ({ id: t.stockLineId }),
    path: ['id'],
  },
  {
    name: 'submitPurchaseOrder',
    query: `mutation($id: ID!) { m: submitPurchaseOrder(id: $id) { purchaseOrder { id } ${ERR} } }`,
    vars: (t) => ({ id: t.draftOrderId }),
    path: ['id'],
  },
  {
    name: 'cancelPurchaseOrder',
    query: `mutation($id: ID!) { m: cancelPurchaseOrder(id: $id) { purchaseOrder { id } ${ERR} } }`,
    vars: (t) => ({ id: t.draftOrderId }),
    path: ['id'],
  },
  {
    name: 'receivePurchaseOrder',
    query: `mutation($id: ID!, $l: ID!) { m: receivePurchaseOrder(id: $id, lines: [{ lineId: $l, quantity: "1" }]) { purchaseOrder { id } ${ERR} } }`,
    vars: (t) => ({ id: t.receivedOrderId, l: t.receivedLineId }),
    path: ['id'],
  },
  {
    name: "receivePurchaseOrder of an own order with a line of the other workspace's order",
    query: `mutation($id: ID!, $l: ID!) { m: receivePurchaseOrder(id: $id, lines: [{ lineId: $l, quantity: "1" }]) { purchaseOrder { id } ${ERR} } }`,
    vars: (t, o) => ({ id: o.receivedOrderId, l: t.receivedLineId }),
    path: ['lines', '0', 'lineId'],
  },
  {
    name: 'consumeStock with stockItemId of the other workspace',
    query: `mutation($j: ID!, $s: ID!) { m: consumeStock(jobId: $j, stockItemId: $s, quantity: "1") { costLine { id } costSet { id } ${ERR} } }`,
    vars: (t, o) => ({ j: o.jobId, s: t.stockItemId }),
    path: ['stockItemId'],
  },
  {
    name: 'consumeStock with jobId of the other workspace',
    query: `mutation($j: ID!, $s: ID!) { m: consumeStock(jobId: $j, stockItemId: $s, quantity: "1") { costLine { id } costSet { id } ${ERR} } }`,
    vars: (t, o) => ({ j: t.jobId, s: o.stockItemId }),
    path: ['jobId'],
  },
  {
    name: 'returnStock',
    query: `mutation($id: ID!) { m: returnStock(costLineId: $id, quantity: "1") { costLine { id } costSet { id } ${ERR} } }`,
    vars: (t) => ({ id: t.stockCostLineId }),
    path: ['costLineId'],
  },
  {
    name: 'createProject with ownerId of the other workspace',
    query: `mutation($o: ID!) { m: createProject(input: { name: "P", ownerId: $o, startDate: "2026-01-01", endDate: "2026-02-01", school: { courseName: "C", courseCode: "C", teacherName: "T" } }) { project { id } ${ERR} } }`,
    vars: (t) => ({ o: t.staffId }),
    path: ['input', 'ownerId'],
  },
  {
    name: 'updateProject',
    query: `mutation($id: ID!) { m: updateProject(id: $id, input: { name: "Taken" }) { project { id } ${ERR} } }`,
    vars: (t) => ({ id: t.projectId }),
    path: ['id'],
  },
  {
    name: 'updateProject with ownerId of the other workspace',
    query: `mutation($id: ID!, $o: ID) { m: updateProject(id: $id, input: { ownerId: $o }) { project { id } ${ERR} } }`,
    vars: (t, o) => ({ id: o.projectId, o: t.managerId }),
    path: ['input', 'ownerId'],
  },
  { name: 'publishProject', query: `mutation($id: ID!) { m: publishProject(id: $id) { project { id } ${ERR} } }`, vars: (t) => ({ id: t.projectId }), path: ['id'] },
  { name: 'deleteProject', query: `mutation($id: ID!) { m: deleteProject(id: $id) { project { id } ${ERR} } }`, vars: (t) => ({ id: t.projectId }), path: ['id'] },
  { name: 'restoreProject', query: `mutation($id: ID!) { m: restoreProject(id: $id) { project { id } ${ERR} } }`, vars: (t) => ({ id: t.deletedProjectId }), path: ['id'] },
  {
    name: 'setProjectMeta',
    query: `mutation($p: ID!) { m: setProjectMeta(projectId: $p, key: "syllabus", value: "taken") { meta { id } project { id } ${ERR} } }`,
    vars: (t) => ({ p: t.projectId }),
    path: ['projectId'],
  },
  {
    name: 'deleteProjectMeta',
    query: `mutation($p: ID!) { m: deleteProjectMeta(projectId: $p, key: "syllabus") { meta { id } project { id } ${ERR} } }`,
    vars: (t) => ({ p: t.projectId }),
    path: ['projectId'],
  },
  {
    name: 'addImportantDate',
    query: `mutation($p: ID!) { m: addImportantDate(projectId: $p, input: { title: "T", date: "2026-01-01" }) { importantDate { id } project { id } ${ERR} } }`,
    vars: (t) => ({ p: t.projectId }),
    path: ['projectId'],
  },
  {
    name: 'removeImportantDate',
    query: `mutation($id: ID!) { m: removeImportantDate(id: $id) { importantDate { id } project { id } ${ERR} } }`,
    vars: (t) => ({ id: t.dateId }),
    path: ['id'],
  },
  {
    name: 'addAttachment',
    query: `mutation($p: ID!) { m: addAttachment(projectId: $p, input: { fileName: "f.txt", contentType: "text/plain", size: 1, storageKey: "k", checksum: "${'0'.repeat(64)}" }) { attachment { id } project { id } ${ERR} } }`,
    vars: (t) => ({ p: t.projectId }),
    path: ['projectId'],
  },
  {
    name: 'removeAttachment',
    query: `mutation($id: ID!) { m: removeAttachment(id: $id) { attachment { id } project { id } ${ERR} } }`,
    vars: (t) => ({ id: t.attachmentId }),
    path: ['id'],
  },
  {
    name: 'restoreAttachment',
    query: `mutation($id: ID!) { m: restoreAttachment(id: $id) { attachment { id } project { id } ${ERR} } }`,
    vars: (t) => ({ id: t.removedAttachmentId }),
    path: ['id'],
  },
];

/** Mutations that take no id and no reference, so there is nothing foreign to pass them. */
const NO_REFERENCES = ['createClient', 'createSupplier', 'cleanupAbandonedDrafts', 'createApiKey'];

describe('mutations', () => {
  test('the table covers every mutation of the schema that takes an id or a reference', async () => {
    const r = await server.request(`{ __type(name: "Mutation") { fields { name } } }`);
    const inSchema = (r.data.__type.fields as Array<{ name: string }>).map((f) => f.name).filter((n) => !NO_REFERENCES.includes(n));
    const inTable = new Set(MUTATIONS.map((c) => /\bm:\s*(\w+)\(/.exec(c.query)![1]));
    expect(inSchema.filter((n) => !inTable.has(n))).toEqual([]);
  });

  test.each(MUTATIONS.map((c) => [c.name, c] as const))('%s: NOT_FOUND as for a random id, and nothing written', async (_name, c) => {
    const { a, b } = await pair(onProjects(c.query));
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
    const { a } = await pair(true);
    const r = await a.ws.gql(`mutation($id: ID!) { m: updateClient(id: $id, input: { name: "Renamed" }) { client { id name } ${ERR} } }`, { id: a.clientId });
    expect(r.data.m).toEqual({ client: { id: a.clientId, name: 'Renamed' }, userErrors: [] });
    const line = await a.ws.gql(`mutation($id: ID!) { m: updateCostLine(id: $id, input: { description: "Fine" }) { costLine { id description } ${ERR} } }`, {
      id: a.costLineId,
    });
    expect(line.data.m).toEqual({ costLine: { id: a.costLineId, description: 'Fine' }, userErrors: [] });
    const restored = await a.ws.gql(`mutation($id: ID!) { m: restoreJob(id: $id) { job { id deletedAt } ${ERR} } }`, { id: a.deletedJobId });
    expect(restored.data.m).toEqual({ job: { id: a.deletedJobId, deletedAt: null }, userErrors: [] });

    const po = await a.ws.gql(`mutation($id: ID!, $j: ID) { m: updatePurchaseOrderLine(id: $id, input: { jobId: $j }) { purchaseOrder { id lines { id job { id } } } ${ERR} } }`, {
      id: a.stockLineId,
      j: a.jobId,
    });
    expect(po.data.m).toEqual({
      purchaseOrder: {
        id: a.draftOrderId,
        lines: [
          { id: a.jobLineId, job: { id: a.jobId } },
          { id: a.stockLineId, job: { id: a.jobId } },
        ],
      },
      userErrors: [],
    });
    const got = await a.ws.gql(`mutation($id: ID!, $l: ID!) { m: receivePurchaseOrder(id: $id, lines: [{ lineId: $l, quantity: "1" }]) { purchaseOrder { id status } ${ERR} } }`, {
      id: a.receivedOrderId,
      l: a.receivedLineId,
    });
    expect(got.data.m).toEqual({ purchaseOrder: { id: a.receivedOrderId, status: 'PARTIALLY_RECEIVED' }, userErrors: [] });
    const taken = await a.ws.gql(
      `mutation($j: ID!, $s: ID!) { m: consumeStock(jobId: $j, stockItemId: $s, quantity: "1") { costLine { stockItem { id quantityAvailable } } ${ERR} } }`,
      {
        j: a.jobId,
        s: a.stockItemId,
      },
    );
    // 6 + 1 received, 2 + 1 taken.
    expect(taken.data.m).toEqual({ costLine: { stockItem: { id: a.stockItemId, quantityAvailable: '4.000' } }, userErrors: [] });
    const back = await a.ws.gql(`mutation($id: ID!) { m: returnStock(costLineId: $id, quantity: "1") { costLine { id quantity } ${ERR} } }`, { id: a.stockCostLineId });
    expect(back.data.m).toEqual({ costLine: { id: a.stockCostLineId, quantity: '1.000' }, userErrors: [] });

    const own = async (query: string, variables: Record<string, unknown>) => {
      const r = await a.ws.gql(query, variables);
      expect(r.errors).toBeUndefined();
      return r.data.m;
    };
    expect(await own(`mutation($id: ID!) { m: restoreAttachment(id: $id) { attachment { id removedAt } ${ERR} } }`, { id: a.removedAttachmentId })).toEqual({
      attachment: { id: a.removedAttachmentId, removedAt: null },
      userErrors: [],
    });
    expect(await own(`mutation($id: ID!) { m: removeImportantDate(id: $id) { importantDate { id } ${ERR} } }`, { id: a.dateId })).toEqual({
      importantDate: { id: a.dateId },
      userErrors: [],
    });
    expect(await own(`mutation($p: ID!) { m: deleteProjectMeta(projectId: $p, key: "syllabus") { meta { key } ${ERR} } }`, { p: a.projectId })).toEqual({
      meta: { key: 'syllabus' },
      userErrors: [],
    });
    expect(await own(`mutation($id: ID!) { m: restoreProject(id: $id) { project { id deletedAt } ${ERR} } }`, { id: a.deletedProjectId })).toEqual({
      project: { id: a.deletedProjectId, deletedAt: null },
      userErrors: [],
    });
    expect(
      await own(`mutation($id: ID!, $o: ID) { m: updateProject(id: $id, input: { ownerId: $o }) { project { owner { id } } ${ERR} } }`, { id: a.projectId, o: a.managerId }),
    ).toEqual({
      project: { owner: { id: a.managerId } },
      userErrors: [],
    });
  });
});
