import type { DataSource } from 'typeorm';
import { getLean } from '../../db/lean';
import { byIdLoader, firstPerParentLoader, type PerParentKey } from '../../graphql/loaders';
import { Job } from './job.entity';
import type { JobStatus } from './job-status';

/** One client's first page of jobs (`parentId` is the client), newest first, optionally narrowed to some statuses. */
export interface JobsByClientKey extends PerParentKey {
  status?: JobStatus[] | null;
}

/** The sort name that `Client.jobs` cursors carry, compatible with `jobs(orderBy: CREATED_AT DESC)`. */
export const CLIENT_JOBS_SORT = 'CREATED_AT:DESC';

/** Per-request loaders of jobs: by id, and each client's first page of jobs. */
export const jobLoaders = (db: DataSource, workspaceId: string) => ({
  byId: byIdLoader(db, Job, workspaceId),
  byClient: firstPerParentLoader<JobsByClientKey, Job>({
    sortName: CLIENT_JOBS_SORT,
    // An empty status list filters nothing, as in `jobs(filter:)`.
    group: (k) => JSON.stringify(k.status?.length ? k.status : null),
    async fetch(keys, limit) {
      const status = keys[0].status?.length ? keys[0].status : null;
      const qb = db
        .getRepository(Job)
        .createQueryBuilder('j')
        .where(
          `j.id IN (SELECT id FROM (SELECT j2.id, row_number() OVER (PARTITION BY j2.client_id ORDER BY j2.created_at DESC, j2.id DESC) AS rn
             FROM jobs j2 WHERE j2.workspace_id = :ws AND j2.client_id = ANY(:clientIds) AND j2.deleted_at IS NULL
             ${status ? 'AND j2.status::text = ANY(:status)' : ''}) t
           WHERE t.rn <= :limit)`,
          { ws: workspaceId, clientIds: keys.map((k) => k.parentId), status, limit },
        )
        .orderBy('j.created_at', 'DESC')
        .addOrderBy('j.id', 'DESC');
      const rows = await getLean<Job, Job & { __sort: string }>(qb, { __sort: 'j.created_at::text' });
      return rows.map(({ __sort, ...job }) => ({ parentId: job.clientId, node: job as Job, sort: __sort, cursorId: job.id }));
    },
    async count(keys) {
      const rows: Array<{ n: string }> = await db.query(
        `SELECT (SELECT count(*) FROM jobs j
            WHERE j.workspace_id = $1 AND j.client_id = (k.value->>'clientId')::uuid AND j.deleted_at IS NULL
              AND (k.value->'status' = 'null'::jsonb OR j.status::text IN (SELECT jsonb_array_elements_text(k.value->'status')))) AS n
         FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS k(value, i) ORDER BY k.i`,
        [workspaceId, JSON.stringify(keys.map((k) => ({ clientId: k.parentId, status: k.status?.length ? k.status : null })))],
      );
      return rows.map((r) => Number(r.n));
    },
  }),
});
