/**
 * What the database itself enforces for projects, proved with raw SQL (in transactions that carry
 * an audit context, since audited tables refuse writes without one): required columns, exactly one
 * details row of the project's own kind (a deferred constraint trigger checked at commit, and the
 * composite foreign key with the kind), and a kind that never changes.
 */
import { randomUUID } from 'node:crypto';
import type { TestContext } from './support/context';
import { rawSql, snapshotWorkspace } from './support/database';
import { startTestServer, type TestServer } from './support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

type Query = (sql: string, params?: unknown[]) => Promise<any>;

/** Runs `fn` as one committed transaction; returns the error it (or its commit) raised, or null. */
async function attempt(fn: (q: Query) => Promise<void>): Promise<{ code?: string; message: string } | null> {
  try {
    await rawSql(server.db, fn, { commit: true });
    return null;
  } catch (err) {
    const e = err as { driverError?: { code?: string }; code?: string; message: string };
    return { code: e.driverError?.code ?? e.code, message: e.message };
  }
}

const insertProject = (q: Query, ws: TestContext, ownerId: string, kind: string, id = randomUUID()) =>
  q(`INSERT INTO projects (id, workspace_id, name, kind, owner_id, start_date, end_date) VALUES ($1, $2, 'Raw', $3, $4, '2026-01-01', '2026-02-01')`, [
    id,
    ws.id,
    kind,
    ownerId,
  ]).then(() => id);
const insertSchool = (q: Query, ws: TestContext, id: string) =>
  q(`INSERT INTO school_project_details (id, workspace_id, kind, course_name, course_code, teacher_name) VALUES ($1, $2, 'SCHOOL', 'Course', 'C-1', 'Teacher')`, [id, ws.id]);
const insertSelfStudy = (q: Query, ws: TestContext, id: string) =>
  q(`INSERT INTO self_study_project_details (id, workspace_id, kind, goal_description, study_frequency) VALUES ($1, $2, 'SELF_STUDY', 'Goal', 'daily')`, [id, ws.id]);

async function setup() {
  const ws = await server.newWorkspace();
  const owner = await ws.newStaff();
  return { ws, ownerId: owner.id };
}

describe('a project and its details, written with raw SQL', () => {
  test('a project with its details of its own kind commits (the project first: the foreign key needs it)', async () => {
    const { ws, ownerId } = await setup();
    expect(
      await attempt(async (q) => {
        const id = await insertProject(q, ws, ownerId, 'SCHOOL');
        await insertSchool(q, ws, id);
      }),
    ).toBeNull();
    expect(
      await attempt(async (q) => {
        const id = await insertProject(q, ws, ownerId, 'SELF_STUDY');
        await insertSelfStudy(q, ws, id);
      }),
    ).toBeNull();
    const [{ n }] = await server.db.query('SELECT count(*)::int AS n FROM projects WHERE workspace_id = $1', [ws.id]);
    expect(n).toBe(2);
    // Details before their project: the foreign key refuses them at once.
    expect(await attempt((q) => insertSchool(q, ws, randomUUID()))).toMatchObject({ code: '23503' });
  });

  test('a project without details is refused at commit', async () => {
    const { ws, ownerId } = await setup();
    const before = await snapshotWorkspace(server.db, ws.id);
    for (const kind of ['SCHOOL', 'SELF_STUDY']) {
      const err = await attempt(async (q) => void (await insertProject(q, ws, ownerId, kind)));
      expect(err).toMatchObject({ code: '23514', message: expect.stringMatching(/must have exactly one details row, of its own kind \(it has 0 school and 0 self-study\)/) });
    }
    expect(await snapshotWorkspace(server.db, ws.id)).toEqual(before);
  });

  test("the other kind's details are refused (the composite foreign key with the kind), instead or as well", async () => {
    const { ws, ownerId } = await setup();
    const before = await snapshotWorkspace(server.db, ws.id);
    const instead = await attempt(async (q) => {
      const id = await insertProject(q, ws, ownerId, 'SCHOOL');
      await insertSelfStudy(q, ws, id);
    });
    expect(instead?.code).toBe('23503');
    const asWell = await attempt(async (q) => {
      const id = await insertProject(q, ws, ownerId, 'SCHOOL');
      await insertSchool(q, ws, id);
      await insertSelfStudy(q, ws, id);
    });
    expect(asWell?.code).toBe('23503');
    // A details row cannot claim another kind than its table's either (CHECK).
    const wrongKind = await attempt(async (q) => {
      const id = await insertProject(q, ws, ownerId, 'SELF_STUDY');
      await q(`INSERT INTO school_project_details (id, workspace_id, kind, course_name, course_code, teacher_name) VALUES ($1, $2, 'SELF_STUDY', 'C', 'C', 'T')`, [id, ws.id]);
    });
    expect(wrongKind).toMatchObject({ code: '23514', message: expect.stringContaining('CHK_school_project_details_kind') });
    expect(await snapshotWorkspace(server.db, ws.id)).toEqual(before);
  });

  test('a second details row of the same kind is refused (one row per project: the primary key)', async () => {
    const { ws } = await setup();
    const p = await ws.newProject({ kind: 'SCHOOL' });
    const err = await attempt((q) => insertSchool(q, ws, p.id));
    expect(err?.code).toBe('23505');
  });

  test('deleting the details of a project is refused at commit, live or soft-deleted; deleting both together is fine', async () => {
    const { ws } = await setup();
    const live = await ws.newProject({ kind: 'SCHOOL' });
    const deleted = await ws.newProject({ kind: 'SELF_STUDY' });
    await ws.deleteProject(deleted.id);
    const before = await snapshotWorkspace(server.db, ws.id);
    expect(await attempt((q) => q('DELETE FROM school_project_details WHERE id = $1', [live.id]))).toMatchObject({
      code: '23514',
      message: expect.stringContaining('it has 0 school and 0 self-study'),
    });
    expect(await attempt((q) => q('DELETE FROM self_study_project_details WHERE id = $1', [deleted.id]))).toMatchObject({ code: '23514' });
    expect(await snapshotWorkspace(server.db, ws.id)).toEqual(before);
    expect(
      await attempt(async (q) => {
        await q('DELETE FROM school_project_details WHERE id = $1', [live.id]);
        await q('DELETE FROM projects WHERE id = $1', [live.id]);
      }),
    ).toBeNull();
  });

  test('moving details to another project is refused at commit (the project left behind has none)', async () => {
    const { ws } = await setup();
    const a = await ws.newProject({ kind: 'SCHOOL' });
    const b = await ws.newProject({ kind: 'SCHOOL' });
    const err = await attempt(async (q) => {
      await q('DELETE FROM school_project_details WHERE id = $1', [b.id]);
      await q('UPDATE school_project_details SET id = $2 WHERE id = $1', [a.id, b.id]);
    });
    expect(err).toMatchObject({ code: '23514', message: expect.stringContaining(a.id) });
  });

  test.each([
    ['projects', 'name', 'UPDATE projects SET name = NULL WHERE id = $1'],
    ['projects', 'owner_id', 'UPDATE projects SET owner_id = NULL WHERE id = $1'],
    ['projects', 'start_date', 'UPDATE projects SET start_date = NULL WHERE id = $1'],
    ['projects', 'end_date', 'UPDATE projects SET end_date = NULL WHERE id = $1'],
    ['school_project_details', 'course_name', 'UPDATE school_project_details SET course_name = NULL WHERE id = $1'],
    ['school_project_details', 'course_code', 'UPDATE school_project_details SET course_code = NULL WHERE id = $1'],
    ['school_project_details', 'teacher_name', 'UPDATE school_project_details SET teacher_name = NULL WHERE id = $1'],
  ])('%s.%s is NOT NULL', async (_table, column, sql) => {
    const { ws } = await setup();
    const p = await ws.newProject({ kind: 'SCHOOL' });
    const err = await attempt((q) => q(sql, [p.id]));
    expect(err).toMatchObject({ code: '23502', message: expect.stringContaining(column) });
  });

  test.each([
    ['goal_description', 'UPDATE self_study_project_details SET goal_description = NULL WHERE id = $1'],
    ['study_frequency', 'UPDATE self_study_project_details SET study_frequency = NULL WHERE id = $1'],
  ])('self_study_project_details.%s is NOT NULL', async (column, sql) => {
    const { ws } = await setup();
    const p = await ws.newProject({ kind: 'SELF_STUDY' });
    expect(await attempt((q) => q(sql, [p.id]))).toMatchObject({ code: '23502', message: expect.stringContaining(column) });
  });

  test('a details row without its required fields cannot be inserted', async () => {
    const { ws, ownerId } = await setup();
    const err = await attempt(async (q) => {
      const id = await insertProject(q, ws, ownerId, 'SCHOOL');
      await q(`INSERT INTO school_project_details (id, workspace_id, kind, course_name, course_code) VALUES ($1, $2, 'SCHOOL', 'C', 'C-1')`, [id, ws.id]);
    });
    expect(err).toMatchObject({ code: '23502', message: expect.stringContaining('teacher_name') });
  });

  test('an end date before the start date is refused (CHECK)', async () => {
    const { ws } = await setup();
    const p = await ws.newProject();
    expect(await attempt((q) => q(`UPDATE projects SET end_date = start_date - 1 WHERE id = $1`, [p.id]))).toMatchObject({
      code: '23514',
      message: expect.stringContaining('CHK_projects_dates'),
    });
  });
});

describe('the kind never changes', () => {
  test("changing a project's kind is refused, even with its details swapped in the same transaction", async () => {
    const { ws } = await setup();
    const p = await ws.newProject({ kind: 'SCHOOL' });
    const before = await snapshotWorkspace(server.db, ws.id);
    expect(await attempt((q) => q(`UPDATE projects SET kind = 'SELF_STUDY' WHERE id = $1`, [p.id]))).toMatchObject({
      code: '23514',
      message: expect.stringContaining('the kind of a project never changes'),
    });
    const swapped = await attempt(async (q) => {
      await q('DELETE FROM school_project_details WHERE id = $1', [p.id]);
      await q(`UPDATE projects SET kind = 'SELF_STUDY' WHERE id = $1`, [p.id]);
      await insertSelfStudy(q, ws, p.id);
    });
    expect(swapped).toMatchObject({ code: '23514', message: expect.stringContaining('never changes') });
    // Nor can a details row change its kind.
    expect(await attempt((q) => q(`UPDATE school_project_details SET kind = 'SELF_STUDY' WHERE id = $1`, [p.id]))).toMatchObject({ code: '23514' });
    expect(await snapshotWorkspace(server.db, ws.id)).toEqual(before);
  });
});

describe('the search index follows raw SQL too', () => {
  test('a project written with raw SQL is found by its course name', async () => {
    const { ws, ownerId } = await setup();
    let id = '';
    expect(
      await attempt(async (q) => {
        id = await insertProject(q, ws, ownerId, 'SCHOOL');
        await q(`INSERT INTO school_project_details (id, workspace_id, kind, course_name, course_code, teacher_name) VALUES ($1, $2, 'SCHOOL', 'Astrophysics', 'AST', 'T')`, [
          id,
          ws.id,
        ]);
      }),
    ).toBeNull();
    const r = await ws.gql(`{ searchProjects(query: "astrophysics") { nodes { id } } }`);
    expect(r.data.searchProjects.nodes).toEqual([{ id }]);
  });
});
