import { Role } from './support/app';
import type { TestContext } from './support/context';
import { historyCount, snapshotWorkspace } from './support/database';
import { dataOf, mutate, mutatePayload, USER_ERRORS, type Caller } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';

/**
 * Reading the audit history through the API: per-record history, the workspace audit log, a job as
 * it stood at a moment, differences between versions, reverts, and the statements each costs.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A moment strictly between the mutations before and after it. */
async function moment(): Promise<string> {
  await sleep(25);
  const at = new Date().toISOString();
  await sleep(25);
  return at;
}

interface Change {
  field: string;
  from: unknown;
  to: unknown;
}

interface HistoryRecord {
  id: string;
  entityType: string;
  entityId: string;
  version: number;
  type: 'CREATE' | 'UPDATE' | 'DELETE';
  at: string;
  actor: { type: string; id: string; name: string };
  reason: string | null;
  requestId: string | null;
  changes: Change[];
  snapshot: Record<string, unknown>;
}

interface HistoryConnection {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
  nodes: HistoryRecord[];
}

const RECORD = 'id entityType entityId version type at actor { type id name } reason requestId changes { field from to } snapshot';
const CONNECTION = `totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { ${RECORD} }`;

interface Viewer {
  apiKeyId: string;
  name: string;
}

async function viewerOf(ws: Caller): Promise<Viewer> {
  return dataOf(await ws.gql('{ viewer { apiKeyId name } }')).viewer;
}

const CLIENT_FIELDS = 'id name email phone notes createdAt updatedAt';
const STAFF_FIELDS = 'id name email wageRate chargeOutRate active createdAt updatedAt';
const JOB_FIELDS = 'id number name description status priority deadline deletedAt createdAt updatedAt';
const COST_SET_FIELDS = 'id kind rev summary { cost rev hours } createdAt updatedAt';
const LINE_FIELDS = 'id kind description quantity unitCost unitRev totalCost totalRev accountingDate extRefs meta createdAt updatedAt';

async function updateClient(ws: TestContext, id: string, input: Record<string, unknown>, reason?: string) {
  const p = await mutate(
    ws,
    `mutation($id: ID!, $i: UpdateClientInput!, $r: String) { updateClient(id: $id, input: $i, reason: $r) { client { ${CLIENT_FIELDS} } ${USER_ERRORS} } }`,
    {
      id,
      i: input,
      r: reason,
    },
  );
  return p.client;
}

async function updateStaff(ws: TestContext, id: string, input: Record<string, unknown>, reason?: string) {
  const p = await mutate(
    ws,
    `mutation($id: ID!, $i: UpdateStaffInput!, $r: String) { updateStaff(id: $id, input: $i, reason: $r) { staffMember { ${STAFF_FIELDS} } ${USER_ERRORS} } }`,
    {
      id,
      i: input,
      r: reason,
    },
  );
  return p.staffMember;
}

async function updateJob(ws: TestContext, id: string, input: Record<string, unknown>, reason?: string) {
  const p = await mutate(ws, `mutation($id: ID!, $i: UpdateJobInput!, $r: String) { updateJob(id: $id, input: $i, reason: $r) { job { ${JOB_FIELDS} } ${USER_ERRORS} } }`, {
    id,
    i: input,
    r: reason,
  });
  return p.job;
}

async function updateLine(ws: TestContext, id: string, input: Record<string, unknown>, reason?: string) {
  return mutate(
    ws,
    `mutation($id: ID!, $i: UpdateCostLineInput!, $r: String) { updateCostLine(id: $id, input: $i, reason: $r) {
       costLine { ${LINE_FIELDS} } costSet { ${COST_SET_FIELDS} } ${USER_ERRORS} } }`,
    { id, i: input, r: reason },
  );
}

async function deleteLine(ws: TestContext, id: string, reason?: string) {
  return mutate(ws, `mutation($id: ID!, $r: String) { deleteCostLine(id: $id, reason: $r) { costLine { id } costSet { ${COST_SET_FIELDS} } ${USER_ERRORS} } }`, {
    id,
    r: reason,
  });
}

async function entityHistory(ws: TestContext, entityType: string, entityId: string, first?: number, after?: string | null): Promise<HistoryConnection> {
  const d = dataOf(
    await ws.gql(`query($t: AuditEntityType!, $id: ID!, $first: Int, $after: String) { history(entityType: $t, entityId: $id, first: $first, after: $after) { ${CONNECTION} } }`, {
      t: entityType,
      id: entityId,
      first,
      after,
    }),
  );
  return d.history;
}

/** Fields of a snapshot that differ from the previous snapshot, `updatedAt` aside. */
function snapshotDiff(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => k !== 'updatedAt' && JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null)).sort();
}

interface Expected {
  version: number;
  type: 'CREATE' | 'UPDATE' | 'DELETE';
  reason: string | null;
  changes: string[];
}

/**
 * Checks a record's history (newest first) against the expected versions: type, actor, reason,
 * request id, and changes that are exactly the difference between consecutive snapshots.
 */
function expectHistory(nodes: HistoryRecord[], entityType: string, entityId: string, viewer: Viewer, expected: Expected[]): void {
  expect(nodes.map((n) => n.version)).toEqual(expected.map((e) => e.version));
  expect(nodes.map((n) => n.type)).toEqual(expected.map((e) => e.type));
  expect(nodes.map((n) => n.reason)).toEqual(expected.map((e) => e.reason));
  nodes.forEach((node, i) => {
    expect(node.entityType).toBe(entityType);
    expect(node.entityId).toBe(entityId);
    expect(node.actor).toEqual({ type: 'API_KEY', id: viewer.apiKeyId, name: viewer.name });
    expect(typeof node.requestId).toBe('string');
    expect(node.requestId).not.toBe('');
    expect(node.snapshot.id).toBe(entityId);
    const fields = node.changes.map((c) => c.field);
    expect(fields).toEqual(expected[i].changes);
    if (i > 0) expect(new Date(node.at).getTime()).toBeLessThanOrEqual(new Date(nodes[i - 1].at).getTime());
    const older = nodes[i + 1];
    if (node.type === 'CREATE') {
      // Every field the record was created with, from nothing.
      const set = Object.keys(node.snapshot)
        .filter((k) => k !== 'updatedAt' && node.snapshot[k] !== null)
        .sort();
      expect(fields).toEqual(set);
      for (const c of node.changes) expect(c).toEqual({ field: c.field, from: null, to: node.snapshot[c.field] });
    } else if (node.type === 'UPDATE' && older) {
      expect(fields).toEqual(snapshotDiff(older.snapshot, node.snapshot));
      for (const c of node.changes) expect(c).toEqual({ field: c.field, from: older.snapshot[c.field] ?? null, to: node.snapshot[c.field] ?? null });
    }
  });
  // One request per version here, so every record has its own request id.
  expect(new Set(nodes.map((n) => n.requestId)).size).toBe(nodes.length);
}

/** The snapshot holds the live record's values (scalar fields named like the columns). */
function expectSnapshotOf(snapshot: Record<string, unknown>, live: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(live)) {
    if (v !== null && typeof v === 'object' && !['extRefs', 'meta'].includes(k)) continue;
    expect({ field: k, value: snapshot[k] }).toEqual({ field: k, value: v });
  }
}

const changeOf = (node: HistoryRecord, field: string) => node.changes.find((c) => c.field === field);

// ------------------------------------------------------------------ history on each type

describe('history on each audited type: newest first, who, why, exactly what changed, the record after the change', () => {
  test('Client.history', async () => {
    const ws = await server.newWorkspace();
    const viewer = await viewerOf(ws);
    const client = await ws.newClient({ name: 'Acme', notes: 'first' }, { reason: 'client created' });
    await updateClient(ws, client.id, { name: 'Acme Ltd' }, 'renamed');
    const live = await updateClient(ws, client.id, { email: 'ops@acme.test', phone: '555-1234' }, 'contact details');

    const d = dataOf(await ws.gql(`query($id: ID!) { client(id: $id) { ${CLIENT_FIELDS} history { ${CONNECTION} } } }`, { id: client.id }));
    const h: HistoryConnection = d.client.history;
    expect(h.totalCount).toBe(3);
    expect(h.pageInfo.hasNextPage).toBe(false);
    expectHistory(h.nodes, 'CLIENT', client.id, viewer, [
      { version: 3, type: 'UPDATE', reason: 'contact details', changes: ['email', 'phone'] },
      { version: 2, type: 'UPDATE', reason: 'renamed', changes: ['name'] },
      { version: 1, type: 'CREATE', reason: 'client created', changes: ['createdAt', 'id', 'name', 'notes', 'workspaceId'] },
    ]);
    expect(changeOf(h.nodes[1], 'name')).toEqual({ field: 'name', from: 'Acme', to: 'Acme Ltd' });
    expect(changeOf(h.nodes[0], 'email')).toEqual({ field: 'email', from: null, to: 'ops@acme.test' });
    expect(h.nodes[1].snapshot).toMatchObject({ name: 'Acme Ltd', email: null, phone: null, notes: 'first' });
    expectSnapshotOf(h.nodes[0].snapshot, live);
    expectSnapshotOf(h.nodes[0].snapshot, { ...d.client, history: undefined });
  });

  test('Staff.history', async () => {
    const ws = await server.newWorkspace();
    const viewer = await viewerOf(ws);
    const staff = await ws.newStaff({ name: 'Kim', wageRate: '30.00', chargeOutRate: '50.00' }, { reason: 'hired' });
    await updateStaff(ws, staff.id, { wageRate: '35' }, 'pay rise');
    const live = await updateStaff(ws, staff.id, { name: 'Kim Lee', chargeOutRate: '55.50' }, 'married, new rate');

    const d = dataOf(await ws.gql(`query($id: ID!) { staffMember(id: $id) { history { ${CONNECTION} } } }`, { id: staff.id }));
    const h: HistoryConnection = d.staffMember.history;
    expect(h.totalCount).toBe(3);
    expectHistory(h.nodes, 'STAFF', staff.id, viewer, [
      { version: 3, type: 'UPDATE', reason: 'married, new rate', changes: ['chargeOutRate', 'name'] },
      { version: 2, type: 'UPDATE', reason: 'pay rise', changes: ['wageRate'] },
      {
        version: 1,
        type: 'CREATE',
        reason: 'hired',
        changes: ['active', 'chargeOutRate', 'createdAt', 'email', 'id', 'name', 'wageRate', 'workspaceId'],
      },
    ]);
    expect(changeOf(h.nodes[1], 'wageRate')).toEqual({ field: 'wageRate', from: '30.00', to: '35.00' });
    expect(changeOf(h.nodes[0], 'chargeOutRate')).toEqual({ field: 'chargeOutRate', from: '50.00', to: '55.50' });
    expectSnapshotOf(h.nodes[0].snapshot, live);
  });

  test('Job.history', async () => {
    const ws = await server.newWorkspace();
    const viewer = await viewerOf(ws);
    const job = await ws.newJob({ name: 'Fit-out', description: 'Level 2' }, { reason: 'job opened' });
    await updateJob(ws, job.id, { name: 'Fit-out, level 2' }, 'clearer name');
    const live = await updateJob(ws, job.id, { priority: 'HIGH', deadline: '2027-03-31' }, 'client is in a hurry');

    const d = dataOf(await ws.gql(`query($id: ID!) { job(id: $id) { history { ${CONNECTION} } } }`, { id: job.id }));
    const h: HistoryConnection = d.job.history;
    expect(h.totalCount).toBe(3);
    expectHistory(h.nodes, 'JOB', job.id, viewer, [
      { version: 3, type: 'UPDATE', reason: 'client is in a hurry', changes: ['deadline', 'priority'] },
      { version: 2, type: 'UPDATE', reason: 'clearer name', changes: ['name'] },
      {
        version: 1,
        type: 'CREATE',
        reason: 'job opened',
        changes: ['clientId', 'createdAt', 'description', 'id', 'name', 'number', 'priority', 'status', 'workspaceId'],
      },
    ]);
    expect(changeOf(h.nodes[0], 'priority')).toEqual({ field: 'priority', from: 'NORMAL', to: 'HIGH' });
    expect(changeOf(h.nodes[0], 'deadline')).toEqual({ field: 'deadline', from: null, to: '2027-03-31' });
    expect(h.nodes[2].snapshot).toMatchObject({ name: 'Fit-out', status: 'DRAFT', priority: 'NORMAL', number: 1 });
    expectSnapshotOf(h.nodes[0].snapshot, live);
  });

  test('CostSet.history: created with the job, changed by each line added', async () => {
    const ws = await server.newWorkspace();
    const viewer = await viewerOf(ws);
    const job = await ws.newJob({}, { reason: 'job with cost sets' });
    await ws.newCostLine({ costSetId: job.costSets.ACTUAL, quantity: '2', unitCost: '10.00', unitRev: '15.00' }, { reason: 'first line' });
    await ws.newCostLine({ costSetId: job.costSets.ACTUAL, quantity: '1', unitCost: '4.50', unitRev: '6.00' }, { reason: 'second line' });

    const d = dataOf(await ws.gql(`query($id: ID!) { costSet(id: $id) { ${COST_SET_FIELDS} history { ${CONNECTION} } } }`, { id: job.costSets.ACTUAL }));
    const h: HistoryConnection = d.costSet.history;
    expect(h.totalCount).toBe(3);
    expectHistory(h.nodes, 'COST_SET', job.costSets.ACTUAL, viewer, [
      { version: 3, type: 'UPDATE', reason: 'second line', changes: ['summaryCost', 'summaryRev'] },
      { version: 2, type: 'UPDATE', reason: 'first line', changes: ['summaryCost', 'summaryRev'] },
      {
        version: 1,
        type: 'CREATE',
        reason: 'job with cost sets',
        changes: ['createdAt', 'id', 'jobId', 'kind', 'rev', 'summaryCost', 'summaryHours', 'summaryRev', 'workspaceId'],
      },
    ]);
    expect(h.nodes[1].changes).toEqual([
      { field: 'summaryCost', from: '0.00', to: '20.00' },
      { field: 'summaryRev', from: '0.00', to: '30.00' },
    ]);
    expect(h.nodes[0].changes).toEqual([
      { field: 'summaryCost', from: '20.00', to: '24.50' },
      { field: 'summaryRev', from: '30.00', to: '36.00' },
    ]);
    const { summary, history: _h, ...scalars } = d.costSet;
    expectSnapshotOf(h.nodes[0].snapshot, scalars);
    expect(h.nodes[0].snapshot).toMatchObject({ summaryCost: summary.cost, summaryRev: summary.rev, summaryHours: summary.hours, jobId: job.id, kind: 'ACTUAL', rev: 1 });
  });

  test('CostLine.history: a quantity change shows quantity and both totals', async () => {
    const ws = await server.newWorkspace();
    const viewer = await viewerOf(ws);
    const job = await ws.newJob();
    const { costLine } = await ws.newCostLine(
      { costSetId: job.costSets.ACTUAL, quantity: '2', unitCost: '10.00', unitRev: '15.00', description: 'Timber', meta: { batch: 7 } },
      { reason: 'line added' },
    );
    await updateLine(ws, costLine.id, { quantity: '3' }, 'one more');
    const { costLine: live } = await updateLine(ws, costLine.id, { description: 'Timber, treated' }, 'more precise');

    const d = dataOf(await ws.gql(`query($id: ID!) { costLine(id: $id) { history { ${CONNECTION} } } }`, { id: costLine.id }));
    const h: HistoryConnection = d.costLine.history;
    expect(h.totalCount).toBe(3);
    expectHistory(h.nodes, 'COST_LINE', costLine.id, viewer, [
      { version: 3, type: 'UPDATE', reason: 'more precise', changes: ['description'] },
      { version: 2, type: 'UPDATE', reason: 'one more', changes: ['quantity', 'totalCost', 'totalRev'] },
      {
        version: 1,
        type: 'CREATE',
        reason: 'line added',
        changes: [
          'accountingDate',
          'costSetId',
          'createdAt',
          'description',
          'extRefs',
          'id',
          'kind',
          'meta',
          'quantity',
          'totalCost',
          'totalRev',
          'unitCost',
          'unitRev',
          'workspaceId',
        ],
      },
    ]);
    expect(h.nodes[1].changes).toEqual([
      { field: 'quantity', from: '2.000', to: '3.000' },
      { field: 'totalCost', from: '20.00', to: '30.00' },
      { field: 'totalRev', from: '30.00', to: '45.00' },
    ]);
    expect(h.nodes[2].snapshot).toMatchObject({ quantity: '2.000', totalCost: '20.00', meta: { batch: 7 }, extRefs: {} });
    expectSnapshotOf(h.nodes[0].snapshot, live);
  });

  test('history pages with first/after: every version once, in order, with totalCount on each page', async () => {
    const ws = await server.newWorkspace();
    const client = await ws.newClient({ name: 'v1' }, { reason: 'r1' });
    for (let v = 2; v <= 8; v++) await updateClient(ws, client.id, { name: `v${v}` }, `r${v}`);

    const fieldPage = async (first: number, after: string | null): Promise<HistoryConnection> =>
      dataOf(
        await ws.gql(`query($id: ID!, $first: Int, $after: String) { client(id: $id) { history(first: $first, after: $after) { ${CONNECTION} } } }`, {
          id: client.id,
          first,
          after,
        }),
      ).client.history;
    const topPage = (first: number, after: string | null) => entityHistory(ws, 'CLIENT', client.id, first, after);

    for (const page of [fieldPage, topPage]) {
      const seen: number[] = [];
      const sizes: number[] = [];
      let after: string | null = null;
      for (let i = 0; i < 10; i++) {
        const p: HistoryConnection = await page(3, after);
        expect(p.totalCount).toBe(8);
        expect(p.pageInfo.hasPreviousPage).toBe(after !== null);
        sizes.push(p.nodes.length);
        seen.push(...p.nodes.map((n) => n.version));
        for (const n of p.nodes) expect(n.reason).toBe(`r${n.version}`);
        if (!p.pageInfo.hasNextPage) break;
        after = p.pageInfo.endCursor;
      }
      expect(sizes).toEqual([3, 3, 2]);
      expect(seen).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    }
    const all = await topPage(100, null);
    expect(all.nodes.map((n) => n.version)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expect((await topPage(0, null)).nodes).toEqual([]);
  });
});

// ------------------------------------------------------------------ top-level history

describe('Query.history', () => {
  test('returns the same records as the type fields, for every audited type', async () => {
    const ws = await server.newWorkspace();
    const client = await ws.newClient({ name: 'Same' }, { reason: 'a' });
    await updateClient(ws, client.id, { notes: 'n' }, 'b');
    const staff = await ws.newStaff({ name: 'S' }, { reason: 'c' });
    const job = await ws.newJob({ clientId: client.id, assigneeId: staff.id }, { reason: 'd' });
    await updateJob(ws, job.id, { name: 'renamed' }, 'e');
    const { costLine } = await ws.newCostLine({ costSetId: job.costSets.ACTUAL, quantity: '1', unitCost: '1.00', unitRev: '2.00' }, { reason: 'f' });
    await updateLine(ws, costLine.id, { quantity: '4' }, 'g');

    const d = dataOf(
      await ws.gql(
        `query($c: ID!, $s: ID!, $j: ID!, $cs: ID!, $l: ID!) {
           client(id: $c) { history { ${CONNECTION} } }
           staffMember(id: $s) { history { ${CONNECTION} } }
           job(id: $j) { history { ${CONNECTION} } }
           costSet(id: $cs) { history { ${CONNECTION} } }
           costLine(id: $l) { history { ${CONNECTION} } }
         }`,
        { c: client.id, s: staff.id, j: job.id, cs: job.costSets.ACTUAL, l: costLine.id },
      ),
    );
    const pairs: Array<[string, string, HistoryConnection]> = [
      ['CLIENT', client.id, d.client.history],
      ['STAFF', staff.id, d.staffMember.history],
      ['JOB', job.id, d.job.history],
      ['COST_SET', job.costSets.ACTUAL, d.costSet.history],
      ['COST_LINE', costLine.id, d.costLine.history],
    ];
    for (const [type, id, fromField] of pairs) {
      const top = await entityHistory(ws, type, id);
      expect(top).toEqual(fromField);
      expect(top.nodes.length).toBeGreaterThanOrEqual(1);
    }
    expect(d.costLine.history.nodes.map((n: HistoryRecord) => n.reason)).toEqual(['g', 'f']);
    expect(d.costSet.history.nodes.map((n: HistoryRecord) => n.reason)).toEqual(['g', 'f', 'd']);
  });

  test('the history of a deleted cost line stays readable, ending with a DELETE of the line as it stood', async () => {
    const ws = await server.newWorkspace();
    const viewer = await viewerOf(ws);
    const job = await ws.newJob();
    const { costLine } = await ws.newCostLine({ costSetId: job.costSets.ACTUAL, quantity: '2', unitCost: '10.00', unitRev: '15.00', description: 'Paint' }, { reason: 'added' });
    const { costLine: lastState } = await updateLine(ws, costLine.id, { quantity: '3' }, 'changed');
    await deleteLine(ws, costLine.id, 'not needed');

    expect(dataOf(await ws.gql('query($id: ID!) { costLine(id: $id) { id } }', { id: costLine.id })).costLine).toBeNull();
    const h = await entityHistory(ws, 'COST_LINE', costLine.id);
    expect(h.totalCount).toBe(3);
    expectHistory(h.nodes, 'COST_LINE', costLine.id, viewer, [
      { version: 3, type: 'DELETE', reason: 'not needed', changes: [] },
      { version: 2, type: 'UPDATE', reason: 'changed', changes: ['quantity', 'totalCost', 'totalRev'] },
      { version: 1, type: 'CREATE', reason: 'added', changes: expect.any(Array) as never },
    ]);
    // As it stood before the delete: the same record as version 2.
    expect(h.nodes[0].snapshot).toEqual(h.nodes[1].snapshot);
    expect(h.nodes[0].snapshot).toMatchObject({ description: 'Paint', quantity: '3.000', totalCost: '30.00', costSetId: job.costSets.ACTUAL });
    expectSnapshotOf(h.nodes[0].snapshot, lastState);
  });

  test('soft delete and restore of a job are UPDATEs that change deletedAt', async () => {
    const ws = await server.newWorkspace();
    const viewer = await viewerOf(ws);
    const job = await ws.newJob({}, { reason: 'created' });
    const del = await mutate(ws, `mutation($id: ID!) { deleteJob(id: $id, reason: "duplicate") { job { id deletedAt } ${USER_ERRORS} } }`, { id: job.id });
    const deletedAt = del.job.deletedAt;
    expect(deletedAt).not.toBeNull();

    // Readable while deleted, through the top-level query and the deleted job itself.
    const whileDeleted = await entityHistory(ws, 'JOB', job.id);
    const viaJob = dataOf(await ws.gql(`query($id: ID!) { job(id: $id, includeDeleted: true) { history { ${CONNECTION} } } }`, { id: job.id })).job.history;
    expect(viaJob).toEqual(whileDeleted);
    expect(whileDeleted.nodes[0]).toMatchObject({ version: 2, type: 'UPDATE', reason: 'duplicate', changes: [{ field: 'deletedAt', from: null, to: deletedAt }] });

    await mutate(ws, `mutation($id: ID!) { restoreJob(id: $id, reason: "not a duplicate after all") { job { id } ${USER_ERRORS} } }`, { id: job.id });
    const h = await entityHistory(ws, 'JOB', job.id);
    expectHistory(h.nodes, 'JOB', job.id, viewer, [
      { version: 3, type: 'UPDATE', reason: 'not a duplicate after all', changes: ['deletedAt'] },
      { version: 2, type: 'UPDATE', reason: 'duplicate', changes: ['deletedAt'] },
      { version: 1, type: 'CREATE', reason: 'created', changes: expect.any(Array) as never },
    ]);
    expect(h.nodes[0].changes).toEqual([{ field: 'deletedAt', from: deletedAt, to: null }]);
    expect(h.nodes[1].snapshot.deletedAt).toBe(deletedAt);
    expect(h.nodes[0].snapshot.deletedAt).toBeNull();
    expect(h.nodes.some((n) => n.type === 'DELETE')).toBe(false);
  });

  test('an unknown or malformed id has an empty history; a forged cursor is BAD_USER_INPUT', async () => {
    const ws = await server.newWorkspace();
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      expect(await entityHistory(ws, 'COST_LINE', id)).toMatchObject({ totalCount: 0, nodes: [], pageInfo: { hasNextPage: false } });
    }
    const client = await ws.newClient({ name: 'c' });
    const forged = Buffer.from(JSON.stringify(['VERSION:DESC', 'x; drop', 'CLIENT:1'])).toString('base64url');
    for (const after of [forged, 'garbage']) {
      const r = await ws.gql(`query($id: ID!, $after: String) { history(entityType: CLIENT, entityId: $id, after: $after) { totalCount } }`, { id: client.id, after });
      expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      const log = await ws.gql(`query($after: String) { auditLog(after: $after) { totalCount } }`, { after });
      expect(log.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    }
  });

  test("another workspace's records have no history here", async () => {
    const ws = await server.newWorkspace();
    const other = await server.newWorkspace();
    const job = await other.newJob({}, { reason: 'theirs' });
    const h = await entityHistory(ws, 'JOB', job.id);
    expect(h).toMatchObject({ totalCount: 0, nodes: [], pageInfo: { hasNextPage: false } });
    const viaType = dataOf(await ws.gql(`query($id: ID!) { job(id: $id, includeDeleted: true) { id } }`, { id: job.id })).job;
    expect(viaType).toBeNull();
  });
});

// ------------------------------------------------------------------ audit log

async function auditLog(gql: Caller['gql'], filter: Record<string, unknown> | null, first: number, after?: string | null): Promise<HistoryConnection> {
  return dataOf(
    await gql(`query($f: AuditLogFilter, $first: Int, $after: String) { auditLog(filter: $f, first: $first, after: $after) { ${CONNECTION} } }`, {
      f: filter,
      first,
      after,
    }),
  ).auditLog;
}

/** Every record of the audit log, paged through `pageSize` at a time; checks totalCount on every page. */
async function wholeLog(gql: Caller['gql'], filter: Record<string, unknown> | null, pageSize = 3): Promise<HistoryRecord[]> {
  const out: HistoryRecord[] = [];
  let after: string | null = null;
  let total: number | null = null;
  for (let i = 0; i < 200; i++) {
    const page: HistoryConnection = await auditLog(gql, filter, pageSize, after);
    total ??= page.totalCount;
    expect(page.totalCount).toBe(total);
    expect(page.nodes.length).toBeLessThanOrEqual(pageSize);
    out.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) break;
    expect(page.nodes.length).toBe(pageSize);
    after = page.pageInfo.endCursor;
  }
  expect(out.length).toBe(total);
  return out;
}

function expectNewestFirst(nodes: HistoryRecord[]): void {
  for (let i = 1; i < nodes.length; i++) expect(new Date(nodes[i].at).getTime()).toBeLessThanOrEqual(new Date(nodes[i - 1].at).getTime());
}

describe('Query.auditLog', () => {
  test('filter by actor: two keys of one workspace each see only their own records with the filter', async () => {
    const ws = await server.newWorkspace();
    const a = await viewerOf(ws);
    const b = ws.as(Role.EDITOR);
    const bViewer = await viewerOf(b);
    expect(bViewer.apiKeyId).not.toBe(a.apiKeyId);

    const clientA = await ws.newClient({ name: 'by A' }, { reason: 'A1' });
    await updateClient(ws, clientA.id, { notes: 'A' }, 'A2');
    await b.newStaff({ name: 'by B' }, { reason: 'B1' });
    await b.newClient({ name: 'also by B' }, { reason: 'B2' });
    await updateClient(b, clientA.id, { notes: 'B' }, 'B3');

    for (const reader of [ws, b]) {
      const all = await wholeLog(reader.gql, null);
      expect(all.map((n) => n.reason).sort()).toEqual(['A1', 'A2', 'B1', 'B2', 'B3']);
      const onlyA = await wholeLog(reader.gql, { actorId: a.apiKeyId });
      expect(onlyA.map((n) => n.reason)).toEqual(['A2', 'A1']);
      expect(onlyA.every((n) => n.actor.id === a.apiKeyId && n.actor.name === a.name && n.actor.type === 'API_KEY')).toBe(true);
      const onlyB = await wholeLog(reader.gql, { actorId: bViewer.apiKeyId });
      expect(onlyB.map((n) => n.reason)).toEqual(['B3', 'B2', 'B1']);
      expect(onlyB.every((n) => n.actor.id === bViewer.apiKeyId && n.actor.name === bViewer.name)).toBe(true);
      expect((await auditLog(reader.gql, { actorId: 'nobody' }, 10)).totalCount).toBe(0);
    }
  });

  test("another workspace's records never appear, even filtered by that workspace's key", async () => {
    const ws = await server.newWorkspace();
    const other = await server.newWorkspace();
    const otherViewer = await viewerOf(other);
    const mine = await ws.newJob({}, { reason: 'mine' });
    const theirs = await other.newJob({}, { reason: 'theirs' });
    await other.newCostLine({ costSetId: theirs.costSets.ACTUAL, quantity: '1', unitCost: '1.00', unitRev: '1.00' }, { reason: 'theirs too' });

    const log = await wholeLog(ws.gql, null);
    expect(log.length).toBe(5); // client, job, three cost sets
    expect(log.every((n) => n.reason === 'mine' || n.entityType === 'CLIENT')).toBe(true);
    const theirIds = new Set((await wholeLog(other.gql, null)).map((n) => n.entityId));
    expect(log.some((n) => theirIds.has(n.entityId))).toBe(false);
    expect(log.some((n) => n.snapshot.workspaceId !== ws.id)).toBe(false);
    expect(log.map((n) => n.entityId)).toContain(mine.id);
    expect((await auditLog(ws.gql, { actorId: otherViewer.apiKeyId }, 10)).totalCount).toBe(0);
    expect((await auditLog(ws.gql, { actorId: otherViewer.apiKeyId }, 10)).nodes).toEqual([]);
  });

  test('filters by entity type and change type give exactly the matching records, newest first', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob({}, { reason: 'create' });
    const { costLine } = await ws.newCostLine({ costSetId: job.costSets.ACTUAL, quantity: '2', unitCost: '3.00', unitRev: '4.00' }, { reason: 'add' });
    await updateLine(ws, costLine.id, { quantity: '5' }, 'update');
    await deleteLine(ws, costLine.id, 'delete');
    await updateJob(ws, job.id, { name: 'new name' }, 'rename');

    const all = await wholeLog(ws.gql, null);
    // client + job + 3 cost sets; line +, ~, -; cost set ~ ×3; job ~
    expect(all.length).toBe(12);
    expectNewestFirst(all);
    const types = ['CLIENT', 'STAFF', 'JOB', 'COST_SET', 'COST_LINE'];
    for (const entityType of types) {
      const got = await wholeLog(ws.gql, { entityType });
      expect(got).toEqual(all.filter((n) => n.entityType === entityType));
    }
    for (const type of ['CREATE', 'UPDATE', 'DELETE']) {
      const got = await wholeLog(ws.gql, { type });
      expect(got).toEqual(all.filter((n) => n.type === type));
    }
    expect((await wholeLog(ws.gql, { entityType: 'COST_LINE' })).map((n) => n.type)).toEqual(['DELETE', 'UPDATE', 'CREATE']);
    expect((await wholeLog(ws.gql, { type: 'DELETE' })).map((n) => [n.entityType, n.entityId])).toEqual([['COST_LINE', costLine.id]]);
    expect((await wholeLog(ws.gql, { entityType: 'COST_SET', type: 'UPDATE' })).map((n) => n.reason)).toEqual(['delete', 'update', 'add']);
    expect((await wholeLog(ws.gql, { entityType: 'STAFF' })).length).toBe(0);
  });

  test('from (inclusive) and to (exclusive) select a time range', async () => {
    const ws = await server.newWorkspace();
    const t0 = await moment();
    const c1 = await ws.newClient({ name: 'one' }, { reason: 'batch 1' });
    await updateClient(ws, c1.id, { name: 'one b' }, 'batch 1');
    const t1 = await moment();
    const c2 = await ws.newClient({ name: 'two' }, { reason: 'batch 2' });
    await updateClient(ws, c1.id, { name: 'one c' }, 'batch 2');
    await ws.newStaff({ name: 'staff two' }, { reason: 'batch 2' });
    const t2 = await moment();
    await updateClient(ws, c2.id, { name: 'two b' }, 'batch 3');
    const t3 = await moment();

    const reasons = async (filter: Record<string, unknown>) => (await wholeLog(ws.gql, filter)).map((n) => n.reason);
    expect(await reasons({ from: t0, to: t1 })).toEqual(['batch 1', 'batch 1']);
    expect(await reasons({ from: t1, to: t2 })).toEqual(['batch 2', 'batch 2', 'batch 2']);
    expect(await reasons({ from: t2, to: t3 })).toEqual(['batch 3']);
    expect(await reasons({ from: t1 })).toEqual(['batch 3', 'batch 2', 'batch 2', 'batch 2']);
    expect(await reasons({ to: t1 })).toEqual(['batch 1', 'batch 1']);
    expect(await reasons({ from: t3 })).toEqual([]);
    expect(await reasons({ from: t1, to: t2, entityType: 'STAFF' })).toEqual(['batch 2']);

    // Boundaries: a record's own moment is inside `from` and outside `to`.
    const all = await wholeLog(ws.gql, null);
    const pivot = all.find((n) => n.entityType === 'STAFF')!;
    const fromPivot = await wholeLog(ws.gql, { from: pivot.at });
    expect(fromPivot.map((n) => n.id)).toContain(pivot.id);
    const toPivot = await wholeLog(ws.gql, { to: pivot.at });
    expect(toPivot.map((n) => n.id)).not.toContain(pivot.id);
    expect(fromPivot.length + toPivot.length).toBe(all.length);
  });

  test('pages of 3 yield every record exactly once, newest first, with a constant totalCount', async () => {
    const ws = await server.newWorkspace();
    const client = await ws.newClient({ name: 'c' }, { reason: 'c' });
    // createJob writes four records in one transaction, all at the same moment.
    for (let i = 0; i < 3; i++) await ws.newJob({ clientId: client.id }, { reason: `job ${i}` });
    await updateClient(ws, client.id, { notes: 'x' }, 'note');
    const staff = await ws.newStaff({ name: 'st' }, { reason: 'staff' });
    await updateStaff(ws, staff.id, { active: false }, 'inactive');

    const all = await auditLog(ws.gql, null, 100);
    expect(all.totalCount).toBe(1 + 3 * 4 + 1 + 2);
    expect(all.nodes.length).toBe(all.totalCount);
    expect(all.pageInfo.hasNextPage).toBe(false);
    expectNewestFirst(all.nodes);
    expect(new Set(all.nodes.map((n) => n.id)).size).toBe(all.nodes.length);

    const paged = await wholeLog(ws.gql, null, 3);
    expect(paged.map((n) => n.id)).toEqual(all.nodes.map((n) => n.id));
    for (const size of [1, 2, 4, 5]) {
      expect((await wholeLog(ws.gql, null, size)).map((n) => n.id)).toEqual(all.nodes.map((n) => n.id));
    }
    const filtered = await wholeLog(ws.gql, { entityType: 'COST_SET' }, 3);
    expect(filtered.map((n) => n.id)).toEqual(all.nodes.filter((n) => n.entityType === 'COST_SET').map((n) => n.id));
  });
});

// ------------------------------------------------------------------ job as of a moment

const AS_OF_FIELDS = `id number name description status priority deadline createdAt updatedAt
  costSets { id kind rev summary { cost rev hours } createdAt updatedAt
    costLines { id kind description quantity unitCost unitRev totalCost totalRev accountingDate extRefs meta createdAt updatedAt } }
  latestActual { id summary { cost rev hours } costLines { id quantity } }
  costSummary { estimatedCost estimatedRevenue quotedRevenue actualCost actualRevenue actualHours profit marginPercent }`;

describe('Query.jobAsOf', () => {
  test('rebuilds the job, its cost sets and lines as they stood at a moment', async () => {
    const ws = await server.newWorkspace();
    const t0 = await moment();
    const job = await ws.newJob({ name: 'Before' });
    const l1 = (await ws.newCostLine({ costSetId: job.costSets.ACTUAL, quantity: '1', unitCost: '10.00', unitRev: '20.00', description: 'one' })).costLine;
    const l2 = (await ws.newCostLine({ costSetId: job.costSets.ACTUAL, quantity: '2', unitCost: '10.00', unitRev: '20.00', description: 'two' })).costLine;
    const l3 = (await ws.newCostLine({ costSetId: job.costSets.ACTUAL, quantity: '3', unitCost: '10.00', unitRev: '20.00', description: 'three' })).costLine;
    await ws.newCostLine({ costSetId: job.costSets.ESTIMATE, quantity: '7', unitCost: '1.00', unitRev: '2.00' });
    const liveAtT1 = dataOf(await ws.gql(`query($id: ID!) { job(id: $id) { ${AS_OF_FIELDS} } }`, { id: job.id })).job;
    const t1 = await moment();

    await deleteLine(ws, l1.id);
    await updateLine(ws, l2.id, { quantity: '5' });
    const l4 = (await ws.newCostLine({ costSetId: job.costSets.ACTUAL, quantity: '4', unitCost: '10.00', unitRev: '20.00', description: 'four' })).costLine;
    await updateJob(ws, job.id, { name: 'After', priority: 'URGENT' });
    // A second quote revision, with lines created in one transaction, exists only after t1.
    const quote2 = await mutate(
      ws,
      `mutation($j: ID!) { createCostSet(input: { jobId: $j, kind: QUOTE, lines: [
         { kind: MATERIAL, description: "q1", quantity: "1", unitCost: "5.00", unitRev: "9.00" },
         { kind: MATERIAL, description: "q2", quantity: "2", unitCost: "1.00", unitRev: "1.50" },
         { kind: MATERIAL, description: "q3", quantity: "3", unitCost: "0.00", unitRev: "0.00" }] }) {
         costSet { id rev } ${USER_ERRORS} } }`,
      { j: job.id },
    );
    expect(quote2.costSet.rev).toBe(2);
    const t2 = await moment();
    const liveAtT2 = dataOf(await ws.gql(`query($id: ID!) { job(id: $id) { ${AS_OF_FIELDS} } }`, { id: job.id })).job;

    const asOf = async (who: TestContext, id: string, at: string) =>
      dataOf(await who.gql(`query($id: ID!, $at: DateTime!) { jobAsOf(id: $id, at: $at) { ${AS_OF_FIELDS} } }`, { id, at })).jobAsOf;

    const atT1 = await asOf(ws, job.id, t1);
    expect(atT1.name).toBe('Before');
    expect(atT1.priority).toBe('NORMAL');
    const actualAtT1 = atT1.costSets.find((cs: any) => cs.kind === 'ACTUAL');
    expect(actualAtT1.costLines.map((l: any) => [l.id, l.description, l.quantity, l.totalCost])).toEqual([
      [l1.id, 'one', '1.000', '10.00'],
      [l2.id, 'two', '2.000', '20.00'],
      [l3.id, 'three', '3.000', '30.00'],
    ]);
    expect(actualAtT1.summary).toEqual({ cost: '60.00', rev: '120.00', hours: '0.000' });
    expect(atT1.costSummary).toMatchObject({ actualCost: '60.00', actualRevenue: '120.00', profit: '60.00', estimatedCost: '7.00' });
    expect(atT1.costSets.map((cs: any) => [cs.kind, cs.rev])).toEqual([
      ['ESTIMATE', 1],
      ['QUOTE', 1],
      ['ACTUAL', 1],
    ]);
    expect(atT1.costSummary.quotedRevenue).toBe('0.00');
    expect(atT1).toEqual(liveAtT1);

    const atT2 = await asOf(ws, job.id, t2);
    expect(atT2.name).toBe('After');
    const actualAtT2 = atT2.costSets.find((cs: any) => cs.kind === 'ACTUAL');
    expect(actualAtT2.costLines.map((l: any) => [l.id, l.quantity])).toEqual([
      [l2.id, '5.000'],
      [l3.id, '3.000'],
      [l4.id, '4.000'],
    ]);
    expect(actualAtT2.summary).toEqual({ cost: '120.00', rev: '240.00', hours: '0.000' });
    expect(atT2.costSets.map((cs: any) => [cs.kind, cs.rev])).toEqual([
      ['ESTIMATE', 1],
      ['QUOTE', 1],
      ['QUOTE', 2],
      ['ACTUAL', 1],
    ]);
    expect(atT2.costSets[2].id).toBe(quote2.costSet.id);
    expect(atT2.costSets[2].costLines).toHaveLength(3);
    expect(atT2.costSummary.quotedRevenue).toBe('12.00');
    expect(atT2).toEqual(liveAtT2);

    expect(await asOf(ws, job.id, t0)).toBeNull();
    const other = await server.newWorkspace();
    expect(await asOf(other, job.id, t2)).toBeNull();
    expect(await asOf(ws, '00000000-0000-4000-8000-000000000000', t2)).toBeNull();
  });
});

// ------------------------------------------------------------------ history diff

describe('Query.historyDiff', () => {
  const DIFF = `query($t: AuditEntityType!, $id: ID!, $a: Int!, $b: Int!) { historyDiff(entityType: $t, entityId: $id, fromVersion: $a, toVersion: $b) { field from to } }`;

  test('lists the net changes between two versions', async () => {
    const ws = await server.newWorkspace();
    const client = await ws.newClient({ name: 'Alpha' });
    await updateClient(ws, client.id, { name: 'Beta' });
    await updateClient(ws, client.id, { name: 'Alpha', email: 'a@alpha.test' });
    // The name changed and changed back: only the email differs.
    expect(dataOf(await ws.gql(DIFF, { t: 'CLIENT', id: client.id, a: 1, b: 3 })).historyDiff).toEqual([{ field: 'email', from: null, to: 'a@alpha.test' }]);
    expect(dataOf(await ws.gql(DIFF, { t: 'CLIENT', id: client.id, a: 3, b: 1 })).historyDiff).toEqual([{ field: 'email', from: 'a@alpha.test', to: null }]);
    expect(dataOf(await ws.gql(DIFF, { t: 'CLIENT', id: client.id, a: 1, b: 2 })).historyDiff).toEqual([{ field: 'name', from: 'Alpha', to: 'Beta' }]);
    expect(dataOf(await ws.gql(DIFF, { t: 'CLIENT', id: client.id, a: 2, b: 2 })).historyDiff).toEqual([]);

    const job = await ws.newJob();
    const { costLine } = await ws.newCostLine({ costSetId: job.costSets.ACTUAL, quantity: '2', unitCost: '10.00', unitRev: '15.00', description: 'd1' });
    await updateLine(ws, costLine.id, { quantity: '3' });
    await updateLine(ws, costLine.id, { quantity: '5', description: 'd2' });
    expect(dataOf(await ws.gql(DIFF, { t: 'COST_LINE', id: costLine.id, a: 1, b: 3 })).historyDiff).toEqual([
      { field: 'description', from: 'd1', to: 'd2' },
      { field: 'quantity', from: '2.000', to: '5.000' },
      { field: 'totalCost', from: '20.00', to: '50.00' },
      { field: 'totalRev', from: '30.00', to: '75.00' },
    ]);
  });

  test('a version that does not exist is a top-level BAD_USER_INPUT', async () => {
    const ws = await server.newWorkspace();
    const client = await ws.newClient({ name: 'Only one version' });
    for (const [a, b] of [
      [1, 2],
      [0, 1],
      [7, 1],
    ]) {
      const r = await ws.gql(DIFF, { t: 'CLIENT', id: client.id, a, b });
      expect(r.data?.historyDiff ?? null).toBeNull();
      expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    }
    // Another workspace's record has no versions here.
    const other = await server.newWorkspace();
    const r = await other.gql(DIFF, { t: 'CLIENT', id: client.id, a: 1, b: 1 });
    expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});

// ------------------------------------------------------------------ reverts

describe('reverts', () => {
  test('revertJob restores the editable fields (not the status) as a new UPDATE with the reason', async () => {
    const ws = await server.newWorkspace();
    const viewer = await viewerOf(ws);
    const staff = await ws.newStaff({ name: 'First assignee' });
    const firstClient = await ws.newClient({ name: 'First client' });
    const job = await ws.newJob({ name: 'Original', description: 'as quoted', assigneeId: staff.id, clientId: firstClient.id });
    const otherClient = await ws.newClient({ name: 'Other client' });
    await updateJob(ws, job.id, { name: 'Changed', priority: 'URGENT', clientId: otherClient.id });
    await updateJob(ws, job.id, { description: null, deadline: '2027-01-15', assigneeId: null });
    await mutate(ws, `mutation($id: ID!) { changeJobStatus(id: $id, status: AWAITING_APPROVAL) { job { id } ${USER_ERRORS} } }`, { id: job.id });

    const p = await mutate(
      ws,
      `mutation($id: ID!) { revertJob(id: $id, toVersion: 1, reason: "back to the original") {
         job { ${JOB_FIELDS} client { id } assignee { id } } ${USER_ERRORS} } }`,
      { id: job.id },
    );
    expect(p.job).toMatchObject({
      name: 'Original',
      description: 'as quoted',
      priority: 'NORMAL',
      deadline: null,
      status: 'AWAITING_APPROVAL',
      client: { id: firstClient.id },
      assignee: { id: staff.id },
    });

    const h = await entityHistory(ws, 'JOB', job.id);
    expect(h.totalCount).toBe(5);
    const newest = h.nodes[0];
    expect(newest).toMatchObject({ version: 5, type: 'UPDATE', reason: 'back to the original', actor: { id: viewer.apiKeyId } });
    expect(newest.changes.map((c) => c.field)).toEqual(['assigneeId', 'clientId', 'deadline', 'description', 'name', 'priority']);
    expect(changeOf(newest, 'name')).toEqual({ field: 'name', from: 'Changed', to: 'Original' });
    expect(changeOf(newest, 'clientId')).toEqual({ field: 'clientId', from: otherClient.id, to: firstClient.id });
    expect(changeOf(newest, 'assigneeId')).toEqual({ field: 'assigneeId', from: null, to: staff.id });
    expect(newest.snapshot.status).toBe('AWAITING_APPROVAL');
    expectSnapshotOf(newest.snapshot, p.job);
  });

  test('revertCostLine restores the line, recomputes its totals and updates the cost set summary', async () => {
    const ws = await server.newWorkspace();
    const viewer = await viewerOf(ws);
    const job = await ws.newJob();
    await ws.newCostLine({ costSetId: job.costSets.ACTUAL, quantity: '1', unitCost: '100.00', unitRev: '150.00' });
    const { costLine } = await ws.newCostLine({ costSetId: job.costSets.ACTUAL, quantity: '2', unitCost: '10.00', unitRev: '15.00', description: 'Tiles' });
    await updateLine(ws, costLine.id, { quantity: '4' });
    const { costSet: before } = await updateLine(ws, costLine.id, { unitCost: '12.00', description: 'Tiles, large' });
    expect(before.summary).toEqual({ cost: '148.00', rev: '210.00', hours: '0.000' });

    const p = await mutate(
      ws,
      `mutation($id: ID!) { revertCostLine(id: $id, toVersion: 1, reason: "wrong tiles") {
         costLine { ${LINE_FIELDS} } costSet { ${COST_SET_FIELDS} } ${USER_ERRORS} } }`,
      { id: costLine.id },
    );
    expect(p.costLine).toMatchObject({ description: 'Tiles', quantity: '2.000', unitCost: '10.00', unitRev: '15.00', totalCost: '20.00', totalRev: '30.00' });
    expect(p.costSet.summary).toEqual({ cost: '120.00', rev: '180.00', hours: '0.000' });
    const fresh = dataOf(await ws.gql(`query($id: ID!) { costSet(id: $id) { summary { cost rev hours } } }`, { id: job.costSets.ACTUAL })).costSet;
    expect(fresh.summary).toEqual(p.costSet.summary);

    const h = await entityHistory(ws, 'COST_LINE', costLine.id);
    expect(h.totalCount).toBe(4);
    expect(h.nodes[0]).toMatchObject({ version: 4, type: 'UPDATE', reason: 'wrong tiles', actor: { type: 'API_KEY', id: viewer.apiKeyId, name: viewer.name } });
    expect(h.nodes[0].changes).toEqual([
      { field: 'description', from: 'Tiles, large', to: 'Tiles' },
      { field: 'quantity', from: '4.000', to: '2.000' },
      { field: 'totalCost', from: '48.00', to: '20.00' },
      { field: 'totalRev', from: '60.00', to: '30.00' },
      { field: 'unitCost', from: '12.00', to: '10.00' },
    ]);
    expectSnapshotOf(h.nodes[0].snapshot, p.costLine);
    const setHistory = await entityHistory(ws, 'COST_SET', job.costSets.ACTUAL, 1);
    expect(setHistory.nodes[0]).toMatchObject({ type: 'UPDATE', reason: 'wrong tiles' });
    expect(setHistory.nodes[0].changes).toEqual([
      { field: 'summaryCost', from: '148.00', to: '120.00' },
      { field: 'summaryRev', from: '210.00', to: '180.00' },
    ]);
  });

  test('reverting to a version that does not exist is NOT_FOUND and writes nothing', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    await updateJob(ws, job.id, { name: 'changed' });
    const { costLine } = await ws.newCostLine({ costSetId: job.costSets.ACTUAL, quantity: '2', unitCost: '10.00', unitRev: '15.00' });
    await updateLine(ws, costLine.id, { quantity: '3' });
    const rows = await snapshotWorkspace(server.db, ws.id);
    const records = await historyCount(server.db, ws.id);

    for (const toVersion of [3, 0, 99]) {
      const pj = await mutatePayload(ws, `mutation($id: ID!, $v: Int!) { revertJob(id: $id, toVersion: $v, reason: "nope") { job { id } ${USER_ERRORS} } }`, {
        id: job.id,
        v: toVersion,
      });
      expect(pj.job).toBeNull();
      expect(pj.userErrors.map((e: { code: string }) => e.code)).toEqual(['NOT_FOUND']);
      const pl = await mutatePayload(
        ws,
        `mutation($id: ID!, $v: Int!) { revertCostLine(id: $id, toVersion: $v, reason: "nope") { costLine { id } costSet { id } ${USER_ERRORS} } }`,
        {
          id: costLine.id,
          v: toVersion,
        },
      );
      expect(pl.costLine).toBeNull();
      expect(pl.userErrors.map((e: { code: string }) => e.code)).toEqual(['NOT_FOUND']);
    }
    expect(await snapshotWorkspace(server.db, ws.id)).toEqual(rows);
    expect(await historyCount(server.db, ws.id)).toBe(records);
    expect((await wholeLog(ws.gql, null, 100)).some((n) => n.reason === 'nope')).toBe(false);
  });
});

// ------------------------------------------------------------------ statement counts

/** A workspace with `jobs` jobs, each created and updated twice (three history records), with two lines updated once. */
async function seedJobs(jobs: number, withLines: boolean): Promise<TestContext> {
  const ws = await server.newWorkspace();
  const client = await ws.newClient({ name: 'Seed client' });
  const one = async (i: number) => {
    const job = await ws.newJob({ clientId: client.id, name: `Job ${i}` });
    await updateJob(ws, job.id, { description: `d${i}` });
    await updateJob(ws, job.id, { priority: 'HIGH' });
    if (withLines) {
      for (let l = 0; l < 2; l++) {
        const { costLine } = await ws.newCostLine({ costSetId: job.costSets.ACTUAL, quantity: String(l + 1), unitCost: '1.00', unitRev: '2.00' });
        await updateLine(ws, costLine.id, { quantity: String(l + 3) });
      }
    }
  };
  for (let i = 0; i < jobs; i += 10) await Promise.all(Array.from({ length: Math.min(10, jobs - i) }, (_, k) => one(i + k)));
  return ws;
}

async function countStatements(ws: TestContext, query: string, first: number) {
  const r = await ws.gql(query, { first });
  expect(r.errors).toBeUndefined();
  return { count: r.extensions!.sqlStatements as number, data: r.data };
}

describe('statement counts', () => {
  test('jobs → history(first: 5) → changes: the same number of statements at first 5 and first 50, at most 4', async () => {
    const ws = await seedJobs(50, false);
    const query = `query($first: Int) { jobs(first: $first) { nodes { history(first: 5) { nodes { changes { field } } } } } }`;
    const small = await countStatements(ws, query, 5);
    const large = await countStatements(ws, query, 50);
    expect(small.data.jobs.nodes).toHaveLength(5);
    expect(large.data.jobs.nodes).toHaveLength(50);
    for (const node of large.data.jobs.nodes) {
      expect(node.history.nodes).toHaveLength(3);
      expect(node.history.nodes[0].changes.map((c: Change) => c.field)).toEqual(['priority']);
    }
    expect(large.count).toBe(small.count);
    expect(large.count).toBeLessThanOrEqual(4);
    console.log(`jobs → history: ${small.count} statements at first 5, ${large.count} at first 50 (authentication included)`);
  });

  test('jobs → latestActual → costLines → history(first: 2) { totalCount }: bounded and independent of page size', async () => {
    const ws = await seedJobs(30, true);
    const query = `query($first: Int) { jobs(first: $first) { nodes { latestActual { costLines { history(first: 2) { totalCount nodes { version } } } } } } }`;
    const small = await countStatements(ws, query, 3);
    const large = await countStatements(ws, query, 30);
    expect(large.data.jobs.nodes).toHaveLength(30);
    for (const node of large.data.jobs.nodes) {
      expect(node.latestActual.costLines).toHaveLength(2);
      for (const line of node.latestActual.costLines) expect(line.history).toEqual({ totalCount: 2, nodes: [{ version: 2 }, { version: 1 }] });
    }
    expect(large.count).toBe(small.count);
    // authentication, jobs, cost sets, cost lines, history, history counts
    expect(large.count).toBeLessThanOrEqual(6);
    console.log(`jobs → latestActual → costLines → history: ${small.count} statements at first 3, ${large.count} at first 30 (authentication included)`);
  });
});
