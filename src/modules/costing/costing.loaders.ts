import type { DataSource } from 'typeorm';
import { rowsAsOf, type AsOf } from '../../audit/as-of';
import { byIdLoader, childrenLoader, newLoader } from '../../graphql/loaders';
import { CostSetKind } from './cost-kinds';
import { CostLine } from './cost-line.entity';
import { CostSet } from './cost-set.entity';

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
        const rows = await load(keys.filter((k) => k.at.getTime() === at.getTime()).map((k) => k.id), at);
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

/** Per-request loaders of cost sets and cost lines: live, and as they stood at a moment (`jobAsOf`). */
export const costingLoaders = (db: DataSource, workspaceId: string) => ({
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
