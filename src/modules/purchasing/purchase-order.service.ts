import { Decimal } from 'decimal.js';
import type { EntityManager } from 'typeorm';
import { nextNumber } from '../../db/counters';
import { findForUpdate } from '../../db/find';
import { session, type RequestContext } from '../../graphql/context';
import { fail, UserErrorsException, type UserError } from '../../graphql/errors';
import type { PurchaseOrderFilter } from '../../graphql/generated';
import { isUuid } from '../../graphql/ids';
import { runMutation } from '../../graphql/mutation';
import { paginate, type PageArgs } from '../../graphql/pagination';
import { validateInput } from '../../graphql/validation';
import { CostLineKind } from '../costing/cost-kinds';
import { todayUtc } from '../costing/cost-line.rules';
import { bookOnLatestActual } from '../costing/costing.service';
import { markedUp, money, quantity } from '../costing/money';
import { Job } from '../jobs/job.entity';
import { StockItem } from '../stock/stock-item.entity';
import { PurchaseOrderLine } from './purchase-order-line.entity';
import { CANCELLABLE, PurchaseOrderStatus, RECEIVABLE } from './purchase-order-status';
import { PurchaseOrder } from './purchase-order.entity';
import {
  CreatePurchaseOrderInput,
  PurchaseOrderLineInput,
  ReceiveInput,
  UpdatePurchaseOrderInput,
  UpdatePurchaseOrderLineInput,
} from './purchasing.inputs';
import { Supplier } from './supplier.entity';

async function checkSupplier(em: EntityManager, workspaceId: string, supplierId: string, path: string[]): Promise<void> {
  if (!(await em.existsBy(Supplier, { id: supplierId, workspaceId }))) fail('NOT_FOUND', `Supplier ${supplierId} was not found`, path);
}

async function checkJob(em: EntityManager, workspaceId: string, jobId: string, path: string[]): Promise<void> {
  if (!(await em.existsBy(Job, { id: jobId, workspaceId }))) fail('NOT_FOUND', `Job ${jobId} was not found`, path);
}

function assertDraft(order: PurchaseOrder, path: string[]): void {
  if (order.status !== PurchaseOrderStatus.DRAFT) {
    fail('VALIDATION', `Lines can be changed only while the order is DRAFT; it is ${order.status}`, path);
  }
}

/** Locks an order line and its order (order first, like receipts), or fails with NOT_FOUND. */
async function lockLine(em: EntityManager, workspaceId: string, id: string): Promise<{ line: PurchaseOrderLine; order: PurchaseOrder }> {
  const found = isUuid(id) ? await em.findOneBy(PurchaseOrderLine, { id, workspaceId }) : null;
  if (!found) fail('NOT_FOUND', `Purchase-order line ${id} was not found`, ['id']);
  const order = await findForUpdate(em, PurchaseOrder, workspaceId, found.purchaseOrderId, ['id'], 'Purchase order');
  const line = await findForUpdate(em, PurchaseOrderLine, workspaceId, id, ['id'], 'Purchase-order line');
  return { line, order };
}

async function saveLine(em: EntityManager, workspaceId: string, orderId: string, input: PurchaseOrderLineInput, path: string[]) {
  if (input.jobId) await checkJob(em, workspaceId, input.jobId, [...path, 'jobId']);
  return em.save(
    em.create(PurchaseOrderLine, {
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

/** Purchase orders: ordering goods from suppliers and receiving them into stock or onto jobs. */
export const purchaseOrderService = {
  get(ctx: RequestContext, id: string): Promise<PurchaseOrder | null> {
    return ctx.loaders.purchaseOrder.load(id);
  },

  async list(ctx: RequestContext, args: PageArgs & { filter?: PurchaseOrderFilter | null }) {
    const { workspaceId } = session(ctx);
    const f = args.filter ?? {};
    const qb = ctx.db.getRepository(PurchaseOrder).createQueryBuilder('po').where('po.workspace_id = :ws', { ws: workspaceId });
    if (f.status?.length) qb.andWhere('po.status::text = ANY(:status)', { status: f.status });
    if (f.supplierId != null) qb.andWhere(isUuid(f.supplierId) ? 'po.supplier_id = :supplierId' : 'false', { supplierId: f.supplierId });
    if (f.orderedFrom) qb.andWhere('po.order_date >= :from', { from: f.orderedFrom });
    if (f.orderedTo) qb.andWhere('po.order_date <= :to', { to: f.orderedTo });
    const page = await paginate(qb, 'po', { name: 'NUMBER', expr: 'po.number', type: 'integer' }, true, args);
    page.nodes.forEach((po) => ctx.loaders.purchaseOrder.prime(po.id, po));
    return page;
  },

  /** Sum of quantity ordered × unit cost over an order's lines. */
  async totalCost(ctx: RequestContext, order: PurchaseOrder): Promise<string> {
    const lines = await ctx.loaders.linesByPurchaseOrder.load(order.id);
    return lines.reduce((total, l) => money(new Decimal(total).plus(money(new Decimal(l.quantityOrdered).times(l.unitCost)))), '0.00');
  },

  create(ctx: RequestContext, input: unknown, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const data = await validateInput(CreatePurchaseOrderInput, input);
      await checkSupplier(em, workspaceId, data.supplierId, ['input', 'supplierId']);
      const order = await em.save(
        em.create(PurchaseOrder, {
          workspaceId,
          number: await nextNumber(em, workspaceId, 'purchase_order'),
          supplierId: data.supplierId,
          status: PurchaseOrderStatus.DRAFT,
          orderDate: data.orderDate ?? todayUtc(),
          expectedDate: data.expectedDate ?? null,
          reference: data.reference ?? null,
        }),
      );
      for (const [i, line] of (data.lines ?? []).entries()) await saveLine(em, workspaceId, order.id, line, ['input', 'lines', String(i)]);
      return { purchaseOrder: order };
    });
  },

  update(ctx: RequestContext, id: string, input: unknown, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const order = await findForUpdate(em, PurchaseOrder, workspaceId, id, ['id'], 'Purchase order');
      const data = await validateInput(UpdatePurchaseOrderInput, input);
      if ([PurchaseOrderStatus.RECEIVED, PurchaseOrderStatus.CANCELLED].includes(order.status)) {
        fail('VALIDATION', `A ${order.status} order cannot be changed`, ['id']);
      }
      if (data.supplierId !== undefined && data.supplierId !== order.supplierId) {
        assertDraft(order, ['input', 'supplierId']);
        await checkSupplier(em, workspaceId, data.supplierId, ['input', 'supplierId']);
      }
      Object.assign(order, data);
      return { purchaseOrder: await em.save(order) };
    });
  },

  addLine(ctx: RequestContext, orderId: string, input: unknown, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const order = await findForUpdate(em, PurchaseOrder, workspaceId, orderId, ['purchaseOrderId'], 'Purchase order');
      assertDraft(order, ['purchaseOrderId']);
      await saveLine(em, workspaceId, order.id, await validateInput(PurchaseOrderLineInput, input), ['input']);
      return { purchaseOrder: order };
    });
  },

  updateLine(ctx: RequestContext, id: string, input: unknown, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const { line, order } = await lockLine(em, workspaceId, id);
      assertDraft(order, ['id']);
      const data = await validateInput(UpdatePurchaseOrderLineInput, input);
      if (data.jobId) await checkJob(em, workspaceId, data.jobId, ['input', 'jobId']);
      Object.assign(line, data);
      if (data.quantityOrdered !== undefined) line.quantityOrdered = quantity(data.quantityOrdered);
      if (data.unitCost !== undefined) line.unitCost = money(data.unitCost);
      await em.save(line);
      return { purchaseOrder: order };
    });
  },

  removeLine(ctx: RequestContext, id: string, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const { line, order } = await lockLine(em, workspaceId, id);
      assertDraft(order, ['id']);
      await em.remove(line);
      return { purchaseOrder: order };
    });
  },

  submit(ctx: RequestContext, id: string, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const order = await findForUpdate(em, PurchaseOrder, workspaceId, id, ['id'], 'Purchase order');
      if (order.status !== PurchaseOrderStatus.DRAFT) fail('INVALID_STATUS_TRANSITION', `A ${order.status} order cannot be submitted`, ['id']);
      if (!(await em.existsBy(PurchaseOrderLine, { purchaseOrderId: order.id }))) fail('VALIDATION', 'An order needs at least one line to be submitted', ['id']);
      order.status = PurchaseOrderStatus.SUBMITTED;
      return { purchaseOrder: await em.save(order) };
    });
  },

  cancel(ctx: RequestContext, id: string, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const order = await findForUpdate(em, PurchaseOrder, workspaceId, id, ['id'], 'Purchase order');
      if (!CANCELLABLE.includes(order.status)) fail('INVALID_STATUS_TRANSITION', `A ${order.status} order cannot be cancelled`, ['id']);
      order.status = PurchaseOrderStatus.CANCELLED;
      return { purchaseOrder: await em.save(order) };
    });
  },

  /**
   * Receives goods in one transaction. The order row is locked first, so concurrent receipts of one
   * order run one after the other and each sees what the previous one received; the CHECK on
   * purchase_order_lines backs the "never above ordered" rule in the database.
   */
  receive(ctx: RequestContext, id: string, lines: unknown, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const order = await findForUpdate(em, PurchaseOrder, workspaceId, id, ['id'], 'Purchase order');
      const data = await validateInput(ReceiveInput, { lines }, []);
      if (!RECEIVABLE.includes(order.status)) fail('INVALID_STATUS_TRANSITION', `A ${order.status} order cannot receive goods`, ['id']);
      const orderLines = await em.find(PurchaseOrderLine, { where: { purchaseOrderId: order.id }, order: { createdAt: 'ASC', id: 'ASC' } });
      const byId = new Map(orderLines.map((l) => [l.id, l]));
      const errors: UserError[] = [];
      const seen = new Set<string>();
      data.lines.forEach((r, i) => {
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

      // Job-allocated lines first, by job id: every path locks cost sets before stock items, and receipts
      // lock jobs' cost sets in one global order, so concurrent receipts for the same jobs never deadlock.
      const jobKey = (r: { lineId: string }) => byId.get(r.lineId)!.jobId ?? '\uffff';
      const entries = [...data.lines.entries()].sort(([, a], [, b]) => (jobKey(a) < jobKey(b) ? -1 : jobKey(a) > jobKey(b) ? 1 : 0));
      for (const [i, r] of entries) {
        const line = byId.get(r.lineId)!;
        line.quantityReceived = quantity(new Decimal(line.quantityReceived).plus(r.quantity));
        await em.save(line);
        if (line.jobId) {
          await bookOnLatestActual(em, workspaceId, line.jobId, { job: ['lines', String(i), 'lineId'], line: ['lines', String(i)] }, {
            kind: CostLineKind.MATERIAL,
            description: line.description,
            quantity: r.quantity,
            unitCost: line.unitCost,
            unitRev: markedUp(line.unitCost, ctx.settings.stockMarkupPercent),
            accountingDate: todayUtc(),
            extRefs: { purchaseOrderId: order.id, purchaseOrderLineId: line.id },
          });
          continue;
        }
        const stock = await em.findOne(StockItem, { where: { sourcePurchaseOrderLineId: line.id, workspaceId }, lock: { mode: 'pessimistic_write' } });
        if (stock) {
          stock.quantityOnHand = quantity(new Decimal(stock.quantityOnHand).plus(r.quantity));
          await em.save(stock);
        } else {
          await em.save(
            em.create(StockItem, {
              workspaceId,
              description: line.description,
              itemCode: line.itemCode,
              unitCost: line.unitCost,
              quantityOnHand: quantity(r.quantity),
              quantityUsed: '0.000',
              sourcePurchaseOrderLineId: line.id,
            }),
          );
        }
      }
      const complete = orderLines.every((l) => new Decimal(l.quantityReceived).gte(l.quantityOrdered));
      order.status = complete ? PurchaseOrderStatus.RECEIVED : PurchaseOrderStatus.PARTIALLY_RECEIVED;
      return { purchaseOrder: await em.save(order) };
    });
  },
};
