import { Decimal } from 'decimal.js';
import { nextNumber } from '../../db/counters';
import { findForUpdate, lockWithParent, mustExist } from '../../db/find';
import { workspaceOf, type RequestContext } from '../../graphql/context';
import type * as gql from '../../graphql/generated';
import type { PurchaseOrderFilter } from '../../graphql/generated';
import { bound, defineList, idEquals, oneOf, type ListArgs } from '../../graphql/list';
import { todayUtc } from '../../kernel/dates';
import { fail, UserErrorsException, type UserError } from '../../kernel/errors';
import { markedUp, money, quantity } from '../../kernel/money';
import { validateInput } from '../../kernel/validation';
import { CostLineKind, costingService } from '../costing';
import { Job } from '../jobs';
import { stockService } from '../stock';
import { lineAmountProblems, orderTotalProblem, type LineAmounts } from './order-bounds';
import { PurchaseOrderLine } from './purchase-order-line.entity';
import { CANCELLABLE, PurchaseOrderStatus, RECEIVABLE } from './purchase-order-status';
import { PurchaseOrder } from './purchase-order.entity';
import { purchasingLoaders } from './purchasing.loaders';
import { CreatePurchaseOrderInput, PurchaseOrderLineInput, ReceiveInput, UpdatePurchaseOrderInput, UpdatePurchaseOrderLineInput, type ReceiveLineInput } from './purchasing.inputs';
import { Supplier } from './supplier.entity';

const ORDER = { path: ['id'], what: 'Purchase order' };

const listOrders = defineList<PurchaseOrder, PurchaseOrderFilter, 'NUMBER'>({
  entity: PurchaseOrder,
  alias: 'po',
  sorts: { NUMBER: { expr: 'po.number', type: 'integer' } },
  defaultOrder: { field: 'NUMBER', direction: 'DESC' },
  filters: {
    status: oneOf('po.status'),
    supplierId: idEquals('po.supplier_id'),
    orderedFrom: bound('po.order_date', '>='),
    orderedTo: bound('po.order_date', '<='),
  },
  prime: (ctx) => ctx.loaders.get(purchasingLoaders).purchaseOrder,
});

function assertDraft(order: PurchaseOrder, path: string[]): void {
  if (order.status !== PurchaseOrderStatus.DRAFT) {
    fail('VALIDATION', `Lines can be changed only while the order is DRAFT; it is ${order.status}`, path);
  }
}

/** Locks an order line and its order (order first, like receipts), or fails with NOT_FOUND. */
async function lockLine(ctx: RequestContext, id: string): Promise<{ line: PurchaseOrderLine; order: PurchaseOrder }> {
  const workspaceId = workspaceOf(ctx);
  const { row, parent } = await lockWithParent(
    ctx.em,
    PurchaseOrderLine,
    workspaceId,
    id,
    { path: ['id'], what: 'Purchase-order line' },
    (l) => l.purchaseOrderId,
    (orderId) => findForUpdate(ctx.em, PurchaseOrder, workspaceId, orderId, ORDER),
  );
  return { line: row, order: parent };
}

async function saveLine(ctx: RequestContext, orderId: string, input: PurchaseOrderLineInput, path: string[]) {
  const workspaceId = workspaceOf(ctx);
  if (input.jobId) await mustExist(ctx.em, Job, workspaceId, input.jobId, { path: [...path, 'jobId'], what: 'Job' });
  return ctx.em.save(
    ctx.em.create(PurchaseOrderLine, {
      workspaceId,
      purchaseOrderId: orderId,
      description: input.description,
      itemCode: input.itemCode ?? null,
      quantityOrdered: quantity(input.quantityOrdered),
      unitCost: money(input.unitCost),
      quantityReceived: '0.000',
      jobId: input.jobId ?? null,
    }),
  );
}

/**
 * Refuses amounts no receipt could store: each changed line (with the path of its input) and the
 * order's total over all its lines once changed (`lines`, reported at `totalPath`).
 */
function checkAmounts(ctx: RequestContext, changed: Array<[LineAmounts, string[]]>, lines: LineAmounts[], totalPath: string[]): void {
  const errors = changed.flatMap(([line, path]) => lineAmountProblems(line, ctx.settings.stockMarkupPercent, path));
  const total = errors.length ? null : orderTotalProblem(lines, totalPath);
  if (total) errors.push(total);
  if (errors.length) throw new UserErrorsException(errors);
}

/** The other lines of an order, for its total. */
function otherLines(ctx: RequestContext, orderId: string, exceptId?: string): Promise<PurchaseOrderLine[]> {
  return ctx.em.find(PurchaseOrderLine, { where: { purchaseOrderId: orderId } }).then((ls) => ls.filter((l) => l.id !== exceptId));
}

/** Checks a receipt against the order's lines: each line once, never more than is left to receive. */
function checkReceipt(receipt: ReceiveLineInput[], byId: Map<string, PurchaseOrderLine>): void {
  const errors: UserError[] = [];
  const seen = new Set<string>();
  receipt.forEach((r, i) => {
    const path = ['lines', String(i)];
    const line = byId.get(r.lineId);
    if (!line) return errors.push({ code: 'NOT_FOUND', message: `Line ${r.lineId} is not a line of this order`, path: [...path, 'lineId'] });
    if (seen.has(r.lineId)) return errors.push({ code: 'VALIDATION', message: 'Each line may appear once in a receipt', path: [...path, 'lineId'] });
    seen.add(r.lineId);
    const left = new Decimal(line.quantityOrdered).minus(line.quantityReceived);
    if (new Decimal(r.quantity).gt(left)) {
      errors.push({ code: 'VALIDATION', message: `Only ${quantity(left)} of "${line.description}" is left to receive`, path: [...path, 'quantity'] });
    }
  });
  if (errors.length) throw new UserErrorsException(errors);
}

/** Purchase orders: ordering goods from suppliers and receiving them into stock or onto jobs. */
export const purchaseOrderService = {
  get(ctx: RequestContext, id: string): Promise<PurchaseOrder | null> {
    return ctx.loaders.get(purchasingLoaders).purchaseOrder.load(id);
  },

  list(ctx: RequestContext, args: ListArgs<PurchaseOrderFilter, 'NUMBER'>) {
    return listOrders(ctx, args);
  },

  /** Sum of quantity ordered × unit cost over an order's lines. */
  async totalCost(ctx: RequestContext, order: PurchaseOrder): Promise<string> {
    const lines = await ctx.loaders.get(purchasingLoaders).linesByPurchaseOrder.load(order.id);
    return lines.reduce((total, l) => money(new Decimal(total).plus(money(new Decimal(l.quantityOrdered).times(l.unitCost)))), '0.00');
  },

  async create(ctx: RequestContext, input: gql.CreatePurchaseOrderInput): Promise<PurchaseOrder> {
    const workspaceId = workspaceOf(ctx);
    const data = await validateInput(CreatePurchaseOrderInput, input);
    const lines = data.lines ?? [];
    checkAmounts(
      ctx,
      lines.map((l, i) => [l, ['input', 'lines', String(i)]]),
      lines,
      ['input', 'lines'],
    );
    await mustExist(ctx.em, Supplier, workspaceId, data.supplierId, { path: ['input', 'supplierId'], what: 'Supplier' });
    const order = await ctx.em.save(
      ctx.em.create(PurchaseOrder, {
        workspaceId,
        number: await nextNumber(ctx.em, workspaceId, 'purchase_order'),
        supplierId: data.supplierId,
        status: PurchaseOrderStatus.DRAFT,
        orderDate: data.orderDate ?? todayUtc(),
        expectedDate: data.expectedDate ?? null,
        reference: data.reference ?? null,
      }),
    );
    for (const [i, line] of (data.lines ?? []).entries()) await saveLine(ctx, order.id, line, ['input', 'lines', String(i)]);
    return order;
  },

  async update(ctx: RequestContext, id: string, input: gql.UpdatePurchaseOrderInput): Promise<PurchaseOrder> {
    const workspaceId = workspaceOf(ctx);
    const order = await findForUpdate(ctx.em, PurchaseOrder, workspaceId, id, ORDER);
    const data = await validateInput(UpdatePurchaseOrderInput, input);
    if ([PurchaseOrderStatus.RECEIVED, PurchaseOrderStatus.CANCELLED].includes(order.status)) {
      fail('VALIDATION', `A ${order.status} order cannot be changed`, ['id']);
    }
    if (data.supplierId !== undefined && data.supplierId !== order.supplierId) {
      assertDraft(order, ['input', 'supplierId']);
      await mustExist(ctx.em, Supplier, workspaceId, data.supplierId, { path: ['input', 'supplierId'], what: 'Supplier' });
    }
    Object.assign(order, data);
    return ctx.em.save(order);
  },

  async addLine(ctx: RequestContext, orderId: string, input: gql.PurchaseOrderLineInput): Promise<PurchaseOrder> {
    const order = await findForUpdate(ctx.em, PurchaseOrder, workspaceOf(ctx), orderId, { path: ['purchaseOrderId'], what: 'Purchase order' });
    assertDraft(order, ['purchaseOrderId']);
    const data = await validateInput(PurchaseOrderLineInput, input);
    checkAmounts(ctx, [[data, ['input']]], [...(await otherLines(ctx, order.id)), data], ['input']);
    await saveLine(ctx, order.id, data, ['input']);
    return order;
  },

  async updateLine(ctx: RequestContext, id: string, input: gql.UpdatePurchaseOrderLineInput): Promise<PurchaseOrder> {
    const { line, order } = await lockLine(ctx, id);
    assertDraft(order, ['id']);
    const data = await validateInput(UpdatePurchaseOrderLineInput, input);
    if (data.jobId) await mustExist(ctx.em, Job, workspaceOf(ctx), data.jobId, { path: ['input', 'jobId'], what: 'Job' });
    Object.assign(line, data);
    if (data.quantityOrdered !== undefined) line.quantityOrdered = quantity(data.quantityOrdered);
    if (data.unitCost !== undefined) line.unitCost = money(data.unitCost);
    checkAmounts(ctx, [[line, ['input']]], [...(await otherLines(ctx, order.id, line.id)), line], ['input']);
    await ctx.em.save(line);
    return order;
  },

  async removeLine(ctx: RequestContext, id: string): Promise<PurchaseOrder> {
    const { line, order } = await lockLine(ctx, id);
    assertDraft(order, ['id']);
    await ctx.em.remove(line);
    return order;
  },

  async submit(ctx: RequestContext, id: string): Promise<PurchaseOrder> {
    const order = await findForUpdate(ctx.em, PurchaseOrder, workspaceOf(ctx), id, ORDER);
    if (order.status !== PurchaseOrderStatus.DRAFT) fail('INVALID_STATUS_TRANSITION', `A ${order.status} order cannot be submitted`, ['id']);
    if (!(await ctx.em.existsBy(PurchaseOrderLine, { purchaseOrderId: order.id }))) fail('VALIDATION', 'An order needs at least one line to be submitted', ['id']);
    order.status = PurchaseOrderStatus.SUBMITTED;
    return ctx.em.save(order);
  },

  async cancel(ctx: RequestContext, id: string): Promise<PurchaseOrder> {
    const order = await findForUpdate(ctx.em, PurchaseOrder, workspaceOf(ctx), id, ORDER);
    if (!CANCELLABLE.includes(order.status)) fail('INVALID_STATUS_TRANSITION', `A ${order.status} order cannot be cancelled`, ['id']);
    order.status = PurchaseOrderStatus.CANCELLED;
    return ctx.em.save(order);
  },

  /**
   * Receives goods in one transaction: job-allocated lines onto the job's actual costs (costing),
   * the others into stock (stock). The order row is locked first, so concurrent receipts of one
   * order run one after the other and each sees what the previous one received; the CHECK on
   * purchase_order_lines backs the "never above ordered" rule in the database.
   */
  async receive(ctx: RequestContext, id: string, lines: gql.ReceiveLineInput[]): Promise<PurchaseOrder> {
    const order = await findForUpdate(ctx.em, PurchaseOrder, workspaceOf(ctx), id, ORDER);
    const data = await validateInput(ReceiveInput, { lines }, []);
    if (!RECEIVABLE.includes(order.status)) fail('INVALID_STATUS_TRANSITION', `A ${order.status} order cannot receive goods`, ['id']);
    const orderLines = await ctx.em.find(PurchaseOrderLine, { where: { purchaseOrderId: order.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    const byId = new Map(orderLines.map((l) => [l.id, l]));
    checkReceipt(data.lines, byId);

    // Job-allocated lines first, by job id: every path locks cost sets before stock items, and receipts
    // lock jobs' cost sets in one global order, so concurrent receipts for the same jobs never deadlock.
    const jobKey = (r: { lineId: string }) => byId.get(r.lineId)!.jobId ?? '\uffff';
    const entries = [...data.lines.entries()].sort(([, a], [, b]) => (jobKey(a) < jobKey(b) ? -1 : jobKey(a) > jobKey(b) ? 1 : 0));
    for (const [i, r] of entries) {
      const line = byId.get(r.lineId)!;
      line.quantityReceived = quantity(new Decimal(line.quantityReceived).plus(r.quantity));
      await ctx.em.save(line);
      if (line.jobId) {
        const draft = {
          kind: CostLineKind.MATERIAL,
          description: line.description,
          quantity: r.quantity,
          unitCost: line.unitCost,
          unitRev: markedUp(line.unitCost, ctx.settings.stockMarkupPercent),
          accountingDate: todayUtc(),
          extRefs: { purchaseOrderId: order.id, purchaseOrderLineId: line.id },
        };
        await costingService.addToLatestActual(ctx, line.jobId, draft, { paths: { job: ['lines', String(i), 'lineId'], line: ['lines', String(i)] } });
      } else {
        await stockService.receive(ctx, { purchaseOrderLineId: line.id, description: line.description, itemCode: line.itemCode, unitCost: line.unitCost, quantity: r.quantity });
      }
    }
    const complete = orderLines.every((l) => new Decimal(l.quantityReceived).gte(l.quantityOrdered));
    order.status = complete ? PurchaseOrderStatus.RECEIVED : PurchaseOrderStatus.PARTIALLY_RECEIVED;
    return ctx.em.save(order);
  },
};
