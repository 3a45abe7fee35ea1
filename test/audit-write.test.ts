import { randomUUID } from 'node:crypto';
import {
  AuditContextError,
  auditedBulkDelete,
  auditedBulkUpdate,
  auditedEntities,
  Client,
  CostLine,
  inTransaction,
  Job,
  Staff,
  tableNameOf,
  verifyHistory,
  type AuditInfo,
} from './support/app';
import { startTestServer, type TestServer } from './support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const SYSTEM: AuditInfo = { actor: { type: 'SYSTEM', id: 'test', name: 'audit test' }, reason: 'test', requestId: 'test-request' };

async function history(table: string, id: string) {
  return server.db.query(
    `SELECT version, history_type, actor_type, actor_id, actor_label, reason, request_id, changed_fields
       FROM ${table}_history WHERE id = $1 ORDER BY version`,
    [id],
  );
}

test('every audited table has a history table mirroring each of its columns with the same type', async () => {
  const audited = auditedEntities();
  expect(audited.length).toBeGreaterThanOrEqual(5);
  for (const [target] of audited) {
    const table = tableNameOf(target);
    const cols = async (t: string) =>
      (await server.db.query(
        `SELECT column_name, data_type, udt_name, character_maximum_length AS len, numeric_precision AS p, numeric_scale AS s
           FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY column_name`,
        [t],
      )) as Array<Record<string, unknown>>;
    const live = await cols(table);
    const hist = new Map((await cols(`${table}_history`)).map((c) => [c.column_name, c]));
    expect(live.length).toBeGreaterThan(3);
    for (const col of live) expect({ table, ...hist.get(col.column_name as string) }).toEqual({ table, ...col });
    for (const extra of [
      'history_id',
      'version',
      'history_type',
      'history_date',
      'actor_type',
      'actor_id',
      'actor_label',
      'reason',
      'request_id',
      'transaction_id',
      'changed_fields',
      'prev_hash',
      'row_hash',
    ]) {
      expect(hist.has(extra)).toBe(true);
    }
  }
});

test('create, update, no-op update, soft delete and restore are recorded with actor, reason and request id', async () => {
  const ws = await server.newWorkspace();
  const viewer = (await ws.gql('{ viewer { apiKeyId name } }')).data.viewer;
  const clientId = (await ws.newClient()).id;
  const job = await ws.newJob({ name: 'Job', clientId });
  await ws.gql(`mutation($id: ID!) { updateJob(id: $id, input: { name: "Renamed" }, reason: "client asked") { userErrors { code } } }`, { id: job.id });
  await ws.gql(`mutation($id: ID!) { updateJob(id: $id, input: { name: "Renamed" }, reason: "no change") { userErrors { code } } }`, { id: job.id });
  await ws.gql(`mutation($id: ID!) { deleteJob(id: $id, reason: "duplicate") { userErrors { code } } }`, { id: job.id });
  await ws.gql(`mutation($id: ID!) { restoreJob(id: $id, reason: "not a duplicate") { userErrors { code } } }`, { id: job.id });

  const rows = await history('jobs', job.id);
  expect(rows.map((r: any) => [r.version, r.history_type, r.reason])).toEqual([
    [1, '+', null],
    [2, '~', 'client asked'],
    [3, '~', 'duplicate'],
    [4, '~', 'not a duplicate'],
  ]);
  for (const r of rows) {
    expect(r).toMatchObject({ actor_type: 'API_KEY', actor_id: viewer.apiKeyId, actor_label: viewer.name });
    expect(r.request_id).toEqual(expect.any(String));
  }
  expect(rows[1].changed_fields).toEqual({ name: { from: 'Job', to: 'Renamed' } });
  expect(Object.keys(rows[2].changed_fields)).toEqual(['deleted_at']);
  expect(rows[2].changed_fields.deleted_at.from).toBeNull();
  expect(rows[3].changed_fields.deleted_at.to).toBeNull();
});

test('a request id sent by the client is stored with the change', async () => {
  const ws = await server.newWorkspace();
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.key}`, 'x-request-id': 'req-abc-123' },
    body: JSON.stringify({ query: 'mutation { createClient(input: { name: "Traced" }) { client { id } } }' }),
  });
  const id = ((await res.json()) as any).data.createClient.client.id;
  expect(res.headers.get('x-request-id')).toBe('req-abc-123');
  expect((await history('clients', id))[0].request_id).toBe('req-abc-123');
});

test('a mutation refused with user errors leaves neither the change nor history', async () => {
  const ws = await server.newWorkspace();
  const job = await ws.newJob({ name: 'Job' });
  const before = await history('jobs', job.id);
  const r = await ws.gql(`mutation($id: ID!) { changeJobStatus(id: $id, status: COMPLETED, reason: "skip ahead") { userErrors { code } } }`, { id: job.id });
  expect(r.data.changeJobStatus.userErrors[0].code).toBe('INVALID_STATUS_TRANSITION');
  // createCostSet writes the cost set first, then fails on the third line: all of it is rolled back.
  const cs = await ws.gql(
    `mutation($j: ID!) { createCostSet(input: { jobId: $j, kind: ESTIMATE, lines: [
        { kind: MATERIAL, description: "a", quantity: "1", unitCost: "1", unitRev: "1" },
        { kind: TIME, description: "no staff", quantity: "1" } ] }, reason: "fails") { costSet { id } userErrors { code path } } }`,
    { j: job.id },
  );
  expect(cs.data.createCostSet.userErrors[0].code).toBe('VALIDATION');
  expect(await history('jobs', job.id)).toEqual(before);
  const [{ n }] = await server.db.query(`SELECT count(*)::int AS n FROM cost_sets_history WHERE job_id = $1 AND reason = 'fails'`, [job.id]);
  expect(n).toBe(0);
  const [{ m }] = await server.db.query(`SELECT count(*)::int AS m FROM cost_lines_history WHERE reason = 'fails'`);
  expect(m).toBe(0);
});

test('a constraint violation or a thrown error rolls back the change and its history', async () => {
  const ws = await server.newWorkspace();
  const email = `dup-${randomUUID()}@example.com`;
  await inTransaction(server.db, SYSTEM, (em) => em.save(em.create(Staff, { workspaceId: ws.id, name: 'First', email, wageRate: '1.00', chargeOutRate: '1.00', active: true })));
  // Unique (workspace_id, email) violated by the second insert of the transaction.
  await expect(
    inTransaction(server.db, { ...SYSTEM, reason: 'constraint' }, async (em) => {
      await em.save(em.create(Client, { workspaceId: ws.id, name: 'Written then undone' }));
      await em.save(em.create(Staff, { workspaceId: ws.id, name: 'Second', email, wageRate: '1.00', chargeOutRate: '1.00', active: true }));
    }),
  ).rejects.toThrow();
  await expect(
    inTransaction(server.db, { ...SYSTEM, reason: 'thrown' }, async (em) => {
      await em.save(em.create(Client, { workspaceId: ws.id, name: 'Also undone' }));
      throw new Error('boom');
    }),
  ).rejects.toThrow('boom');
  const [{ n }] = await server.db.query(`SELECT count(*)::int AS n FROM clients WHERE workspace_id = $1`, [ws.id]);
  const [{ h }] = await server.db.query(`SELECT count(*)::int AS h FROM clients_history WHERE workspace_id = $1`, [ws.id]);
  const [{ s }] = await server.db.query(`SELECT count(*)::int AS s FROM staff_history WHERE workspace_id = $1`, [ws.id]);
  expect([n, h, s]).toEqual([0, 0, 1]);
});

test('a write without an actor is refused by the subscriber, and raw SQL without an audit context by the database', async () => {
  const ws = await server.newWorkspace();
  const clientId = (await ws.newClient({ name: 'Guarded' })).id;
  await expect(server.db.getRepository(Client).save({ workspaceId: ws.id, name: 'No actor' })).rejects.toThrow(AuditContextError);
  await expect(server.db.query(`UPDATE jobs SET name = 'raw' WHERE workspace_id = $1`, [ws.id])).rejects.toThrow(/no audit context/);
  await expect(server.db.query(`UPDATE clients SET name = 'raw' WHERE id = $1`, [clientId])).rejects.toThrow(/no audit context/);
  await expect(server.db.query(`DELETE FROM clients WHERE id = $1`, [clientId])).rejects.toThrow(/no audit context/);
  await expect(server.db.query(`INSERT INTO clients (workspace_id, name) VALUES ($1, 'raw')`, [ws.id])).rejects.toThrow(/no audit context/);
  // A plain transaction is no different.
  const runner = server.db.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  await expect(runner.query(`UPDATE clients SET name = 'raw' WHERE id = $1`, [clientId])).rejects.toThrow(/no audit context/);
  await runner.rollbackTransaction();
  await runner.release();
  const [{ name }] = await server.db.query('SELECT name FROM clients WHERE id = $1', [clientId]);
  expect(name).toBe('Guarded');
});

test('history tables are append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
  const ws = await server.newWorkspace();
  const clientId = (await ws.newClient()).id;
  await expect(server.db.query(`UPDATE clients_history SET reason = 'edited' WHERE id = $1`, [clientId])).rejects.toThrow(/append-only/);
  await expect(server.db.query(`DELETE FROM clients_history WHERE id = $1`, [clientId])).rejects.toThrow(/append-only/);
  await expect(server.db.query(`TRUNCATE clients_history`)).rejects.toThrow(/append-only/);
  expect(await history('clients', clientId)).toHaveLength(1);
});

test('the hash chain verifies, and a tampered record is found', async () => {
  const ws = await server.newWorkspace();
  const clientId = (await ws.newClient({ name: 'Chain' }, { reason: 'v1' })).id;
  for (const name of ['Chain 2', 'Chain 3']) {
    await ws.gql(`mutation($id: ID!, $n: String!) { updateClient(id: $id, input: { name: $n }, reason: "rename") { userErrors { code } } }`, { id: clientId, n: name });
  }
  const rows = await server.db.query(`SELECT history_id, version, prev_hash, row_hash FROM clients_history WHERE id = $1 ORDER BY version`, [clientId]);
  expect(rows[0].prev_hash).toBeNull();
  expect(rows[1].prev_hash).toBe(rows[0].row_hash);
  expect(rows[2].prev_hash).toBe(rows[1].row_hash);
  expect(rows.every((r: any) => /^[0-9a-f]{64}$/.test(r.row_hash))).toBe(true);
  const mine = (b: { entityId: string }) => b.entityId === clientId;
  expect((await verifyHistory(server.db)).broken.filter(mine)).toEqual([]);

  const tamper = async (reason: string) => {
    const runner = server.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query('ALTER TABLE clients_history DISABLE TRIGGER audit_history_immutable');
    await runner.query('UPDATE clients_history SET reason = $1 WHERE id = $2 AND version = 2', [reason, clientId]);
    await runner.query('ALTER TABLE clients_history ENABLE TRIGGER audit_history_immutable');
    await runner.commitTransaction();
    await runner.release();
  };
  await tamper('quietly edited');
  const broken = (await verifyHistory(server.db)).broken.filter(mine);
  expect(broken).toEqual([{ table: 'clients_history', historyId: String(rows[1].history_id), entityId: clientId, version: 2, problem: 'content does not match its hash' }]);
  // The workspace's ADMIN sees it through the API; another workspace's history is intact.
  const VERIFY = '{ verifyAuditHistory { intact checked { table records } broken { table historyId entityId version problem } } }';
  const seen = (await ws.gql(VERIFY)).data.verifyAuditHistory;
  expect(seen.intact).toBe(false);
  expect(seen.broken).toEqual([{ table: 'clients_history', historyId: String(rows[1].history_id), entityId: clientId, version: 2, problem: 'content does not match its hash' }]);
  expect(seen.checked).toContainEqual({ table: 'clients_history', records: 3 });
  const other = await server.newWorkspace();
  expect((await other.gql(VERIFY)).data.verifyAuditHistory).toMatchObject({ intact: true, broken: [] });
  await tamper('rename');
  expect((await verifyHistory(server.db)).broken.filter(mine)).toEqual([]);
  expect((await ws.gql(VERIFY)).data.verifyAuditHistory).toMatchObject({ intact: true, broken: [] });
});

test('bulk helpers change many rows and write their history in the same statement, without loading rows', async () => {
  const ws = await server.newWorkspace();
  const clientId = (await ws.newClient()).id;
  const jobs = await Promise.all([1, 2, 3, 4, 5].map(() => ws.newJob({ name: 'Job', clientId })));
  const ids = await inTransaction(server.db, { ...SYSTEM, reason: 'bulk reprioritise' }, (em) =>
    auditedBulkUpdate(em, Job, 'priority = $2', 't.workspace_id = $1', [ws.id, 'URGENT']),
  );
  expect(ids.sort()).toEqual(jobs.map((j) => j.id).sort());
  for (const j of jobs) {
    const rows = await history('jobs', j.id);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ history_type: '~', actor_type: 'SYSTEM', reason: 'bulk reprioritise', changed_fields: { priority: { from: 'NORMAL', to: 'URGENT' } } });
  }
  // Setting the same value again changes nothing and records nothing.
  await inTransaction(server.db, SYSTEM, (em) => auditedBulkUpdate(em, Job, 'priority = $2', 't.workspace_id = $1', [ws.id, 'URGENT']));
  expect(await history('jobs', jobs[0].id)).toHaveLength(2);

  await ws.gql(
    `mutation($c: ID!) { addCostLine(costSetId: $c, input: { kind: ADJUSTMENT, description: "x", quantity: "-1", unitCost: "1", unitRev: "1" }) { userErrors { code } } }`,
    {
      c: jobs[0].costSets.ACTUAL,
    },
  );
  const gone = await inTransaction(server.db, { ...SYSTEM, reason: 'cleanup' }, (em) => auditedBulkDelete(em, CostLine, 't.cost_set_id = $1', [jobs[0].costSets.ACTUAL]));
  expect(gone).toHaveLength(1);
  const lineHistory = await history('cost_lines', gone[0]);
  expect(lineHistory.map((r: any) => [r.history_type, r.reason])).toEqual([
    ['+', null],
    ['-', 'cleanup'],
  ]);
  await expect(server.db.transaction((em) => auditedBulkUpdate(em, Job, 'priority = $2', 't.workspace_id = $1', [ws.id, 'LOW']))).rejects.toThrow(AuditContextError);
});
