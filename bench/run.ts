/**
 * The benchmark suite: `npm run bench`.
 *
 * Creates a throwaway database (on BENCH_DATABASE_URL or TEST_DATABASE_URL, else an embedded
 * PostgreSQL), migrates and seeds it, starts the production build of the API as a child process,
 * and drives each scenario with autocannon over loopback at 1 and 20 connections. Scenario 2 (the
 * nested page) also runs against the floor (bench/floor-server.ts: one SQL statement, plain http)
 * and against the API with DataLoader off. Prints a Markdown table, ratios and peak memory, and
 * writes everything to bench/results/<YYYY-MM-DD>-<HHMM>.json.
 *
 * Settings: BENCH_JOBS (10000), BENCH_LINES (5 per cost set), BENCH_SEED (1), BENCH_SECONDS (10),
 * BENCH_WARMUP_SECONDS (2), BENCH_CONNECTIONS ("1,20"), BENCH_SCENARIOS (ids, default all:
 * "1,2,3,4,6a,6b,7,5"; the floor and DataLoader-off runs come with 2; 7 is the cache, bench/cache.ts,
 * with BENCH_REDIS_URL or a redis-server of its own), BENCH_SEARCH (a search word;
 * default: picked from the seeded job names). Statement counts come from short probe runs of the API
 * with its statement counter on; load runs go without it. See bench/README.md. Exits non-zero only when something fails, never because
 * of a figure.
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { appDataSource } from '../src/app/database';
import { generateKeySecret } from '../src/auth/api-keys';
import { createLog } from '../src/logger';
import { seed } from '../src/app/seed';
import { provisionDatabase, type BenchDatabase } from './database';
import { drive, gqlBody, probe, type Scenario, type Target } from './load';
import { cpuSnapshot, killAllChildren, machineBusyPercent, startChild, type Child, type MemoryReport } from './processes';
import { markdownTable, memoryLines, ratioLines, ratios, writeResults, type Row } from './report';
import { apiScenarios, discoverFixtures, JOBS_PAGE } from './scenarios';
import { cacheTable, runCacheScenarios, type CacheRun } from './cache';

const ROOT = path.resolve(__dirname, '../..');
// BENCH_API_MAIN runs another build of the API (e.g. an earlier commit's) for a before/after comparison.
const API_MAIN = process.env.BENCH_API_MAIN ? path.resolve(process.env.BENCH_API_MAIN) : path.join(ROOT, 'dist/src/main.js');
const FLOOR_MAIN = path.join(__dirname, 'floor-server.js');

/** Scenario ids in the order they run: reads first, addCostLine last (it writes). */
const ALL_SCENARIOS = ['1', '2', '3', '4', '6a', '6b', '7', '5'];

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  return n;
}

const options = readOptions();

/** The settings from the environment; a bad value stops the run (exit 2) with a message naming it. */
function readOptions() {
  try {
    return {
      jobs: intEnv('BENCH_JOBS', 10_000, 100, 1_000_000),
      linesPerCostSet: intEnv('BENCH_LINES', 5, 0, 100),
      seed: intEnv('BENCH_SEED', 1, 0, 2 ** 31 - 1),
      seconds: intEnv('BENCH_SECONDS', 10, 1, 600),
      warmupSeconds: intEnv('BENCH_WARMUP_SECONDS', 2, 0, 600),
      scenarios: (process.env.BENCH_SCENARIOS || ALL_SCENARIOS.join(','))
        .split(',')
        .map((id) => {
          if (!ALL_SCENARIOS.includes(id.trim())) throw new Error(`BENCH_SCENARIOS lists scenario ids from ${ALL_SCENARIOS.join(', ')} (got "${id}")`);
          return id.trim();
        })
        .filter((id, i, all) => all.indexOf(id) === i)
        .sort((a, b) => ALL_SCENARIOS.indexOf(a) - ALL_SCENARIOS.indexOf(b)),
      connections: (process.env.BENCH_CONNECTIONS || '1,20').split(',').map((c) => {
        const n = Number(c.trim());
        if (!Number.isInteger(n) || n < 1 || n > 200) throw new Error(`BENCH_CONNECTIONS must list connection counts from 1 to 200 (got "${c}")`);
        return n;
      }),
    };
  } catch (err) {
    console.error(`bench: ${(err as Error).message}`);
    process.exit(2);
  }
}

const t0 = Date.now();
const say = (msg: string) => console.log(`[bench ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${msg}`);

// What the signal handler and the failure path must undo, newest first.
const undo: Array<() => Promise<unknown>> = [];
let undoing: Promise<void> | null = null;
/** Runs the undo steps once, newest first; later calls wait for the same run. */
function undoAll(): Promise<void> {
  undoing ??= (async () => {
    while (undo.length) {
      try {
        await undo.pop()!();
      } catch (err) {
        console.error(`cleanup step failed: ${(err as Error).message}`);
      }
    }
  })();
  return undoing;
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${signal}: stopping the servers and removing the benchmark database…`);
    killAllChildren();
    void undoAll().finally(() => process.exit(130));
  });
}

/**
 * Starts the production API build on the bench database. With `counting`, responses carry the SQL
 * statements they ran; that counter (an AsyncLocalStorage) costs CPU, so load runs go without it and
 * the counts come from a short probe run before them.
 */
function startApi(url: string, dataLoader: boolean, counting = false, extraEnv: Record<string, string> = {}): Promise<Child> {
  return startChild({
    name: `${dataLoader ? 'API' : 'API (DataLoader off)'}${counting ? ', counting statements' : ''}${extraEnv.REDIS_URL ? ', Redis cache' : ''}`,
    script: API_MAIN,
    env: {
      NODE_ENV: 'production',
      DATABASE_URL: url,
      LOG_LEVEL: 'warn',
      EXPOSE_SQL_STATEMENT_COUNT: String(counting),
      // Load runs send far more than one key's budget of cost points: measured without the rate limit.
      RATE_LIMIT_MAX: '0',
      ...(dataLoader ? {} : { BENCH_DISABLE_DATALOADER: '1' }),
      ...extraEnv,
    },
    dropEnv: ['BENCH_DISABLE_DATALOADER', 'EXPOSE_SQL_STATEMENT_COUNT', 'BOOTSTRAP_API_KEY', 'REDIS_URL'],
    healthPath: '/health',
  });
}

/** Runs a child until `fn` is done, then stops it and returns its memory figures. */
async function withChild<T>(start: () => Promise<Child>, fn: (child: Child) => Promise<T>): Promise<{ value: T; memory: MemoryReport; warnings: string[] }> {
  const child = await start();
  let stopped = false;
  const stop = async () => {
    if (stopped) return undefined;
    stopped = true;
    return child.stop();
  };
  undo.push(stop);
  say(`${child.name} started (pid ${child.pid}, port ${child.port})`);
  try {
    const value = await fn(child);
    return { value, memory: (await stop())!, warnings: child.warnings };
  } finally {
    await stop();
    if (undo.includes(stop)) undo.splice(undo.indexOf(stop), 1);
  }
}

/** Drives `scenario` at every connection count; `statements` is its statement count from the probe run. */
async function measure(rows: Row[], target: Target, server: Row['server'], scenario: Scenario, statements: number | null): Promise<void> {
  for (const connections of options.connections) {
    const before = statements;
    target.takePeakRssMb?.();
    const result = await drive(target, scenario, connections, options.warmupSeconds, options.seconds);
    const serverPeakRssMb = target.takePeakRssMb?.() ?? null;
    const after = statements;
    rows.push({ scenario: scenario.id, title: scenario.title, server, connections, statements: { before, after }, result, serverPeakRssMb, loadAverage: os.loadavg()[0] });
    const errors = result.non2xx + result.graphqlErrors + result.socketErrors;
    say(
      `${server} ${scenario.id} ${scenario.title} @${connections}: ${result.reqPerSec.toFixed(1)} req/s, p50 ${result.latencyMs.p50.toFixed(2)} ms, ` +
        `p99 ${result.latencyMs.p99.toFixed(2)} ms, ${before ?? '–'}${after !== before ? ` → ${after}` : ''} statements${errors ? `, ${errors} errors` : ''}` +
        (result.serverCpu ? `, server CPU ${result.serverCpu.msPerRequest.toFixed(2)} ms/request` : '') +
        (serverPeakRssMb !== null ? `, peak RSS ${serverPeakRssMb.toFixed(0)} MB` : ''),
    );
  }
}

async function seedSize(db: DataSource, workspaceId: string) {
  const tables = ['clients', 'staff', 'jobs', 'cost_sets', 'cost_lines', 'suppliers', 'purchase_orders', 'purchase_order_lines', 'stock_items'];
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const exists = await db.query(`SELECT to_regclass($1) IS NOT NULL AS ok`, [t]);
    if (exists[0].ok) counts[t] = Number((await db.query(`SELECT count(*)::int AS n FROM "${t}" WHERE workspace_id = $1`, [workspaceId]))[0].n);
  }
  const [{ n: history }] = await db.query(`SELECT coalesce(sum(c.reltuples), 0)::bigint AS n FROM pg_class c WHERE c.relkind = 'r' AND c.relname LIKE '%\\_history'`);
  const [{ bytes }] = await db.query(`SELECT pg_database_size(current_database())::bigint AS bytes`);
  return { rows: counts, historyRecordsEstimate: Number(history), databaseMb: Math.round(Number(bytes) / 1e5) / 10 };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  // How busy the machine is while this benchmark is idle: other work competes with the measurements.
  const idleBusy: Record<string, number | null> = { atStart: await machineBusyPercent() };
  if (!existsSync(API_MAIN) || !existsSync(FLOOR_MAIN)) throw new Error(`${API_MAIN} or ${FLOOR_MAIN} is missing: run through \`npm run bench\`, which compiles first`);
  say(`options: ${JSON.stringify(options)}`);

  const database: BenchDatabase = await provisionDatabase(say);
  undo.push(() => database.dispose());
  const db = appDataSource(database.url, createLog('error'), 4);
  await db.initialize();
  undo.push(() => (db.isInitialized ? db.destroy() : Promise.resolve()));
  const migrations = await db.runMigrations({ transaction: 'each' });
  say(`migrated (${migrations.length} migrations)`);

  const apiKey = generateKeySecret();
  const seedOptions = { workspace: 'bench', jobs: options.jobs, linesPerCostSet: options.linesPerCostSet, seed: options.seed, apiKey };
  const seedStart = Date.now();
  let lastProgress = 0;
  const seeded = await seed(db, seedOptions, (phase, done, total) => {
    if (Date.now() - lastProgress < 5000 && done < total) return;
    lastProgress = Date.now();
    say(`seeding ${phase}: ${done}/${total}`);
  });
  const seedSeconds = (Date.now() - seedStart) / 1000;
  await db.query('VACUUM (ANALYZE)');
  const size = await seedSize(db, seeded.workspaceId);
  say(
    `seeded in ${seedSeconds.toFixed(1)} s: ${JSON.stringify(size.rows)}, ~${size.historyRecordsEstimate} history records, database ${size.databaseMb} MB (vacuumed and analysed)`,
  );
  const [{ version: postgres }] = await db.query('SELECT version()');
  idleBusy.afterSeeding = await machineBusyPercent();

  const headers = { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` };
  const maxConnections = Math.max(...options.connections);
  const rows: Row[] = [];
  const memory: Record<string, MemoryReport | undefined> = {};
  const warnings: Record<string, string[]> = {};
  const pageData: Record<string, string> = {};
  const pageOf = (json: any) => JSON.stringify(json?.data?.jobs?.nodes ?? null);

  // Probe runs: the statements each scenario runs (DataLoader on and off), and the fixtures.
  const probeRun = await withChild(
    () => startApi(database.url, true, true),
    async (child) => {
      const target: Target = { name: 'API probe', port: child.port, pid: child.pid, headers };
      const fixtures = await discoverFixtures(db, target, seeded.workspaceId, maxConnections);
      const statements = new Map<string, number | null>();
      for (const s of apiScenarios(fixtures)) statements.set(s.id, (await probe(target, s.bodies(0)[0])).sqlStatements);
      return { fixtures, statements };
    },
  );
  const offStatements = options.scenarios.includes('2')
    ? (
        await withChild(
          () => startApi(database.url, false, true),
          async (child) => {
            const target: Target = { name: 'API probe', port: child.port, pid: child.pid, headers };
            return (await probe(target, gqlBody(JOBS_PAGE))).sqlStatements;
          },
        )
      ).value
    : null;

  // The API with DataLoader on: every scenario. addCostLine last, on jobs off both measured pages.
  const api = await withChild(
    () => startApi(database.url, true),
    async (child) => {
      const target: Target = {
        name: 'API',
        port: child.port,
        pid: child.pid,
        takePeakRssMb: child.takePeakRssMb,
        cpuSnapshot: () => cpuSnapshot(database.name, [child.pid]),
        headers,
      };
      const fixtures = probeRun.value.fixtures;
      say(
        `fixtures: ${fixtures.liveJobs} live jobs, ${fixtures.rotationIds.length} job ids to rotate over, cursor of job #${fixtures.deepJob.number} at position ${fixtures.deepPosition} ` +
          `(${fixtures.pagesWalked} pages walked), search "${fixtures.searchWord}" (${fixtures.searchMatches} jobs), ${fixtures.costSetIds.length} ACTUAL cost sets for addCostLine`,
      );
      pageData.api = pageOf((await probe(target, gqlBody(JOBS_PAGE))).json);
      const scenarios = apiScenarios(fixtures);
      for (const id of options.scenarios.filter((id) => id !== '7'))
        await measure(
          rows,
          target,
          'api',
          scenarios.find((s) => s.id === id)!,
          probeRun.value.statements.get(id) ?? null,
        );
      pageData.apiAfter = pageOf((await probe(target, gqlBody(JOBS_PAGE))).json);
      return { fixtures, scenarios };
    },
  );
  memory['API'] = api.memory;
  warnings['API'] = api.warnings;
  const page = api.value.scenarios.find((s) => s.id === '2')!;

  // The floor: the same page from one SQL statement behind a plain http server.
  const withPage = options.scenarios.includes('2');
  const floor =
    withPage &&
    (await withChild(
      () =>
        startChild({
          name: 'floor server',
          script: FLOOR_MAIN,
          env: { DATABASE_URL: database.url, WORKSPACE_ID: seeded.workspaceId, POOL_SIZE: '10', NODE_ENV: 'production' },
          healthPath: '/health',
        }),
      async (child) => {
        const target: Target = {
          name: 'floor',
          port: child.port,
          pid: child.pid,
          takePeakRssMb: child.takePeakRssMb,
          cpuSnapshot: () => cpuSnapshot(database.name, [child.pid]),
          headers,
        };
        pageData.floor = pageOf((await probe(target, gqlBody(JOBS_PAGE))).json);
        const floorScenario: Scenario = { ...page, bodies: () => [gqlBody(JOBS_PAGE)] };
        for (const connections of options.connections) {
          target.takePeakRssMb?.();
          const result = await drive(target, floorScenario, connections, options.warmupSeconds, options.seconds);
          const serverPeakRssMb = target.takePeakRssMb?.() ?? null;
          rows.push({ scenario: '2', title: page.title, server: 'floor', connections, statements: { before: 1, after: 1 }, result, serverPeakRssMb, loadAverage: os.loadavg()[0] });
          say(
            `floor 2 @${connections}: ${result.reqPerSec.toFixed(1)} req/s, p50 ${result.latencyMs.p50.toFixed(2)} ms, p99 ${result.latencyMs.p99.toFixed(2)} ms` +
              (result.serverCpu ? `, server CPU ${result.serverCpu.msPerRequest.toFixed(2)} ms/request` : ''),
          );
        }
      },
    ));
  if (floor) {
    memory['floor server'] = floor.memory;
    warnings['floor server'] = floor.warnings;
  }

  // The API again with every loader running one statement per key.
  const off =
    withPage &&
    (await withChild(
      () => startApi(database.url, false),
      async (child) => {
        const target: Target = {
          name: 'API (DataLoader off)',
          port: child.port,
          pid: child.pid,
          takePeakRssMb: child.takePeakRssMb,
          cpuSnapshot: () => cpuSnapshot(database.name, [child.pid]),
          headers,
        };
        pageData.dataLoaderOff = pageOf((await probe(target, gqlBody(JOBS_PAGE))).json);
        await measure(rows, target, 'api-dataloader-off', page, offStatements);
      },
    ));
  if (off) {
    memory['API, DataLoader off'] = off.memory;
    warnings['API, DataLoader off'] = off.warnings;
  }

  // The cache: cold and warm, in process and with Redis, each on a fresh API process.
  const cache: CacheRun | null = options.scenarios.includes('7')
    ? await runCacheScenarios(
        (env) => startApi(database.url, true, false, env),
        (child, name) => ({ name, port: child.port, pid: child.pid, headers }),
        say,
      )
    : null;

  await db.destroy();
  await undoAll();
  idleBusy.atEnd = await machineBusyPercent();

  const pageCheck = {
    floorMatchesApi: withPage ? pageData.floor === pageData.api : null,
    dataLoaderOffMatchesApi: withPage ? pageData.dataLoaderOff === pageData.api : null,
    pageUnchangedByRun: pageData.apiAfter === pageData.api,
  };
  const ratioList = ratios(rows, options.connections);
  const finishedAt = new Date();
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    totalMemoryMb: Math.round(os.totalmem() / 2 ** 20),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    postgres,
    /** CPU use of the whole machine (% of all cores) measured over 1 s while the benchmark itself was idle. */
    busyWhileBenchIdle: idleBusy,
  };
  const file = await writeResults(path.join(ROOT, 'bench/results'), startedAt, {
    startedAt,
    finishedAt,
    durationSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    machine,
    database: { kind: database.kind, host: database.kind === 'embedded' ? 'embedded' : database.host },
    options,
    seed: { options: { ...seedOptions, apiKey: undefined }, result: { ...seeded }, seconds: seedSeconds, size },
    fixtures: { ...api.value.fixtures, rotationIds: api.value.fixtures.rotationIds.length },
    results: rows,
    ratios: ratioList,
    memory,
    pageCheck,
    cache,
    serverWarnings: warnings,
  });

  console.log(`\n## Benchmark ${startedAt.toISOString()}\n`);
  console.log(
    `${machine.cpu}, ${machine.cores} cores, ${(machine.totalMemoryMb / 1024).toFixed(1)} GB, Node ${machine.node}; ${postgres.split(',')[0]} (${database.kind === 'embedded' ? 'embedded' : database.host})`,
  );
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${v.toFixed(0)}%`);
  console.log(
    `Machine CPU use while the benchmark was idle: ${pct(idleBusy.atStart)} at the start, ${pct(idleBusy.afterSeeding)} after seeding, ${pct(idleBusy.atEnd)} at the end.`,
  );
  console.log(
    `Seed: ${options.jobs} jobs, ${options.linesPerCostSet} lines per cost set (${size.rows.cost_lines ?? '?'} cost lines), seed ${options.seed}. ` +
      `${options.warmupSeconds} s warm-up + ${options.seconds} s measured per row; latencies of 2xx responses.\n`,
  );
  console.log(markdownTable(rows));
  if (ratioList.length) console.log(`\nRatios:\n${ratioLines(ratioList).join('\n')}`);
  if (cache) console.log(`\nCache (sequential requests, medians; bench/cache.ts):\n${cacheTable(cache)}`);
  console.log('\nMemory:');
  for (const line of memoryLines(memory)) console.log(line);
  const problems: string[] = [];
  if (pageCheck.floorMatchesApi === false) problems.push('the floor server’s page differs from the API’s');
  if (pageCheck.dataLoaderOffMatchesApi === false) problems.push('the page with DataLoader off differs from the page with it on');
  if (!pageCheck.pageUnchangedByRun) problems.push('the first page changed during the run');
  for (const r of rows) {
    if (r.statements.before !== null && r.statements.after !== null && r.statements.after !== r.statements.before)
      problems.push(`scenario ${r.scenario} (${r.server}, ${r.connections} connections): statements per request went from ${r.statements.before} to ${r.statements.after}`);
    if (r.result.errorSamples.length) problems.push(`scenario ${r.scenario} (${r.server}, ${r.connections} connections): ${r.result.errorSamples[0]}`);
  }
  const busiest = Math.max(...Object.values(idleBusy).map((v) => v ?? 0));
  if (busiest > 20)
    problems.push(
      `other work was running: the machine was ${busiest.toFixed(0)}% busy while the benchmark was idle (${JSON.stringify(idleBusy, (_k, v) => (typeof v === 'number' ? Math.round(v) : v))}); figures are noisier than usual`,
    );
  const contended = rows.filter((r) => (r.result.otherCpuPercent ?? 0) > 10);
  if (contended.length)
    problems.push(
      `other processes used CPU during ${contended.length} of ${rows.length} runs (share of the whole machine): ` +
        contended.map((r) => `${r.scenario}${r.server === 'api' ? '' : ` ${r.server}`} @${r.connections} ${r.result.otherCpuPercent!.toFixed(0)}%`).join(', '),
    );
  for (const r of rows)
    if (r.result.requests === 0) problems.push(`scenario ${r.scenario} (${r.server}, ${r.connections} connections): no response completed in the measured window`);
  for (const [name, list] of Object.entries(warnings)) if (list.length) problems.push(`${name} logged ${list.length} warning(s), first: ${list[0].slice(0, 300)}`);
  if (problems.length) {
    console.log('\nNoticed:');
    for (const p of problems) console.log(`- ${p}`);
  }
  console.log(`\nTotal run time ${((Date.now() - t0) / 1000).toFixed(0)} s. Results: ${path.relative(ROOT, file)}`);
}

main().then(
  () => process.exit(0),
  async (err: unknown) => {
    // After Ctrl-C, failures are the interruption's echo: the signal handler cleans up and exits.
    if (!interrupted) console.error(`\nbenchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    killAllChildren();
    await undoAll();
    process.exit(interrupted ? 130 : 1);
  },
);
