import type { TestContext } from './support/context';
import { dbJobStatus, snapshotWorkspace } from './support/database';
import { dataOf, mutate, mutatePayload, USER_ERRORS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';
import { material } from './support/values';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** The status machine as DESIGN.md §5 states it (the oracle; deliberately not imported from src). */
const MACHINE: Record<string, string[]> = {
  DRAFT: ['AWAITING_APPROVAL'],
  AWAITING_APPROVAL: ['APPROVED', 'DRAFT', 'REJECTED'],
  APPROVED: ['IN_PROGRESS', 'ON_HOLD'],
  IN_PROGRESS: ['COMPLETED', 'ON_HOLD', 'APPROVED'],
  ON_HOLD: ['IN_PROGRESS', 'APPROVED'],
  COMPLETED: ['ARCHIVED'],
  REJECTED: ['DRAFT'],
  ARCHIVED: [],
};
const STATUSES = Object.keys(MACHINE);
const sorted = (xs: string[]) => [...xs].sort();

const CHANGE_STATUS = `mutation($id: ID!, $s: JobStatus!) {
  changeJobStatus(id: $id, status: $s) { job { id status allowedTransitions } ${USER_ERRORS} }
}`;
const DELETE_JOB = `mutation($id: ID!) { deleteJob(id: $id) { job { id deletedAt } ${USER_ERRORS} } }`;
const RESTORE_JOB = `mutation($id: ID!) { restoreJob(id: $id) { job { id deletedAt status } ${USER_ERRORS} } }`;

async function jobIds(ws: TestContext, filter: Record<string, unknown>): Promise<string[]> {
  const d = dataOf(await ws.gql(`query($f: JobFilter) { jobs(first: 100, filter: $f) { totalCount nodes { id } } }`, { f: filter }));
  expect(d.jobs.totalCount).toBe(d.jobs.nodes.length);
  return sorted(d.jobs.nodes.map((n: { id: string }) => n.id));
}

describe('job numbers', () => {
  test('are sequential from 1 per workspace, race-free under 20 concurrent creates', async () => {
    const ws = await server.newWorkspace();
    const client = await ws.newClient();
    const jobs = await Promise.all(Array.from({ length: 20 }, (_, i) => ws.newJob({ clientId: client.id, name: `Concurrent ${i}` })));
    const numbers = jobs.map((j) => j.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(jobs.map((j) => j.id)).size).toBe(20);

    // As stored, too.
    const rows: Array<{ number: number }> = await server.db.query('SELECT number FROM jobs WHERE workspace_id = $1 ORDER BY number', [ws.id]);
    expect(rows.map((r) => r.number)).toEqual(numbers);

    // The next one continues the sequence.
    expect((await ws.newJob({ clientId: client.id })).number).toBe(21);

    // Another workspace starts again at 1.
    const other = await server.newWorkspace();
    const first = await other.newJob();
    const second = await other.newJob();
    expect([first.number, second.number]).toEqual([1, 2]);
  });

  test('a refused createJob does not use up a number', async () => {
    const ws = await server.newWorkspace();
    expect((await ws.newJob()).number).toBe(1);
    const p = await mutatePayload(ws, `mutation($c: ID!) { createJob(input: { name: "x", clientId: $c }) { job { id } ${USER_ERRORS} } }`, {
      c: '00000000-0000-4000-8000-000000000000',
    });
    expect(p.job).toBeNull();
    expect(p.userErrors[0].code).toBe('NOT_FOUND');
    expect((await ws.newJob()).number).toBe(2);
  });
});

describe('status machine', () => {
  test('a new job is DRAFT and may only go to AWAITING_APPROVAL', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    expect(job.status).toBe('DRAFT');
    const d = dataOf(await ws.gql(`query($id: ID!) { job(id: $id) { status allowedTransitions } }`, { id: job.id }));
    expect(d.job).toEqual({ status: 'DRAFT', allowedTransitions: ['AWAITING_APPROVAL'] });
  });

  test('every allowed transition is accepted, and allowedTransitions matches the machine at each step', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    // One walk that uses all 13 edges of the machine.
    const walk = [
      'AWAITING_APPROVAL',
      'DRAFT',
      'AWAITING_APPROVAL',
      'REJECTED',
      'DRAFT',
      'AWAITING_APPROVAL',
      'APPROVED',
      'ON_HOLD',
      'APPROVED',
      'IN_PROGRESS',
      'APPROVED',
      'IN_PROGRESS',
      'ON_HOLD',
      'IN_PROGRESS',
      'COMPLETED',
      'ARCHIVED',
    ];
    const exercised = new Set<string>();
    let from = 'DRAFT';
    for (const to of walk) {
      expect(MACHINE[from]).toContain(to); // the walk itself is legal
      const p = await mutate(ws, CHANGE_STATUS, { id: job.id, s: to });
      expect(p.job.status).toBe(to);
      expect(sorted(p.job.allowedTransitions)).toEqual(sorted(MACHINE[to]));
      // Read back in a fresh request.
      const d = dataOf(await ws.gql(`query($id: ID!) { job(id: $id) { status allowedTransitions } }`, { id: job.id }));
      expect(d.job.status).toBe(to);
      expect(sorted(d.job.allowedTransitions)).toEqual(sorted(MACHINE[to]));
      expect(await dbJobStatus(server.db, job.id)).toBe(to);
      exercised.add(`${from}->${to}`);
      from = to;
    }
    const allEdges = STATUSES.flatMap((s) => MACHINE[s].map((t) => `${s}->${t}`));
    expect(allEdges).toHaveLength(13);
    expect(sorted([...exercised])).toEqual(sorted(allEdges));
  });

  test('every transition outside the machine is refused with INVALID_STATUS_TRANSITION and changes nothing', async () => {
    const ws = await server.newWorkspace();
    const client = await ws.newClient();
    const jobs: Record<string, string> = {};
    for (const status of STATUSES) jobs[status] = (await ws.newJob({ status, clientId: client.id })).id;

    const before = await snapshotWorkspace(server.db, ws.id);
    let refused = 0;
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        if (MACHINE[from].includes(to)) continue;
        const p = await mutatePayload(ws, CHANGE_STATUS, { id: jobs[from], s: to });
        expect({ from, to, job: p.job }).toEqual({ from, to, job: null });
        expect(p.userErrors).toHaveLength(1);
        expect(p.userErrors[0].code).toBe('INVALID_STATUS_TRANSITION');
        expect(await dbJobStatus(server.db, jobs[from])).toBe(from);
        refused += 1;
      }
    }
    // 8 × 8 pairs minus the 13 edges (self-transitions included in the refused ones).
    expect(refused).toBe(64 - 13);
    expect(await snapshotWorkspace(server.db, ws.id)).toEqual(before);

    // Spot-check a few refusals that matter most in practice.
    for (const status of STATUSES) {
      const d = dataOf(await ws.gql(`query($id: ID!) { job(id: $id) { status allowedTransitions } }`, { id: jobs[status] }));
      expect(d.job.status).toBe(status);
      expect(sorted(d.job.allowedTransitions)).toEqual(sorted(MACHINE[status]));
    }
  });

  test('named refusals: skipping approval, reopening archived or completed work, leaving REJECTED other than to DRAFT', async () => {
    const ws = await server.newWorkspace();
    const cases: Array<[string, string]> = [
      ['DRAFT', 'APPROVED'],
      ['DRAFT', 'IN_PROGRESS'],
      ['DRAFT', 'COMPLETED'],
      ['AWAITING_APPROVAL', 'IN_PROGRESS'],
      ['APPROVED', 'COMPLETED'],
      ['APPROVED', 'DRAFT'],
      ['ON_HOLD', 'COMPLETED'],
      ['COMPLETED', 'IN_PROGRESS'],
      ['ARCHIVED', 'COMPLETED'],
      ['ARCHIVED', 'DRAFT'],
      ['REJECTED', 'APPROVED'],
      ['IN_PROGRESS', 'DRAFT'],
    ];
    for (const [from, to] of cases) {
      const job = await ws.newJob({ status: from });
      const p = await mutatePayload(ws, CHANGE_STATUS, { id: job.id, s: to });
      expect(p.job).toBeNull();
      expect(p.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATUS_TRANSITION', path: ['status'] })]);
      expect(await dbJobStatus(server.db, job.id)).toBe(from);
    }
  });
});

describe('deleting and restoring jobs', () => {
  test('a DRAFT job without actuals is soft-deleted, visible only with includeDeleted, and restorable', async () => {
    const ws = await server.newWorkspace();
    const client = await ws.newClient();
    const keep = await ws.newJob({ clientId: client.id, name: 'Keep me' });
    const job = await ws.newJob({ clientId: client.id, name: 'Delete me' });

    const del = await mutate(ws, DELETE_JOB, { id: job.id });
    expect(del.job.id).toBe(job.id);
    expect(del.job.deletedAt).toEqual(expect.any(String));

    const q = `query($id: ID!) { visible: job(id: $id) { id } withDeleted: job(id: $id, includeDeleted: true) { id name deletedAt allowedTransitions } }`;
    let d = dataOf(await ws.gql(q, { id: job.id }));
    expect(d.visible).toBeNull();
    expect(d.withDeleted).toMatchObject({ id: job.id, name: 'Delete me', deletedAt: expect.any(String), allowedTransitions: [] });
    expect(await jobIds(ws, {})).toEqual([keep.id]);
    expect(await jobIds(ws, { includeDeleted: false })).toEqual([keep.id]);
    expect(await jobIds(ws, { includeDeleted: true })).toEqual(sorted([keep.id, job.id]));
    // The row is still there (soft delete).
    const rows = await server.db.query('SELECT deleted_at FROM jobs WHERE id = $1', [job.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].deleted_at).not.toBeNull();

    // While deleted it can be neither moved nor edited.
    const moved = await mutatePayload(ws, CHANGE_STATUS, { id: job.id, s: 'AWAITING_APPROVAL' });
    expect(moved.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    const edited = await mutatePayload(ws, `mutation($id: ID!) { updateJob(id: $id, input: { name: "x" }) { job { id } ${USER_ERRORS} } }`, { id: job.id });
    expect(edited.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    expect(await dbJobStatus(server.db, job.id)).toBe('DRAFT');

    const restored = await mutate(ws, RESTORE_JOB, { id: job.id });
    expect(restored.job).toEqual({ id: job.id, deletedAt: null, status: 'DRAFT' });
    d = dataOf(await ws.gql(q, { id: job.id }));
    expect(d.visible).toEqual({ id: job.id });
    expect(d.withDeleted.deletedAt).toBeNull();
    expect(sorted(d.withDeleted.allowedTransitions)).toEqual(['AWAITING_APPROVAL']);
    expect(await jobIds(ws, {})).toEqual(sorted([keep.id, job.id]));
  });

  test('jobs before work starts (AWAITING_APPROVAL, REJECTED, APPROVED, ON_HOLD) without actual costs can be deleted', async () => {
    const ws = await server.newWorkspace();
    for (const status of ['AWAITING_APPROVAL', 'REJECTED', 'APPROVED', 'ON_HOLD']) {
      const job = await ws.newJob({ status });
      // Estimate and quote amounts do not count: only actuals block deletion.
      await ws.newCostLine({ costSetId: job.costSets.ESTIMATE, ...material('10', '5.00', '8.00') });
      await ws.newCostLine({ costSetId: job.costSets.QUOTE, ...material('10', '5.00', '8.00') });
      const p = await mutate(ws, DELETE_JOB, { id: job.id });
      expect(p.job.deletedAt).toEqual(expect.any(String));
      expect(dataOf(await ws.gql(`query($id: ID!) { job(id: $id) { id } }`, { id: job.id })).job).toBeNull();
    }
  });

  test.each(['IN_PROGRESS', 'COMPLETED', 'ARCHIVED'])('NOT_DELETABLE for a %s job, even without costs', async (status) => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob({ status });
    const before = await snapshotWorkspace(server.db, ws.id);
    const p = await mutatePayload(ws, DELETE_JOB, { id: job.id });
    expect(p.job).toBeNull();
    expect(p.userErrors).toEqual([expect.objectContaining({ code: 'NOT_DELETABLE' })]);
    expect(await snapshotWorkspace(server.db, ws.id)).toEqual(before);
    const d = dataOf(await ws.gql(`query($id: ID!) { job(id: $id) { id status deletedAt } }`, { id: job.id }));
    expect(d.job).toEqual({ id: job.id, status, deletedAt: null });
  });

  test('an APPROVED job whose actual has cost > 0 (revenue 0) is NOT_DELETABLE', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob({ status: 'APPROVED' });
    const { ACTUAL } = job.costSets;
    await ws.newCostLine({ costSetId: ACTUAL, ...material('1', '0.01', '0') });
    const before = await snapshotWorkspace(server.db, ws.id);
    const p = await mutatePayload(ws, DELETE_JOB, { id: job.id });
    expect(p.job).toBeNull();
    expect(p.userErrors).toEqual([expect.objectContaining({ code: 'NOT_DELETABLE' })]);
    expect(await snapshotWorkspace(server.db, ws.id)).toEqual(before);
  });

  test('an ON_HOLD job whose actual has revenue > 0 (cost 0) is NOT_DELETABLE', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob({ status: 'ON_HOLD' });
    const { ACTUAL } = job.costSets;
    await ws.newCostLine({ costSetId: ACTUAL, kind: 'ADJUSTMENT', quantity: '1', unitCost: '0', unitRev: '12.00' });
    const p = await mutatePayload(ws, DELETE_JOB, { id: job.id });
    expect(p.job).toBeNull();
    expect(p.userErrors).toEqual([expect.objectContaining({ code: 'NOT_DELETABLE' })]);
    expect(await dbJobStatus(server.db, job.id)).toBe('ON_HOLD');
    expect(dataOf(await ws.gql(`query($id: ID!) { job(id: $id) { deletedAt } }`, { id: job.id })).job).toEqual({ deletedAt: null });
  });

  test('an APPROVED job whose latest ACTUAL revision (rev 2) has costs is NOT_DELETABLE', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob({ status: 'APPROVED' });
    const p2 = await mutate(
      ws,
      `mutation($j: ID!) { createCostSet(input: { jobId: $j, kind: ACTUAL, lines: [{ kind: MATERIAL, description: "m", quantity: "2", unitCost: "3.00", unitRev: "4.00" }] }) { costSet { id rev } ${USER_ERRORS} } }`,
      { j: job.id },
    );
    expect(p2.costSet.rev).toBe(2);
    const p = await mutatePayload(ws, DELETE_JOB, { id: job.id });
    expect(p.userErrors).toEqual([expect.objectContaining({ code: 'NOT_DELETABLE' })]);
    expect(await jobIds(ws, {})).toEqual([job.id]);
  });

  test('an ON_HOLD job whose actual lines net to zero can be deleted', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob({ status: 'ON_HOLD' });
    const { ACTUAL } = job.costSets;
    const added = await ws.newCostLine({ costSetId: ACTUAL, ...material('2', '5.00', '7.00') });
    const deleted = await mutate(ws, `mutation($id: ID!) { deleteCostLine(id: $id) { costSet { summary { cost rev } } ${USER_ERRORS} } }`, {
      id: added.costLine.id,
    });
    expect(deleted.costSet.summary).toEqual({ cost: '0.00', rev: '0.00' });
    const p = await mutate(ws, DELETE_JOB, { id: job.id });
    expect(p.job.deletedAt).toEqual(expect.any(String));
  });

  test('restoreJob of a job that is not deleted is refused and changes nothing', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    const before = await snapshotWorkspace(server.db, ws.id);
    const p = await mutatePayload(ws, RESTORE_JOB, { id: job.id });
    expect(p.job).toBeNull();
    expect(p.userErrors).toHaveLength(1);
    expect(await snapshotWorkspace(server.db, ws.id)).toEqual(before);
  });
});

describe('updateJob', () => {
  const UPDATE = `mutation($id: ID!, $input: UpdateJobInput!) {
    updateJob(id: $id, input: $input) {
      job { id number name description status priority deadline client { id } assignee { id } }
      ${USER_ERRORS}
    }
  }`;

  test('changes the given fields, leaves the others, and null clears description, deadline and assignee', async () => {
    const ws = await server.newWorkspace();
    const clientA = await ws.newClient({ name: 'A' });
    const clientB = await ws.newClient({ name: 'B' });
    const s1 = await ws.newStaff();
    const s2 = await ws.newStaff();
    const job = await ws.newJob({
      clientId: clientA.id,
      name: 'Original',
      description: 'First description',
      priority: 'LOW',
      deadline: '2030-01-15',
      assigneeId: s1.id,
    });

    let p = await mutate(ws, UPDATE, {
      id: job.id,
      input: { name: 'Renamed', description: 'Second description', priority: 'URGENT', deadline: '2031-02-28', assigneeId: s2.id, clientId: clientB.id },
    });
    expect(p.job).toEqual({
      id: job.id,
      number: job.number,
      name: 'Renamed',
      description: 'Second description',
      status: 'DRAFT',
      priority: 'URGENT',
      deadline: '2031-02-28',
      client: { id: clientB.id },
      assignee: { id: s2.id },
    });

    // Only the name: everything else stays.
    p = await mutate(ws, UPDATE, { id: job.id, input: { name: 'Renamed again' } });
    expect(p.job).toMatchObject({ name: 'Renamed again', description: 'Second description', priority: 'URGENT', deadline: '2031-02-28', assignee: { id: s2.id } });

    // null clears the optional fields.
    p = await mutate(ws, UPDATE, { id: job.id, input: { description: null, deadline: null, assigneeId: null } });
    expect(p.job).toEqual({
      id: job.id,
      number: job.number,
      name: 'Renamed again',
      description: null,
      status: 'DRAFT',
      priority: 'URGENT',
      deadline: null,
      client: { id: clientB.id },
      assignee: null,
    });

    // As stored and read back.
    const d = dataOf(await ws.gql(`query($id: ID!) { job(id: $id) { name description deadline assignee { id } client { id } } }`, { id: job.id }));
    expect(d.job).toEqual({ name: 'Renamed again', description: null, deadline: null, assignee: null, client: { id: clientB.id } });
    const [row] = await server.db.query('SELECT description, deadline, assignee_id FROM jobs WHERE id = $1', [job.id]);
    expect(row).toEqual({ description: null, deadline: null, assignee_id: null });
  });

  test('an unknown client is refused with NOT_FOUND and nothing changes', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob({ name: 'Stays' });
    const before = await snapshotWorkspace(server.db, ws.id);
    const p = await mutatePayload(ws, UPDATE, { id: job.id, input: { name: 'Changed', clientId: '00000000-0000-4000-8000-000000000001' } });
    expect(p.job).toBeNull();
    expect(p.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', path: ['input', 'clientId'] })]);
    expect(await snapshotWorkspace(server.db, ws.id)).toEqual(before);
  });
});

describe('jobs filters', () => {
  async function fixture() {
    const ws = await server.newWorkspace();
    const acme = await ws.newClient({ name: 'Acme' });
    const bolt = await ws.newClient({ name: 'Bolt' });
    const ann = await ws.newStaff({ name: 'Ann' });
    const bob = await ws.newStaff({ name: 'Bob' });
    const past = '2001-03-04';
    const future = '2999-12-31';
    // #1 DRAFT, past deadline: overdue
    const kitchen = await ws.newJob({ name: 'Kitchen refit', description: 'Tiles and GROUT', clientId: acme.id, assigneeId: ann.id, priority: 'HIGH', deadline: past });
    // #2 AWAITING_APPROVAL, future deadline
    const bathroom = await ws.newJob({
      status: 'AWAITING_APPROVAL',
      name: 'Bathroom',
      description: 'plumbing works',
      clientId: bolt.id,
      assigneeId: bob.id,
      priority: 'LOW',
      deadline: future,
    });
    // #3 REJECTED, past deadline: closed, so not overdue
    const garden = await ws.newJob({ status: 'REJECTED', name: 'Garden wall', clientId: acme.id, priority: 'URGENT', deadline: past });
    // #4 COMPLETED, past deadline: closed, not overdue
    const roof = await ws.newJob({
      status: 'COMPLETED',
      name: 'Roof',
      description: 'slate kitchen roof tiles',
      clientId: bolt.id,
      assigneeId: ann.id,
      priority: 'NORMAL',
      deadline: past,
    });
    // #5 IN_PROGRESS, past deadline: overdue
    const fence = await ws.newJob({ status: 'IN_PROGRESS', name: 'Fence 12', clientId: acme.id, assigneeId: bob.id, priority: 'HIGH', deadline: past });
    // #6 ON_HOLD, no deadline
    const shed = await ws.newJob({ status: 'ON_HOLD', name: 'Shed', description: 'job 1 follow-up', clientId: bolt.id, priority: 'LOW' });
    // #7 ARCHIVED, past deadline: closed, not overdue
    const porch = await ws.newJob({ status: 'ARCHIVED', name: 'Porch', clientId: acme.id, priority: 'URGENT', deadline: past });
    const jobs = { kitchen, bathroom, garden, roof, fence, shed, porch };
    expect(Object.values(jobs).map((j) => j.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    return { ws, acme, bolt, ann, bob, jobs };
  }
  const ids = (...jobs: Array<{ id: string }>) => sorted(jobs.map((j) => j.id));

  test('status, clientId, assigneeId and priority filters, alone and combined', async () => {
    const { ws, acme, bolt, ann, bob, jobs: j } = await fixture();
    expect(await jobIds(ws, {})).toEqual(ids(...Object.values(j)));
    expect(await jobIds(ws, { status: ['DRAFT'] })).toEqual(ids(j.kitchen));
    expect(await jobIds(ws, { status: ['IN_PROGRESS', 'ON_HOLD', 'ARCHIVED'] })).toEqual(ids(j.fence, j.shed, j.porch));
    expect(await jobIds(ws, { status: ['APPROVED'] })).toEqual([]);
    expect(await jobIds(ws, { clientId: acme.id })).toEqual(ids(j.kitchen, j.garden, j.fence, j.porch));
    expect(await jobIds(ws, { clientId: bolt.id })).toEqual(ids(j.bathroom, j.roof, j.shed));
    expect(await jobIds(ws, { assigneeId: ann.id })).toEqual(ids(j.kitchen, j.roof));
    expect(await jobIds(ws, { assigneeId: bob.id })).toEqual(ids(j.bathroom, j.fence));
    expect(await jobIds(ws, { priority: ['HIGH'] })).toEqual(ids(j.kitchen, j.fence));
    expect(await jobIds(ws, { priority: ['LOW', 'URGENT'] })).toEqual(ids(j.bathroom, j.garden, j.shed, j.porch));
    expect(await jobIds(ws, { priority: ['NORMAL'] })).toEqual(ids(j.roof));
    // Combined: AND.
    expect(await jobIds(ws, { clientId: acme.id, priority: ['HIGH'], status: ['IN_PROGRESS', 'DRAFT'] })).toEqual(ids(j.kitchen, j.fence));
    expect(await jobIds(ws, { clientId: acme.id, assigneeId: bob.id })).toEqual(ids(j.fence));
    expect(await jobIds(ws, { clientId: bolt.id, status: ['DRAFT'] })).toEqual([]);
  });

  test('search matches the job number exactly, or name or description case-insensitively', async () => {
    const { ws, jobs: j } = await fixture();
    // By name, any case.
    expect(await jobIds(ws, { search: 'KITCHEN' })).toEqual(ids(j.kitchen, j.roof)); // roof's description mentions kitchen
    expect(await jobIds(ws, { search: 'garden' })).toEqual(ids(j.garden));
    // By description only.
    expect(await jobIds(ws, { search: 'grout' })).toEqual(ids(j.kitchen));
    expect(await jobIds(ws, { search: 'Plumbing' })).toEqual(ids(j.bathroom));
    // By number: exactly 4, and not jobs that merely contain other digits.
    expect(await jobIds(ws, { search: '4' })).toEqual(ids(j.roof));
    expect(await jobIds(ws, { search: '#3' })).toEqual(ids(j.garden));
    // "12" is no job number here, but is in a name; "1" is job 1 and also in "Fence 12" and shed's description.
    expect(await jobIds(ws, { search: '12' })).toEqual(ids(j.fence));
    expect(await jobIds(ws, { search: '1' })).toEqual(ids(j.kitchen, j.fence, j.shed));
    // Nothing matches.
    expect(await jobIds(ws, { search: 'nothing like this' })).toEqual([]);
    // LIKE wildcards are taken literally.
    expect(await jobIds(ws, { search: '%' })).toEqual([]);
    expect(await jobIds(ws, { search: '_' })).toEqual([]);
  });

  test('overdue: past deadline and not COMPLETED, ARCHIVED or REJECTED; overdue false is the complement', async () => {
    const { ws, jobs: j } = await fixture();
    expect(await jobIds(ws, { overdue: true })).toEqual(ids(j.kitchen, j.fence));
    expect(await jobIds(ws, { overdue: false })).toEqual(ids(j.bathroom, j.garden, j.roof, j.shed, j.porch));
    expect(await jobIds(ws, { overdue: true, priority: ['HIGH'], status: ['DRAFT'] })).toEqual(ids(j.kitchen));
    // A job that gets completed stops being overdue.
    await ws.moveJob(j.fence.id, 'COMPLETED');
    expect(await jobIds(ws, { overdue: true })).toEqual(ids(j.kitchen));
  });

  test('filters do not see deleted jobs unless includeDeleted', async () => {
    const { ws, acme, jobs: j } = await fixture();
    await mutate(ws, DELETE_JOB, { id: j.kitchen.id });
    expect(await jobIds(ws, { clientId: acme.id })).toEqual(ids(j.garden, j.fence, j.porch));
    expect(await jobIds(ws, { clientId: acme.id, includeDeleted: true })).toEqual(ids(j.kitchen, j.garden, j.fence, j.porch));
    expect(await jobIds(ws, { search: 'grout' })).toEqual([]);
    expect(await jobIds(ws, { search: 'grout', includeDeleted: true })).toEqual(ids(j.kitchen));
  });
});

describe('deleteClient', () => {
  const DELETE_CLIENT = `mutation($id: ID!) { deleteClient(id: $id) { client { id } ${USER_ERRORS} } }`;

  test('is refused with IN_USE while the client has jobs, and allowed for a client without jobs', async () => {
    const ws = await server.newWorkspace();
    const busy = await ws.newClient({ name: 'Busy' });
    const idle = await ws.newClient({ name: 'Idle' });
    await ws.newJob({ clientId: busy.id });

    const before = await snapshotWorkspace(server.db, ws.id);
    const refused = await mutatePayload(ws, DELETE_CLIENT, { id: busy.id });
    expect(refused.client).toBeNull();
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'IN_USE' })]);
    expect(await snapshotWorkspace(server.db, ws.id)).toEqual(before);
    expect(dataOf(await ws.gql(`query($id: ID!) { client(id: $id) { id } }`, { id: busy.id })).client).toEqual({ id: busy.id });

    const ok = await mutate(ws, DELETE_CLIENT, { id: idle.id });
    expect(ok.client.id).toBe(idle.id);
    expect(dataOf(await ws.gql(`query($id: ID!) { client(id: $id) { id } }`, { id: idle.id })).client).toBeNull();
    const names = dataOf(await ws.gql(`{ clients { nodes { name } } }`)).clients.nodes.map((c: { name: string }) => c.name);
    expect(names).toEqual(['Busy']);
  });
});
