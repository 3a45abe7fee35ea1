import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Cache } from '../cache/cache';

/** What the pool gauges read: pg's Pool counters. */
export interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** What a finished GraphQL request reports to the metrics. */
export interface RequestSample {
  operationName: string | null;
  /** `ok`, or the first error's code (e.g. `BAD_USER_INPUT`, `THROTTLED`), or `error` without one. */
  outcome: string;
  seconds: number;
  /** SQL statements it ran, when counted. */
  statements: number | null;
}

/** Operation names become label values: bounded, since clients choose them. */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

/**
 * The Prometheus metrics of one API process (prom-client), served as text at `/metrics`: requests by
 * operation name and outcome, request durations, SQL statements per request, the database pool, the
 * cache's counters per cache name, rate-limit refusals, and Node's process metrics.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly names = new Set<string>();
  private readonly requests: Counter<'operation' | 'outcome'>;
  private readonly duration: Histogram<'operation'>;
  private readonly statements: Histogram;
  private readonly refusals: Counter<'reason'>;

  constructor(sources: { pool: () => PoolCounts | null; cache: Cache }) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({ name: 'graphql_requests_total', help: 'GraphQL requests by operation name and outcome', labelNames: ['operation', 'outcome'], registers });
    this.duration = new Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'GraphQL request duration, from the request to the response',
      labelNames: ['operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.statements = new Histogram({
      name: 'graphql_request_sql_statements',
      help: 'SQL statements per GraphQL request',
      buckets: [1, 2, 3, 5, 8, 13, 21, 34, 55, 89],
      registers,
    });
    this.refusals = new Counter({ name: 'rate_limit_refusals_total', help: 'Requests refused by a rate limit', labelNames: ['reason'], registers });
    for (const [name, key, help] of [
      ['db_pool_connections', 'totalCount', 'Connections the database pool holds'],
      ['db_pool_idle_connections', 'idleCount', 'Idle connections in the database pool'],
      ['db_pool_waiting_requests', 'waitingCount', 'Queries waiting for a database connection'],
    ] as const) {
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const counts = sources.pool();
          if (counts) this.set(counts[key]);
        },
      });
    }
    for (const [name, key] of [
      ['cache_hits_total', 'hits'],
      ['cache_misses_total', 'misses'],
      ['cache_errors_total', 'errors'],
      ['cache_invalidations_total', 'invalidations'],
    ] as const) {
      new Counter({
        name,
        help: `Cache ${key} by cache name since the process started`,
        labelNames: ['cache', 'backend'],
        registers,
        collect() {
          // The cache keeps its own counters (also shown by `cacheStats`); they are copied at scrape time.
          this.reset();
          for (const stat of sources.cache.stats()) this.inc({ cache: stat.name, backend: stat.backend }, stat[key]);
        },
      });
    }
  }

  /** Records a finished request. */
  request(sample: RequestSample): void {
    const operation = this.label(sample.operationName);
    this.requests.inc({ operation, outcome: sample.outcome });
    this.duration.observe({ operation }, sample.seconds);
    if (sample.statements !== null) this.statements.observe(sample.statements);
  }

  /** Records a request refused by a rate limit (`reason`: e.g. `cost`, `authentication`). */
  refused(reason: string): void {
    this.refusals.inc({ reason });
  }

  /** The label for an operation name: `anonymous`, the name, or `other` beyond the first 200 names (or for odd ones). */
  label(name: string | null): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.names.has(name)) return name;
    if (this.names.size >= MAX_OPERATION_NAMES) return 'other';
    this.names.add(name);
    return name;
  }
}
