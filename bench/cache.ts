/**
 * The cache scenarios of `npm run bench` (id "7"): `jobs(first: 50) { costSummary }` and `dashboard`,
 * cold and warm, with the in-process cache and with Redis, each on a fresh API process.
 *
 * - dashboard cold: every request asks for another date range, so every one is a miss and runs the
 *   report's statements; warm: one range asked again and again (after one request to fill it).
 * - costSummary: the first `PAGES` pages of the default order, walked three times in rounds: with
 *   costSummary on an empty cache (cold), with it again (warm), and the same pages without it; warm and
 *   without alternate page by page, so the machine's drift affects both alike.
 *
 * Sequential requests (one connection) and the median latency of each kind: the ratios are what the
 * targets are about (warm dashboard at least 10x faster than cold; a warm costSummary page within 10%
 * of the page without it).
 *
 * Redis: BENCH_REDIS_URL when set, else a `redis-server` started on a free port for the run (skipped,
 * and said so, when neither is available).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { gql, probe, gqlBody, type Target } from './load';
import { freePort, type Child } from './processes';

const PAGES = 40;
const DASHBOARD_COLD = 40;
const DASHBOARD_WARM = 200;

export const PAGE_IDS = `query($after: String) { jobs(first: 50, after: $after) { pageInfo { endCursor } } }`;
export const PAGE_WITHOUT = `query($after: String) { jobs(first: 50, after: $after) { nodes { id number name status } } }`;
export const PAGE_WITH = `query($after: String) { jobs(first: 50, after: $after) { nodes { id number name status costSummary { estimatedCost quotedRevenue actualCost actualRevenue profit } } } }`;
export const DASHBOARD = `query($from: Date, $to: Date) { dashboard(from: $from, to: $to) {
  jobsByStatus { status count } overdueJobs estimatedCost quotedCost actualCost actualRevenue profit marginPercent topClients { client { name } actualRevenue } } }`;

/** Medians (ms) and ratios of one cache backend. */
export interface CacheFigures {
  backend: 'memory' | 'redis';
  dashboardColdMs: number;
  dashboardWarmMs: number;
  /** cold / warm: the target is at least 10. */
  dashboardSpeedup: number;
  pageWithoutMs: number;
  pageColdMs: number;
  pageWarmMs: number;
  /** warm page with costSummary / page without: the target is at most 1.10. */
  warmPageOverWithout: number;
}

/** What the cache run gives: the figures per backend, and why a backend was skipped. */
export interface CacheRun {
  figures: CacheFigures[];
  skipped: string[];
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function timed(target: Target, query: string, variables: Record<string, unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  const { status, json } = await probe(target, gqlBody(query, variables));
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (status !== 200 || json.errors?.length) throw new Error(`${target.name} answered ${status}: ${JSON.stringify(json).slice(0, 300)}`);
  return ms;
}

const day = (offset: number) => new Date(Date.UTC(2020, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);

/** Measures one API process (its cache empty at the start). */
async function measureOne(backend: CacheFigures['backend'], target: Target): Promise<CacheFigures> {
  // Page cursors, from a query that reads no summary.
  const cursors: Array<string | null> = [null];
  for (let i = 1; i < PAGES; i++) cursors.push((await gql(target, PAGE_IDS, { after: cursors[i - 1] })).jobs.pageInfo.endCursor);
  // Warms the process (compiled queries, connections) on the pages without summaries.
  for (const after of cursors) await timed(target, PAGE_WITHOUT, { after });

  const cold: number[] = [];
  for (const after of cursors) cold.push(await timed(target, PAGE_WITH, { after }));
  const warm: number[] = [];
  const without: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const after of cursors) {
      warm.push(await timed(target, PAGE_WITH, { after }));
      without.push(await timed(target, PAGE_WITHOUT, { after }));
    }
  }

  // Every cold request another range (from 2020-01-01 + i days to today): each one a miss.
  const dashCold: number[] = [];
  for (let i = 0; i < DASHBOARD_COLD; i++) dashCold.push(await timed(target, DASHBOARD, { from: day(i), to: null }));
  await timed(target, DASHBOARD, { from: day(0), to: null });
  const dashWarm: number[] = [];
  for (let i = 0; i < DASHBOARD_WARM; i++) dashWarm.push(await timed(target, DASHBOARD, { from: day(0), to: null }));

  const f = {
    backend,
    dashboardColdMs: median(dashCold),
    dashboardWarmMs: median(dashWarm),
    pageWithoutMs: median(without),
    pageColdMs: median(cold),
    pageWarmMs: median(warm),
  };
  return { ...f, dashboardSpeedup: f.dashboardColdMs / f.dashboardWarmMs, warmPageOverWithout: f.pageWarmMs / f.pageWithoutMs };
}

/** A Redis for the run: BENCH_REDIS_URL, or a redis-server of its own; null (with the reason) when there is none. */
async function provideRedis(say: (m: string) => void): Promise<{ url: string; stop(): void } | { url: null; reason: string }> {
  if (process.env.BENCH_REDIS_URL) return { url: process.env.BENCH_REDIS_URL, stop() {} };
  if (spawnSync('redis-server', ['--version']).error) return { url: null, reason: 'no BENCH_REDIS_URL and no redis-server binary on this machine' };
  const port = await freePort();
  const proc: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => (s.end(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  say(`started redis-server on port ${port} for the cache scenarios`);
  return { url, stop: () => proc.kill('SIGTERM') };
}

/**
 * Runs the cache scenarios on fresh API processes from `startApi(env)`: the in-process cache, then
 * Redis. `target(child)` makes the request target for a started process.
 */
export async function runCacheScenarios(
  startApi: (env: Record<string, string>) => Promise<Child>,
  target: (child: Child, name: string) => Target,
  say: (m: string) => void,
): Promise<CacheRun> {
  const figures: CacheFigures[] = [];
  const skipped: string[] = [];
  const backends: Array<{ backend: CacheFigures['backend']; env: () => Promise<Record<string, string> | null>; done?: () => void }> = [
    { backend: 'memory', env: async () => ({}) },
  ];
  let stopRedis: (() => void) | undefined;
  backends.push({
    backend: 'redis',
    env: async () => {
      const redis = await provideRedis(say);
      if (redis.url === null) {
        skipped.push(`redis: ${redis.reason}`);
        return null;
      }
      stopRedis = redis.stop;
      return { REDIS_URL: redis.url };
    },
    done: () => stopRedis?.(),
  });
  for (const b of backends) {
    const env = await b.env();
    if (!env) continue;
    const child = await startApi(env);
    try {
      const f = await measureOne(b.backend, target(child, `API (${b.backend} cache)`));
      say(
        `cache ${b.backend}: dashboard cold ${f.dashboardColdMs.toFixed(2)} ms, warm ${f.dashboardWarmMs.toFixed(2)} ms (${f.dashboardSpeedup.toFixed(1)}x); ` +
          `page without costSummary ${f.pageWithoutMs.toFixed(2)} ms, cold ${f.pageColdMs.toFixed(2)} ms, warm ${f.pageWarmMs.toFixed(2)} ms (${f.warmPageOverWithout.toFixed(2)} of without)`,
      );
      figures.push(f);
    } finally {
      await child.stop();
      b.done?.();
    }
  }
  return { figures, skipped };
}

/** The cache figures as a Markdown table. */
export function cacheTable(run: CacheRun): string {
  const lines = [
    '| cache | dashboard cold p50 | dashboard warm p50 | cold / warm | page without costSummary p50 | page cold p50 | page warm p50 | warm / without |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const f of run.figures) {
    lines.push(
      `| ${f.backend} | ${f.dashboardColdMs.toFixed(2)} ms | ${f.dashboardWarmMs.toFixed(2)} ms | ${f.dashboardSpeedup.toFixed(1)}x | ` +
        `${f.pageWithoutMs.toFixed(2)} ms | ${f.pageColdMs.toFixed(2)} ms | ${f.pageWarmMs.toFixed(2)} ms | ${f.warmPageOverWithout.toFixed(2)} |`,
    );
  }
  for (const s of run.skipped) lines.push(`\nSkipped: ${s}`);
  return lines.join('\n');
}
