import { CostSetKind } from './cost-kinds';
import type { CostSet } from './cost-set.entity';
import { marginPercent, minus, money, quantity } from '../../kernel/money';

/** The latest revision of one kind among a job's cost sets. */
export function latestOf(costSets: CostSet[], kind: CostSetKind): CostSet | null {
  return costSets.filter((cs) => cs.kind === kind).reduce<CostSet | null>((a, b) => (!a || b.rev > a.rev ? b : a), null);
}

/** A job's money figures (decimal strings), as `Job.costSummary` shows them. */
export type JobCostSummary = ReturnType<typeof jobCostSummary>;

/** A job's money figures, from its latest estimate, quote and actual. */
export function jobCostSummary(costSets: CostSet[]) {
  const estimate = latestOf(costSets, CostSetKind.ESTIMATE);
  const quote = latestOf(costSets, CostSetKind.QUOTE);
  const actual = latestOf(costSets, CostSetKind.ACTUAL);
  const actualCost = money(actual?.summaryCost ?? 0);
  const actualRevenue = money(actual?.summaryRev ?? 0);
  const profit = minus(actualRevenue, actualCost);
  return {
    estimatedCost: money(estimate?.summaryCost ?? 0),
    estimatedRevenue: money(estimate?.summaryRev ?? 0),
    quotedRevenue: money(quote?.summaryRev ?? 0),
    actualCost,
    actualRevenue,
    actualHours: quantity(actual?.summaryHours ?? 0),
    profit,
    marginPercent: marginPercent(profit, actualRevenue),
  };
}
