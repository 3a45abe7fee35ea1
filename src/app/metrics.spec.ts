import { Cache } from '../cache/cache';
import { MemoryStore } from '../cache/store';
import { createLog } from '../logger';
import { Metrics } from './metrics';

function metrics(pool = { totalCount: 3, idleCount: 2, waitingCount: 1 }) {
  const cache = new Cache(new MemoryStore(10), { timeoutMs: 50, log: createLog('silent') });
  return new Metrics({ pool: () => pool, cache });
}

describe('Metrics', () => {
  it('counts requests by operation and outcome, with durations and statements', async () => {
    const m = metrics();
    m.request({ operationName: 'Jobs', outcome: 'ok', seconds: 0.02, statements: 4 });
    m.request({ operationName: 'Jobs', outcome: 'BAD_USER_INPUT', seconds: 0.001, statements: null });
    m.refused('cost');
    const text = await m.registry.metrics();
    expect(text).toContain('graphql_requests_total{operation="Jobs",outcome="ok"} 1');
    expect(text).toContain('graphql_requests_total{operation="Jobs",outcome="BAD_USER_INPUT"} 1');
    expect(text).toContain('graphql_request_duration_seconds_count{operation="Jobs"} 2');
    expect(text).toContain('graphql_request_sql_statements_count 1');
    expect(text).toContain('rate_limit_refusals_total{reason="cost"} 1');
    expect(text).toContain('db_pool_connections 3');
    expect(text).toContain('db_pool_waiting_requests 1');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('bounds operation-name labels: 200 names, then "other"; odd names are "other", none is "anonymous"', () => {
    const m = metrics();
    for (let i = 0; i < 200; i++) expect(m.label(`Op${i}`)).toBe(`Op${i}`);
    expect(m.label('Op7')).toBe('Op7');
    expect(m.label('Op200')).toBe('other');
    expect(m.label(null)).toBe('anonymous');
    expect(m.label('bad name"\n')).toBe('other');
    expect(m.label('x'.repeat(65))).toBe('other');
  });
});
