import { randomUUID } from 'node:crypto';
import { clientService, createApiKey, generateKeySecret, hashKey, Project, Role } from './support/app';
import type { TestContext } from './support/context';
import { fixtureUpdate, snapshotWorkspace } from './support/database';
import type { GqlResponse } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';

/** Authentication (API keys), authorisation (roles), error hygiene, the playground and the health check. */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

afterEach(() => jest.restoreAllMocks());

const DATA_QUERY = `{ clients { totalCount nodes { id } } }`;

/** No stack trace, no SQL, no file paths in any response. */
function expectNoLeak(r: GqlResponse) {
  const text = JSON.stringify(r);
  expect(text).not.toMatch(/stack/i);
  expect(text).not.toMatch(/\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b/);
  expect(text).not.toMatch(/relation "|QueryFailedError|\.ts:\d+|node_modules/);
}

function expectTopLevelError(r: GqlResponse, code: string, status: number) {
  expect(r.status).toBe(status);
  expect(r.data ?? null).toBeNull();
  expect(r.errors).toHaveLength(1);
  expect(r.errors![0].extensions?.code).toBe(code);
  expectNoLeak(r);
}

// ------------------------------------------------------------------------------------------ authentication

describe('authentication', () => {
  test('no Authorization header: a data query is 401 UNAUTHENTICATED with no data', async () => {
    const r = await server.request(DATA_QUERY);
    expectTopLevelError(r, 'UNAUTHENTICATED', 401);
    expectTopLevelError(await server.request(`{ viewer { name } }`), 'UNAUTHENTICATED', 401);
    expectTopLevelError(await server.request(`query($id: ID!) { job(id: $id) { id } }`, { id: randomUUID() }), 'UNAUTHENTICATED', 401);
    // Mixing introspection with data does not get the data through.
    expectTopLevelError(await server.request(`{ __schema { queryType { name } } clients { totalCount } }`), 'UNAUTHENTICATED', 401);
    expectTopLevelError(await server.request(`query { ...F } fragment F on Query { clients { totalCount } }`), 'UNAUTHENTICATED', 401);
  });

  test('no Authorization header: a mutation is 401 UNAUTHENTICATED and writes nothing', async () => {
    const name = `Anonymous ${randomUUID()}`;
    const r = await server.request(`mutation($n: String!) { createClient(input: { name: $n }) { client { id } userErrors { message } } }`, { n: name });
    expectTopLevelError(r, 'UNAUTHENTICATED', 401);
    expect(await server.db.query('SELECT 1 FROM clients WHERE name = $1', [name])).toHaveLength(0);
  });

  test.each([
    ['an unknown key', () => `Bearer ${generateKeySecret()}`],
    ['a wrong key', () => 'Bearer not-a-key'],
    ['a Basic header', () => 'Basic x'],
    ['"Bearer" without a key', () => 'Bearer'],
    ['a bare key without "Bearer"', () => generateKeySecret()],
  ])('%s is 401 UNAUTHENTICATED', async (_name, header) => {
    const r = await server.request(DATA_QUERY, {}, header());
    expectTopLevelError(r, 'UNAUTHENTICATED', 401);
  });

  test('a key of a real workspace without "Bearer" is refused', async () => {
    const ws = await server.newWorkspace(Role.ADMIN);
    expectTopLevelError(await server.request(DATA_QUERY, {}, ws.key), 'UNAUTHENTICATED', 401);
    expectTopLevelError(await server.request(DATA_QUERY, {}, `Basic ${ws.key}`), 'UNAUTHENTICATED', 401);
  });

  test('a revoked key is 401 UNAUTHENTICATED, for queries and mutations', async () => {
    const ws = await server.newWorkspace(Role.ADMIN);
    const before = await ws.gql(DATA_QUERY);
    expect(before.status).toBe(200);
    expect(before.errors).toBeUndefined();

    await server.db.query('UPDATE api_keys SET revoked_at = now() WHERE key_hash = $1', [hashKey(ws.key)]);
    const snapshot = await snapshotWorkspace(server.db, ws.id);
    expectTopLevelError(await ws.gql(DATA_QUERY), 'UNAUTHENTICATED', 401);
    expectTopLevelError(await ws.gql(`{ viewer { name } }`), 'UNAUTHENTICATED', 401);
    expectTopLevelError(await ws.gql(`mutation { createClient(input: { name: "Late" }) { client { id } userErrors { message } } }`), 'UNAUTHENTICATED', 401);
    expect(await snapshotWorkspace(server.db, ws.id)).toEqual(snapshot);
  });

  test('introspection works without a key', async () => {
    const r = await server.request(`{ __schema { queryType { name } } }`);
    expect(r.status).toBe(200);
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const t = await server.request(`{ __type(name: "Job") { name fields { name } } }`);
    expect(t.errors).toBeUndefined();
    expect(t.data.__type.name).toBe('Job');
  });

  test('viewer returns the key, its role and name, and the workspace', async () => {
    for (const role of [Role.VIEWER, Role.EDITOR, Role.ADMIN]) {
      const ws = await server.newWorkspace(role);
      const [row] = await server.db.query('SELECT slug, name FROM workspaces WHERE id = $1', [ws.id]);
      const [key] = await server.db.query('SELECT id, name FROM api_keys WHERE key_hash = $1', [hashKey(ws.key)]);
      const r = await ws.gql(`{ viewer { apiKeyId name role workspace { id slug name } } }`);
      expect(r.status).toBe(200);
      expect(r.errors).toBeUndefined();
      expect(r.data.viewer).toEqual({ apiKeyId: key.id, name: key.name, role, workspace: { id: ws.id, slug: row.slug, name: row.name } });
    }
  });
});

// ------------------------------------------------------------------------------------------ roles

interface Seed {
  clientId: string;
  emptyClientId: string;
  staffId: string;
  jobId: string;
  deletedJobId: string;
  costSetId: string;
  costLineId: string;
  supplierId: string;
  /** A supplier with no orders: deletable. */
  idleSupplierId: string;
  /** A DRAFT order with one line (allocated to `stockJobId`). */
  draftOrderId: string;
  draftLineId: string;
  /** A SUBMITTED order with one stock line, nothing received yet. */
  submittedOrderId: string;
  submittedLineId: string;
  /** The job that stock is taken for (a second job: `jobId` must stay deletable, so it has no actual costs). */
  stockJobId: string;
  /** Received from a third order; 2 of its 10 were taken onto `stockJobId` by `stockCostLineId`. */
  stockItemId: string;
  stockCostLineId: string;
  /** Only with `seed(ws, { projects: true })` (random ids otherwise): a draft project with the metadata key "syllabus", an important date and an attachment. */
  projectId: string;
  dateId: string;
  attachmentId: string;
  /** A deleted project, a removed attachment, and a draft untouched for two days (abandoned). */
  deletedProjectId: string;
  removedAttachmentId: string;
  abandonedProjectId: string;
  /** A VIEWER key of the workspace that no test request uses. */
  spareKeyId: string;
}

/** Whether a mutation works on projects (its seed needs them). */
const onProjects = (name: string) => /project|importantDate|attachment|abandonedDrafts/i.test(name);

async function seed(ws: TestContext, { projects = false } = {}): Promise<Seed> {
  const spareKey = await createApiKey(server.db, ws.id, 'spare key', Role.VIEWER, generateKeySecret());
  const client = await ws.newClient({ name: 'Client' });
  const empty = await ws.newClient({ name: 'Empty client' });
  const staff = await ws.newStaff({ name: 'Sam', email: 'sam@example.com', wageRate: '30', chargeOutRate: '60' });
  const job = await ws.newJob({ name: 'Job', clientId: client.id });
  const doomed = await ws.newJob({ name: 'Doomed', clientId: client.id });
  await ws.deleteJob(doomed.id);
  const line = await ws.newCostLine({ costSetId: job.costSets.ESTIMATE, kind: 'TIME', description: 'Work', quantity: '2', staffId: staff.id });
  const supplier = await ws.newSupplier({ name: 'Timber Co' });
  const idle = await ws.newSupplier({ name: 'Idle supplier' });
  const stockJob = await ws.newJob({ name: 'Stock job', clientId: client.id });
  const draft = await ws.newPurchaseOrder({
    supplierId: supplier.id,
    lines: [{ description: 'Boards', quantityOrdered: '4', unitCost: '12.50', jobId: stockJob.id }],
  });
  const submitted = await ws.newPurchaseOrder({
    supplierId: supplier.id,
    lines: [{ description: 'Screws', quantityOrdered: '100', unitCost: '0.10' }],
    submit: true,
  });
  const stockItem = await ws.newStockItem({ supplierId: supplier.id, description: 'Glue', itemCode: 'GLU', quantity: '10', unitCost: '6.00' });
  const consumed = await ws.consumeStock(stockJob.id, stockItem.id, '2');
  return {
    ...(projects ? await seedProjects(ws, staff.id) : noProjects()),
    spareKeyId: spareKey.id,
    supplierId: supplier.id,
    idleSupplierId: idle.id,
    draftOrderId: draft.id,
    draftLineId: draft.lines[0].id,
    submittedOrderId: submitted.id,
    submittedLineId: submitted.lines[0].id,
    stockJobId: stockJob.id,
    stockItemId: stockItem.id,
    stockCostLineId: consumed.costLine.id,
    clientId: client.id,
    emptyClientId: empty.id,
    staffId: staff.id,
    jobId: job.id,
    deletedJobId: doomed.id,
    costSetId: job.costSets.ESTIMATE,
    costLineId: line.costLine.id,
  };
}

type ProjectIds = Pick<Seed, 'projectId' | 'dateId' | 'attachmentId' | 'deletedProjectId' | 'removedAttachmentId' | 'abandonedProjectId'>;

/** A project with its parts, a deleted project and an abandoned draft, owned by `ownerId`. */
async function seedProjects(ws: TestContext, ownerId: string): Promise<ProjectIds> {
  const { project, dateId, attachmentId, removedAttachmentId } = await ws.newProjectWithParts({ ownerId });
  const deletedProject = await ws.newProject({ ownerId });
  await ws.deleteProject(deletedProject.id);
  const abandoned = await ws.newProject({ ownerId });
  await fixtureUpdate(server.db, Project, "updated_at = now() - interval '48 hours'", 't.id = $1', [abandoned.id]);
  return { projectId: project.id, dateId, attachmentId, deletedProjectId: deletedProject.id, removedAttachmentId, abandonedProjectId: abandoned.id };
}

function noProjects(): ProjectIds {
  return {
    projectId: randomUUID(),
    dateId: randomUUID(),
    attachmentId: randomUUID(),
    deletedProjectId: randomUUID(),
    removedAttachmentId: randomUUID(),
    abandonedProjectId: randomUUID(),
  };
}

const E = 'userErrors { code message path }';

/** Every mutation of the schema, with arguments that an EDITOR or ADMIN could run successfully. */
const WRITES: Array<[name: string, query: string, vars: (s: Seed) => Record<string, unknown>]> = [
  ['createClient', `mutation { createClient(input: { name: "New" }) { client { id } ${E} } }`, () => ({})],
  ['updateClient', `mutation($id: ID!) { updateClient(id: $id, input: { name: "Renamed" }) { client { id } ${E} } }`, (s) => ({ id: s.clientId })],
  ['deleteClient', `mutation($id: ID!) { deleteClient(id: $id) { client { id } ${E} } }`, (s) => ({ id: s.emptyClientId })],
  ['createStaff', `mutation { createStaff(input: { name: "Kim", email: "kim@example.com", wageRate: "1", chargeOutRate: "2" }) { staffMember { id } ${E} } }`, () => ({})],
  ['updateStaff', `mutation($id: ID!) { updateStaff(id: $id, input: { name: "Samantha" }) { staffMember { id } ${E} } }`, (s) => ({ id: s.staffId })],
  ['deactivateStaff', `mutation($id: ID!) { deactivateStaff(id: $id) { staffMember { id } ${E} } }`, (s) => ({ id: s.staffId })],
  ['createJob', `mutation($c: ID!) { createJob(input: { name: "Another", clientId: $c }) { job { id } ${E} } }`, (s) => ({ c: s.clientId })],
  ['updateJob', `mutation($id: ID!) { updateJob(id: $id, input: { name: "Renamed" }) { job { id } ${E} } }`, (s) => ({ id: s.jobId })],
  ['changeJobStatus', `mutation($id: ID!) { changeJobStatus(id: $id, status: AWAITING_APPROVAL) { job { id } ${E} } }`, (s) => ({ id: s.jobId })],
  ['deleteJob', `mutation($id: ID!) { deleteJob(id: $id) { job { id } ${E} } }`, (s) => ({ id: s.jobId })],
  ['restoreJob', `mutation($id: ID!) { restoreJob(id: $id) { job { id } ${E} } }`, (s) => ({ id: s.deletedJobId })],
  [
    'createCostSet',
    `mutation($j: ID!, $c: ID) { createCostSet(input: { jobId: $j, kind: ESTIMATE, copyFromId: $c }) { costSet { id } ${E} } }`,
    (s) => ({ j: s.jobId, c: s.costSetId }),
  ],
  [
    'addCostLine',
    `mutation($c: ID!) { addCostLine(costSetId: $c, input: { kind: MATERIAL, description: "Nails", quantity: "1", unitCost: "1", unitRev: "2" }) { costLine { id } ${E} } }`,
    (s) => ({ c: s.costSetId }),
  ],
  ['updateCostLine', `mutation($id: ID!) { updateCostLine(id: $id, input: { quantity: "3" }) { costLine { id } ${E} } }`, (s) => ({ id: s.costLineId })],
  // A revert to the current state changes nothing, so each revert follows a change in the same request.
  ['revertJob', `mutation($id: ID!) { u: updateJob(id: $id, input: { name: "Changed" }) { ${E} } revertJob(id: $id, toVersion: 1) { job { id } ${E} } }`, (s) => ({ id: s.jobId })],
  [
    'revertCostLine',
    `mutation($id: ID!) { u: updateCostLine(id: $id, input: { quantity: "9" }) { ${E} } revertCostLine(id: $id, toVersion: 1) { costLine { id } ${E} } }`,
    (s) => ({ id: s.costLineId }),
  ],
  ['deleteCostLine', `mutation($id: ID!) { deleteCostLine(id: $id) { costLine { id } ${E} } }`, (s) => ({ id: s.costLineId })],
  ['createSupplier', `mutation { createSupplier(input: { name: "Bricks Ltd", email: "orders@bricks.test" }) { supplier { id } ${E} } }`, () => ({})],
  ['updateSupplier', `mutation($id: ID!) { updateSupplier(id: $id, input: { accountRef: "ACC-9" }) { supplier { id } ${E} } }`, (s) => ({ id: s.supplierId })],
  ['deleteSupplier', `mutation($id: ID!) { deleteSupplier(id: $id) { supplier { id } ${E} } }`, (s) => ({ id: s.idleSupplierId })],
  [
    'createPurchaseOrder',
    `mutation($s: ID!, $j: ID) { createPurchaseOrder(input: { supplierId: $s, lines: [{ description: "Tiles", quantityOrdered: "20", unitCost: "1.25", jobId: $j }] }) { purchaseOrder { id } ${E} } }`,
    (s) => ({ s: s.supplierId, j: s.jobId }),
  ],
  [
    'updatePurchaseOrder',
    `mutation($id: ID!, $s: ID) { updatePurchaseOrder(id: $id, input: { supplierId: $s, reference: "REF-1" }) { purchaseOrder { id } ${E} } }`,
    (s) => ({ id: s.draftOrderId, s: s.idleSupplierId }),
  ],
  [
    'addPurchaseOrderLine',
    `mutation($id: ID!) { addPurchaseOrderLine(purchaseOrderId: $id, input: { description: "Nails", quantityOrdered: "1", unitCost: "3.00" }) { purchaseOrder { id } ${E} } }`,
    (s) => ({ id: s.draftOrderId }),
  ],
  [
    'updatePurchaseOrderLine',
    `mutation($id: ID!) { updatePurchaseOrderLine(id: $id, input: { quantityOrdered: "5", jobId: null }) { purchaseOrder { id } ${E} } }`,
    (s) => ({ id: s.draftLineId }),
  ],
  ['removePurchaseOrderLine', `mutation($id: ID!) { removePurchaseOrderLine(id: $id) { purchaseOrder { id } ${E} } }`, (s) => ({ id: s.draftLineId })],
  ['submitPurchaseOrder', `mutation($id: ID!) { submitPurchaseOrder(id: $id) { purchaseOrder { id } ${E} } }`, (s) => ({ id: s.draftOrderId })],
  ['cancelPurchaseOrder', `mutation($id: ID!) { cancelPurchaseOrder(id: $id) { purchaseOrder { id } ${E} } }`, (s) => ({ id: s.submittedOrderId })],
  [
    'receivePurchaseOrder',
    `mutation($id: ID!, $l: ID!) { receivePurchaseOrder(id: $id, lines: [{ lineId: $l, quantity: "40" }]) { purchaseOrder { id } ${E} } }`,
    (s) => ({ id: s.submittedOrderId, l: s.submittedLineId }),
  ],
  [
    'consumeStock',
    `mutation($j: ID!, $s: ID!) { consumeStock(jobId: $j, stockItemId: $s, quantity: "3") { costLine { id } ${E} } }`,
    (s) => ({ j: s.stockJobId, s: s.stockItemId }),
  ],
  ['returnStock', `mutation($id: ID!) { returnStock(costLineId: $id, quantity: "1") { costLine { id } ${E} } }`, (s) => ({ id: s.stockCostLineId })],
  [
    'createProject',
    `mutation($o: ID!) { createProject(input: { name: "P", ownerId: $o, startDate: "2026-01-01", endDate: "2026-02-01", selfStudy: { goalDescription: "G", studyFrequency: "daily" } }) { project { id } ${E} } }`,
    (s) => ({ o: s.staffId }),
  ],
  [
    'updateProject',
    `mutation($id: ID!) { updateProject(id: $id, input: { name: "Renamed", school: { teacherName: "New" } }) { project { id } ${E} } }`,
    (s) => ({ id: s.projectId }),
  ],
  ['publishProject', `mutation($id: ID!) { publishProject(id: $id) { project { id } ${E} } }`, (s) => ({ id: s.projectId })],
  ['deleteProject', `mutation($id: ID!) { deleteProject(id: $id) { project { id } ${E} } }`, (s) => ({ id: s.abandonedProjectId })],
  ['restoreProject', `mutation($id: ID!) { restoreProject(id: $id) { project { id } ${E} } }`, (s) => ({ id: s.deletedProjectId })],
  ['setProjectMeta', `mutation($p: ID!) { setProjectMeta(projectId: $p, key: "level", value: 2) { meta { id } ${E} } }`, (s) => ({ p: s.projectId })],
  ['deleteProjectMeta', `mutation($p: ID!) { deleteProjectMeta(projectId: $p, key: "syllabus") { meta { id } ${E} } }`, (s) => ({ p: s.projectId })],
  [
    'addImportantDate',
    `mutation($p: ID!) { addImportantDate(projectId: $p, input: { title: "Exam", date: "2026-06-01" }) { importantDate { id } ${E} } }`,
    (s) => ({ p: s.projectId }),
  ],
  ['removeImportantDate', `mutation($id: ID!) { removeImportantDate(id: $id) { importantDate { id } ${E} } }`, (s) => ({ id: s.dateId })],
  [
    'addAttachment',
    `mutation($p: ID!) { addAttachment(projectId: $p, input: { fileName: "a.txt", contentType: "text/plain", size: 3, storageKey: "k/a.txt", checksum: "${'f'.repeat(64)}" }) { attachment { id } ${E} } }`,
    (s) => ({ p: s.projectId }),
  ],
  ['removeAttachment', `mutation($id: ID!) { removeAttachment(id: $id) { attachment { id } ${E} } }`, (s) => ({ id: s.attachmentId })],
  ['restoreAttachment', `mutation($id: ID!) { restoreAttachment(id: $id) { attachment { id } ${E} } }`, (s) => ({ id: s.removedAttachmentId })],
  ['cleanupAbandonedDrafts', `mutation { cleanupAbandonedDrafts { removed ${E} } }`, () => ({})],
  ['createApiKey', `mutation { createApiKey(input: { name: "Partner", role: VIEWER }) { apiKey { id } secret ${E} } }`, () => ({})],
  ['revokeApiKey', `mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { id } ${E} } }`, (s) => ({ id: s.spareKeyId })],
];

/** Mutations only an ADMIN key may run (an EDITOR gets FORBIDDEN). */
const ADMIN_ONLY = ['cleanupAbandonedDrafts', 'createApiKey', 'revokeApiKey'];

describe('roles', () => {
  test('the WRITES table covers every mutation of the schema', async () => {
    const r = await server.request(`{ __type(name: "Mutation") { fields { name } } }`);
    const names = (r.data.__type.fields as Array<{ name: string }>).map((f) => f.name).sort();
    expect(WRITES.map(([name]) => name).sort()).toEqual(names);
  });

  test('a VIEWER key can query', async () => {
    const ws = await server.newWorkspace(Role.VIEWER);
    const s = await seed(ws.as(Role.ADMIN), { projects: true });
    const r = await ws.gql(
      `query($id: ID!, $po: ID!, $si: ID!, $p: ID!) {
         job(id: $id) { id name client { name } costSets { kind costLines { id } } }
         clients { totalCount } staff { totalCount } jobs { totalCount }
         suppliers { totalCount } purchaseOrders { totalCount }
         purchaseOrder(id: $po) { id status lines { id } }
         stockItem(id: $si) { id quantityAvailable costLines { id } }
         project(id: $p) { id meta { key } attachments { id } } projects { totalCount } searchProjects(query: "project") { totalCount }
       }`,
      { id: s.jobId, po: s.submittedOrderId, si: s.stockItemId, p: s.projectId },
    );
    expect(r.status).toBe(200);
    expect(r.errors).toBeUndefined();
    expect(r.data.job).toMatchObject({ id: s.jobId, name: 'Job', client: { name: 'Client' } });
    expect(r.data.clients.totalCount).toBe(2);
    expect(r.data.staff.totalCount).toBe(1);
    // "Job" and "Stock job" (the deleted one is not listed).
    expect(r.data.jobs.totalCount).toBe(2);
    expect(r.data.suppliers.totalCount).toBe(2);
    expect(r.data.purchaseOrders.totalCount).toBe(3);
    expect(r.data.purchaseOrder).toEqual({ id: s.submittedOrderId, status: 'SUBMITTED', lines: [{ id: s.submittedLineId }] });
    expect(r.data.stockItem).toEqual({ id: s.stockItemId, quantityAvailable: '8.000', costLines: [{ id: s.stockCostLineId }] });
    expect(r.data.project).toEqual({ id: s.projectId, meta: [{ key: 'syllabus' }], attachments: [{ id: s.attachmentId }] });
    expect(r.data.projects.totalCount).toBe(2);
    expect(r.data.searchProjects.totalCount).toBe(2);
  });

  /** A VIEWER may run no mutation, an EDITOR none of the ADMIN-only ones. */
  const REFUSED = [
    ...WRITES.map(([name, query, vars]) => [Role.VIEWER, name, query, vars] as const),
    ...WRITES.filter(([name]) => ADMIN_ONLY.includes(name)).map(([name, query, vars]) => [Role.EDITOR, name, query, vars] as const),
  ];

  test.each(REFUSED)('a %s key cannot run %s: 403 FORBIDDEN, nothing written', async (role, name, query, vars) => {
    const ws = await server.newWorkspace(role);
    const s = await seed(ws.as(Role.ADMIN), { projects: onProjects(name) });
    const before = await snapshotWorkspace(server.db, ws.id);
    const r = await ws.gql(query, { ...vars(s) });
    expectTopLevelError(r, 'FORBIDDEN', 403);
    expect(await snapshotWorkspace(server.db, ws.id)).toEqual(before);
  });

  test.each(WRITES)('ADMIN keys, and EDITOR keys unless ADMIN only, can run %s', async (name, query, vars) => {
    for (const role of ADMIN_ONLY.includes(name) ? [Role.ADMIN] : [Role.EDITOR, Role.ADMIN]) {
      const ws = await server.newWorkspace(role);
      const s = await seed(ws, { projects: onProjects(name) });
      // Without history: the rows themselves must have changed, not just their history.
      const before = await snapshotWorkspace(server.db, ws.id, { history: false });
      const r = await ws.gql(query, vars(s));
      expect(r.status).toBe(200);
      expect(r.errors).toBeUndefined();
      for (const payload of Object.values(r.data as Record<string, any>)) expect(payload.userErrors).toEqual([]);
      expect(await snapshotWorkspace(server.db, ws.id, { history: false })).not.toEqual(before);
    }
  });
});

// ------------------------------------------------------------------------------------------ internal errors

describe('internal errors', () => {
  test('a failing query is INTERNAL_SERVER_ERROR with an error id, and no SQL or stack', async () => {
    const ws = await server.newWorkspace(Role.ADMIN);
    jest.spyOn(clientService, 'list').mockImplementation(() => server.db.query('SELECT secret_column FROM no_such_table_for_tests'));
    const r = await ws.gql(`{ clients { totalCount } viewer { role } }`);
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', errorId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(r.errors![0].message).toContain(r.errors![0].extensions!.errorId);
    expect(r.errors![0].path).toEqual(['clients']);
    expect(r.data).toBeNull();
    expectNoLeak(r);
    expect(JSON.stringify(r)).not.toMatch(/secret_column|no_such_table/);
  });

  test('a failing mutation is INTERNAL_SERVER_ERROR with no SQL or stack, and writes nothing', async () => {
    const ws = await server.newWorkspace(Role.ADMIN);
    const before = await snapshotWorkspace(server.db, ws.id);
    jest.spyOn(clientService, 'create').mockImplementation(() => server.db.query('INSERT INTO no_such_table_for_tests (secret_column) VALUES (1)'));
    const r = await ws.gql(`mutation { createClient(input: { name: "Boom" }) { client { id } ${E} } }`);
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expectNoLeak(r);
    expect(JSON.stringify(r)).not.toMatch(/secret_column|no_such_table/);
    expect(await snapshotWorkspace(server.db, ws.id)).toEqual(before);
  });

  test('user-facing errors carry no stack or SQL either', async () => {
    const ws = await server.newWorkspace(Role.ADMIN);
    const responses = [
      await ws.gql(`{ jobs(first: 101) { totalCount } }`),
      await ws.gql(`{ jobs(after: "abc") { totalCount } }`),
      await ws.gql(`{ nope }`),
      await ws.gql(`query($id: ID!) { job(id: $id) { id } }`, { id: 'not-a-uuid' }),
      await ws.gql(`mutation { updateClient(id: "not-a-uuid", input: { name: "x" }) { client { id } ${E} } }`),
      await ws.gql(`mutation { createClient(input: { name: "" }) { client { id } ${E} } }`),
    ];
    for (const r of responses) expectNoLeak(r);
  });
});

// ------------------------------------------------------------------------------------------ HTTP endpoints

describe('HTTP endpoints', () => {
  test('GET /graphql from a browser serves the playground, with no external scripts or styles', async () => {
    const res = await fetch(server.url, { headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toMatch(/<html/i);
    expect(html).toMatch(/<script/i);
    expect(html).toContain('/graphql');
    // Offline: every script and style is inline; nothing is loaded from a CDN.
    expect(html).not.toMatch(/<script[^>]*\ssrc\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<link[^>]*\shref\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import\s+(url\()?\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?https?:\/\//i);
    expect(html).not.toMatch(/import\(\s*["'`]https?:\/\//i);
    expect(html).not.toMatch(/\bfrom\s*["']https?:\/\//i);
    expect(html).not.toMatch(/(unpkg\.com|jsdelivr\.net|esm\.sh|cdnjs\.cloudflare\.com|fonts\.googleapis\.com)/i);
  });

  test('GET /health reports ok', async () => {
    const res = await fetch(server.url.replace(/\/graphql$/, '/health'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });
});
