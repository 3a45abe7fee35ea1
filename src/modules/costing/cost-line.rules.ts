import { UserErrorsException, type UserError } from '../../kernel/errors';
import { todayUtc } from '../../kernel/dates';
import { fitsMoney, lineTotal, money, quantity } from '../../kernel/money';
import { decimalProblem } from '../../kernel/validation';
import { CostLineKind } from './cost-kinds';

/** The fields of a cost line before its rules are applied (a new line, or an existing one with changes). */
export interface CostLineDraft {
  kind: CostLineKind;
  description: string;
  quantity: string;
  unitCost?: string | null;
  unitRev?: string | null;
  accountingDate?: string | null;
  staffId?: string | null;
  extRefs?: Record<string, unknown> | null;
  meta?: Record<string, unknown> | null;
}

/** A cost line's stored fields, as the rules derive them from a draft. */
export interface CostLineFields {
  kind: CostLineKind;
  description: string;
  quantity: string;
  unitCost: string;
  unitRev: string;
  totalCost: string;
  totalRev: string;
  accountingDate: string;
  staffId: string | null;
  extRefs: Record<string, unknown>;
  meta: Record<string, unknown>;
}

/** The rates of the staff member a line names (null: named but not found, undefined: none named). */
export type LineStaff = { wageRate: string; chargeOutRate: string } | null | undefined;

/**
 * Applies the kind-specific rules to a cost line and derives its totals (pure: the caller looks the
 * staff member up). TIME needs a staff member, whose rates are the default unit cost and revenue;
 * TIME and MATERIAL quantities are positive, ADJUSTMENT quantities are not zero; other kinds need
 * both unit prices; totals must fit the money columns. Throws every problem found, with paths under `path`.
 */
export function applyCostLineRules(draft: CostLineDraft, staff: LineStaff, path: string[], today: string = todayUtc()): CostLineFields {
  const errors: UserError[] = [];
  const problem = (field: string, message: string, code: UserError['code'] = 'VALIDATION') => errors.push({ code, message, path: [...path, field] });

  const sign = draft.kind === CostLineKind.ADJUSTMENT ? 'nonZero' : 'positive';
  const qtyProblem = decimalProblem(draft.quantity, 12, 3, sign);
  if (qtyProblem) problem('quantity', `quantity of a ${draft.kind} line ${qtyProblem}`);

  if (draft.staffId) {
    if (!staff) problem('staffId', `Staff member ${draft.staffId} was not found`, 'NOT_FOUND');
  } else if (draft.kind === CostLineKind.TIME) {
    problem('staffId', 'staffId is required for TIME lines');
  }
  const unitCost = draft.unitCost ?? (draft.kind === CostLineKind.TIME ? staff?.wageRate : undefined);
  const unitRev = draft.unitRev ?? (draft.kind === CostLineKind.TIME ? staff?.chargeOutRate : undefined);
  if (draft.kind !== CostLineKind.TIME) {
    if (unitCost == null) problem('unitCost', `unitCost is required for ${draft.kind} lines`);
    if (unitRev == null) problem('unitRev', `unitRev is required for ${draft.kind} lines`);
  }
  if (errors.length === 0 && unitCost != null && unitRev != null) {
    if (!fitsMoney(lineTotal(draft.quantity, unitCost))) problem('quantity', 'quantity × unitCost must be less than 10000000000');
    if (!fitsMoney(lineTotal(draft.quantity, unitRev))) problem('quantity', 'quantity × unitRev must be less than 10000000000');
  }
  if (errors.length > 0 || unitCost == null || unitRev == null) throw new UserErrorsException(errors);

  return {
    kind: draft.kind,
    description: draft.description,
    quantity: quantity(draft.quantity),
    unitCost: money(unitCost),
    unitRev: money(unitRev),
    totalCost: lineTotal(draft.quantity, unitCost),
    totalRev: lineTotal(draft.quantity, unitRev),
    accountingDate: draft.accountingDate ?? today,
    staffId: draft.staffId ?? null,
    extRefs: draft.extRefs ?? {},
    meta: draft.meta ?? {},
  };
}
