import { Pool } from 'pg';

/** Longest wait of one health check, for its connection and for its statement. */
export const HEALTH_TIMEOUT_MS = 1000;

/** A database check on a connection of its own; see {@link createHealthCheck}. */
export interface HealthCheck {
  /** Whether the database answered `SELECT 1` within {@link HEALTH_TIMEOUT_MS}. */
  databaseUp(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * `/health` on its own single connection (kept open), never on the request pool: a pool saturated
 * by slow requests must not make the service look dead, nor a health probe wait behind them.
 */
export function createHealthCheck(url: string): HealthCheck {
  const pool = new Pool({
    connectionString: url,
    max: 1,
    connectionTimeoutMillis: HEALTH_TIMEOUT_MS,
    statement_timeout: HEALTH_TIMEOUT_MS,
    idleTimeoutMillis: 0,
    allowExitOnIdle: true,
    application_name: 'jobcost-api-health',
  });
  // An idle connection that the server drops is replaced on the next check.
  pool.on('error', () => undefined);
  return {
    async databaseUp() {
      try {
        await pool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    close: () => pool.end(),
  };
}

/** pg-pool's error when no connection became free within `connectionTimeoutMillis`. */
export function isPoolWaitTimeout(err: unknown): boolean {
  return err instanceof Error && /timeout exceeded when trying to connect/.test(err.message);
}

/** PostgreSQL's `query_canceled` (57014): here, a statement that ran past `statement_timeout`. */
export function isStatementTimeout(err: unknown): boolean {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  return e?.code === '57014' || e?.driverError?.code === '57014';
}
