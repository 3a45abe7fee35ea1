import type { UserError } from '../../kernel/errors';
import { fitsMoney, lineTotal, markedUp, sum } from '../../kernel/money';

/** The largest amount a money column (`numeric(12,2)`) holds. */
export const MAX_MONEY = '9999999999.99';

/** A line's quantity and unit cost, as validated decimal strings. */
export interface LineAmounts {
  quantityOrdered: string;
  unitCost: string;
}

/**
 * Problems that would make an order impossible to receive: its goods become cost lines and stock
 * whose money columns are `numeric(12,2)`, so quantity × unit cost of each line, its revenue at the
 * configured stock markup (`markupPercent`), and the order's total must each fit in one. `path` is
 * where the line's fields are in the input.
 */
export function lineAmountProblems(line: LineAmounts, markupPercent: string, path: string[]): UserError[] {
  const total = lineTotal(line.quantityOrdered, line.unitCost);
  if (!fitsMoney(total)) {
    return [{ code: 'VALIDATION', message: `quantityOrdered × unitCost is ${total}; a line may total at most ${MAX_MONEY}`, path: [...path, 'unitCost'] }];
  }
  const revenue = lineTotal(line.quantityOrdered, markedUp(line.unitCost, markupPercent));
  if (!fitsMoney(revenue)) {
    return [
      {
        code: 'VALIDATION',
        message: `quantityOrdered × unitCost with the ${markupPercent}% stock markup is ${revenue}, which a job's cost line cannot hold (at most ${MAX_MONEY})`,
        path: [...path, 'unitCost'],
      },
    ];
  }
  return [];
}

/** The order's total over `lines`, or a problem at `path` when it exceeds {@link MAX_MONEY}. */
export function orderTotalProblem(lines: LineAmounts[], path: string[]): UserError | null {
  const total = sum(lines.map((l) => lineTotal(l.quantityOrdered, l.unitCost)));
  return fitsMoney(total) ? null : { code: 'VALIDATION', message: `The order would total ${total}; an order may total at most ${MAX_MONEY}`, path };
}
