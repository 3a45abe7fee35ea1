import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { unauthenticated } from '../../graphql/errors';
import { isUuid } from '../../graphql/ids';
import { connectionFromRows, type Connection } from '../../graphql/pagination';
import { Job } from './job.entity';
import type { JobStatus } from './job-status';

/** One client's first page of jobs, newest first, optionally narrowed to some statuses. */
export interface JobsByClientKey {
  clientId: string;
  first: number;
  status?: JobStatus[] | null;
}

/** The sort name that `Client.jobs` cursors carry, compatible with `jobs(orderBy: CREATED_AT DESC)`. */
export const CLIENT_JOBS_SORT = 'CREATED_AT:DESC';

/**
 * First pages of jobs for many clients at once: one windowed statement per distinct (first, status)
 * in the batch, plus one grouped COUNT when `totalCount` is asked for.
 */
export function createJobsByClientLoader(db: DataSource, workspaceId: string | null) {
  const counts = new DataLoader<string, number>(async (keys) => {
    if (!workspaceId) throw unauthenticated();
    const parsed = keys.map((k) => JSON.parse(k) as { clientId: string; status: JobStatus[] | null });
    const rows: Array<{ k: string; n: string }> = await db.query(
      `SELECT k.key AS k, (SELECT count(*) FROM jobs j
          WHERE j.workspace_id = $1 AND j.client_id = (k.value->>'clientId')::uuid AND j.deleted_at IS NULL
            AND (k.value->'status' = 'null'::jsonb OR j.status::text IN (SELECT jsonb_array_elements_text(k.value->'status')))) AS n
       FROM jsonb_each($2::jsonb) k`,
      [workspaceId, JSON.stringify(Object.fromEntries(parsed.map((p, i) => [keys[i], p])))],
    );
    const byKey = new Map(rows.map((r) => [r.k, Number(r.n)]));
    return keys.map((k) => byKey.get(k) ?? 0);
  });

  return new DataLoader<JobsByClientKey, Connection<Job>, string>(
    async (keys) => {
      if (!workspaceId) throw unauthenticated();
      const results = new Map<string, Connection<Job>>();
      const groups = new Map<string, JobsByClientKey[]>();
      for (const key of keys) {
        const sig = JSON.stringify([key.first, key.status ?? null]);
        groups.set(sig, [...(groups.get(sig) ?? []), key]);
      }
      for (const group of groups.values()) {
        const { first, status } = group[0];
        const clientIds = group.map((k) => k.clientId).filter(isUuid);
        const statusFilter = status?.length ? 'AND j2.status::text = ANY(:status)' : '';
        const { entities, raw } = await db
          .getRepository(Job)
          .createQueryBuilder('j')
          .addSelect('j.created_at::text', '__sort')
          .where(
            `j.id IN (SELECT id FROM (SELECT j2.id, row_number() OVER (PARTITION BY j2.client_id ORDER BY j2.created_at DESC, j2.id DESC) AS rn
               FROM jobs j2 WHERE j2.workspace_id = :ws AND j2.client_id = ANY(:clientIds) AND j2.deleted_at IS NULL ${statusFilter}) t
             WHERE t.rn <= :limit)`,
            { ws: workspaceId, clientIds, status, limit: first + 1 },
          )
          .orderBy('j.created_at', 'DESC')
          .addOrderBy('j.id', 'DESC')
          .getRawAndEntities();
        const rowsByClient = new Map<string, Array<{ node: Job; sort: string | null }>>();
        entities.forEach((job, i) => {
          rowsByClient.set(job.clientId, [...(rowsByClient.get(job.clientId) ?? []), { node: job, sort: raw[i].__sort }]);
        });
        for (const key of group) {
          // An empty status list filters nothing, as in the page query above and in `jobs(filter:)`.
          const countKey = JSON.stringify({ clientId: key.clientId, status: key.status?.length ? key.status : null });
          results.set(
            JSON.stringify(key),
            connectionFromRows(rowsByClient.get(key.clientId) ?? [], CLIENT_JOBS_SORT, first, () => counts.load(countKey)),
          );
        }
      }
      return keys.map((k) => results.get(JSON.stringify(k))!);
    },
    { cacheKeyFn: (k) => JSON.stringify(k) },
  );
}
