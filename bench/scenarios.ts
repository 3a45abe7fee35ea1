/**
 * The benchmark's scenarios and the seeded rows they use: job ids to rotate over, the cursor of the
 * job half-way down the list, a search word, and one ACTUAL cost set per connection for addCostLine.
 */
import type { DataSource } from 'typeorm';
import { gql, gqlBody, type Scenario, type Target } from './load';

export const JOB_BY_ID = `query JobById($id: ID!) { job(id: $id) { id number name status client { name } assignee { name } } }`;

export const JOBS_PAGE = `query JobsPage($after: String) {
  jobs(first: 50, after: $after) {
    nodes { id number name status client { name } assignee { name }
      costSets { kind rev costLines { description quantity totalCost totalRev staff { name } } } }
  }
}`;

export const JOB_SEARCH = `query JobSearch($q: String!) { jobs(first: 50, filter: { search: $q }) { nodes { id number name } } }`;

export const ADD_COST_LINE = `mutation AddCostLine($costSetId: ID!) {
  addCostLine(costSetId: $costSetId, input: { kind: MATERIAL, description: "Bench material", quantity: "1", unitCost: "2.50", unitRev: "4.00" }) {
    costLine { id } costSet { summary { cost } } userErrors { code }
  }
}`;

export const JOB_HISTORY = `query JobHistory($id: ID!) { job(id: $id) { history(first: 20) { nodes { version type changes { field } } } } }`;

export const JOB_AS_OF = `query JobAsOf($id: ID!, $at: DateTime!) {
  jobAsOf(id: $id, at: $at) { id name status costSets { kind rev summary { cost rev hours } costLines { description quantity totalCost } } }
}`;

/** The seeded rows the scenarios use. */
export interface Fixtures {
  workspaceId: string;
  liveJobs: number;
  /** Up to 1,000 job ids spread over all job numbers; each connection starts at a different one. */
  rotationIds: string[];
  /** The cursor of the job at `deepPosition` (0-based) in the default order (CREATED_AT DESC). */
  deepPosition: number;
  deepJob: { id: string; number: number };
  deepCursor: string;
  /** Requests it took to page down to the cursor. */
  pagesWalked: number;
  searchWord: string;
  searchMatches: number;
  /** Latest ACTUAL cost set of jobs at positions from 3/4 down the list: one per connection. */
  costSetIds: string[];
  /** The moment jobAsOf rebuilds jobs at (after seeding). */
  asOf: string;
}

const noErrors = (body: string) => !body.includes('"errors"');

/** Finds the rows the scenarios use, in SQL and (for the cursor) by paging through the API. */
export async function discoverFixtures(db: DataSource, api: Target, workspaceId: string, connections: number): Promise<Fixtures> {
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM jobs WHERE workspace_id = $1 AND deleted_at IS NULL`, [workspaceId]);
  const liveJobs = Number(n);
  if (liveJobs < 100) throw new Error(`the benchmark needs at least 100 live jobs (the workspace has ${liveJobs})`);
  const rotation: Array<{ id: string }> = await db.query(
    `SELECT id FROM (SELECT id, number, row_number() OVER (ORDER BY number) AS rn FROM jobs WHERE workspace_id = $1 AND deleted_at IS NULL) x
      WHERE rn % $2 = 0 ORDER BY number LIMIT 1000`,
    [workspaceId, Math.max(1, Math.floor(liveJobs / 1000))],
  );

  // Page down the default order (CREATED_AT DESC) through the API, 100 at a time, to the job half-way.
  const deepPosition = Math.floor(liveJobs / 2);
  let after: string | null = null;
  let seen = 0;
  let pagesWalked = 0;
  let deep: { id: string; number: number; cursor: string } | null = null;
  while (!deep && pagesWalked <= Math.ceil(liveJobs / 100) + 1) {
    const data = await gql(api, `query($after: String) { jobs(first: 100, after: $after) { edges { cursor node { id number } } pageInfo { hasNextPage endCursor } } }`, { after });
    pagesWalked++;
    const edges: Array<{ cursor: string; node: { id: string; number: number } }> = data.jobs.edges;
    if (deepPosition < seen + edges.length) {
      const e = edges[deepPosition - seen];
      deep = { id: e.node.id, number: e.node.number, cursor: e.cursor };
    }
    seen += edges.length;
    if (!data.jobs.pageInfo.hasNextPage) break;
    after = data.jobs.pageInfo.endCursor;
  }
  if (!deep) throw new Error(`could not page down to job position ${deepPosition}`);

  // A word of the seeded job names and descriptions that some jobs (closest to 5%) contain.
  const words: Array<{ w: string; n: number }> = await db.query(
    `SELECT w, count(DISTINCT j.id)::int AS n
       FROM jobs j, regexp_split_to_table(lower(j.name || ' ' || coalesce(j.description, '')), '[^[:alpha:]]+') AS w
      WHERE j.workspace_id = $1 AND j.deleted_at IS NULL AND length(w) >= 5
      GROUP BY w`,
    [workspaceId],
  );
  const wanted = liveJobs * 0.05;
  const forced = process.env.BENCH_SEARCH?.trim().toLowerCase();
  const pick = forced
    ? { w: forced, n: words.find((x) => x.w === forced)?.n ?? 0 }
    : [...words].sort((a, b) => Math.abs(a.n - wanted) - Math.abs(b.n - wanted) || a.w.localeCompare(b.w))[0];
  if (!pick) throw new Error('no word of 5+ letters in the seeded job names or descriptions');
  const [{ m }] = await db.query(`SELECT count(*)::int AS m FROM jobs WHERE workspace_id = $1 AND deleted_at IS NULL AND (name ILIKE $2 OR description ILIKE $2)`, [
    workspaceId,
    `%${pick.w}%`,
  ]);

  // Jobs from 3/4 down the list: off the first page and the deep page, so the page scenarios do not change.
  const sets: Array<{ cs: string | null }> = await db.query(
    `SELECT (SELECT cs.id FROM cost_sets cs WHERE cs.job_id = j.id AND cs.kind = 'ACTUAL' ORDER BY cs.rev DESC LIMIT 1) AS cs
       FROM jobs j WHERE j.workspace_id = $1 AND j.deleted_at IS NULL ORDER BY j.created_at DESC, j.id DESC OFFSET $2 LIMIT $3`,
    [workspaceId, Math.floor((liveJobs * 3) / 4), connections * 3],
  );
  const costSetIds = sets
    .map((s) => s.cs)
    .filter((id): id is string => !!id)
    .slice(0, connections);
  if (costSetIds.length < connections) throw new Error(`found ${costSetIds.length} ACTUAL cost sets for addCostLine, need ${connections}`);

  return {
    workspaceId,
    liveJobs,
    rotationIds: rotation.map((r) => r.id),
    deepPosition,
    deepJob: { id: deep.id, number: deep.number },
    deepCursor: deep.cursor,
    pagesWalked,
    searchWord: pick.w,
    searchMatches: Number(m),
    costSetIds,
    asOf: new Date().toISOString(),
  };
}

/** `ids` starting at a different offset for each connection, so connections do not ask for the same job at once. */
function rotated<T>(items: T[], conn: number): T[] {
  const k = (conn * 37) % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

const nodesOf = (json: any) => json?.data?.jobs?.nodes;

/** The API scenarios, in the order of the table: 1, 2, 3, 4, 5, 6a, 6b. */
export function apiScenarios(f: Fixtures): Scenario[] {
  const byId =
    (query: string, extra: Record<string, unknown> = {}) =>
    (conn: number) =>
      rotated(f.rotationIds, conn).map((id) => gqlBody(query, { id, ...extra }));
  const pageSize = Math.min(50, f.liveJobs);
  return [
    {
      id: '1',
      title: 'job(id) + client, assignee',
      bodies: byId(JOB_BY_ID),
      quick: (b) => noErrors(b) && !b.includes('"job":null'),
      check: (j) => (j?.data?.job?.id ? null : `no job: ${JSON.stringify(j).slice(0, 300)}`),
    },
    {
      id: '2',
      title: 'jobs(first: 50), nested',
      bodies: () => [gqlBody(JOBS_PAGE)],
      quick: noErrors,
      check: (j) => (nodesOf(j)?.length === pageSize ? null : `expected ${pageSize} nodes: ${JSON.stringify(j).slice(0, 300)}`),
    },
    {
      id: '3',
      title: `same page after job #${f.deepPosition}`,
      bodies: () => [gqlBody(JOBS_PAGE, { after: f.deepCursor })],
      quick: noErrors,
      check: (j) => (nodesOf(j)?.length ? null : `no nodes: ${JSON.stringify(j).slice(0, 300)}`),
    },
    {
      id: '4',
      title: `jobs search "${f.searchWord}"`,
      bodies: () => [gqlBody(JOB_SEARCH, { q: f.searchWord })],
      quick: noErrors,
      check: (j) => (nodesOf(j)?.length ? null : `no match: ${JSON.stringify(j).slice(0, 300)}`),
    },
    {
      id: '5',
      title: 'addCostLine (own cost set per connection)',
      bodies: (conn) => [gqlBody(ADD_COST_LINE, { costSetId: f.costSetIds[conn % f.costSetIds.length] })],
      quick: (b) => noErrors(b) && b.includes('"userErrors":[]'),
      check: (j) => {
        const p = j?.data?.addCostLine;
        return p?.costLine?.id && Array.isArray(p.userErrors) && p.userErrors.length === 0 ? null : `not added: ${JSON.stringify(j).slice(0, 300)}`;
      },
    },
    {
      id: '6a',
      title: 'job(id) { history(first: 20) }',
      bodies: byId(JOB_HISTORY),
      quick: (b) => noErrors(b) && !b.includes('"job":null'),
      check: (j) => (j?.data?.job?.history?.nodes?.length ? null : `no history: ${JSON.stringify(j).slice(0, 300)}`),
    },
    {
      id: '6b',
      title: 'jobAsOf(id, at)',
      bodies: byId(JOB_AS_OF, { at: f.asOf }),
      quick: (b) => noErrors(b) && !b.includes('"jobAsOf":null'),
      check: (j) => (j?.data?.jobAsOf?.id ? null : `no job as of ${f.asOf}: ${JSON.stringify(j).slice(0, 300)}`),
    },
  ];
}
