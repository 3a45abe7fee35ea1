import { unique } from './factories';
import { dataOf, mutate, mutatePayload, USER_ERRORS } from './graphql';
import type { TestWorkspace } from './server';

/** Helpers for the purchasing and stock tests: documents, and factories that go through the public API. */

// ------------------------------------------------------------------------------------------ fragments

export const SUPPLIER_FIELDS = 'id name email phone accountRef createdAt updatedAt';
export const PO_LINE_FIELDS = 'id description itemCode quantityOrdered unitCost quantityReceived job { id } purchaseOrder { id }';
export const PO_FIELDS = `id number status orderDate expectedDate reference supplier { id name } totalCost lines { ${PO_LINE_FIELDS} }`;
export const STOCK_FIELDS =
  'id description itemCode unitCost quantityOnHand quantityUsed quantityAvailable sourcePurchaseOrderLine { id } costLines { id quantity }';
export const STOCK_LINE_FIELDS =
  'id kind description quantity unitCost unitRev totalCost totalRev accountingDate extRefs stockItem { id quantityAvailable } costSet { id rev kind }';

// ------------------------------------------------------------------------------------------ documents

export const CREATE_SUPPLIER = `mutation($input: CreateSupplierInput!, $reason: String) {
  createSupplier(input: $input, reason: $reason) { supplier { ${SUPPLIER_FIELDS} } ${USER_ERRORS} } }`;
export const UPDATE_SUPPLIER = `mutation($id: ID!, $input: UpdateSupplierInput!) {
  updateSupplier(id: $id, input: $input) { supplier { ${SUPPLIER_FIELDS} } ${USER_ERRORS} } }`;
export const DELETE_SUPPLIER = `mutation($id: ID!) { deleteSupplier(id: $id) { supplier { id } ${USER_ERRORS} } }`;
export const CREATE_PO = `mutation($input: CreatePurchaseOrderInput!, $reason: String) {
  createPurchaseOrder(input: $input, reason: $reason) { purchaseOrder { ${PO_FIELDS} } ${USER_ERRORS} } }`;
export const UPDATE_PO = `mutation($id: ID!, $input: UpdatePurchaseOrderInput!) {
  updatePurchaseOrder(id: $id, input: $input) { purchaseOrder { ${PO_FIELDS} } ${USER_ERRORS} } }`;
export const ADD_PO_LINE = `mutation($id: ID!, $input: PurchaseOrderLineInput!) {
  addPurchaseOrderLine(purchaseOrderId: $id, input: $input) { purchaseOrder { ${PO_FIELDS} } ${USER_ERRORS} } }`;
export const UPDATE_PO_LINE = `mutation($id: ID!, $input: UpdatePurchaseOrderLineInput!) {
  updatePurchaseOrderLine(id: $id, input: $input) { purchaseOrder { ${PO_FIELDS} } ${USER_ERRORS} } }`;
export const REMOVE_PO_LINE = `mutation($id: ID!) { removePurchaseOrderLine(id: $id) { purchaseOrder { ${PO_FIELDS} } ${USER_ERRORS} } }`;
export const SUBMIT_PO = `mutation($id: ID!) { submitPurchaseOrder(id: $id) { purchaseOrder { id status } ${USER_ERRORS} } }`;
export const CANCEL_PO = `mutation($id: ID!) { cancelPurchaseOrder(id: $id) { purchaseOrder { id status } ${USER_ERRORS} } }`;
export const RECEIVE_PO = `mutation($id: ID!, $lines: [ReceiveLineInput!]!, $reason: String) {
  receivePurchaseOrder(id: $id, lines: $lines, reason: $reason) { purchaseOrder { ${PO_FIELDS} } ${USER_ERRORS} } }`;
export const CONSUME = `mutation($jobId: ID!, $stockItemId: ID!, $quantity: Decimal!, $accountingDate: Date, $reason: String) {
  consumeStock(jobId: $jobId, stockItemId: $stockItemId, quantity: $quantity, accountingDate: $accountingDate, reason: $reason) {
    costLine { ${STOCK_LINE_FIELDS} } costSet { id rev summary { cost rev hours } } ${USER_ERRORS} } }`;
export const RETURN = `mutation($id: ID!, $quantity: Decimal!, $reason: String) {
  returnStock(costLineId: $id, quantity: $quantity, reason: $reason) {
    costLine { id quantity unitCost unitRev totalCost totalRev } costSet { id summary { cost rev hours } } ${USER_ERRORS} } }`;
export const STOCK_ITEM = `query($id: ID!) { stockItem(id: $id) { ${STOCK_FIELDS} } }`;
export const PURCHASE_ORDER = `query($id: ID!) { purchaseOrder(id: $id) { ${PO_FIELDS} } }`;

// ------------------------------------------------------------------------------------------ factories

export interface PoLineInput {
  description?: string;
  itemCode?: string | null;
  quantityOrdered: string;
  unitCost: string;
  jobId?: string | null;
}

export async function createSupplier(ws: TestWorkspace, input: Record<string, unknown> = {}): Promise<any> {
  return (await mutate(ws, CREATE_SUPPLIER, { input: { name: unique('Supplier'), ...input } })).supplier;
}

/** Creates a DRAFT purchase order (and a supplier for it unless `supplierId` is given). */
export async function createPurchaseOrder(
  ws: TestWorkspace,
  input: { supplierId?: string; orderDate?: string; expectedDate?: string; reference?: string; lines?: PoLineInput[] } = {},
): Promise<any> {
  const supplierId = input.supplierId ?? (await createSupplier(ws)).id;
  const lines = (input.lines ?? []).map((l) => ({ description: unique('item'), ...l }));
  return (await mutate(ws, CREATE_PO, { input: { ...input, supplierId, lines } })).purchaseOrder;
}

/** Creates and submits a purchase order. */
export async function submittedOrder(ws: TestWorkspace, lines: PoLineInput[], input: { supplierId?: string } = {}): Promise<any> {
  const po = await createPurchaseOrder(ws, { ...input, lines });
  const p = await mutate(ws, SUBMIT_PO, { id: po.id });
  expect(p.purchaseOrder.status).toBe('SUBMITTED');
  return { ...po, status: 'SUBMITTED' };
}

export async function receive(ws: TestWorkspace, orderId: string, lines: Array<{ lineId: string; quantity: string }>, reason?: string): Promise<any> {
  return (await mutate(ws, RECEIVE_PO, { id: orderId, lines, reason })).purchaseOrder;
}

/** Receives a new one-line order into stock; returns the stock item (and the order and line). */
export async function stockItem(
  ws: TestWorkspace,
  opts: { quantity: string; unitCost: string; description?: string; itemCode?: string | null; supplierId?: string },
): Promise<{ id: string; orderId: string; lineId: string; item: any }> {
  const description = opts.description ?? unique('Stock');
  const po = await submittedOrder(
    ws,
    [{ description, itemCode: opts.itemCode ?? null, quantityOrdered: opts.quantity, unitCost: opts.unitCost }],
    { supplierId: opts.supplierId },
  );
  const lineId = po.lines[0].id;
  await receive(ws, po.id, [{ lineId, quantity: opts.quantity }]);
  const items = dataOf(
    await ws.gql(`query($q: String) { stockItems(first: 100, filter: { search: $q }) { nodes { ${STOCK_FIELDS} } } }`, { q: description }),
  ).stockItems.nodes;
  const item = items.find((i: any) => i.sourcePurchaseOrderLine?.id === lineId);
  if (!item) throw new Error('received stock item not found');
  return { id: item.id, orderId: po.id, lineId, item };
}

export async function consume(ws: TestWorkspace, jobId: string, stockItemId: string, quantity: string, extra: Record<string, unknown> = {}) {
  return mutate(ws, CONSUME, { jobId, stockItemId, quantity, ...extra });
}

export async function consumePayload(ws: TestWorkspace, jobId: string, stockItemId: string, quantity: string) {
  return mutatePayload(ws, CONSUME, { jobId, stockItemId, quantity });
}

export async function returnStock(ws: TestWorkspace, costLineId: string, quantity: string) {
  return mutate(ws, RETURN, { id: costLineId, quantity });
}

export async function readStockItem(ws: TestWorkspace, id: string): Promise<any> {
  return dataOf(await ws.gql(STOCK_ITEM, { id })).stockItem;
}

export async function readOrder(ws: TestWorkspace, id: string): Promise<any> {
  return dataOf(await ws.gql(PURCHASE_ORDER, { id })).purchaseOrder;
}

export const COST_SUMMARY = 'costSummary { actualCost actualRevenue actualHours profit marginPercent }';

export async function jobCosts(ws: TestWorkspace, jobId: string): Promise<any> {
  return dataOf(
    await ws.gql(
      `query($id: ID!) { job(id: $id) { ${COST_SUMMARY} latestActual { id rev summary { cost rev hours } costLines { ${STOCK_LINE_FIELDS} } } } }`,
      { id: jobId },
    ),
  ).job;
}
