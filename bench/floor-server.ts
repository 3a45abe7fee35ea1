/**
 * The floor for the nested-page benchmark: a minimal Node `http` server (no framework, no GraphQL)
 * with a `pg` Pool that answers every POST with the page of
 *   jobs(first: 50) { nodes { id number name status client { name } assignee { name }
 *     costSets { kind rev costLines { description quantity totalCost totalRev staff { name } } } } }
 * computed per request by ONE hand-written SQL statement that builds the whole JSON response in
 * PostgreSQL. What the API costs on top of this is the price of GraphQL, the ORM and the loaders.
 *
 * Env: DATABASE_URL, WORKSPACE_ID, PORT, POOL_SIZE (default 10, the API's pool size). GET /health
 * answers 200 once the database answers. Started by bench/run.ts as a child process.
 */
import http from 'node:http';
import { Pool } from 'pg';

/**
 * The page as the GraphQL response's JSON text, keys in the order of the selection so it can be
 * compared with the API's answer. Decimals are strings (`numeric::text` keeps the column's scale,
 * as the API's Decimal scalar does); cost sets by kind (the enum's order: ESTIMATE, QUOTE, ACTUAL)
 * and rev; lines by created_at, id; soft-deleted jobs are left out.
 */
export const FLOOR_SQL = `
SELECT json_build_object('data', json_build_object('jobs', json_build_object('nodes', coalesce(json_agg(
  json_build_object(
    'id', j.id, 'number', j.number, 'name', j.name, 'status', j.status,
    'client', json_build_object('name', c.name),
    'assignee', CASE WHEN a.id IS NULL THEN NULL ELSE json_build_object('name', a.name) END,
    'costSets', (
      SELECT coalesce(json_agg(json_build_object(
        'kind', cs.kind, 'rev', cs.rev,
        'costLines', (
          SELECT coalesce(json_agg(json_build_object(
            'description', cl.description, 'quantity', cl.quantity::text, 'totalCost', cl.total_cost::text, 'totalRev', cl.total_rev::text,
            'staff', CASE WHEN st.id IS NULL THEN NULL ELSE json_build_object('name', st.name) END
          ) ORDER BY cl.created_at, cl.id), '[]'::json)
          FROM cost_lines cl LEFT JOIN staff st ON st.id = cl.staff_id
          WHERE cl.workspace_id = $1 AND cl.cost_set_id = cs.id)
      ) ORDER BY cs.kind, cs.rev), '[]'::json)
      FROM cost_sets cs WHERE cs.workspace_id = $1 AND cs.job_id = j.id)
  ) ORDER BY j.created_at DESC, j.id DESC), '[]'::json))))::text AS body
FROM (SELECT * FROM jobs WHERE workspace_id = $1 AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 50) j
JOIN clients c ON c.id = j.client_id
LEFT JOIN staff a ON a.id = j.assignee_id`;

function main(): void {
  const workspaceId = process.env.WORKSPACE_ID;
  if (!process.env.DATABASE_URL || !workspaceId) throw new Error('DATABASE_URL and WORKSPACE_ID are required');
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE || 10), application_name: 'jobcost-bench-floor' });
  pool.on('error', (err) => console.error(`pool error: ${err.message}`));

  const server = http.createServer((req, res) => {
    // Read (and ignore) the request body, as any server must before answering on a kept-alive connection.
    req.resume();
    const answer = async () => {
      try {
        if (req.method === 'GET' && req.url === '/health') {
          await pool.query('SELECT 1');
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
          return;
        }
        const { rows } = await pool.query<{ body: string }>({ name: 'floor-page', text: FLOOR_SQL, values: [workspaceId] });
        res.writeHead(200, { 'content-type': 'application/json' }).end(rows[0].body);
      } catch (err) {
        console.error(`floor request failed: ${(err as Error).message}`);
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: (err as Error).message }] }));
      }
    };
    // answer() catches its own errors.
    req.on('end', () => void answer());
  });
  server.keepAliveTimeout = 65_000;
  server.listen(Number(process.env.PORT || 0), '127.0.0.1');
  const shutdown = () => {
    server.close(() => void pool.end().then(() => process.exit(0)));
    server.closeAllConnections();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

if (require.main === module) main();
