/**
 * History benchmark: mutation latency with history on and off, history size per 10,000 changes,
 * and jobAsOf on a job with 500 lines and 5,000+ history records. Runs the real server in-process
 * against a throwaway database on BENCH_DATABASE_URL (default: TEST_DATABASE_URL) and drops it.
 *   npm run bench:history
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { auditedBulkUpdate } from '../src/audit/bulk';
import { setHistoryEnabled } from '../src/audit/history.subscriber';
import { createApiKey, ensureWorkspace, generateKeySecret } from '../src/auth/api-keys';
import { Role } from '../src/auth/roles';
import { loadConfig } from '../src/config';
import { appDataSource } from '../src/app/database';
import { inTransaction } from '../src/db/transaction';
import { createLog } from '../src/logger';
import { CostLine } from '../src/modules/costing/cost-line.entity';
import { createServer } from '../src/app/server';

const ROUNDS = 4;
const OPS_PER_ROUND = Number(process.env.BENCH_OPS ?? 250);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const total = samples.reduce((a, b) => a + b, 0);
  return { n: s.length, median: percentile(s, 50), p95: percentile(s, 95), opsPerSec: (s.length / total) * 1000 };
}

async function admin(url: string, sql: string): Promise<void> {
  const c = new PgClient({ connectionString: url });
  await c.connect();
  await c.query(sql);
  await c.end();
}

async function main(): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `jobcost_bench_${randomBytes(4).toString('hex')}`;
  await admin(adminUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const log = createLog('error');
  const db = appDataSource(url.toString(), log, 10);
  await db.initialize();
  try {
    await db.runMigrations({ transaction: 'each' });
    const server = await createServer({ db, config: loadConfig({ PORT: '0', RATE_LIMIT_MAX: '0' }), log });
    const port = await server.listen(0, '127.0.0.1');
    const ws = await ensureWorkspace(db, 'bench', 'bench');
    const key = generateKeySecret();
    await createApiKey(db, ws.id, 'bench', Role.ADMIN, key);
    const gql = async (query: string, variables: Record<string, unknown>) => {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: any; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const timed = async (fn: () => Promise<unknown>) => {
      const t = performance.now();
      await fn();
      return performance.now() - t;
    };

    const client = (await gql('mutation { createClient(input: { name: "Bench" }) { client { id } } }', {})).createClient.client.id;
    const staff = (await gql('mutation { createStaff(input: { name: "B", email: "b@example.com", wageRate: "30", chargeOutRate: "50" }) { staffMember { id } } }', {})).createStaff
      .staffMember.id;
    const job = (await gql('mutation($c: ID!) { createJob(input: { name: "Bench", clientId: $c }) { job { id latestActual { id } } } }', { c: client })).createJob.job;
    const addLine = `mutation($c: ID!, $s: ID!) { addCostLine(costSetId: $c, input: { kind: TIME, description: "Work", quantity: "1.5", staffId: $s }) { costLine { id } userErrors { code } } }`;
    const updateJob = `mutation($id: ID!, $n: String!) { updateJob(id: $id, input: { name: $n }) { job { id } userErrors { code } } }`;

    // Warm-up, then rounds alternating history on and off so drift affects both alike.
    for (let i = 0; i < 50; i++) {
      await gql(addLine, { c: job.latestActual.id, s: staff });
      await gql(updateJob, { id: job.id, n: `warm ${i}` });
    }
    const samples = { add: { on: [] as number[], off: [] as number[] }, update: { on: [] as number[], off: [] as number[] } };
    let counter = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of round % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
        setHistoryEnabled(mode === 'on');
        for (let i = 0; i < OPS_PER_ROUND; i++) {
          samples.add[mode].push(await timed(() => gql(addLine, { c: job.latestActual.id, s: staff })));
          samples.update[mode].push(await timed(() => gql(updateJob, { id: job.id, n: `name ${counter++}` })));
        }
      }
    }
    setHistoryEnabled(true);
    const report = (label: string, on: number[], off: number[]) => {
      const a = stats(on);
      const b = stats(off);
      console.log(
        `${label.padEnd(12)} history on: median ${a.median.toFixed(2)} ms, p95 ${a.p95.toFixed(2)} ms, ${a.opsPerSec.toFixed(0)} ops/s | ` +
          `off: median ${b.median.toFixed(2)} ms, p95 ${b.p95.toFixed(2)} ms, ${b.opsPerSec.toFixed(0)} ops/s | ` +
          `median latency +${((a.median / b.median - 1) * 100).toFixed(1)}%, throughput ${((a.opsPerSec / b.opsPerSec - 1) * 100).toFixed(1)}%`,
      );
    };
    console.log(`mutations over HTTP, ${(ROUNDS * OPS_PER_ROUND) / 2} of each kind per mode, sequential:`);
    report('addCostLine', samples.add.on, samples.add.off);
    report('updateJob', samples.update.on, samples.update.off);

    // History size: bytes of all history tables (heap, indexes, TOAST) per 10,000 records.
    const [size] = await db.query(
      `SELECT sum(pg_total_relation_size(c.oid))::bigint AS bytes, (SELECT sum(n) FROM (
          SELECT count(*) AS n FROM clients_history UNION ALL SELECT count(*) FROM staff_history UNION ALL SELECT count(*) FROM jobs_history
          UNION ALL SELECT count(*) FROM cost_sets_history UNION ALL SELECT count(*) FROM cost_lines_history) x) AS records
         FROM pg_class c WHERE c.relname LIKE '%\\_history' AND c.relkind = 'r'`,
    );
    const per10k = (Number(size.bytes) / Number(size.records)) * 10_000;
    console.log(`history size: ${size.records} records in ${(Number(size.bytes) / 1e6).toFixed(1)} MB, ${(per10k / 1e6).toFixed(2)} MB per 10,000 changes`);

    // jobAsOf: a job with 500 lines and 5,000+ history records.
    const big = (await gql('mutation($c: ID!) { createJob(input: { name: "Big", clientId: $c }) { job { id latestActual { id } } } }', { c: client })).createJob.job;
    for (let i = 0; i < 500; i++) await gql(addLine, { c: big.latestActual.id, s: staff });
    await new Promise((r) => setTimeout(r, 20));
    const midpoint = new Date();
    await new Promise((r) => setTimeout(r, 20));
    for (let i = 0; i < 9; i++) {
      await inTransaction(db, { actor: { type: 'SYSTEM', id: 'bench', name: 'bench' }, reason: 'bench', requestId: 'bench' }, (em) =>
        auditedBulkUpdate(
          em,
          CostLine,
          'quantity = t.quantity + 1, total_cost = round((t.quantity + 1) * t.unit_cost, 2), total_rev = round((t.quantity + 1) * t.unit_rev, 2)',
          't.cost_set_id = $1',
          [big.latestActual.id],
        ),
      );
    }
    const [{ n }] = await db.query(
      `SELECT (SELECT count(*) FROM cost_lines_history WHERE cost_set_id IN (SELECT id FROM cost_sets WHERE job_id = $1))
            + (SELECT count(*) FROM cost_sets_history WHERE job_id = $1) + (SELECT count(*) FROM jobs_history WHERE id = $1) AS n`,
      [big.id],
    );
    const asOf = `query($id: ID!, $at: DateTime!) { jobAsOf(id: $id, at: $at) { name costSets { kind rev summary { cost } costLines { id quantity totalCost } } } }`;
    const check = await gql(asOf, { id: big.id, at: midpoint.toISOString() });
    const lines = check.jobAsOf.costSets.find((c: { kind: string }) => c.kind === 'ACTUAL').costLines;
    if (lines.length !== 500 || lines.some((l: { quantity: string }) => l.quantity !== '1.500')) throw new Error('jobAsOf returned the wrong state');
    for (let i = 0; i < 10; i++) await gql(asOf, { id: big.id, at: midpoint.toISOString() });
    const asOfSamples: number[] = [];
    for (let i = 0; i < 50; i++) asOfSamples.push(await timed(() => gql(asOf, { id: big.id, at: midpoint.toISOString() })));
    const a = stats(asOfSamples);
    console.log(`jobAsOf over HTTP (500 lines, ${n} history records, 50 runs): median ${a.median.toFixed(2)} ms, p95 ${a.p95.toFixed(2)} ms`);
    await server.stop();
  } finally {
    await db.destroy();
    await admin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
