import { Role } from './support/app';
import type { TestContext } from './support/context';
import { expectNothingWritten } from './support/database';
import { CREATE_PO, mutatePayload, USER_ERRORS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';

/**
 * An accepted purchase order can always be received: each line's quantity × unit cost (and its
 * revenue at the stock markup) and the order's total fit the money columns of cost lines and stock.
 */
const ADD_LINE = `mutation($id: ID!, $input: PurchaseOrderLineInput!) { addPurchaseOrderLine(purchaseOrderId: $id, input: $input) { purchaseOrder { id } ${USER_ERRORS} } }`;
const UPDATE_LINE = `mutation($id: ID!, $input: UpdatePurchaseOrderLineInput!) { updatePurchaseOrderLine(id: $id, input: $input) { purchaseOrder { id } ${USER_ERRORS} } }`;

let server: TestServer;
let ws: TestContext;
let supplierId: string;

beforeAll(async () => {
  server = await startTestServer();
  ws = await server.newWorkspace(Role.ADMIN);
  supplierId = (await ws.newSupplier()).id;
});
afterAll(async () => {
  await server?.close();
});

const line = (quantityOrdered: string, unitCost: string, extra: Record<string, unknown> = {}) => ({ description: 'Bulk', quantityOrdered, unitCost, ...extra });

it('refuses a line whose total does not fit, naming the line, and writes nothing', async () => {
  const payload = await expectNothingWritten(server.db, [ws.id], () =>
    mutatePayload(ws, CREATE_PO, { input: { supplierId, lines: [line('1', '5'), line('999999999.999', '9999999999.99')] } }),
  );
  expect(payload.purchaseOrder).toBeNull();
  expect(payload.userErrors).toEqual([
    { code: 'VALIDATION', path: ['input', 'lines', '1', 'unitCost'], message: expect.stringMatching(/quantityOrdered × unitCost .* at most 9999999999\.99/) },
  ]);
});

it('refuses a job line whose revenue at the stock markup would not fit a cost line', async () => {
  const job = await ws.newJob();
  // 9,000,000,000.00 at cost fits; with the default 20% markup the revenue (10.8 billion) does not.
  const payload = await mutatePayload(ws, CREATE_PO, { input: { supplierId, lines: [line('1000', '9000000', { jobId: job.id })] } });
  expect(payload.userErrors).toEqual([{ code: 'VALIDATION', path: ['input', 'lines', '0', 'unitCost'], message: expect.stringMatching(/stock markup/) }]);
});

it('refuses an order whose total does not fit, though every line does', async () => {
  const payload = await mutatePayload(ws, CREATE_PO, { input: { supplierId, lines: [line('1000', '5000000'), line('1000', '5000000')] } });
  expect(payload.userErrors).toEqual([{ code: 'VALIDATION', path: ['input', 'lines'], message: expect.stringMatching(/order would total 10000000000\.00/) }]);
});

it('checks added and changed lines against the order total too', async () => {
  const order = await ws.newPurchaseOrder({ supplierId, lines: [line('1000', '5000000')] });
  const lineId = order.lines[0].id;
  const added = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, ADD_LINE, { id: order.id, input: line('1000', '5000000') }));
  expect(added.userErrors).toEqual([{ code: 'VALIDATION', path: ['input'], message: expect.stringMatching(/order would total/) }]);
  const changed = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, UPDATE_LINE, { id: lineId, input: { quantityOrdered: '999999999' } }));
  expect(changed.userErrors).toEqual([{ code: 'VALIDATION', path: ['input', 'unitCost'], message: expect.stringMatching(/quantityOrdered × unitCost/) }]);
});

it('accepts the largest order that fits, and it can be received onto a job', async () => {
  const job = await ws.newJob();
  const order = await ws.newPurchaseOrder({ supplierId, lines: [line('1000', '8333333.32', { jobId: job.id })], submit: true });
  const received = await ws.receive(order.id, [{ lineId: order.lines[0].id, quantity: '1000' }]);
  expect(received.status).toBe('RECEIVED');
  expect(received.totalCost).toBe('8333333320.00');
});
