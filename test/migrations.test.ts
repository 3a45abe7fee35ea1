import type { DataSource } from 'typeorm';
import { MIGRATIONS } from './support/app';
import { scratchDatabase, type ScratchDatabase } from './support/database';

let scratch: ScratchDatabase;
let db: DataSource;

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
  scratch = await scratchDatabase('jobcost_migr', { migrate: false });
  db = scratch.db;
});

afterAll(() => scratch?.drop());

test('migrations go up, all the way down, and up again, and match the entities', async () => {
  await db.runMigrations({ transaction: 'each' });
  const afterUp = await tables();
  expect(afterUp).toEqual(
    expect.arrayContaining([
      'clients',
      'staff',
      'jobs',
      'cost_sets',
      'cost_lines',
      'api_keys',
      'workspaces',
      'projects',
      'school_project_details',
      'self_study_project_details',
      'project_meta',
      'project_important_dates',
      'project_attachments',
      'project_search',
    ]),
  );
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
