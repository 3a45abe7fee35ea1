import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { appDataSource, createLog, MIGRATIONS } from './support/app';

const adminUrl = () => process.env.JOBCOST_TEST_ADMIN_URL!;
const name = `jobcost_migr_${Date.now()}_${randomBytes(3).toString('hex')}`;
let db: DataSource;

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function tables(): Promise<string[]> {
  const rows: Array<{ table_name: string }> = await db.query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1",
  );
  return rows.map((r) => r.table_name);
}

async function pendingSchemaChanges(): Promise<string[]> {
  const sql = await db.driver.createSchemaBuilder().log();
  return sql.upQueries.map((q) => q.query);
}

beforeAll(async () => {
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  db = appDataSource(url.toString(), createLog('silent'));
  await db.initialize();
});

afterAll(async () => {
  await db?.destroy();
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

test('migrations go up, all the way down, and up again, and match the entities', async () => {
  await db.runMigrations({ transaction: 'each' });
  const afterUp = await tables();
  expect(afterUp).toEqual(expect.arrayContaining(['clients', 'staff', 'jobs', 'cost_sets', 'cost_lines', 'api_keys', 'workspaces']));
  expect(await pendingSchemaChanges()).toEqual([]);

  for (let i = 0; i < MIGRATIONS.length; i++) await db.undoLastMigration({ transaction: 'each' });
  expect(await tables()).toEqual([]);
  const types: unknown[] = await db.query("SELECT typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' AND t.typtype = 'e'");
  expect(types).toEqual([]);

  await db.runMigrations({ transaction: 'each' });
  expect(await tables()).toEqual(afterUp);
  expect(await pendingSchemaChanges()).toEqual([]);
});

test('synchronize is off', () => {
  expect(db.options.synchronize).toBe(false);
});
