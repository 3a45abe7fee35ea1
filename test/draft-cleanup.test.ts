/**
 * The clean-up of abandoned drafts: what it removes and keeps, its history, ADMIN only, one run at a
 * time (CONFLICT for a second caller, with the PostgreSQL advisory lock and with Redis), batches of
 * 1,000, an interrupted run leaving every project fully there or fully gone, the partial index on
 * drafts, and the schedule.
 */
import type { DataSource } from 'typeorm';
import type { TestContext } from './support/context';
import { expectNothingWritten, fixtureUpdate, historyCount, insertProjects, scratchWorkspace, snapshotWorkspace } from './support/database';
import { CLEANUP_DRAFTS, dataOf, mutate, mutatePayload, onlyError } from './support/graphql';
import {
  ABANDONED_DRAFTS_SQL,
  cleanupLockName,
  createLog,
  inTransaction,
  Project,
  removeAbandonedDrafts,
  Role,
  SCHEDULE_ACTOR,
  startDraftCleanupSchedule,
  withExclusiveLock,
} from './support/app';
import { startTestServer, type TestServer } from './support/server';

const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) console.warn('REDIS_URL is not set: the concurrent clean-up test with the Redis lock in test/draft-cleanup.test.ts is skipped.');

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const PROJECT_TABLES = ['projects', 'school_project_details', 'self_study_project_details', 'project_meta', 'project_important_dates', 'project_attachments'];
const SYSTEM = { actor: { type: 'SYSTEM' as const, id: 'test', name: 'test' }, reason: 'test clean-up', requestId: 'test' };

/** Sets projects' `updated_at` to `hours` ago (through the audited bulk helper, as any set-based change). */
async function age(db: DataSource, ids: string[], hours: number): Promise<void> {
  await fixtureUpdate(db, Project, `updated_at = now() - make_interval(hours => $2)`, 't.id = ANY($1::uuid[])', [ids, hours]);
}

/** Rows of each project table belonging to these projects (the project itself, its details and parts). */
async function rowsOf(db: DataSource, projectIds: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of PROJECT_TABLES) {
    const column = ['projects', 'school_project_details', 'self_study_project_details'].includes(table) ? 'id' : 'project_id';
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = ANY($1::uuid[])`, [projectIds]);
    out[table] = n;
  }
  return out;
}

/** A draft with metadata, two important dates and two attachments (one removed). */
async function fullDraft(ws: TestContext, kind: 'SCHOOL' | 'SELF_STUDY' = 'SCHOOL') {
  const { project } = await ws.newProjectWithParts({ kind });
  await ws.newImportantDate(project.id, { date: '2026-04-01' });
  return project;
}

describe('cleanupAbandonedDrafts', () => {
  test('removes drafts not updated for longer than the limit, with everything under them, each row with a DELETE history record', async () => {
    const ws = await server.newWorkspace();
    const other = await server.newWorkspace();
    const school = await fullDraft(ws, 'SCHOOL');
    const selfStudy = await fullDraft(ws, 'SELF_STUDY');
    const fresh = await ws.newProject();
    const published = await ws.newProject({ publish: true });
    const deletedDraft = await ws.newProject();
    await ws.deleteProject(deletedDraft.id);
    const foreign = await other.newProject();
    await age(server.db, [school.id, selfStudy.id, published.id, deletedDraft.id], 30);
    await age(server.db, [foreign.id], 30);
    const otherBefore = await snapshotWorkspace(server.db, other.id);

    const r = await mutate(ws, CLEANUP_DRAFTS, { reason: 'spring clean' });
    expect(r).toEqual({ removed: 2, userErrors: [] });

    const gone = [school.id, selfStudy.id];
    expect(await rowsOf(server.db, gone)).toEqual(Object.fromEntries(PROJECT_TABLES.map((t) => [t, 0])));
    const kept = [fresh.id, published.id, deletedDraft.id];
    expect((await rowsOf(server.db, kept)).projects).toBe(3);
    // One DELETE record per row removed: 2 projects, 2 details rows, 2 meta entries, 4 dates, 4 attachments.
    const deletes = Object.fromEntries(await Promise.all(PROJECT_TABLES.map(async (t) => [t, await historyCount(server.db, ws.id, { table: t, type: '-' })] as const)));
    expect(deletes).toEqual({
      projects: 2,
      school_project_details: 1,
      self_study_project_details: 1,
      project_meta: 2,
      project_important_dates: 4,
      project_attachments: 4,
    });
    const h = dataOf(
      await ws.gql(`query($id: ID!) { history(entityType: PROJECT, entityId: $id, first: 1) { nodes { type reason actor { type name } snapshot } } }`, {
        id: school.id,
      }),
    );
    expect(h.history.nodes[0]).toMatchObject({ type: 'DELETE', reason: 'spring clean', actor: { type: 'API_KEY', name: 'admin key' }, snapshot: { id: school.id, draft: true } });
    // Other workspaces are never touched.
    expect(await snapshotWorkspace(server.db, other.id)).toEqual(otherBefore);
    // A second run finds nothing more to do.
    expect(await mutate(ws, CLEANUP_DRAFTS, {})).toEqual({ removed: 0, userErrors: [] });
  });

  test("olderThanHours sets the limit (default 24); a change to a draft's parts counts as an update", async () => {
    const ws = await server.newWorkspace();
    const tenHours = await ws.newProject();
    const twoDays = await ws.newProject();
    const touched = await ws.newProject();
    await age(server.db, [tenHours.id], 10);
    await age(server.db, [twoDays.id, touched.id], 48);
    // Adding a date to a draft moves its updatedAt: it is not abandoned.
    await ws.newImportantDate(touched.id);
    expect(await mutate(ws, CLEANUP_DRAFTS, {})).toEqual({ removed: 1, userErrors: [] });
    expect((await rowsOf(server.db, [twoDays.id])).projects).toBe(0);
    expect(await mutate(ws, CLEANUP_DRAFTS, { olderThanHours: 12 })).toEqual({ removed: 0, userErrors: [] });
    expect(await mutate(ws, CLEANUP_DRAFTS, { olderThanHours: 9 })).toEqual({ removed: 1, userErrors: [] });
    expect((await rowsOf(server.db, [tenHours.id, touched.id])).projects).toBe(1);
  });

  test.each([0, -5, 876_001])('olderThanHours %p is refused (VALIDATION), nothing removed', async (hours) => {
    const ws = await server.newWorkspace();
    const p = await ws.newProject();
    await age(server.db, [p.id], 48);
    const payload = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, CLEANUP_DRAFTS, { olderThanHours: hours }));
    expect(payload.removed).toBeNull();
    expect(onlyError(payload)).toMatchObject({ code: 'VALIDATION', path: ['olderThanHours'] });
  });

  test.each([
    [Role.EDITOR, 'An EDITOR key cannot run cleanupAbandonedDrafts: it needs an ADMIN key'],
    [Role.VIEWER, 'A VIEWER key cannot run cleanupAbandonedDrafts: it needs an ADMIN key'],
  ])('key of role %s: FORBIDDEN (ADMIN only), nothing removed', async (role, message) => {
    const admin = await server.newWorkspace();
    const p = await admin.newProject();
    await age(server.db, [p.id], 48);
    const ws = admin.as(role);
    const r = await expectNothingWritten(server.db, [ws.id], () => ws.gql(CLEANUP_DRAFTS, {}));
    expect(r.status).toBe(403);
    expect(r.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message });
  });

  test('while a run holds the workspace\'s lock, a caller gets CONFLICT "a cleanup is already running" and nothing is removed', async () => {
    const ws = await server.newWorkspace();
    const p = await ws.newProject();
    await age(server.db, [p.id], 48);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let acquired!: () => void;
    const holding = new Promise<void>((r) => (acquired = r));
    const holder = withExclusiveLock(
      cleanupLockName(ws.id),
      async () => {
        acquired();
        await held;
      },
      { db: server.db },
    );
    await holding;
    const payload = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, CLEANUP_DRAFTS, {}));
    expect(payload).toEqual({ removed: null, userErrors: [{ code: 'CONFLICT', message: 'a cleanup is already running', path: [] }] });
    // The lock is per workspace: another workspace's clean-up runs.
    expect(await mutate(await server.newWorkspace(), CLEANUP_DRAFTS, {})).toEqual({ removed: 0, userErrors: [] });
    release();
    await holder;
    expect(await mutate(ws, CLEANUP_DRAFTS, {})).toEqual({ removed: 1, userErrors: [] });
  });

  /** Two calls at once on 3,000 abandoned drafts: exactly one runs (and removes them all), the other gets CONFLICT. */
  async function concurrentCalls(target: TestServer): Promise<void> {
    const ws = await target.newWorkspace();
    const owner = await ws.newStaff();
    const ids = await insertProjects(target.db, ws.id, 3000, { ownerId: owner.id, updatedAt: new Date(Date.now() - 48 * 3_600_000) });
    const [a, b] = await Promise.all([mutatePayload(ws, CLEANUP_DRAFTS, {}), mutatePayload(ws, CLEANUP_DRAFTS, {})]);
    const results = [a, b].sort((x, y) => (x.removed ?? -1) - (y.removed ?? -1));
    expect(results).toEqual([
      { removed: null, userErrors: [{ code: 'CONFLICT', message: 'a cleanup is already running', path: [] }] },
      { removed: 3000, userErrors: [] },
    ]);
    expect((await rowsOf(target.db, ids)).projects).toBe(0);
    expect(await historyCount(target.db, ws.id, { table: 'projects', type: '-' })).toBe(3000);
  }

  test('two concurrent calls: one works, the other gets CONFLICT (PostgreSQL advisory lock, no Redis)', async () => {
    await concurrentCalls(server);
  });

  (REDIS_URL ? test : test.skip)('two concurrent calls: one works, the other gets CONFLICT (Redis lock)', async () => {
    const withRedis = await startTestServer({ REDIS_URL: REDIS_URL! });
    try {
      await concurrentCalls(withRedis);
    } finally {
      await withRedis.close();
    }
  });

  test('runs in batches of 1,000 projects, one transaction each', async () => {
    const ws = await server.newWorkspace();
    const owner = await ws.newStaff();
    await insertProjects(server.db, ws.id, 2500, { ownerId: owner.id, updatedAt: new Date(Date.now() - 48 * 3_600_000) });
    expect(await mutate(ws, CLEANUP_DRAFTS, {})).toEqual({ removed: 2500, userErrors: [] });
    const batches: Array<{ n: number }> = await server.db.query(
      `SELECT count(*)::int AS n FROM projects_history WHERE workspace_id = $1 AND history_type = '-' GROUP BY transaction_id ORDER BY n DESC`,
      [ws.id],
    );
    expect(batches.map((b) => b.n)).toEqual([1000, 1000, 500]);
    // The details of each batch went in the same transactions.
    const [{ same }] = await server.db.query(
      `SELECT bool_and(d.transaction_id = p.transaction_id) AS same
         FROM (SELECT id, transaction_id FROM school_project_details_history WHERE workspace_id = $1 AND history_type = '-'
               UNION ALL SELECT id, transaction_id FROM self_study_project_details_history WHERE workspace_id = $1 AND history_type = '-') d
         JOIN projects_history p ON p.id = d.id AND p.history_type = '-'`,
      [ws.id],
    );
    expect(same).toBe(true);
  });

  test('a run interrupted between batches leaves every project fully there or fully gone, with history for each one removed', async () => {
    const ws = await server.newWorkspace();
    const drafts = [];
    for (let i = 0; i < 7; i++) drafts.push(await fullDraft(ws, i % 2 ? 'SELF_STUDY' : 'SCHOOL'));
    const ids = drafts.map((d) => d.id);
    await age(server.db, ids, 48);
    const full = await rowsOf(server.db, [ids[0]]);

    let removedFirst: string[] = [];
    const crash = removeAbandonedDrafts(server.db, SYSTEM, ws.id, {
      olderThanHours: 24,
      batchSize: 3,
      afterBatch: (removed) => {
        removedFirst = removed;
        throw new Error('the process died between batches');
      },
    });
    await expect(crash).rejects.toThrow('died between batches');
    expect(removedFirst).toHaveLength(3);
    for (const id of ids) {
      const rows = await rowsOf(server.db, [id]);
      const total = Object.values(rows).reduce((a, b) => a + b, 0);
      if (removedFirst.includes(id)) {
        expect({ id, total }).toEqual({ id, total: 0 });
        // A DELETE record for the project, its details and each of its parts.
        expect(await historyCount(server.db, ws.id, { table: 'projects', id, type: '-' })).toBe(1);
        const [{ n }] = await server.db.query(
          `SELECT (SELECT count(*) FROM project_meta_history WHERE project_id = $1 AND history_type = '-')
                + (SELECT count(*) FROM project_important_dates_history WHERE project_id = $1 AND history_type = '-')
                + (SELECT count(*) FROM project_attachments_history WHERE project_id = $1 AND history_type = '-')
                + (SELECT count(*) FROM school_project_details_history WHERE id = $1 AND history_type = '-')
                + (SELECT count(*) FROM self_study_project_details_history WHERE id = $1 AND history_type = '-') AS n`,
          [id],
        );
        expect(Number(n)).toBe(1 + 1 + 2 + 2);
      } else {
        expect({ id, rows: await rowsOf(server.db, [id]) }).toEqual({
          id,
          rows: { ...full, school_project_details: rows.school_project_details, self_study_project_details: rows.self_study_project_details },
        });
        expect(rows.school_project_details + rows.self_study_project_details).toBe(1);
        expect(await historyCount(server.db, ws.id, { table: 'projects', id, type: '-' })).toBe(0);
      }
    }
    // An abort between batches stops cleanly; the next run finishes the job.
    const stop = new AbortController();
    expect(await removeAbandonedDrafts(server.db, SYSTEM, ws.id, { olderThanHours: 24, batchSize: 3, signal: stop.signal, afterBatch: () => stop.abort() })).toBe(3);
    expect(await mutate(ws, CLEANUP_DRAFTS, {})).toEqual({ removed: 1, userErrors: [] });
    expect((await rowsOf(server.db, ids)).projects).toBe(0);
    expect(await historyCount(server.db, ws.id, { table: 'projects', type: '-' })).toBe(7);
  });

  test('drafts are found through the partial index on drafts (EXPLAIN among 20,000 published projects, in a database of its own)', async () => {
    const scratch = await scratchWorkspace('jobcost_plan_drafts');
    try {
      const { db, workspaceId, ownerId } = scratch;
      const old = new Date(Date.now() - 48 * 3_600_000);
      await insertProjects(db, workspaceId, 20_000, { ownerId, draft: false, updatedAt: old });
      const drafts = await insertProjects(db, workspaceId, 20, { ownerId, updatedAt: old });
      await db.query('ANALYZE');
      const cutoff = new Date(Date.now() - 24 * 3_600_000).toISOString();
      const plan = JSON.stringify(await db.query(`EXPLAIN (FORMAT JSON) ${ABANDONED_DRAFTS_SQL}`, [workspaceId, cutoff, 1000]));
      expect(plan).toContain('"Index Name":"IDX_projects_drafts"');
      expect(plan).not.toContain('Seq Scan');
      // And it finds exactly the drafts.
      const rows: Array<{ id: string }> = await inTransaction(db, SYSTEM, (em) => em.query(ABANDONED_DRAFTS_SQL, [workspaceId, cutoff, 1000]));
      expect(rows.map((r) => r.id).sort()).toEqual([...drafts].sort());
    } finally {
      await scratch.drop();
    }
  });
});

describe('the schedule', () => {
  // Far older than anything other tests make, so a run over every workspace touches only these.
  const HOURS = 50 * 365 * 24;

  test('removes abandoned drafts in every workspace as the system, skipping a workspace whose clean-up is running; stop() ends it', async () => {
    const a = await server.newWorkspace();
    const b = await server.newWorkspace();
    const pa = await a.newProject();
    const pb = await b.newProject();
    const kept = await a.newProject();
    await age(server.db, [pa.id, pb.id], HOURS + 24);
    await age(server.db, [kept.id], HOURS - 24);
    const gone = async (id: string) => (await rowsOf(server.db, [id])).projects === 0;
    const until = async (check: () => Promise<boolean>) => {
      for (let i = 0; i < 100 && !(await check()); i++) await new Promise((r) => setTimeout(r, 50));
      return check();
    };

    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let acquired!: () => void;
    const holding = new Promise<void>((r) => (acquired = r));
    const holder = withExclusiveLock(cleanupLockName(b.id), async () => (acquired(), held), { db: server.db });
    await holding;

    const schedule = startDraftCleanupSchedule({ db: server.db, redis: null, log: createLog('silent'), intervalMs: 50, olderThanHours: HOURS });
    try {
      expect(await until(() => gone(pa.id))).toBe(true);
      // b's clean-up "is running" elsewhere: its draft stays until that ends.
      await new Promise((r) => setTimeout(r, 200));
      expect(await gone(pb.id)).toBe(false);
      release();
      await holder;
      expect(await until(() => gone(pb.id))).toBe(true);
      expect(await gone(kept.id)).toBe(false);
    } finally {
      await schedule.stop();
    }
    const [h] = await server.db.query(`SELECT actor_type, actor_id, actor_label, reason FROM projects_history WHERE id = $1 AND history_type = '-'`, [pa.id]);
    expect(h).toEqual({
      actor_type: 'SYSTEM',
      actor_id: SCHEDULE_ACTOR.id,
      actor_label: SCHEDULE_ACTOR.name,
      reason: `abandoned drafts: not updated for more than ${HOURS} hours`,
    });
  });

  test('an interval of 0 starts nothing', async () => {
    const schedule = startDraftCleanupSchedule({ db: server.db, redis: null, intervalMs: 0 });
    await expect(schedule.stop()).resolves.toBeUndefined();
  });
});
