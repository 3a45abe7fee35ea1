import type { DataSource } from 'typeorm';
import { appDataSource, createApiKey, createLog, type Log, createServer, ensureWorkspace, generateKeySecret, loadConfig, Role } from './app';
import { TestContext } from './context';
import type { GqlResponse } from './graphql';
import { ROW_CHANGES_SQL } from './row-changes';

/** The real server, listening on a free port, against the run's throwaway database. */
export interface TestServer {
  url: string;
  db: DataSource;
  /**
   * A new, empty workspace with a key of each role (named "admin key", "editor key", "viewer key"),
   * as a test context acting with the key of `role`.
   */
  newWorkspace(role?: Role): Promise<TestContext>;
  /** Sends a GraphQL request with the given Authorization header value (or none). */
  request<T = any>(query: string, variables?: Record<string, unknown>, authorization?: string): Promise<GqlResponse<T>>;
  close(): Promise<void>;
}

/** Applies migrations once per database, whichever test worker gets there first. */
export async function migrate(db: DataSource): Promise<void> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(727274)');
    await db.runMigrations({ transaction: 'each' });
    // Installed once, by the first worker, before any test writes: DDL on tables other workers are
    // writing to would deadlock with them.
    const [{ installed }] = await runner.query("SELECT to_regclass('test_row_changes') IS NOT NULL AS installed");
    if (!installed) await runner.query(ROW_CHANGES_SQL);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(727274)');
    await runner.release();
  }
}

/** The URL of the run's throwaway database, made by jest's global setup. */
export function testDatabaseUrl(): string {
  const url = process.env.JOBCOST_TEST_DB_URL;
  if (!url) throw new Error('JOBCOST_TEST_DB_URL is not set: run the tests with `npm test` (jest globalSetup creates the database)');
  return url;
}

/**
 * Starts the server for one test file (migrating the database first if no other file has). `env`
 * adds settings (e.g. `REDIS_URL`); the scheduled draft clean-up is off unless `env` turns it on, so
 * it never removes another test's drafts. `log` replaces the default logger (silent unless
 * `TEST_LOG_LEVEL` is set), e.g. to capture the log lines.
 */
export async function startTestServer(env: Record<string, string> = {}, log: Log = createLog((process.env.TEST_LOG_LEVEL as never) || 'silent')): Promise<TestServer> {
  // `DATABASE_URL` in env points the server at another database (e.g. a scratch one); else the run's.
  const databaseUrl = env.DATABASE_URL ?? testDatabaseUrl();
  const config = loadConfig({
    PORT: '0',
    EXPOSE_SQL_STATEMENT_COUNT: 'true',
    DATABASE_URL: databaseUrl,
    DRAFT_CLEANUP_INTERVAL_MINUTES: '0',
    SHUTDOWN_DRAIN_DELAY_MS: '0',
    ...env,
  });
  const db = appDataSource(databaseUrl, log, 20, config);
  await db.initialize();
  await migrate(db);
  const server = await createServer({ db, config, log });
  const port = await server.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/graphql`;

  async function request<T>(query: string, variables?: Record<string, unknown>, authorization?: string): Promise<GqlResponse<T>> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as Omit<GqlResponse<T>, 'status'>;
    return { status: res.status, ...body };
  }

  const testServer: TestServer = {
    url,
    db,
    request,
    async newWorkspace(role = Role.ADMIN) {
      const slug = `ws-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
      const ws = await ensureWorkspace(db, slug, slug);
      const keys = {} as Record<Role, string>;
      await Promise.all(
        Object.values(Role).map((r) => {
          keys[r] = generateKeySecret();
          return createApiKey(db, ws.id, `${r.toLowerCase()} key`, r, keys[r]);
        }),
      );
      return new TestContext(testServer, ws.id, keys, role);
    },
    async close() {
      await server.stop();
      await db.destroy();
    },
  };
  return testServer;
}
