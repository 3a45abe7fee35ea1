import type { DataSource } from 'typeorm';
import { rowsAsOf, type AsOf } from '../../audit/as-of';
import type { Cache } from '../../cache/cache';
import { isUuid } from '../../kernel/ids';
import { byIdLoader, childrenLoader, newLoader } from '../../graphql/loaders';
import { CostSetKind } from './cost-kinds';
import { CostLine } from './cost-line.entity';
import { CostSet } from './cost-set.entity';
import { jobCostSummary, type JobCostSummary } from './job-summary';

/** A parent (job or cost set) as it stood at a moment. */
interface AsOfKey {
  id: string;
  at: Date;
}

const KIND_ORDER: string[] = Object.values(CostSetKind);

/** The order `Job.costSets` has: kind in declaration order (ESTIMATE, QUOTE, ACTUAL), then rev. */
const byKindAndRev = (a: CostSet, b: CostSet) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.rev - b.rev;
const byCreation = (a: CostLine, b: CostLine) => String(a.createdAt).localeCompare(String(b.createdAt)) || a.id.localeCompare(b.id);

/** Children of many parents as they stood at each key's moment: one statement per distinct moment. */
function childrenAsOfLoader<T extends object>(load: (ids: string[], at: Date) => Promise<T[]>, parentOf: (row: T) => string, order: (a: T, b: T) => number) {
  return newLoader<AsOfKey, T[], string>(
    async (keys) => {
      const out = new Map<string, T[]>();
      for (const at of new Map(keys.map((k) => [k.at.getTime(), k.at])).values()) {
        const rows = await load(
          keys.filter((k) => k.at.getTime() === at.getTime()).map((k) => k.id),
          at,
        );
        for (const row of rows.sort(order)) {
          const key = `${parentOf(row)}|${at.getTime()}`;
          out.set(key, [...(out.get(key) ?? []), row]);
        }
      }
      return keys.map((k) => out.get(`${k.id}|${k.at.getTime()}`) ?? []);
    },
    { cacheKeyFn: (k) => `${k.id}|${k.at.getTime()}` },
  );
}

/** The cache of `Job.costSummary`, by job id. */
export const COST_SUMMARY_CACHE = 'costSummary';
/** How long a cached cost summary lives (it is also invalidated after every change of the job's costs). */
export const COST_SUMMARY_TTL_MS = 10 * 60_000;

/**
 * Cost summaries of many jobs: one cache read for the batch, then one statement for the misses (the
 * latest revision of each kind per job), written back in one round trip.
 */
function costSummaryLoader(db: DataSource, workspaceId: string, cache: Cache) {
  return newLoader<string, JobCostSummary>(async (jobIds) => {
    const summaries = await cache.getMany(COST_SUMMARY_CACHE, workspaceId, jobIds, COST_SUMMARY_TTL_MS, async (missing) => {
      const rows: Array<{ job_id: string; kind: CostSetKind; rev: number; summary_cost: string; summary_rev: string; summary_hours: string }> = await db.query(
        `SELECT DISTINCT ON (job_id, kind) job_id, kind, rev, summary_cost, summary_rev, summary_hours
           FROM cost_sets WHERE workspace_id = $1 AND job_id = ANY($2::uuid[]) ORDER BY job_id, kind, rev DESC`,
        [workspaceId, missing.filter(isUuid)],
      );
      const sets = new Map<string, CostSet[]>(missing.map((id) => [id, []]));
      for (const r of rows)
        sets.get(r.job_id)?.push({ kind: r.kind, rev: r.rev, summaryCost: r.summary_cost, summaryRev: r.summary_rev, summaryHours: r.summary_hours } as CostSet);
      return new Map([...sets].map(([id, s]) => [id, jobCostSummary(s)]));
    });
    return summaries.map((s) => s!);
  });
}

/** Per-request loaders of cost sets and cost lines: live, and as they stood at a moment (`jobAsOf`). */
export const costingLoaders = (db: DataSource, workspaceId: string, cache: Cache) => ({
  costSummary: costSummaryLoader(db, workspaceId, cache),
  costSet: byIdLoader(db, CostSet, workspaceId),
  costLine: byIdLoader(db, CostLine, workspaceId),
  costSetsByJob: childrenLoader(db, CostSet, workspaceId, 'jobId', 'job_id', { 'e.kind': 'ASC', 'e.rev': 'ASC' }),
  costLinesByCostSet: childrenLoader(db, CostLine, workspaceId, 'costSetId', 'cost_set_id', { 'e.created_at': 'ASC' }),
  costSetsByJobAsOf: childrenAsOfLoader<AsOf<CostSet>>(
    (jobIds, at) => rowsAsOf(db, CostSet, workspaceId, 'h.job_id = ANY($3::uuid[])', [jobIds], at),
    (cs) => cs.jobId,
    byKindAndRev,
  ),
  costLinesByCostSetAsOf: childrenAsOfLoader<AsOf<CostLine>>(
    (setIds, at) => rowsAsOf(db, CostLine, workspaceId, 'h.cost_set_id = ANY($3::uuid[])', [setIds], at),
    (line) => line.costSetId,
    byCreation,
  ),
});
