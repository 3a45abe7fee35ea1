// Creates a throwaway database for this test run: on the server of TEST_DATABASE_URL (or
// DATABASE_URL) when set, otherwise on an embedded PostgreSQL started for the run. Tests only
// ever touch databases this file created; global-teardown.mjs drops them.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startThrowawayPostgres } from './support/app';

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
    const embedded = await startThrowawayPostgres('.data', 'test-pg');
    (globalThis as { __EMBEDDED_PG__?: unknown }).__EMBEDDED_PG__ = embedded;
    adminUrl = embedded.adminUrl;
    console.log(`\nNo TEST_DATABASE_URL: tests use an embedded PostgreSQL on port ${embedded.port}.`);
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
