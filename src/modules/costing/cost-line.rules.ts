import type { EntityManager } from 'typeorm';
import { UserErrorsException, type UserError } from '../../graphql/errors';
import { decimalProblem } from '../../graphql/validation';
import { Staff } from '../staff/staff.entity';
import { CostLineKind } from './cost-kinds';
import type { CostLine } from './cost-line.entity';
import { fitsMoney, lineTotal, money, quantity } from './money';

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

/** Today's date in UTC, `YYYY-MM-DD`. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Applies the kind-specific rules to a cost line and derives its totals:
 * TIME needs a staff member, whose rates are the default unit cost and revenue; TIME and MATERIAL
 * quantities are positive, ADJUSTMENT quantities are not zero; other kinds need both unit prices.
 * Throws every problem found, with paths under `path`.
 */
export async function resolveCostLine(
  em: EntityManager,
  workspaceId: string,
  draft: CostLineDraft,
  path: string[],
): Promise<Pick<CostLine, 'kind' | 'description' | 'quantity' | 'unitCost' | 'unitRev' | 'totalCost' | 'totalRev' | 'accountingDate' | 'staffId' | 'extRefs' | 'meta'>> {
  const errors: UserError[] = [];
  const problem = (field: string, message: string, code: UserError['code'] = 'VALIDATION') =>
    errors.push({ code, message, path: [...path, field] });

  const sign = draft.kind === CostLineKind.ADJUSTMENT ? 'nonZero' : 'positive';
  const qtyProblem = decimalProblem(draft.quantity, 12, 3, sign);
  if (qtyProblem) problem('quantity', `quantity of a ${draft.kind} line ${qtyProblem}`);

  let staff: Staff | null = null;
  if (draft.staffId) {
    staff = await em.findOneBy(Staff, { id: draft.staffId, workspaceId });
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
    accountingDate: draft.accountingDate ?? todayUtc(),
    staffId: draft.staffId ?? null,
    extRefs: draft.extRefs ?? {},
    meta: draft.meta ?? {},
  };
}
