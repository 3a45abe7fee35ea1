import { Decimal } from 'decimal.js';
import { auditedUpdateRows } from '../../audit/bulk';
import { likePattern } from '../../db/like';
import { session, type RequestContext } from '../../graphql/context';
import { fail } from '../../graphql/errors';
import type { StockItemFilter } from '../../graphql/generated';
import { isUuid } from '../../graphql/ids';
import { runMutation } from '../../graphql/mutation';
import { paginate, type PageArgs } from '../../graphql/pagination';
import { validateInput } from '../../graphql/validation';
import { CostLineKind } from '../costing/cost-kinds';
import { resolveCostLine, todayUtc } from '../costing/cost-line.rules';
import { bookOnLatestActual, lockLine, refreshSummary } from '../costing/costing.service';
import { markedUp, quantity } from '../costing/money';
import { StockItem } from './stock-item.entity';
import { ConsumeStockInput, ReturnStockInput } from './stock.inputs';

/** Stock: goods on hand, consumed on jobs as material cost lines and returned from them. */
export const stockService = {
  get(ctx: RequestContext, id: string): Promise<StockItem | null> {
    return ctx.loaders.stockItem.load(id);
  },

  async list(ctx: RequestContext, args: PageArgs & { filter?: StockItemFilter | null }) {
    const { workspaceId } = session(ctx);
    const qb = ctx.db.getRepository(StockItem).createQueryBuilder('si').where('si.workspace_id = :ws', { ws: workspaceId });
    const search = args.filter?.search?.trim();
    if (search) qb.andWhere('(si.description ILIKE :q OR si.item_code ILIKE :q)', { q: likePattern(search) });
    if (args.filter?.inStock != null) qb.andWhere(`si.quantity_on_hand - si.quantity_used ${args.filter.inStock ? '>' : '<='} 0`);
    const page = await paginate(qb, 'si', { name: 'DESCRIPTION', expr: 'lower(si.description)', type: 'text' }, false, args);
    page.nodes.forEach((si) => ctx.loaders.stockItem.prime(si.id, si));
    return page;
  },

  /** quantity on hand − quantity used. */
  available(item: StockItem): string {
    return quantity(new Decimal(item.quantityOnHand).minus(item.quantityUsed));
  },

  /**
   * Takes stock for a job. The job's latest ACTUAL cost set is locked first (the order every line change
   * uses), then the quantity comes off the stock item in one conditional statement, `… WHERE
   * quantity_on_hand - quantity_used >= $q RETURNING …`, which also writes the stock item's history.
   * Concurrent requests queue on the row and each re-checks the condition, so stock never goes below zero.
   */
  consume(ctx: RequestContext, args: { jobId: string; stockItemId: string; quantity: string; accountingDate?: string | null }, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const data = await validateInput(ConsumeStockInput, args, []);
      const item = await em.findOneBy(StockItem, { id: data.stockItemId, workspaceId });
      if (!item) fail('NOT_FOUND', `Stock item ${data.stockItemId} was not found`, ['stockItemId']);
      return bookOnLatestActual(
        em,
        workspaceId,
        data.jobId,
        { job: ['jobId'], line: [] },
        {
          kind: CostLineKind.MATERIAL,
          description: item.description,
          quantity: data.quantity,
          unitCost: item.unitCost,
          unitRev: markedUp(item.unitCost, ctx.settings.stockMarkupPercent),
          accountingDate: data.accountingDate ?? todayUtc(),
          extRefs: { stockItemId: item.id, ...(item.itemCode ? { itemCode: item.itemCode } : {}) },
        },
        { stockItemId: item.id },
        async () => {
          const taken = await auditedUpdateRows(em, StockItem, {
            set: 'quantity_used = t.quantity_used + $3',
            where: 't.id = $1 AND t.workspace_id = $2 AND t.quantity_on_hand - t.quantity_used >= $3',
            params: [item.id, workspaceId, data.quantity],
          });
          if (taken.length === 0) {
            const [now] = await em.query('SELECT quantity_on_hand - quantity_used AS available FROM stock_items WHERE id = $1', [item.id]);
            fail('INSUFFICIENT_STOCK', `Only ${quantity(now.available)} of "${item.description}" is available`, ['quantity']);
          }
        },
      );
    });
  },

  /** Reverses a consumption, partly or fully: the stock goes back up, the cost line is reduced or removed. */
  return(ctx: RequestContext, costLineId: string, qty: string, reason?: string | null) {
    return runMutation(ctx, reason, async (em, { workspaceId }) => {
      const { quantity: q } = await validateInput(ReturnStockInput, { quantity: qty }, []);
      const { line, costSet } = await lockLine(em, workspaceId, costLineId, ['costLineId']);
      if (!line.stockItemId) fail('VALIDATION', 'This cost line was not taken from stock', ['costLineId']);
      if (new Decimal(q).gt(line.quantity)) fail('VALIDATION', `At most ${line.quantity} can be returned from this line`, ['quantity']);
      await auditedUpdateRows(em, StockItem, {
        set: 'quantity_used = t.quantity_used - $3',
        where: 't.id = $1 AND t.workspace_id = $2',
        params: [line.stockItemId, workspaceId, q],
      });
      const left = new Decimal(line.quantity).minus(q);
      if (left.isZero()) {
        await em.remove(line);
        line.id = costLineId;
      } else {
        Object.assign(line, await resolveCostLine(em, workspaceId, { ...line, quantity: left.toFixed(3) }, []));
        await em.save(line);
      }
      return { costLine: line, costSet: await refreshSummary(em, costSet) };
    });
  },
};
