import type { RequestContext } from '../../graphql/context';
import { workspaceOf } from '../../graphql/context';
import { badUserInput } from '../../graphql/errors';
import type * as gql from '../../graphql/generated';
import { isUuid } from '../../kernel/ids';
import { marginPercent, minus, money, quantity } from '../../kernel/money';
import { JobStatus, OPEN_STATUSES } from '../jobs';
import { JOBS_BY_STATUS, TOP_CLIENTS, TOTALS_BY_KIND, WORKLOAD } from './reporting.sql';

/** How long a cached report lives; any committed mutation of the workspace drops it sooner. */
export const REPORT_TTL_MS = 5 * 60_000;

/** The dashboard as cached (client ids, resolved to clients by the resolvers). */
export interface DashboardData {
  from: string | null;
  to: string | null;
  jobsByStatus: Array<{ status: JobStatus; count: number }>;
  overdueJobs: number;
  estimatedCost: string;
  estimatedRevenue: string;
  quotedCost: string;
  quotedRevenue: string;
  actualCost: string;
  actualRevenue: string;
  profit: string;
  marginPercent: string | null;
  topClients: ClientRevenueData[];
}

/** A top client of the dashboard: its id (resolved to the client by the resolvers) and its actual revenue. */
export interface ClientRevenueData {
  clientId: string;
  actualRevenue: string;
}

/** One assignee's row of the workload report (staff id, resolved by the resolvers). */
export interface WorkloadData {
  staffId: string;
  openJobs: number;
  highPriorityJobs: number;
  overdueJobs: number;
  averageAgeDays: string | null;
  hoursLast30Days: string;
}

const MAX_ASSIGNEES = 500;

/** Management reports: aggregate statements, cached per workspace until its next committed mutation. */
export const reportingService = {
  /** Job counts now; money over the lines whose accounting date is in [from, to] (either end open when null). */
  async dashboard(ctx: RequestContext, from: string | null, to: string | null): Promise<DashboardData> {
    if (from && to && from > to) throw badUserInput(`"from" (${from}) is after "to" (${to})`, 'from');
    const ws = workspaceOf(ctx);
    return ctx.cache.get('dashboard', ws, `${from ?? ''}|${to ?? ''}`, REPORT_TTL_MS, () => computeDashboard(ctx, ws, from, to), { workspaceScoped: true });
  },

  /** Per assignee, over the jobs in `statuses` (default: every status that is not closed). */
  async workload(ctx: RequestContext, filter: gql.WorkloadFilter | null | undefined): Promise<WorkloadData[]> {
    const ids = filter?.assigneeIds ?? null;
    if (ids && ids.length > MAX_ASSIGNEES) throw badUserInput(`At most ${MAX_ASSIGNEES} assigneeIds may be given (got ${ids.length})`, 'filter');
    const bad = ids?.find((id) => !isUuid(id));
    if (bad !== undefined) throw badUserInput(`assigneeIds: "${bad}" is not a valid id`, 'filter');
    const statuses = filter?.statuses?.length ? [...new Set(filter.statuses)].sort() : OPEN_STATUSES;
    const assignees = ids ? [...new Set(ids)].sort() : null;
    const ws = workspaceOf(ctx);
    const key = JSON.stringify({ assignees, statuses });
    return ctx.cache.get(
      'workload',
      ws,
      key,
      REPORT_TTL_MS,
      async () => {
        const rows: Array<Record<string, any>> = await ctx.db.query(WORKLOAD, [ws, assignees, statuses, OPEN_STATUSES]);
        return rows.map((r) => ({
          staffId: r.staff_id,
          openJobs: r.open_jobs,
          highPriorityJobs: r.high_priority,
          overdueJobs: r.overdue,
          averageAgeDays: r.average_age_days,
          hoursLast30Days: quantity(r.hours),
        }));
      },
      { workspaceScoped: true },
    );
  },
};

async function computeDashboard(ctx: RequestContext, ws: string, from: string | null, to: string | null): Promise<DashboardData> {
  const [byStatus, totals, top]: Array<Array<Record<string, any>>> = await Promise.all([
    ctx.db.query(JOBS_BY_STATUS, [ws, OPEN_STATUSES]),
    ctx.db.query(TOTALS_BY_KIND, [ws, from, to]),
    ctx.db.query(TOP_CLIENTS, [ws, from, to]),
  ]);
  const counts = new Map(byStatus.map((r) => [r.status as JobStatus, r.count as number]));
  const of = (kind: string) => totals.find((t) => t.kind === kind) ?? { cost: 0, rev: 0 };
  const actualCost = money(of('ACTUAL').cost);
  const actualRevenue = money(of('ACTUAL').rev);
  const profit = minus(actualRevenue, actualCost);
  return {
    from,
    to,
    jobsByStatus: (Object.values(JobStatus) as JobStatus[]).map((status) => ({ status, count: counts.get(status) ?? 0 })),
    overdueJobs: byStatus.reduce((n, r) => n + (r.overdue as number), 0),
    estimatedCost: money(of('ESTIMATE').cost),
    estimatedRevenue: money(of('ESTIMATE').rev),
    quotedCost: money(of('QUOTE').cost),
    quotedRevenue: money(of('QUOTE').rev),
    actualCost,
    actualRevenue,
    profit,
    marginPercent: marginPercent(profit, actualRevenue),
    topClients: top.map((r) => ({ clientId: r.id, actualRevenue: money(r.revenue) })),
  };
}
