/**
 * Purchasing: suppliers, purchase orders and their lines, the order status machine, receipts into
 * stock or onto jobs (all or nothing), numbering and receipts under concurrency, list filters, the
 * statement count of nested order queries, and bad input to every purchasing mutation.
 *
 * Every test builds its own workspace and data; no test depends on another or on their order.
 */
import { randomUUID } from 'node:crypto';
import type { TestContext } from './support/context';
import { expectNothingWritten, historyCount } from './support/database';
import {
  CREATE_PO,
  CREATE_SUPPLIER,
  dataOf,
  jobCosts,
  mutate,
  mutatePayload,
  onlyError,
  PO_FIELDS,
  RECEIVE_PO,
  STOCK_FIELDS,
  SUBMIT_PO,
  SUPPLIER_FIELDS,
  USER_ERRORS,
} from './support/graphql';
import { startTestServer, type TestServer } from './support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const UPDATE_SUPPLIER = `mutation($id: ID!, $input: UpdateSupplierInput!) {
  updateSupplier(id: $id, input: $input) { supplier { ${SUPPLIER_FIELDS} } ${USER_ERRORS} } }`;
const DELETE_SUPPLIER = `mutation($id: ID!) { deleteSupplier(id: $id) { supplier { id } ${USER_ERRORS} } }`;
const UPDATE_PO = `mutation($id: ID!, $input: UpdatePurchaseOrderInput!) {
  updatePurchaseOrder(id: $id, input: $input) { purchaseOrder { ${PO_FIELDS} } ${USER_ERRORS} } }`;
const ADD_PO_LINE = `mutation($id: ID!, $input: PurchaseOrderLineInput!) {
  addPurchaseOrderLine(purchaseOrderId: $id, input: $input) { purchaseOrder { ${PO_FIELDS} } ${USER_ERRORS} } }`;
const UPDATE_PO_LINE = `mutation($id: ID!, $input: UpdatePurchaseOrderLineInput!) {
  updatePurchaseOrderLine(id: $id, input: $input) { purchaseOrder { ${PO_FIELDS} } ${USER_ERRORS} } }`;
const REMOVE_PO_LINE = `mutation($id: ID!) { removePurchaseOrderLine(id: $id) { purchaseOrder { ${PO_FIELDS} } ${USER_ERRORS} } }`;
const CANCEL_PO = `mutation($id: ID!) { cancelPurchaseOrder(id: $id) { purchaseOrder { id status } ${USER_ERRORS} } }`;
const RESTORE_JOB = `mutation($id: ID!) { restoreJob(id: $id) { job { id } ${USER_ERRORS} } }`;

async function readOrder(ws: TestContext, id: string): Promise<any> {
  return dataOf(await ws.gql(`query($id: ID!) { purchaseOrder(id: $id) { ${PO_FIELDS} } }`, { id })).purchaseOrder;
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

async function stockItemsOf(ws: TestContext): Promise<any[]> {
  return dataOf(await ws.gql(`{ stockItems(first: 100) { totalCount nodes { ${STOCK_FIELDS} } } }`)).stockItems.nodes;
}

async function cancelled(ws: TestContext, lines = [{ quantityOrdered: '1', unitCost: '1.00' }]) {
  const po = await ws.newPurchaseOrder({ lines });
  await mutate(ws, CANCEL_PO, { id: po.id });
  return po;
}

// ------------------------------------------------------------------------------------------ suppliers

describe('suppliers', () => {
  test('create, read, update (null clears), list, soft delete with history', async () => {
    const ws = await server.newWorkspace();
    const created = (
      await mutate(ws, CREATE_SUPPLIER, {
        input: { name: '  Acme Supplies  ', email: 'orders@acme.example', phone: '+64 9 555 0100', accountRef: 'ACC-1' },
        reason: 'new supplier',
      })
    ).supplier;
    expect(created).toMatchObject({ name: 'Acme Supplies', email: 'orders@acme.example', phone: '+64 9 555 0100', accountRef: 'ACC-1' });

    const read = dataOf(await ws.gql(`query($id: ID!) { supplier(id: $id) { ${SUPPLIER_FIELDS} } }`, { id: created.id })).supplier;
    expect(read).toEqual(created);

    const updated = (await mutate(ws, UPDATE_SUPPLIER, { id: created.id, input: { phone: null, accountRef: 'ACC-2', name: 'Acme Ltd' } })).supplier;
    expect(updated).toMatchObject({ id: created.id, name: 'Acme Ltd', email: 'orders@acme.example', phone: null, accountRef: 'ACC-2' });

    const b = await ws.newSupplier({ name: 'beta Metals' });
    const list = dataOf(await ws.gql(`{ suppliers { totalCount nodes { id name } } }`)).suppliers;
    expect(list).toEqual({
      totalCount: 2,
      nodes: [
        { id: created.id, name: 'Acme Ltd' },
        { id: b.id, name: 'beta Metals' },
      ],
    });

    const del = await mutate(ws, DELETE_SUPPLIER, { id: created.id });
    expect(del.supplier.id).toBe(created.id);
    expect(dataOf(await ws.gql(`query($id: ID!) { supplier(id: $id) { id } }`, { id: created.id })).supplier).toBeNull();
    expect(dataOf(await ws.gql(`{ suppliers { totalCount nodes { id } } }`)).suppliers).toEqual({ totalCount: 1, nodes: [{ id: b.id }] });

    // A deleted supplier can no longer be changed or ordered from.
    const upd = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, UPDATE_SUPPLIER, { id: created.id, input: { name: 'X' } }));
    expect(onlyError(upd)).toMatchObject({ code: 'NOT_FOUND', path: ['id'] });
    const po = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, CREATE_PO, { input: { supplierId: created.id } }));
    expect(onlyError(po)).toMatchObject({ code: 'NOT_FOUND', path: ['input', 'supplierId'] });

    const hist = await server.db.query('SELECT history_type, reason, deleted_at IS NOT NULL AS deleted FROM suppliers_history WHERE id = $1 ORDER BY version', [created.id]);
    expect(hist).toEqual([
      { history_type: '+', reason: 'new supplier', deleted: false },
      { history_type: '~', reason: null, deleted: false },
      { history_type: '~', reason: null, deleted: true },
    ]);
  });

  test('deleteSupplier is refused with IN_USE while the supplier has purchase orders (even cancelled ones); nothing written', async () => {
    const ws = await server.newWorkspace();
    const s = await ws.newSupplier();
    const po = await ws.newPurchaseOrder({ supplierId: s.id, lines: [{ quantityOrdered: '1', unitCost: '1.00' }] });
    const p = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, DELETE_SUPPLIER, { id: s.id }));
    expect(p.supplier).toBeNull();
    expect(onlyError(p)).toMatchObject({ code: 'IN_USE', path: ['id'] });

    await mutate(ws, CANCEL_PO, { id: po.id });
    const again = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, DELETE_SUPPLIER, { id: s.id }));
    expect(onlyError(again)).toMatchObject({ code: 'IN_USE', path: ['id'] });
    expect(dataOf(await ws.gql(`query($id: ID!) { supplier(id: $id) { id } }`, { id: s.id })).supplier).toEqual({ id: s.id });
  });

  test('search matches name, email or account reference, case-insensitively; other workspaces are invisible', async () => {
    const ws = await server.newWorkspace();
    const a = await ws.newSupplier({ name: 'Northern Timber', email: 'sales@northtimber.example' });
    const b = await ws.newSupplier({ name: 'Plumbing World', accountRef: 'PW-7781' });
    const c = await ws.newSupplier({ name: 'Electric Co', email: 'Trade@ELEC.example' });
    const gone = await ws.newSupplier({ name: 'Northern Gone' });
    await mutate(ws, DELETE_SUPPLIER, { id: gone.id });
    const search = async (q: string) =>
      dataOf(await ws.gql(`query($q: String) { suppliers(filter: { search: $q }) { nodes { id } } }`, { q })).suppliers.nodes.map((n: any) => n.id);
    expect(await search('NORTHERN')).toEqual([a.id]);
    expect(await search('pw-77')).toEqual([b.id]);
    expect(await search('trade@elec')).toEqual([c.id]);
    expect(await search('.example')).toEqual([c.id, a.id]); // by name: Electric Co, Northern Timber
    expect(await search('_')).toEqual([]);
    const other = await server.newWorkspace();
    expect(dataOf(await other.gql(`{ suppliers { totalCount } }`)).suppliers.totalCount).toBe(0);
    expect(dataOf(await other.gql(`query($id: ID!) { supplier(id: $id) { id } }`, { id: a.id })).supplier).toBeNull();
  });
});

// ------------------------------------------------------------------------------------------ purchase orders

describe('purchase orders', () => {
  test('createPurchaseOrder: DRAFT, today by default, lines in order, totalCost rounded half-up per line, history', async () => {
    const ws = await server.newWorkspace();
    const s = await ws.newSupplier();
    const job = await ws.newJob();
    const p = await mutate(ws, CREATE_PO, {
      input: {
        supplierId: s.id,
        reference: '  REF-1 ',
        expectedDate: '2031-05-01',
        lines: [
          { description: 'Timber 90x45', itemCode: 'T9045', quantityOrdered: '0.333', unitCost: '10.01' }, // 3.33333 → 3.33
          { description: 'Screws', quantityOrdered: '2', unitCost: '12.5', jobId: job.id }, // 25.00
          { description: 'Washer', quantityOrdered: '0.005', unitCost: '1' }, // 0.005 → 0.01
        ],
      },
      reason: 'restock',
    });
    const po = p.purchaseOrder;
    expect(po).toMatchObject({
      number: 1,
      status: 'DRAFT',
      orderDate: todayUtc(),
      expectedDate: '2031-05-01',
      reference: 'REF-1',
      supplier: { id: s.id },
      totalCost: '28.34',
    });
    expect(po.lines.map((l: any) => [l.description, l.itemCode, l.quantityOrdered, l.unitCost, l.quantityReceived, l.job?.id ?? null])).toEqual([
      ['Timber 90x45', 'T9045', '0.333', '10.01', '0.000', null],
      ['Screws', null, '2.000', '12.50', '0.000', job.id],
      ['Washer', null, '0.005', '1.00', '0.000', null],
    ]);
    expect(po.lines.every((l: any) => l.purchaseOrder.id === po.id)).toBe(true);
    expect(await readOrder(ws, po.id)).toEqual(po);
    expect(await historyCount(server.db, ws.id, { table: 'purchase_orders', type: '+' })).toBe(1);
    expect(await historyCount(server.db, ws.id, { table: 'purchase_order_lines', type: '+' })).toBe(3);
    const reasons = await server.db.query('SELECT DISTINCT reason FROM purchase_order_lines_history WHERE workspace_id = $1', [ws.id]);
    expect(reasons).toEqual([{ reason: 'restock' }]);
  });

  test('numbers are sequential per workspace and race-free: 15 concurrent creates get 1..15', async () => {
    const ws = await server.newWorkspace();
    const s = await ws.newSupplier();
    const results = await Promise.all(Array.from({ length: 15 }, () => ws.gql(CREATE_PO, { input: { supplierId: s.id } })));
    const numbers = results.map((r) => {
      expect(r.errors).toBeUndefined();
      expect(r.data.createPurchaseOrder.userErrors).toEqual([]);
      return r.data.createPurchaseOrder.purchaseOrder.number as number;
    });
    console.log(`createPurchaseOrder ×15 concurrently: ${numbers.length} created, numbers ${[...numbers].sort((a, b) => a - b).join(',')}`);
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect((await ws.newPurchaseOrder({ supplierId: s.id })).number).toBe(16);

    // Another workspace counts on its own.
    const other = await server.newWorkspace();
    expect((await other.newPurchaseOrder()).number).toBe(1);
    // A refused create does not use up a number.
    await mutatePayload(ws, CREATE_PO, { input: { supplierId: s.id, lines: [{ description: 'x', quantityOrdered: '1', unitCost: '1', jobId: randomUUID() }] } });
    expect((await ws.newPurchaseOrder({ supplierId: s.id })).number).toBe(17);
  });

  test('updatePurchaseOrder: header fields; the supplier only while DRAFT; RECEIVED and CANCELLED orders are frozen', async () => {
    const ws = await server.newWorkspace();
    const s1 = await ws.newSupplier();
    const s2 = await ws.newSupplier();
    const po = await ws.newPurchaseOrder({ supplierId: s1.id, lines: [{ quantityOrdered: '2', unitCost: '3.00' }] });
    const u = (await mutate(ws, UPDATE_PO, { id: po.id, input: { supplierId: s2.id, orderDate: '2030-01-02', expectedDate: '2030-02-03', reference: 'R' } })).purchaseOrder;
    expect(u).toMatchObject({ supplier: { id: s2.id }, orderDate: '2030-01-02', expectedDate: '2030-02-03', reference: 'R' });
    expect((await mutate(ws, UPDATE_PO, { id: po.id, input: { expectedDate: null } })).purchaseOrder.expectedDate).toBeNull();

    await mutate(ws, SUBMIT_PO, { id: po.id });
    const refused = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, UPDATE_PO, { id: po.id, input: { supplierId: s1.id } }));
    expect(onlyError(refused)).toMatchObject({ code: 'VALIDATION', path: ['input', 'supplierId'] });
    expect((await mutate(ws, UPDATE_PO, { id: po.id, input: { reference: 'R2' } })).purchaseOrder).toMatchObject({ status: 'SUBMITTED', reference: 'R2' });

    await ws.receive(po.id, [{ lineId: po.lines[0].id, quantity: '2' }]);
    const frozen = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, UPDATE_PO, { id: po.id, input: { reference: 'R3' } }));
    expect(onlyError(frozen)).toMatchObject({ code: 'VALIDATION', path: ['id'] });

    const c = await cancelled(ws);
    const frozen2 = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, UPDATE_PO, { id: c.id, input: { reference: 'R3' } }));
    expect(onlyError(frozen2)).toMatchObject({ code: 'VALIDATION', path: ['id'] });
  });

  test('lines can be added, changed and removed while DRAFT; on a SUBMITTED order each is VALIDATION and nothing is written', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    const po = await ws.newPurchaseOrder({ lines: [{ quantityOrdered: '1', unitCost: '2.00' }] });

    const added = (await mutate(ws, ADD_PO_LINE, { id: po.id, input: { description: 'Nails', quantityOrdered: '3', unitCost: '1.10', jobId: job.id } })).purchaseOrder;
    expect(added.lines).toHaveLength(2);
    expect(added.totalCost).toBe('5.30');
    const nails = added.lines[1];
    expect(nails.job).toEqual({ id: job.id });

    const changed = (await mutate(ws, UPDATE_PO_LINE, { id: nails.id, input: { quantityOrdered: '4.5', unitCost: '1.2', jobId: null, itemCode: 'N1' } })).purchaseOrder;
    expect(changed.lines[1]).toMatchObject({ id: nails.id, description: 'Nails', itemCode: 'N1', quantityOrdered: '4.500', unitCost: '1.20', job: null });
    expect(changed.totalCost).toBe('7.40');

    const removed = (await mutate(ws, REMOVE_PO_LINE, { id: po.lines[0].id })).purchaseOrder;
    expect(removed.lines.map((l: any) => l.id)).toEqual([nails.id]);
    expect(removed.totalCost).toBe('5.40');
    expect(await historyCount(server.db, ws.id, { table: 'purchase_order_lines', type: '-', id: po.lines[0].id })).toBe(1);

    await mutate(ws, SUBMIT_PO, { id: po.id });
    const attempts: Array<[string, Record<string, unknown>, string[]]> = [
      [ADD_PO_LINE, { id: po.id, input: { description: 'More', quantityOrdered: '1', unitCost: '1.00' } }, ['purchaseOrderId']],
      [UPDATE_PO_LINE, { id: nails.id, input: { quantityOrdered: '9' } }, ['id']],
      [REMOVE_PO_LINE, { id: nails.id }, ['id']],
    ];
    for (const [doc, vars, path] of attempts) {
      const p = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, doc, vars));
      expect(p.purchaseOrder).toBeNull();
      expect(onlyError(p)).toMatchObject({ code: 'VALIDATION', path });
    }
    expect((await readOrder(ws, po.id)).lines).toHaveLength(1);
  });

  test('submit needs at least one line (VALIDATION, nothing written) and only happens from DRAFT', async () => {
    const ws = await server.newWorkspace();
    const po = await ws.newPurchaseOrder();
    const empty = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, SUBMIT_PO, { id: po.id }));
    expect(empty.purchaseOrder).toBeNull();
    expect(onlyError(empty)).toMatchObject({ code: 'VALIDATION', path: ['id'] });
    expect((await readOrder(ws, po.id)).status).toBe('DRAFT');

    await mutate(ws, ADD_PO_LINE, { id: po.id, input: { description: 'Bolts', quantityOrdered: '1', unitCost: '1.00' } });
    expect((await mutate(ws, SUBMIT_PO, { id: po.id })).purchaseOrder.status).toBe('SUBMITTED');
    const twice = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, SUBMIT_PO, { id: po.id }));
    expect(onlyError(twice)).toMatchObject({ code: 'INVALID_STATUS_TRANSITION', path: ['id'] });
    const c = await cancelled(ws);
    expect(onlyError(await mutatePayload(ws, SUBMIT_PO, { id: c.id }))).toMatchObject({ code: 'INVALID_STATUS_TRANSITION', path: ['id'] });
  });

  test('cancel: from DRAFT and SUBMITTED; from PARTIALLY_RECEIVED, RECEIVED or CANCELLED it is INVALID_STATUS_TRANSITION and nothing is written', async () => {
    const ws = await server.newWorkspace();
    const draft = await ws.newPurchaseOrder({ lines: [{ quantityOrdered: '1', unitCost: '1.00' }] });
    expect((await mutate(ws, CANCEL_PO, { id: draft.id })).purchaseOrder.status).toBe('CANCELLED');
    const submitted = await ws.newPurchaseOrder({ lines: [{ quantityOrdered: '1', unitCost: '1.00' }], submit: true });
    expect((await mutate(ws, CANCEL_PO, { id: submitted.id })).purchaseOrder.status).toBe('CANCELLED');

    const partial = await ws.newPurchaseOrder({ lines: [{ quantityOrdered: '2', unitCost: '1.00' }], submit: true });
    await ws.receive(partial.id, [{ lineId: partial.lines[0].id, quantity: '1' }]);
    const received = await ws.newPurchaseOrder({ lines: [{ quantityOrdered: '2', unitCost: '1.00' }], submit: true });
    await ws.receive(received.id, [{ lineId: received.lines[0].id, quantity: '2' }]);

    for (const [po, status] of [
      [partial, 'PARTIALLY_RECEIVED'],
      [received, 'RECEIVED'],
      [draft, 'CANCELLED'],
    ] as const) {
      const p = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, CANCEL_PO, { id: po.id }));
      expect(p.purchaseOrder).toBeNull();
      expect(onlyError(p)).toMatchObject({ code: 'INVALID_STATUS_TRANSITION', path: ['id'] });
      expect((await readOrder(ws, po.id)).status).toBe(status);
    }
  });

  test('receiving a DRAFT, CANCELLED or RECEIVED order is INVALID_STATUS_TRANSITION, nothing written', async () => {
    const ws = await server.newWorkspace();
    const draft = await ws.newPurchaseOrder({ lines: [{ quantityOrdered: '2', unitCost: '1.00' }] });
    const c = await cancelled(ws, [{ quantityOrdered: '2', unitCost: '1.00' }]);
    const done = await ws.newPurchaseOrder({ lines: [{ quantityOrdered: '2', unitCost: '1.00' }], submit: true });
    await ws.receive(done.id, [{ lineId: done.lines[0].id, quantity: '2' }]);
    for (const po of [draft, c, done]) {
      const p = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, RECEIVE_PO, { id: po.id, lines: [{ lineId: po.lines[0].id, quantity: '1' }] }));
      expect(p.purchaseOrder).toBeNull();
      expect(onlyError(p)).toMatchObject({ code: 'INVALID_STATUS_TRANSITION', path: ['id'] });
    }
    expect(await stockItemsOf(ws)).toHaveLength(1); // only the received order's
  });
});

// ------------------------------------------------------------------------------------------ receiving

describe('receivePurchaseOrder', () => {
  test('partial receipt → PARTIALLY_RECEIVED, then RECEIVED; later receipts top up the same stock item (one per order line)', async () => {
    const ws = await server.newWorkspace();
    const po = await ws.newPurchaseOrder({
      lines: [
        { description: 'Cable 2.5mm', itemCode: 'C25', quantityOrdered: '10', unitCost: '1.25' },
        { description: 'Conduit', quantityOrdered: '5', unitCost: '4.00' },
      ],
      submit: true,
    });
    const [a, b] = po.lines;

    const r1 = await ws.receive(po.id, [{ lineId: a.id, quantity: '4' }], 'first delivery');
    expect(r1.status).toBe('PARTIALLY_RECEIVED');
    expect(r1.lines.map((l: any) => l.quantityReceived)).toEqual(['4.000', '0.000']);
    let items = await stockItemsOf(ws);
    expect(items).toHaveLength(1);
    const cable = items[0];
    expect(cable).toMatchObject({
      description: 'Cable 2.5mm',
      itemCode: 'C25',
      unitCost: '1.25',
      quantityOnHand: '4.000',
      quantityUsed: '0.000',
      quantityAvailable: '4.000',
      sourcePurchaseOrderLine: { id: a.id },
    });

    const r2 = await ws.receive(po.id, [
      { lineId: a.id, quantity: '6' },
      { lineId: b.id, quantity: '2' },
    ]);
    expect(r2.status).toBe('PARTIALLY_RECEIVED');
    expect(r2.lines.map((l: any) => l.quantityReceived)).toEqual(['10.000', '2.000']);
    items = await stockItemsOf(ws);
    expect(items).toHaveLength(2);
    expect(items.find((i) => i.id === cable.id)).toMatchObject({ quantityOnHand: '10.000', quantityAvailable: '10.000' });
    const conduit = items.find((i) => i.id !== cable.id);
    expect(conduit).toMatchObject({ sourcePurchaseOrderLine: { id: b.id }, quantityOnHand: '2.000', unitCost: '4.00' });

    const r3 = await ws.receive(po.id, [{ lineId: b.id, quantity: '3' }]);
    expect(r3.status).toBe('RECEIVED');
    items = await stockItemsOf(ws);
    expect(items.map((i) => [i.sourcePurchaseOrderLine.id, i.quantityOnHand]).sort()).toEqual(
      [
        [a.id, '10.000'],
        [b.id, '5.000'],
      ].sort(),
    );

    expect(await historyCount(server.db, ws.id, { table: 'stock_items', id: cable.id, type: '+' })).toBe(1);
    expect(await historyCount(server.db, ws.id, { table: 'stock_items', id: cable.id, type: '~' })).toBe(1);
    expect(await historyCount(server.db, ws.id, { table: 'purchase_order_lines', id: a.id, type: '~' })).toBe(2);
    const statuses = await server.db.query('SELECT status::text AS s FROM purchase_orders_history WHERE id = $1 ORDER BY version', [po.id]);
    expect(statuses.map((r: any) => r.s)).toEqual(['DRAFT', 'SUBMITTED', 'PARTIALLY_RECEIVED', 'RECEIVED']);
    const [first] = await server.db.query(`SELECT reason FROM stock_items_history WHERE id = $1 AND history_type = '+'`, [cable.id]);
    expect(first.reason).toBe('first delivery');
  });

  test('a line allocated to a job is booked on the job’s latest ACTUAL as a MATERIAL line, not into stock', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob({ name: 'Kitchen refit' });
    const rev1 = (await jobCosts(ws, job.id)).latestActual;
    const rev2 = await ws.newCostSet({ jobId: job.id, kind: 'ACTUAL' });
    expect(rev2.rev).toBe(2);
    const po = await ws.newPurchaseOrder({
      lines: [
        { description: 'Benchtop', quantityOrdered: '5', unitCost: '8.40', jobId: job.id },
        { description: 'Sealant', quantityOrdered: '1', unitCost: '9.99' },
      ],
      submit: true,
    });
    const [top, sealant] = po.lines;
    expect(top.job).toEqual({ id: job.id });

    const r1 = await ws.receive(po.id, [{ lineId: top.id, quantity: '2' }]);
    expect(r1.status).toBe('PARTIALLY_RECEIVED');
    let j = await jobCosts(ws, job.id);
    expect(j.latestActual.id).toBe(rev2.id);
    expect(j.latestActual.costLines).toHaveLength(1);
    expect(j.latestActual.costLines[0]).toMatchObject({
      kind: 'MATERIAL',
      description: 'Benchtop',
      quantity: '2.000',
      unitCost: '8.40',
      unitRev: '10.08',
      totalCost: '16.80',
      totalRev: '20.16',
      accountingDate: todayUtc(),
      extRefs: { purchaseOrderId: po.id, purchaseOrderLineId: top.id },
      stockItem: null,
      costSet: { id: rev2.id, rev: 2, kind: 'ACTUAL' },
    });
    expect(j.latestActual.summary).toEqual({ cost: '16.80', rev: '20.16', hours: '0.000' });
    expect(j.costSummary).toMatchObject({ actualCost: '16.80', actualRevenue: '20.16', profit: '3.36' });
    const [{ n: rev1Lines }] = await server.db.query('SELECT count(*)::int AS n FROM cost_lines WHERE cost_set_id = $1', [rev1.id]);
    expect(rev1Lines).toBe(0);
    expect(await stockItemsOf(ws)).toHaveLength(0);

    const r2 = await ws.receive(po.id, [
      { lineId: sealant.id, quantity: '1' },
      { lineId: top.id, quantity: '3' },
    ]);
    expect(r2.status).toBe('RECEIVED');
    j = await jobCosts(ws, job.id);
    expect(j.latestActual.costLines.map((l: any) => [l.quantity, l.totalCost, l.extRefs.purchaseOrderLineId])).toEqual([
      ['2.000', '16.80', top.id],
      ['3.000', '25.20', top.id],
    ]);
    expect(j.costSummary).toMatchObject({ actualCost: '42.00', actualRevenue: '50.40', profit: '8.40', marginPercent: '16.67' });
    const items = await stockItemsOf(ws);
    expect(items.map((i) => i.sourcePurchaseOrderLine.id)).toEqual([sealant.id]);
    expect(await historyCount(server.db, ws.id, { table: 'cost_lines', type: '+' })).toBe(2);
  });

  test('acceptance: a failure in the middle rolls back the whole receipt, history included', async () => {
    const ws = await server.newWorkspace();
    // Allocated lines are booked in job-id order: A (booked first) has the smaller id, so the failure on B comes after writes for A.
    const [jobA, jobB] = [await ws.newJob(), await ws.newJob()].sort((x, y) => (x.id < y.id ? -1 : 1));
    const po = await ws.newPurchaseOrder({
      lines: [
        { description: 'Stocked', quantityOrdered: '10', unitCost: '2.00' },
        { description: 'For A', quantityOrdered: '10', unitCost: '3.00', jobId: jobA.id },
        { description: 'For B', quantityOrdered: '10', unitCost: '4.00', jobId: jobB.id },
      ],
      submit: true,
    });
    const otherPo = await ws.newPurchaseOrder({ lines: [{ quantityOrdered: '10', unitCost: '1.00' }], submit: true });
    const [l1, l2, l3] = po.lines;
    const good = [
      { lineId: l1.id, quantity: '5' },
      { lineId: l2.id, quantity: '5' },
    ];

    // 3rd line over-received.
    const over = await expectNothingWritten(server.db, [ws.id], () => ws.gql(RECEIVE_PO, { id: po.id, lines: [...good, { lineId: l3.id, quantity: '10.001' }] }));
    expect(over.data.receivePurchaseOrder.purchaseOrder).toBeNull();
    expect(onlyError(over.data.receivePurchaseOrder)).toMatchObject({ code: 'VALIDATION', path: ['lines', '2', 'quantity'] });

    // 3rd line belongs to another order.
    const foreign = await expectNothingWritten(server.db, [ws.id], () =>
      mutatePayload(ws, RECEIVE_PO, { id: po.id, lines: [...good, { lineId: otherPo.lines[0].id, quantity: '1' }] }),
    );
    expect(onlyError(foreign)).toMatchObject({ code: 'NOT_FOUND', path: ['lines', '2', 'lineId'] });

    // 3rd line's job was deleted after ordering: found only while writing, after line 2 was booked onto job A.
    await ws.deleteJob(jobB.id);
    const midway = await expectNothingWritten(server.db, [ws.id], () => ws.gql(RECEIVE_PO, { id: po.id, lines: [...good, { lineId: l3.id, quantity: '5' }] }));
    expect(midway.data.receivePurchaseOrder.purchaseOrder).toBeNull();
    expect(onlyError(midway.data.receivePurchaseOrder)).toMatchObject({ code: 'NOT_FOUND', path: ['lines', '2', 'lineId'] });
    // It got further than the up-front checks (it wrote, then rolled back).
    expect(midway.extensions!.sqlStatements!).toBeGreaterThan(over.extensions!.sqlStatements! + 5);

    const after = await readOrder(ws, po.id);
    expect(after.status).toBe('SUBMITTED');
    expect(after.lines.map((l: any) => l.quantityReceived)).toEqual(['0.000', '0.000', '0.000']);
    expect(await stockItemsOf(ws)).toHaveLength(0);
    expect((await jobCosts(ws, jobA.id)).latestActual.costLines).toHaveLength(0);

    // The order is intact: once job B is back, the same receipt goes through.
    await mutate(ws, RESTORE_JOB, { id: jobB.id });
    const ok = await ws.receive(po.id, [...good, { lineId: l3.id, quantity: '5' }]);
    expect(ok.status).toBe('PARTIALLY_RECEIVED');
    expect(ok.lines.map((l: any) => l.quantityReceived)).toEqual(['5.000', '5.000', '5.000']);
    expect((await jobCosts(ws, jobA.id)).costSummary.actualCost).toBe('15.00');
    expect((await jobCosts(ws, jobB.id)).costSummary.actualCost).toBe('20.00');
    expect(await stockItemsOf(ws)).toHaveLength(1);
  });

  test('acceptance: 20 concurrent receipts of 1 on a line ordered 10 → exactly 10 succeed, never more than ordered', async () => {
    const ws = await server.newWorkspace();
    const po = await ws.newPurchaseOrder({ lines: [{ description: 'Bricks', quantityOrdered: '10', unitCost: '0.85' }], submit: true });
    const lineId = po.lines[0].id;
    const results = await Promise.all(Array.from({ length: 20 }, () => ws.gql(RECEIVE_PO, { id: po.id, lines: [{ lineId, quantity: '1' }] })));
    for (const r of results) expect(r.errors).toBeUndefined();
    const codes = results.map((r) => (r.data.receivePurchaseOrder.userErrors.length ? r.data.receivePurchaseOrder.userErrors[0].code : 'OK'));
    const count = (c: string) => codes.filter((x) => x === c).length;
    const order = await readOrder(ws, po.id);
    const items = await stockItemsOf(ws);
    console.log(
      `receivePurchaseOrder ×20 (1 each, 10 ordered): ${count('OK')} succeeded, ${count('INVALID_STATUS_TRANSITION')} INVALID_STATUS_TRANSITION, ` +
        `${count('VALIDATION')} VALIDATION, ${codes.length - count('OK') - count('INVALID_STATUS_TRANSITION') - count('VALIDATION')} other; ` +
        `quantityReceived ${order.lines[0].quantityReceived}, ${items.length} stock item(s) with ${items[0]?.quantityOnHand} on hand`,
    );
    expect(count('OK')).toBe(10);
    expect(count('INVALID_STATUS_TRANSITION') + count('VALIDATION')).toBe(10);
    expect(order.status).toBe('RECEIVED');
    expect(order.lines[0].quantityReceived).toBe('10.000');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ quantityOnHand: '10.000', quantityAvailable: '10.000' });
    expect(await historyCount(server.db, ws.id, { table: 'stock_items', type: '+' })).toBe(1);
    expect(await historyCount(server.db, ws.id, { table: 'stock_items', type: '~' })).toBe(9);
    expect(await historyCount(server.db, ws.id, { table: 'purchase_order_lines', id: lineId, type: '~' })).toBe(10);
  });

  test('concurrent receipts of a job-allocated line book exactly what was ordered onto the job', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    const po = await ws.newPurchaseOrder({ lines: [{ description: 'Tiles', quantityOrdered: '6', unitCost: '2.50', jobId: job.id }], submit: true });
    const lineId = po.lines[0].id;
    const results = await Promise.all(Array.from({ length: 15 }, () => ws.gql(RECEIVE_PO, { id: po.id, lines: [{ lineId, quantity: '1' }] })));
    for (const r of results) expect(r.errors).toBeUndefined();
    const ok = results.filter((r) => r.data.receivePurchaseOrder.userErrors.length === 0).length;
    console.log(`receivePurchaseOrder ×15 on a job-allocated line ordered 6: ${ok} succeeded, ${15 - ok} refused`);
    expect(ok).toBe(6);
    const j = await jobCosts(ws, job.id);
    expect(j.latestActual.costLines).toHaveLength(6);
    expect(j.costSummary).toMatchObject({ actualCost: '15.00', actualRevenue: '18.00' });
    expect((await readOrder(ws, po.id)).lines[0].quantityReceived).toBe('6.000');
  });
  test('concurrent receipts of different orders allocated to the same jobs (in opposite line order) all succeed, without deadlocks', async () => {
    const ws = await server.newWorkspace();
    const x = await ws.newJob();
    const y = await ws.newJob();
    const orders = [];
    for (let i = 0; i < 20; i++) {
      const [first, second] = i % 2 ? [x, y] : [y, x];
      orders.push(
        await ws.newPurchaseOrder({
          lines: [
            { quantityOrdered: '1', unitCost: '1.00', jobId: first.id },
            { quantityOrdered: '1', unitCost: '1.00', jobId: second.id },
            { quantityOrdered: '1', unitCost: '1.00' },
          ],
          submit: true,
        }),
      );
    }
    const results = await Promise.all(orders.map((o) => ws.gql(RECEIVE_PO, { id: o.id, lines: o.lines.map((l: any) => ({ lineId: l.id, quantity: '1' })) })));
    for (const r of results) expect(r.errors).toBeUndefined();
    const codes = results.map((r) => r.data.receivePurchaseOrder.userErrors[0]?.code ?? 'OK');
    console.log(
      `receivePurchaseOrder ×20 orders, each allocated to jobs X and Y in alternating order: ${codes.filter((c) => c === 'OK').length} succeeded, refused: [${codes.filter((c) => c !== 'OK').join(', ')}]`,
    );
    expect(codes).toEqual(Array(20).fill('OK'));
    for (const job of [x, y]) {
      const j = await jobCosts(ws, job.id);
      expect(j.latestActual.costLines).toHaveLength(20);
      expect(j.costSummary.actualCost).toBe('20.00');
    }
    expect(await stockItemsOf(ws)).toHaveLength(20);
  });
});

// ------------------------------------------------------------------------------------------ reading

describe('purchaseOrders', () => {
  test('filters: status, supplierId, orderedFrom/orderedTo (inclusive); newest number first; paging', async () => {
    const ws = await server.newWorkspace();
    const s1 = await ws.newSupplier();
    const s2 = await ws.newSupplier();
    const line = [{ quantityOrdered: '1', unitCost: '1.00' }];
    const p1 = await ws.newPurchaseOrder({ supplierId: s1.id, orderDate: '2026-01-10', lines: line }); // DRAFT
    const p2 = await ws.newPurchaseOrder({ supplierId: s1.id, orderDate: '2026-02-15', lines: line });
    await mutate(ws, SUBMIT_PO, { id: p2.id }); // SUBMITTED
    const p3 = await ws.newPurchaseOrder({ supplierId: s2.id, orderDate: '2026-03-20', lines: line });
    await mutate(ws, CANCEL_PO, { id: p3.id }); // CANCELLED
    const p4 = await ws.newPurchaseOrder({ supplierId: s2.id, orderDate: '2026-02-01', lines: line });
    await mutate(ws, SUBMIT_PO, { id: p4.id });
    await ws.receive(p4.id, [{ lineId: p4.lines[0].id, quantity: '1' }]); // RECEIVED

    const find = async (filter: Record<string, unknown> | null, first = 20, after?: string) => {
      const d = dataOf(
        await ws.gql(
          `query($f: PurchaseOrderFilter, $first: Int, $after: String) { purchaseOrders(filter: $f, first: $first, after: $after) {
             totalCount nodes { id number status } pageInfo { hasNextPage endCursor } } }`,
          { f: filter, first, after },
        ),
      ).purchaseOrders;
      return { ...d, numbers: d.nodes.map((n: any) => n.number) };
    };
    const all = await find(null);
    expect(all.numbers).toEqual([4, 3, 2, 1]);
    expect(all.totalCount).toBe(4);
    expect(all.nodes.map((n: any) => n.status)).toEqual(['RECEIVED', 'CANCELLED', 'SUBMITTED', 'DRAFT']);
    expect((await find({ status: ['SUBMITTED', 'RECEIVED'] })).numbers).toEqual([4, 2]);
    expect((await find({ status: ['PARTIALLY_RECEIVED'] })).numbers).toEqual([]);
    expect((await find({ supplierId: s1.id })).numbers).toEqual([2, 1]);
    expect((await find({ supplierId: s2.id, status: ['CANCELLED'] })).numbers).toEqual([3]);
    expect((await find({ supplierId: randomUUID() })).numbers).toEqual([]);
    expect((await find({ supplierId: 'not-an-id' })).numbers).toEqual([]);
    expect((await find({ orderedFrom: '2026-02-01' })).numbers).toEqual([4, 3, 2]);
    expect((await find({ orderedTo: '2026-02-15' })).numbers).toEqual([4, 2, 1]);
    expect((await find({ orderedFrom: '2026-02-01', orderedTo: '2026-02-15' })).numbers).toEqual([4, 2]);
    expect((await find({ orderedFrom: '2026-02-02', orderedTo: '2026-02-14' })).numbers).toEqual([]);

    const page1 = await find(null, 3);
    expect(page1.numbers).toEqual([4, 3, 2]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = await find(null, 3, page1.pageInfo.endCursor);
    expect(page2.numbers).toEqual([1]);
    expect(page2.pageInfo.hasNextPage).toBe(false);

    const other = await server.newWorkspace();
    expect((await other.gql(`{ purchaseOrders { totalCount } }`)).data.purchaseOrders.totalCount).toBe(0);
    expect(dataOf(await other.gql(`query($id: ID!) { purchaseOrder(id: $id) { id } }`, { id: p1.id })).purchaseOrder).toBeNull();
  });

  test('acceptance: nested purchaseOrders → supplier, lines → job runs a bounded number of statements, the same at first 5 and first 50', async () => {
    const ws = await server.newWorkspace();
    const suppliers = [];
    for (let i = 0; i < 5; i++) suppliers.push(await ws.newSupplier());
    const jobs = [];
    for (let i = 0; i < 4; i++) jobs.push(await ws.newJob());
    for (let i = 0; i < 50; i++) {
      await ws.newPurchaseOrder({
        supplierId: suppliers[i % 5].id,
        lines: [
          { quantityOrdered: '1', unitCost: '1.00', jobId: jobs[i % 4].id },
          { quantityOrdered: '2', unitCost: '2.00' },
          { quantityOrdered: '3', unitCost: '3.00', jobId: jobs[(i + 1) % 4].id },
        ],
      });
    }
    const QUERY = `query($first: Int) { purchaseOrders(first: $first) { nodes { number supplier { name } lines { job { name } } } } }`;
    const run = async (first: number) => {
      const r = await ws.gql(QUERY, { first });
      expect(r.errors).toBeUndefined();
      const nodes = r.data.purchaseOrders.nodes;
      expect(nodes).toHaveLength(first);
      for (const n of nodes) {
        expect(n.supplier.name).toEqual(expect.any(String));
        expect(n.lines).toHaveLength(3);
        expect(n.lines[0].job.name).toEqual(expect.any(String));
        expect(n.lines[1].job).toBeNull();
      }
      return r.extensions!.sqlStatements as number;
    };
    const small = await run(5);
    const large = await run(50);
    console.log(`purchaseOrders nested query: ${small} statements at first 5, ${large} at first 50 (authentication included)`);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(6);

    // totalCost over every order is also batched.
    const withTotals = await ws.gql(`query($first: Int) { purchaseOrders(first: $first) { nodes { totalCost lines { id } } } }`, { first: 50 });
    expect(withTotals.data.purchaseOrders.nodes.every((n: any) => n.totalCost === '14.00')).toBe(true);
    expect(withTotals.extensions!.sqlStatements).toBeLessThanOrEqual(small);
  });
});

// ------------------------------------------------------------------------------------------ bad input

describe('bad input to purchasing mutations: code, path, nothing written (in either workspace)', () => {
  async function setup() {
    const ws = await server.newWorkspace();
    const other = await server.newWorkspace();
    const supplier = await ws.newSupplier();
    const gone = await ws.newSupplier();
    await mutate(ws, DELETE_SUPPLIER, { id: gone.id });
    const job = await ws.newJob();
    const otherSupplier = await other.newSupplier();
    const otherJob = await other.newJob();
    const draft = await ws.newPurchaseOrder({ supplierId: supplier.id, lines: [{ quantityOrdered: '2', unitCost: '1.00' }] });
    const sub = await ws.newPurchaseOrder({
      supplierId: supplier.id,
      lines: [
        { quantityOrdered: '5', unitCost: '1.00' },
        { quantityOrdered: '5', unitCost: '1.00' },
      ],
      submit: true,
    });
    const sub2 = await ws.newPurchaseOrder({ supplierId: supplier.id, lines: [{ quantityOrdered: '5', unitCost: '1.00' }], submit: true });
    const otherPo = await other.newPurchaseOrder({ supplierId: otherSupplier.id, lines: [{ quantityOrdered: '1', unitCost: '1.00' }] });
    return { ws, other, supplier, gone, job, otherSupplier, otherJob, draft, sub, sub2, otherPo };
  }
  type Ctx = Awaited<ReturnType<typeof setup>>;
  const okLine = { description: 'Good', quantityOrdered: '1', unitCost: '1.00' };
  const po = (c: Ctx, lines: unknown[], extra: Record<string, unknown> = {}) => ({ input: { supplierId: c.supplier.id, lines, ...extra } });

  const cases: Array<[string, string, (c: Ctx) => Record<string, unknown>, string, string[]]> = [
    ['createSupplier: blank name', CREATE_SUPPLIER, () => ({ input: { name: '   ' } }), 'VALIDATION', ['input', 'name']],
    ['createSupplier: name over 200 characters', CREATE_SUPPLIER, () => ({ input: { name: 'x'.repeat(201) } }), 'VALIDATION', ['input', 'name']],
    ['createSupplier: bad email', CREATE_SUPPLIER, () => ({ input: { name: 'A', email: 'not-an-email' } }), 'VALIDATION', ['input', 'email']],
    ['updateSupplier: blank name', UPDATE_SUPPLIER, (c) => ({ id: c.supplier.id, input: { name: '' } }), 'VALIDATION', ['input', 'name']],
    ['updateSupplier: other workspace’s supplier', UPDATE_SUPPLIER, (c) => ({ id: c.otherSupplier.id, input: { name: 'Mine' } }), 'NOT_FOUND', ['id']],
    ['deleteSupplier: malformed id', DELETE_SUPPLIER, () => ({ id: 'supplier-1' }), 'NOT_FOUND', ['id']],
    ['deleteSupplier: unknown id', DELETE_SUPPLIER, () => ({ id: randomUUID() }), 'NOT_FOUND', ['id']],
    ['createPurchaseOrder: unknown supplier', CREATE_PO, () => ({ input: { supplierId: randomUUID() } }), 'NOT_FOUND', ['input', 'supplierId']],
    ['createPurchaseOrder: other workspace’s supplier', CREATE_PO, (c) => ({ input: { supplierId: c.otherSupplier.id } }), 'NOT_FOUND', ['input', 'supplierId']],
    ['createPurchaseOrder: deleted supplier', CREATE_PO, (c) => ({ input: { supplierId: c.gone.id } }), 'NOT_FOUND', ['input', 'supplierId']],
    ['createPurchaseOrder: malformed supplierId', CREATE_PO, () => ({ input: { supplierId: '17' } }), 'VALIDATION', ['input', 'supplierId']],
    ['createPurchaseOrder: blank line description', CREATE_PO, (c) => po(c, [{ ...okLine, description: ' ' }]), 'VALIDATION', ['input', 'lines', '0', 'description']],
    ['createPurchaseOrder: zero quantity', CREATE_PO, (c) => po(c, [okLine, { ...okLine, quantityOrdered: '0' }]), 'VALIDATION', ['input', 'lines', '1', 'quantityOrdered']],
    ['createPurchaseOrder: negative quantity', CREATE_PO, (c) => po(c, [{ ...okLine, quantityOrdered: '-2' }]), 'VALIDATION', ['input', 'lines', '0', 'quantityOrdered']],
    [
      'createPurchaseOrder: quantity with 4 decimals',
      CREATE_PO,
      (c) => po(c, [{ ...okLine, quantityOrdered: '1.0005' }]),
      'VALIDATION',
      ['input', 'lines', '0', 'quantityOrdered'],
    ],
    ['createPurchaseOrder: unit cost with 3 decimals', CREATE_PO, (c) => po(c, [{ ...okLine, unitCost: '1.005' }]), 'VALIDATION', ['input', 'lines', '0', 'unitCost']],
    ['createPurchaseOrder: negative unit cost', CREATE_PO, (c) => po(c, [{ ...okLine, unitCost: '-0.01' }]), 'VALIDATION', ['input', 'lines', '0', 'unitCost']],
    ['createPurchaseOrder: unknown job on line 2', CREATE_PO, (c) => po(c, [okLine, { ...okLine, jobId: randomUUID() }]), 'NOT_FOUND', ['input', 'lines', '1', 'jobId']],
    ['createPurchaseOrder: other workspace’s job', CREATE_PO, (c) => po(c, [{ ...okLine, jobId: c.otherJob.id }]), 'NOT_FOUND', ['input', 'lines', '0', 'jobId']],
    ['createPurchaseOrder: malformed jobId', CREATE_PO, (c) => po(c, [{ ...okLine, jobId: 'job-1' }]), 'VALIDATION', ['input', 'lines', '0', 'jobId']],
    ['updatePurchaseOrder: other workspace’s supplier', UPDATE_PO, (c) => ({ id: c.draft.id, input: { supplierId: c.otherSupplier.id } }), 'NOT_FOUND', ['input', 'supplierId']],
    ['updatePurchaseOrder: other workspace’s order', UPDATE_PO, (c) => ({ id: c.otherPo.id, input: { reference: 'x' } }), 'NOT_FOUND', ['id']],
    ['addPurchaseOrderLine: unknown order', ADD_PO_LINE, () => ({ id: randomUUID(), input: okLine }), 'NOT_FOUND', ['purchaseOrderId']],
    ['addPurchaseOrderLine: zero quantity', ADD_PO_LINE, (c) => ({ id: c.draft.id, input: { ...okLine, quantityOrdered: '0.000' } }), 'VALIDATION', ['input', 'quantityOrdered']],
    ['addPurchaseOrderLine: other workspace’s job', ADD_PO_LINE, (c) => ({ id: c.draft.id, input: { ...okLine, jobId: c.otherJob.id } }), 'NOT_FOUND', ['input', 'jobId']],
    ['updatePurchaseOrderLine: unknown line', UPDATE_PO_LINE, () => ({ id: randomUUID(), input: { description: 'x' } }), 'NOT_FOUND', ['id']],
    ['updatePurchaseOrderLine: negative unit cost', UPDATE_PO_LINE, (c) => ({ id: c.draft.lines[0].id, input: { unitCost: '-1' } }), 'VALIDATION', ['input', 'unitCost']],
    ['updatePurchaseOrderLine: blank description', UPDATE_PO_LINE, (c) => ({ id: c.draft.lines[0].id, input: { description: '' } }), 'VALIDATION', ['input', 'description']],
    ['updatePurchaseOrderLine: other workspace’s job', UPDATE_PO_LINE, (c) => ({ id: c.draft.lines[0].id, input: { jobId: c.otherJob.id } }), 'NOT_FOUND', ['input', 'jobId']],
    ['removePurchaseOrderLine: other workspace’s line', REMOVE_PO_LINE, (c) => ({ id: c.otherPo.lines[0].id }), 'NOT_FOUND', ['id']],
    ['submitPurchaseOrder: malformed id', SUBMIT_PO, () => ({ id: '1' }), 'NOT_FOUND', ['id']],
    ['cancelPurchaseOrder: other workspace’s order', CANCEL_PO, (c) => ({ id: c.otherPo.id }), 'NOT_FOUND', ['id']],
    ['receivePurchaseOrder: unknown order', RECEIVE_PO, (c) => ({ id: randomUUID(), lines: [{ lineId: c.sub.lines[0].id, quantity: '1' }] }), 'NOT_FOUND', ['id']],
    ['receivePurchaseOrder: empty lines', RECEIVE_PO, (c) => ({ id: c.sub.id, lines: [] }), 'VALIDATION', ['lines']],
    [
      'receivePurchaseOrder: duplicate lineId',
      RECEIVE_PO,
      (c) => ({
        id: c.sub.id,
        lines: [
          { lineId: c.sub.lines[0].id, quantity: '1' },
          { lineId: c.sub.lines[0].id, quantity: '1' },
        ],
      }),
      'VALIDATION',
      ['lines', '1', 'lineId'],
    ],
    ['receivePurchaseOrder: zero quantity', RECEIVE_PO, (c) => ({ id: c.sub.id, lines: [{ lineId: c.sub.lines[0].id, quantity: '0' }] }), 'VALIDATION', ['lines', '0', 'quantity']],
    [
      'receivePurchaseOrder: negative quantity',
      RECEIVE_PO,
      (c) => ({ id: c.sub.id, lines: [{ lineId: c.sub.lines[0].id, quantity: '-1' }] }),
      'VALIDATION',
      ['lines', '0', 'quantity'],
    ],
    [
      'receivePurchaseOrder: 4 decimals',
      RECEIVE_PO,
      (c) => ({ id: c.sub.id, lines: [{ lineId: c.sub.lines[0].id, quantity: '0.0001' }] }),
      'VALIDATION',
      ['lines', '0', 'quantity'],
    ],
    ['receivePurchaseOrder: malformed lineId', RECEIVE_PO, (c) => ({ id: c.sub.id, lines: [{ lineId: 'line', quantity: '1' }] }), 'VALIDATION', ['lines', '0', 'lineId']],
    ['receivePurchaseOrder: unknown lineId', RECEIVE_PO, (c) => ({ id: c.sub.id, lines: [{ lineId: randomUUID(), quantity: '1' }] }), 'NOT_FOUND', ['lines', '0', 'lineId']],
    [
      'receivePurchaseOrder: line of another order',
      RECEIVE_PO,
      (c) => ({ id: c.sub.id, lines: [{ lineId: c.sub2.lines[0].id, quantity: '1' }] }),
      'NOT_FOUND',
      ['lines', '0', 'lineId'],
    ],
    [
      'receivePurchaseOrder: more than ordered on the 2nd line',
      RECEIVE_PO,
      (c) => ({
        id: c.sub.id,
        lines: [
          { lineId: c.sub.lines[0].id, quantity: '5' },
          { lineId: c.sub.lines[1].id, quantity: '5.001' },
        ],
      }),
      'VALIDATION',
      ['lines', '1', 'quantity'],
    ],
  ];

  test.each(cases)('%s', async (_name, doc, vars, code, path) => {
    const c = await setup();
    const p = await expectNothingWritten(server.db, [c.ws.id, c.other.id], () => mutatePayload(c.ws, doc, vars(c)));
    for (const key of Object.keys(p).filter((k) => k !== 'userErrors')) expect(p[key]).toBeNull();
    expect(p.userErrors.length).toBeGreaterThanOrEqual(1);
    expect(p.userErrors[0]).toMatchObject({ code, path });
    expect(p.userErrors[0].message).toEqual(expect.any(String));
  });

  test('values the schema itself rejects are top-level BAD_USER_INPUT errors, nothing written', async () => {
    const c = await setup();
    const r = await expectNothingWritten(server.db, [c.ws.id], () => c.ws.gql(CREATE_PO, { input: { supplierId: c.supplier.id, orderDate: '2026-02-30', lines: [] } }));
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const r2 = await expectNothingWritten(server.db, [c.ws.id], () => c.ws.gql(RECEIVE_PO, { id: c.sub.id, lines: [{ lineId: c.sub.lines[0].id, quantity: 'one' }] }));
    expect(r2.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
