/**
 * The benchmark's throwaway database: created on the server of BENCH_DATABASE_URL (or
 * TEST_DATABASE_URL) when set, otherwise on an embedded PostgreSQL started for the run under
 * `.data/bench-pg-*`. `dispose()` drops what was created (database, or the whole embedded server and
 * its files); it is idempotent and safe to call from a signal handler.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { startThrowawayPostgres } from '../src/db/embedded';

export interface BenchDatabase {
  kind: 'server' | 'embedded';
  /** host:port of the PostgreSQL server. */
  host: string;
  /** The throwaway database's URL. */
  url: string;
  name: string;
  /** Drops the database (server) or stops the embedded PostgreSQL and removes its files. */
  dispose(): Promise<void>;
}

/** The URL of `name` on the server of `url`. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const c = new PgClient({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([p, new Promise<undefined>((resolve) => (setTimeout(resolve, ms) as unknown as NodeJS.Timeout).unref())]);
}

/** Creates the throwaway database; `say` reports what it does. */
export async function provisionDatabase(say: (msg: string) => void): Promise<BenchDatabase> {
  const name = `jobcost_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const host = new URL(serverUrl).host;
    await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
    say(`database: created ${name} on ${host}`);
    let disposed = false;
    return {
      kind: 'server',
      host,
      url: withDatabase(serverUrl, name),
      name,
      async dispose() {
        if (disposed) return;
        disposed = true;
        await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        say(`database: dropped ${name}`);
      },
    };
  }

  say('database: starting an embedded PostgreSQL under .data');
  const embedded = await startThrowawayPostgres('.data', 'bench-pg');
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    await withTimeout(embedded.stop(), 15_000);
    say(`database: embedded PostgreSQL stopped, ${path.relative(process.cwd(), embedded.databaseDir)} removed`);
  };
  try {
    say(`database: embedded PostgreSQL in ${path.relative(process.cwd(), embedded.databaseDir)} on port ${embedded.port}`);
    const adminUrl = embedded.adminUrl;
    await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
    return { kind: 'embedded', host: `127.0.0.1:${embedded.port}`, url: withDatabase(adminUrl, name), name, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}
