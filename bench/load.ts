/**
 * Drives one scenario with autocannon over loopback for a fixed time after a warm-up, and probes a
 * scenario once to read the SQL statements it runs (`extensions.sqlStatements`).
 */
import autocannon from 'autocannon';
import { cpuSecondsOf, otherCpuPercent, type CpuSnapshot } from './processes';

/** Where requests go: a server on 127.0.0.1 and the headers every request carries. */
export interface Target {
  name: string;
  port: number;
  /** The server's process id, to measure the CPU time it spends per request. */
  pid?: number;
  /** CPU use of the machine and of the benchmark's own processes, to tell how much other work competed. */
  cpuSnapshot?: () => CpuSnapshot | null;
  /** The server's peak resident memory since the previous call (see Child.takePeakRssMb). */
  takePeakRssMb?: () => number | null;
  headers: Record<string, string>;
}

/** A scenario: the request bodies each connection cycles through, and how to tell a good answer. */
export interface Scenario {
  id: string;
  title: string;
  /** The bodies connection `conn` (0-based) sends in turn. */
  bodies(conn: number): string[];
  /** Cheap test run on every response body: true for a good answer. */
  quick(body: string): boolean;
  /** Full test on a parsed sample: an error description, or null for a good answer. */
  check(json: any): string | null;
}

export interface LoadResult {
  connections: number;
  warmupSeconds: number;
  /** Length of the measured window (after the warm-up) in seconds. */
  seconds: number;
  /** Responses completed in the measured window. */
  requests: number;
  reqPerSec: number;
  /** Responses completed in each whole second of the measured window. */
  perSecond: number[];
  /** Latencies of the window's 2xx responses in ms, from each response's own timing (autocannon's histogram rounds to whole ms). */
  latencyMs: { p50: number; p90: number; p99: number; mean: number; max: number };
  non2xx: number;
  /** Connection errors, timeouts included. */
  socketErrors: number;
  /** Responses the cheap test rejected (GraphQL errors, user errors, missing data). */
  graphqlErrors: number;
  /** How many responses were parsed in full, and what the failing ones said (first few). */
  parsedSamples: number;
  errorSamples: string[];
  statusCodes: Record<string, number>;
  /** CPU time (user + system) the server process used in the measured window, per response and as % of one core. */
  serverCpu: { msPerRequest: number; percentOfOneCore: number } | null;
  /** CPU that processes other than the benchmark's (client, server, its PostgreSQL backends) used in the window, % of all cores. */
  otherCpuPercent: number | null;
  /** autocannon's own totals over the whole run, warm-up included. */
  autocannon: { requests: number; errors: number; timeouts: number; non2xx: number; mismatches: number; duration: number; bytesPerSec: number };
}

/** One in this many responses is parsed and checked in full (every rejected one is too, up to a few). */
const SAMPLE_EVERY = 50;

function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Drives `scenario` at `connections` connections for `warmupSeconds + seconds` in one autocannon
 * run and measures only the responses completed after the warm-up, so requests still in flight
 * from the warm-up are not charged to a later run. Requests in flight at the end are dropped.
 */
export async function drive(target: Target, scenario: Scenario, connections: number, warmupSeconds: number, seconds: number): Promise<LoadResult> {
  let client = 0;
  let measureStart = Infinity;
  let measureEnd = Infinity;
  const inWindow = (t: number) => t >= measureStart && t < measureEnd;
  let responses = 0;
  let parsedSamples = 0;
  let graphqlErrors = 0;
  let non2xx = 0;
  let socketErrors = 0;
  const errorSamples: string[] = [];
  const statusCodes: Record<string, number> = {};
  const perSecond = new Array<number>(seconds).fill(0);
  let latencies = new Float64Array(1 << 14);
  let n = 0;
  let cpuStart: number | null = null;
  let snapshotStart: CpuSnapshot | null = null;

  const opts: autocannon.Options = {
    url: `http://127.0.0.1:${target.port}/graphql`,
    method: 'POST',
    headers: target.headers,
    connections,
    duration: warmupSeconds + seconds,
    timeout: 60,
    setupClient: (c) => {
      const bodies = scenario.bodies(client++);
      c.setRequests(bodies.map((body) => ({ method: 'POST', path: '/graphql', headers: target.headers, body })));
    },
    verifyBody: (raw) => {
      const body = String(raw ?? '');
      const ok = scenario.quick(body);
      if (!inWindow(performance.now())) return ok;
      responses++;
      if (!ok) graphqlErrors++;
      if ((!ok || responses % SAMPLE_EVERY === 0) && (ok || errorSamples.length < 5)) {
        parsedSamples++;
        let problem: string | null;
        try {
          problem = scenario.check(JSON.parse(body));
        } catch {
          problem = `unparseable body: ${body.slice(0, 200)}`;
        }
        if (!ok && !problem) problem = `rejected by the quick check: ${body.slice(0, 300)}`;
        if (problem && errorSamples.length < 5) errorSamples.push(problem.slice(0, 500));
      }
      return ok;
    },
  };

  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(opts, (err, res) => (err ? reject(err) : resolve(res)));
    instance.on('start', () => {
      measureStart = performance.now() + warmupSeconds * 1000;
      measureEnd = measureStart + seconds * 1000;
      setTimeout(() => {
        if (target.pid) cpuStart = cpuSecondsOf(target.pid);
        snapshotStart = target.cpuSnapshot?.() ?? null;
      }, warmupSeconds * 1000);
    });
    instance.on('response', (_c: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      const now = performance.now();
      if (!inWindow(now)) return;
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
      perSecond[Math.min(seconds - 1, Math.floor((now - measureStart) / 1000))]++;
      if (statusCode < 200 || statusCode > 299) {
        non2xx++;
        return;
      }
      if (n === latencies.length) {
        const grown = new Float64Array(latencies.length * 2);
        grown.set(latencies);
        latencies = grown;
      }
      latencies[n++] = responseTime;
    });
    instance.on('reqError', () => {
      if (inWindow(performance.now())) socketErrors++;
    });
  });
  const cpuEnd = target.pid ? cpuSecondsOf(target.pid) : null;
  const snapshotEnd = target.cpuSnapshot?.() ?? null;
  const windowEnd = Math.min(performance.now(), measureEnd);
  const measured = Math.max(0.001, (windowEnd - measureStart) / 1000);
  const sorted = latencies.slice(0, n).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const requests = perSecond.reduce((a, b) => a + b, 0);
  return {
    connections,
    warmupSeconds,
    seconds: Math.round(measured * 1000) / 1000,
    requests,
    reqPerSec: requests / measured,
    perSecond,
    latencyMs: {
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      mean: sorted.length ? sum / sorted.length : NaN,
      max: sorted.length ? sorted[sorted.length - 1] : NaN,
    },
    non2xx,
    socketErrors,
    graphqlErrors,
    parsedSamples,
    errorSamples,
    statusCodes,
    serverCpu:
      cpuStart !== null && cpuEnd !== null
        ? { msPerRequest: requests ? ((cpuEnd - cpuStart) * 1000) / requests : NaN, percentOfOneCore: ((cpuEnd - cpuStart) / measured) * 100 }
        : null,
    otherCpuPercent: otherCpuPercent(snapshotStart, snapshotEnd),
    autocannon: {
      requests: result.requests.total,
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      mismatches: result.mismatches,
      duration: result.duration,
      bytesPerSec: result.throughput.average,
    },
  };
}

/** One request with fetch: status, parsed body and `extensions.sqlStatements` (null when absent). */
export async function probe(target: Target, body: string): Promise<{ status: number; json: any; sqlStatements: number | null }> {
  const res = await fetch(`http://127.0.0.1:${target.port}/graphql`, { method: 'POST', headers: target.headers, body, signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${target.name} answered ${res.status} with a body that is not JSON: ${text.slice(0, 300)}`);
  }
  const n = json?.extensions?.sqlStatements;
  return { status: res.status, json, sqlStatements: typeof n === 'number' ? n : null };
}

/** A GraphQL request body. */
export function gqlBody(query: string, variables: Record<string, unknown> = {}): string {
  return JSON.stringify({ query, variables });
}

/** Runs a GraphQL operation with {@link probe} and returns its data, failing on errors. */
export async function gql(target: Target, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const { status, json } = await probe(target, gqlBody(query, variables));
  if (status !== 200 || json.errors?.length || !json.data) throw new Error(`${target.name} answered ${status}: ${JSON.stringify(json).slice(0, 500)}`);
  return json.data;
}
