/**
 * The report statements: aggregates over a workspace, each a single statement. Money is summed over the
 * lines of each live job's latest revision of a kind (earlier revisions are superseded plans, and
 * ACTUAL copies would count a line twice).
 *
 * They start from the rows the range selects (cost lines by accounting date, jobs by status or
 * assignee) through the indexes of migration `ReportIndexes`, and test each line's cost set for being
 * the latest of its job and kind with one probe of the (job, kind, rev) index: no statement reads every
 * job or every cost line of a workspace unless the range asks for all of them (test/report-plans.test.ts).
 */

/** True when the cost set `cs` is its job's latest revision of its kind. */
const LATEST = `NOT EXISTS (SELECT 1 FROM cost_sets later WHERE later.job_id = cs.job_id AND later.kind = cs.kind AND later.rev > cs.rev)`;

/** Lines of workspace $1 dated within [$2, $3] (null: open), in latest revisions of live jobs (aliases cl, cs, j), plus `join`. */
const linesInRange = (join = '') => `cost_lines cl
  JOIN cost_sets cs ON cs.id = cl.cost_set_id
  JOIN jobs j ON j.id = cs.job_id AND j.deleted_at IS NULL ${join}
  WHERE cl.workspace_id = $1 AND ($2::date IS NULL OR cl.accounting_date >= $2::date) AND ($3::date IS NULL OR cl.accounting_date <= $3::date)
    AND ${LATEST}`;

/** Live jobs by status, with how many are overdue ($2: the open statuses). */
export const JOBS_BY_STATUS = `SELECT status::text AS status, count(*)::int AS count,
    count(*) FILTER (WHERE deadline < current_date AND status = ANY($2::job_status[]))::int AS overdue
  FROM jobs WHERE workspace_id = $1 AND deleted_at IS NULL
  GROUP BY status`;

/** Cost and revenue per cost set kind over lines whose accounting date is within [$2, $3] (null: open). */
export const TOTALS_BY_KIND = `SELECT cs.kind::text AS kind, COALESCE(sum(cl.total_cost), 0)::text AS cost, COALESCE(sum(cl.total_rev), 0)::text AS rev
  FROM ${linesInRange()}
  GROUP BY cs.kind`;

/** The 5 clients with the most actual revenue in the range (ties by name, then id). */
export const TOP_CLIENTS = `SELECT c.id, sum(cl.total_rev)::text AS revenue
  FROM ${linesInRange('JOIN clients c ON c.id = j.client_id')} AND cs.kind = 'ACTUAL'
  GROUP BY c.id, c.name
  HAVING sum(cl.total_rev) > 0
  ORDER BY sum(cl.total_rev) DESC, c.name, c.id
  LIMIT 5`;

/**
 * Per assignee ($2: only these staff, or null for everyone with counted jobs or logged hours), over the
 * live jobs whose status is in $3: their count, HIGH/URGENT ones, overdue ones ($4: open statuses),
 * average age in days; and TIME hours in the latest ACTUAL revisions dated within the last 30 days.
 */
export const WORKLOAD = `WITH counted AS (
    SELECT j.assignee_id, j.priority, j.deadline, j.status, j.created_at FROM jobs j
    WHERE j.workspace_id = $1 AND j.deleted_at IS NULL AND j.assignee_id IS NOT NULL
      AND ($2::uuid[] IS NULL OR j.assignee_id = ANY($2::uuid[])) AND j.status = ANY($3::job_status[])
  ), hours AS (
    SELECT cl.staff_id, sum(cl.quantity) AS hours
    FROM cost_lines cl
      JOIN cost_sets cs ON cs.id = cl.cost_set_id AND cs.kind = 'ACTUAL'
      JOIN jobs j ON j.id = cs.job_id AND j.deleted_at IS NULL
    WHERE cl.workspace_id = $1 AND cl.kind = 'TIME' AND cl.accounting_date > current_date - 30
      AND ($2::uuid[] IS NULL OR cl.staff_id = ANY($2::uuid[])) AND ${LATEST}
    GROUP BY cl.staff_id
  ), per AS (
    SELECT assignee_id, count(*)::int AS open_jobs,
      count(*) FILTER (WHERE priority IN ('HIGH', 'URGENT'))::int AS high_priority,
      count(*) FILTER (WHERE deadline < current_date AND status = ANY($4::job_status[]))::int AS overdue,
      round(avg(extract(epoch FROM now() - created_at) / 86400)::numeric, 2)::text AS average_age_days
    FROM counted GROUP BY assignee_id
  )
  SELECT s.id AS staff_id, COALESCE(p.open_jobs, 0) AS open_jobs, COALESCE(p.high_priority, 0) AS high_priority,
    COALESCE(p.overdue, 0) AS overdue, p.average_age_days, COALESCE(h.hours, 0)::text AS hours
  FROM staff s LEFT JOIN per p ON p.assignee_id = s.id LEFT JOIN hours h ON h.staff_id = s.id
  WHERE s.workspace_id = $1 AND ($2::uuid[] IS NOT NULL AND s.id = ANY($2::uuid[]) OR $2::uuid[] IS NULL AND (p.assignee_id IS NOT NULL OR h.staff_id IS NOT NULL))
  ORDER BY s.name, s.id`;
