import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import {
  appDataSource,
  auditedBulkUpdate,
  auditedEntities,
  auditedInsertRows,
  createLog,
  ensureWorkspace,
  inTransaction,
  Project,
  SchoolProjectDetails,
  SelfStudyProjectDetails,
  Staff,
  tableNameOf,
} from './app';

/**
 * Looking at the database directly: the tables of a workspace (derived from the audit registry),
 * snapshots that prove nothing was written, history counts, and audited changes for test setup.
 */

/** The audited tables, from the audit registry (filled when `./app` loaded the entity classes); each has a `<table>_history`. */
export const AUDITED_TABLES: readonly string[] = auditedEntities().map(([target]) => tableNameOf(target));
if (AUDITED_TABLES.length === 0) throw new Error('The audit registry is empty: the entity classes were not loaded');

/**
 * Workspace tables that are not audited, with their sort key: the per-workspace number sequences, and
 * the projects' search index (derived from the projects, kept by triggers).
 */
const UNAUDITED_TABLES: Array<[table: string, orderBy: string]> = [
  ['workspace_counters', 'name'],
  ['project_search', 'id'],
  ['api_keys', 'id'],
];

/** Every table holding rows of a workspace, with the key to sort its rows by. */
function workspaceTables(withHistory: boolean): Array<[table: string, orderBy: string]> {
  return [
    ...AUDITED_TABLES.map((t): [string, string] => [t, 'id']),
    ...UNAUDITED_TABLES,
    ...(withHistory ? AUDITED_TABLES.map((t): [string, string] => [`${t}_history`, 'history_id']) : []),
  ];
}

/**
 * Every row of a workspace, as JSON text per table: two equal snapshots mean nothing was written in
 * between. History tables are included unless `history: false` (for the rare check that something
 * other than history changed).
 */
export async function snapshotWorkspace(db: DataSource, workspaceId: string, { history = true } = {}): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [table, order] of workspaceTables(history)) {
    // A key's last use is recorded by the request itself, not a write of the operation.
    const rows = await db.query(`SELECT to_jsonb(t) - 'last_used_at' AS row FROM ${table} t WHERE workspace_id = $1 ORDER BY ${order}`, [workspaceId]);
    out[table] = JSON.stringify(rows.map((r: { row: unknown }) => r.row));
  }
  return out;
}

/** Runs `fn` and asserts that none of the given workspaces changed, history included. */
export async function expectNothingWritten<T>(db: DataSource, workspaceIds: string[], fn: () => Promise<T>): Promise<T> {
  const before = await Promise.all(workspaceIds.map((id) => snapshotWorkspace(db, id)));
  const result = await fn();
  const after = await Promise.all(workspaceIds.map((id) => snapshotWorkspace(db, id)));
  expect(after).toEqual(before);
  return result;
}

/**
 * Number of history records of a workspace: of one table (optionally of one type and/or one row),
 * or over every history table when no table is given.
 */
export async function historyCount(db: DataSource, workspaceId: string, opts: { table?: string; type?: '+' | '~' | '-'; id?: string } = {}): Promise<number> {
  let total = 0;
  for (const table of opts.table ? [opts.table] : AUDITED_TABLES) {
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM ${table}_history WHERE workspace_id = $1 AND ($2::text IS NULL OR history_type = $2) AND ($3::uuid IS NULL OR id = $3)`,
      [workspaceId, opts.type ?? null, opts.id ?? null],
    );
    total += n;
  }
  return total;
}

/** The status of a job as stored (deleted rows included). */
export async function dbJobStatus(db: DataSource, jobId: string): Promise<string> {
  const rows: Array<{ status: string }> = await db.query('SELECT status::text AS status FROM jobs WHERE id = $1', [jobId]);
  if (rows.length !== 1) throw new Error(`Job ${jobId} not in the database`);
  return rows[0].status;
}

/**
 * Changes rows directly for a test's setup (e.g. to tie timestamps), the way any set-based change
 * must: through the audited bulk helper, as the system actor. `set`/`where` are SQL over alias `t`.
 */
export function fixtureUpdate(db: DataSource, entity: EntityTarget<ObjectLiteral>, set: string, where: string, params: unknown[]): Promise<string[]> {
  return inTransaction(db, { actor: { type: 'SYSTEM', id: 'test-fixture', name: 'test fixture' }, reason: 'test setup', requestId: 'test' }, (em) =>
    auditedBulkUpdate(em, entity, set, where, params),
  );
}

/** Options of {@link insertProjects}. */
export interface BulkProjects {
  ownerId: string;
  /** Drafts (default) or published projects. */
  draft?: boolean;
  /** When they were last updated (default: now), e.g. two days ago for abandoned drafts. */
  updatedAt?: Date;
  /** Every other project is SELF_STUDY unless one kind is given. */
  kind?: 'SCHOOL' | 'SELF_STUDY';
  name?: (i: number) => string;
}

/**
 * Inserts `count` projects with their details set-based (with history, as the system actor), for
 * tests that need many, or old ones: the factories go through the API one at a time and cannot
 * backdate. Returns the project ids.
 */
export async function insertProjects(db: DataSource, workspaceId: string, count: number, o: BulkProjects): Promise<string[]> {
  const at = (o.updatedAt ?? new Date()).toISOString();
  const rows = Array.from({ length: count }, (_, i) => {
    const kind = o.kind ?? (i % 2 === 0 ? 'SCHOOL' : 'SELF_STUDY');
    return {
      project: {
        id: randomUUID(),
        workspace_id: workspaceId,
        name: o.name?.(i) ?? `Bulk project ${i}`,
        kind,
        owner_id: o.ownerId,
        start_date: '2026-01-01',
        end_date: '2026-12-31',
        draft: o.draft ?? true,
        created_at: at,
        updated_at: at,
      },
      kind,
    };
  });
  const audit = { actor: { type: 'SYSTEM' as const, id: 'test-fixture', name: 'test fixture' }, reason: 'test setup', requestId: 'test' };
  await inTransaction(db, audit, async (em) => {
    for (let i = 0; i < rows.length; i += 2000) {
      const chunk = rows.slice(i, i + 2000);
      await auditedInsertRows(
        em,
        Project,
        chunk.map((r) => r.project),
      );
      const base = (r: (typeof rows)[number]) => ({ id: r.project.id, workspace_id: workspaceId, kind: r.kind, created_at: at, updated_at: at });
      const school = chunk.filter((r) => r.kind === 'SCHOOL').map((r) => ({ ...base(r), course_name: 'Bulk course', course_code: 'B-1', teacher_name: 'Bulk teacher' }));
      const self = chunk.filter((r) => r.kind === 'SELF_STUDY').map((r) => ({ ...base(r), goal_description: 'Bulk goal', study_frequency: 'daily' }));
      if (school.length) await auditedInsertRows(em, SchoolProjectDetails, school);
      if (self.length) await auditedInsertRows(em, SelfStudyProjectDetails, self);
    }
  });
  return rows.map((r) => r.project.id);
}

/** Runs raw SQL in one transaction that carries an audit context (audited tables refuse writes without one); rolls back unless `commit`. */
export async function rawSql(db: DataSource, fn: (query: (sql: string, params?: unknown[]) => Promise<any>) => Promise<void>, { commit = false } = {}): Promise<void> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    await runner.query(`SELECT set_config('app.audit', '{"actor":{"type":"SYSTEM","id":"raw-sql-test","name":"raw SQL test"}}', true)`);
    await fn((sql, params) => runner.query(sql, params));
    if (commit) await runner.commitTransaction();
    else await runner.rollbackTransaction();
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
  }
}

/** Runs SQL on the server's maintenance database (the one the run's throwaway database was created from). */
async function adminQuery(sql: string): Promise<void> {
  const client = new PgClient({ connectionString: process.env.JOBCOST_TEST_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A database of a test's own, beside the run's shared one: for plans and statistics that other tests' data must not sway. */
export interface ScratchDatabase {
  db: DataSource;
  /** Its connection URL (e.g. for `startTestServer({ DATABASE_URL })`). */
  url: string;
  /** Closes the data source and drops the database. */
  drop(): Promise<void>;
}

/** Creates an empty database (a data source with every entity, not initialised with migrations unless `migrate`). */
export async function scratchDatabase(prefix: string, { migrate = true } = {}): Promise<ScratchDatabase> {
  const name = `${prefix}_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(process.env.JOBCOST_TEST_ADMIN_URL!);
  url.pathname = `/${name}`;
  const db = appDataSource(url.toString(), createLog('silent'));
  await db.initialize();
  if (migrate) await db.runMigrations({ transaction: 'each' });
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.destroy();
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** A migrated scratch database with one workspace and one staff member (to own projects). */
export async function scratchWorkspace(prefix: string): Promise<ScratchDatabase & { workspaceId: string; ownerId: string }> {
  const scratch = await scratchDatabase(prefix);
  const ws = await ensureWorkspace(scratch.db, 'scratch', 'scratch');
  const ownerId = randomUUID();
  const audit = { actor: { type: 'SYSTEM' as const, id: 'test-fixture', name: 'test fixture' }, reason: 'test setup', requestId: 'test' };
  await inTransaction(scratch.db, audit, (em) =>
    auditedInsertRows(em, Staff, [{ id: ownerId, workspace_id: ws.id, name: 'Owner', email: 'owner@example.com', wage_rate: '30.00', charge_out_rate: '50.00', active: true }]),
  );
  return { ...scratch, workspaceId: ws.id, ownerId };
}
