import type { DataSource } from 'typeorm';
import { newLoader } from '../../graphql/loaders';
import { isUuid } from '../../kernel/ids';

/** The deepest `Staff.allReports` goes, whatever is asked. */
export const MAX_REPORT_DEPTH = 10;

/** One person below a manager, `level` steps down (1: a direct report). */
export interface ReportRef {
  staffId: string;
  level: number;
}

/**
 * Everyone below each of many managers, down to `depth` levels: one recursive statement per distinct
 * depth for the whole batch. The CYCLE clause stops at a row already on the path, so a cycle in the
 * data (which updateStaff refuses, but older data may hold) ends the walk instead of looping.
 * Ordered by level, then name.
 */
export function allReportsLoader(db: DataSource, workspaceId: string) {
  return newLoader<{ id: string; depth: number }, ReportRef[], string>(
    async (keys) => {
      const out = new Map<string, ReportRef[]>();
      for (const depth of new Set(keys.map((k) => k.depth))) {
        const ids = keys.filter((k) => k.depth === depth && isUuid(k.id)).map((k) => k.id);
        const rows: Array<{ root: string; id: string; level: number }> = await db.query(
          `WITH RECURSIVE tree(root, id, level) AS (
             SELECT s.manager_id, s.id, 1 FROM staff s WHERE s.workspace_id = $1 AND s.manager_id = ANY($2::uuid[])
             UNION ALL
             SELECT t.root, s.id, t.level + 1 FROM tree t JOIN staff s ON s.manager_id = t.id
              WHERE s.workspace_id = $1 AND t.level < $3
           ) CYCLE id SET is_cycle USING visited
           SELECT t.root, t.id, t.level FROM tree t JOIN staff s ON s.id = t.id
            WHERE NOT t.is_cycle AND t.id <> t.root
            ORDER BY t.root, t.level, s.name, s.id`,
          [workspaceId, ids, depth],
        );
        for (const r of rows) {
          const key = `${r.root}|${depth}`;
          out.set(key, [...(out.get(key) ?? []), { staffId: r.id, level: r.level }]);
        }
      }
      return keys.map((k) => out.get(`${k.id}|${k.depth}`) ?? []);
    },
    { cacheKeyFn: (k) => `${k.id}|${k.depth}` },
  );
}

/** The managers of each of many staff members, nearest first, up to the top: one recursive statement per batch. */
export function managementChainLoader(db: DataSource, workspaceId: string) {
  return newLoader<string, string[]>(async (ids) => {
    const rows: Array<{ start: string; id: string }> = await db.query(
      `WITH RECURSIVE chain(start, id, manager_id, level) AS (
         SELECT s.id, m.id, m.manager_id, 1 FROM staff s JOIN staff m ON m.id = s.manager_id AND m.workspace_id = $1
          WHERE s.workspace_id = $1 AND s.id = ANY($2::uuid[])
         UNION ALL
         SELECT c.start, m.id, m.manager_id, c.level + 1 FROM chain c JOIN staff m ON m.id = c.manager_id AND m.workspace_id = $1
       ) CYCLE id SET is_cycle USING visited
       SELECT start, id FROM chain WHERE NOT is_cycle AND id <> start ORDER BY start, level`,
      [workspaceId, ids.filter(isUuid)],
    );
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.start, [...(out.get(r.start) ?? []), r.id]);
    return ids.map((id) => out.get(id) ?? []);
  });
}
