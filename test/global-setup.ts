// Creates a throwaway database for this test run: on the server of TEST_DATABASE_URL (or
// DATABASE_URL) when set, otherwise on an embedded PostgreSQL started for the run. Tests only
// ever touch databases this file created; global-teardown.mjs drops them.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp } from 'node:fs/promises';
import net from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadEmbeddedPostgres } from './support/app';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export default async function globalSetup() {
  let adminUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (adminUrl) {
    console.log(`\nTests use a throwaway database on ${new URL(adminUrl).host}.`);
  } else {
    const root = path.resolve('.data');
    await mkdir(root, { recursive: true });
    const EmbeddedPostgres = await loadEmbeddedPostgres(root);
    const databaseDir = await mkdtemp(path.join(root, 'test-pg-'));
    const port = await freePort();
    const password = randomBytes(12).toString('hex');
    const embedded = new EmbeddedPostgres({
      databaseDir,
      port,
      user: 'postgres',
      password,
      persistent: false,
      createPostgresUser: userInfo().uid === 0,
      onLog: () => undefined,
      onError: () => undefined,
    });
    await embedded.initialise();
    await embedded.start();
    (globalThis as { __EMBEDDED_PG__?: unknown }).__EMBEDDED_PG__ = embedded;
    adminUrl = `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`;
    console.log(`\nNo TEST_DATABASE_URL: tests use an embedded PostgreSQL on port ${port}.`);
  }
  const name = `jobcost_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  process.env.JOBCOST_TEST_ADMIN_URL = adminUrl;
  process.env.JOBCOST_TEST_DB_URL = withDatabase(adminUrl, name);
  process.env.JOBCOST_TEST_DB_NAME = name;
}
