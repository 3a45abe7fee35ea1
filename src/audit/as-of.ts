import type { RequestContext } from '../graphql/context';
import { session } from '../graphql/context';
import { isUuid } from '../graphql/ids';
import { CostSetKind } from '../modules/costing/cost-kinds';
import { CostLine } from '../modules/costing/cost-line.entity';
import { CostSet } from '../modules/costing/cost-set.entity';
import { Job } from '../modules/jobs/job.entity';
import { historyService } from './history.service';

const COST_SETS = Symbol('costSetsAsOf');
const KIND_ORDER: string[] = Object.values(CostSetKind);
const COST_LINES = Symbol('costLinesAsOf');

/** The cost sets of a job rebuilt by {@link jobAsOf}, or undefined for a live job. */
export function costSetsAsOf(job: Job): CostSet[] | undefined {
  return (job as Job & { [COST_SETS]?: CostSet[] })[COST_SETS];
}

/** The cost lines of a cost set rebuilt by {@link jobAsOf}, or undefined for a live cost set. */
export function costLinesAsOf(costSet: CostSet): CostLine[] | undefined {
  return (costSet as CostSet & { [COST_LINES]?: CostLine[] })[COST_LINES];
}

/**
 * A job with its cost sets and cost lines exactly as they stood at `at`, rebuilt from the history
 * tables in three statements: lines deleted since then are there, lines added since are not.
 */
export async function jobAsOf(ctx: RequestContext, id: string, at: Date): Promise<Job | null> {
  const { workspaceId } = session(ctx);
  if (!isUuid(id)) return null;
  const [jobRow] = await historyService.asOf(ctx.db, 'JOB', workspaceId, 'h.id = $3', [id], at);
  if (!jobRow) return null;
  const setRows = await historyService.asOf(ctx.db, 'COST_SET', workspaceId, 'h.job_id = $3', [id], at);
  const lineRows = setRows.length
    ? await historyService.asOf(ctx.db, 'COST_LINE', workspaceId, 'h.cost_set_id = ANY($3::uuid[])', [setRows.map((s) => s.id)], at)
    : [];
  const byCreation = (a: { createdAt?: unknown; id?: unknown }, b: { createdAt?: unknown; id?: unknown }) =>
    String(a.createdAt).localeCompare(String(b.createdAt)) || String(a.id).localeCompare(String(b.id));
  const costSets = setRows
    .map((row) => {
      const costSet = Object.assign(new CostSet(), row);
      const lines = lineRows.filter((l) => l.costSetId === row.id).sort(byCreation).map((l) => Object.assign(new CostLine(), l));
      return Object.assign(costSet, { [COST_LINES]: lines });
    })
    // The order Job.costSets has for a live job: kind in declaration order (ESTIMATE, QUOTE, ACTUAL), then rev.
    .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.rev - b.rev);
  return Object.assign(new Job(), jobRow, { [COST_SETS]: costSets });
}
