import { Decimal } from 'decimal.js';
import { auditedUpdateRows } from '../../audit/bulk';
import { workspaceOf, type RequestContext } from '../../graphql/context';
import type * as gql from '../../graphql/generated';
import type { StockItemFilter } from '../../graphql/generated';
import { containsText, defineList, type ListArgs } from '../../graphql/list';
import { todayUtc } from '../../kernel/dates';
import { fail } from '../../kernel/errors';
import { markedUp, quantity } from '../../kernel/money';
import { validateInput } from '../../kernel/validation';
import { CostLineKind, costingService, type LineChange } from '../costing';
import { StockItem } from './stock-item.entity';
import { ConsumeStockInput, ReturnStockInput } from './stock.inputs';
import { stockLoaders } from './stock.loaders';

const listStockItems = defineList<StockItem, StockItemFilter, 'DESCRIPTION'>({
  entity: StockItem,
  alias: 'si',
  sorts: { DESCRIPTION: { expr: 'lower(si.description)', type: 'text' } },
  defaultOrder: { field: 'DESCRIPTION', direction: 'ASC' },
  filters: {
    search: containsText(['si.description', 'si.item_code']),
    inStock: (inStock) => `si.quantity_on_hand - si.quantity_used ${inStock ? '>' : '<='} 0`,
  },
  prime: (ctx) => ctx.loaders.get(stockLoaders).byId,
});

/** Goods arriving into stock from a purchase-order line. */
export interface StockReceipt {
  purchaseOrderLineId: string;
  description: string;
  itemCode: string | null;
  unitCost: string;
  quantity: string;
}

/** Stock: goods on hand, received from purchase orders, consumed on jobs as material cost lines and returned from them. */
export const stockService = {
  get(ctx: RequestContext, id: string): Promise<StockItem | null> {
    return ctx.loaders.get(stockLoaders).byId.load(id);
  },

  list(ctx: RequestContext, args: ListArgs<StockItemFilter, 'DESCRIPTION'>) {
    return listStockItems(ctx, args);
  },

  /** quantity on hand − quantity used. */
  available(item: StockItem): string {
    return quantity(new Decimal(item.quantityOnHand).minus(item.quantityUsed));
  },

  /** Puts received goods into stock: the item received from this order line, topped up, or a new one. */
  async receive(ctx: RequestContext, receipt: StockReceipt): Promise<StockItem> {
    const workspaceId = workspaceOf(ctx);
    const stock = await ctx.em.findOne(StockItem, { where: { sourcePurchaseOrderLineId: receipt.purchaseOrderLineId, workspaceId }, lock: { mode: 'pessimistic_write' } });
    if (stock) {
      stock.quantityOnHand = quantity(new Decimal(stock.quantityOnHand).plus(receipt.quantity));
      return ctx.em.save(stock);
    }
    return ctx.em.save(
      ctx.em.create(StockItem, {
        workspaceId,
        description: receipt.description,
        itemCode: receipt.itemCode,
        unitCost: receipt.unitCost,
        quantityOnHand: quantity(receipt.quantity),
        quantityUsed: '0.000',
        sourcePurchaseOrderLineId: receipt.purchaseOrderLineId,
      }),
    );
  },

  /**
   * Takes stock for a job. The job's latest ACTUAL cost set is locked first (the order every line change
   * uses), then the quantity comes off the stock item in one conditional statement, `… WHERE
   * quantity_on_hand - quantity_used >= $q RETURNING …`, which also writes the stock item's history.
   * Concurrent requests queue on the row and each re-checks the condition, so stock never goes below zero.
   */
  async consume(ctx: RequestContext, args: gql.MutationConsumeStockArgs): Promise<LineChange> {
    const workspaceId = workspaceOf(ctx);
    const data = await validateInput(ConsumeStockInput, args, []);
    const item = await ctx.em.findOneBy(StockItem, { id: data.stockItemId, workspaceId });
    if (!item) fail('NOT_FOUND', `Stock item ${data.stockItemId} was not found`, ['stockItemId']);
    const draft = {
      kind: CostLineKind.MATERIAL,
      description: item.description,
      quantity: data.quantity,
      unitCost: item.unitCost,
      unitRev: markedUp(item.unitCost, ctx.settings.stockMarkupPercent),
      accountingDate: data.accountingDate ?? todayUtc(),
      extRefs: { stockItemId: item.id, ...(item.itemCode ? { itemCode: item.itemCode } : {}) },
    };
    return costingService.addToLatestActual(ctx, data.jobId, draft, {
      paths: { job: ['jobId'], line: [] },
      stockItemId: item.id,
      beforeWrite: async () => {
        const taken = await auditedUpdateRows(ctx.em, StockItem, {
          set: 'quantity_used = t.quantity_used + $3',
          where: 't.id = $1 AND t.workspace_id = $2 AND t.quantity_on_hand - t.quantity_used >= $3',
          params: [item.id, workspaceId, data.quantity],
        });
        if (taken.length === 0) {
          const [now] = await ctx.em.query('SELECT quantity_on_hand - quantity_used AS available FROM stock_items WHERE id = $1', [item.id]);
          fail('INSUFFICIENT_STOCK', `Only ${quantity(now.available)} of "${item.description}" is available`, ['quantity']);
        }
      },
    });
  },

  /** Reverses a consumption, partly or fully: the stock goes back up, the cost line is reduced or removed. */
  async return(ctx: RequestContext, costLineId: string, qty: string): Promise<LineChange> {
    const { quantity: q } = await validateInput(ReturnStockInput, { quantity: qty }, []);
    const { line } = await costingService.lockLine(ctx, costLineId, ['costLineId']);
    if (!line.stockItemId) fail('VALIDATION', 'This cost line was not taken from stock', ['costLineId']);
    if (new Decimal(q).gt(line.quantity)) fail('VALIDATION', `At most ${line.quantity} can be returned from this line`, ['quantity']);
    await auditedUpdateRows(ctx.em, StockItem, {
      set: 'quantity_used = t.quantity_used - $3',
      where: 't.id = $1 AND t.workspace_id = $2',
      params: [line.stockItemId, workspaceOf(ctx), q],
    });
    const left = new Decimal(line.quantity).minus(q);
    return left.isZero()
      ? costingService.deleteLine(ctx, costLineId, { stockMovement: true })
      : costingService.updateLine(ctx, costLineId, { quantity: left.toFixed(3) }, { stockMovement: true, path: [] });
  },
};
