/**
 * Projects through the API: both kinds and their details, updates of the own kind only, publishing,
 * soft delete and restore of projects and attachments, metadata (and its JSONB filter, on the GIN
 * index), important dates, filters and keyset pages, full-text search ranking, and history.
 */
import type { TestContext } from './support/context';
import { expectNothingWritten, historyCount, insertProjects, scratchWorkspace } from './support/database';
import {
  ADD_ATTACHMENT,
  ATTACHMENT_FIELDS,
  CREATE_PROJECT,
  dataOf,
  DELETE_META,
  DELETE_PROJECT,
  mutate,
  mutatePayload,
  onlyError,
  PROJECT_FIELDS,
  PUBLISH_PROJECT,
  REMOVE_ATTACHMENT,
  REMOVE_DATE,
  RESTORE_ATTACHMENT,
  RESTORE_PROJECT,
  SET_META,
  UPDATE_PROJECT,
} from './support/graphql';
import { auditedInsertRows, inTransaction, metaContains, ProjectMeta } from './support/app';
import { startTestServer, type TestServer } from './support/server';
import { unique } from './support/values';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const PROJECT = `query($id: ID!, $d: Boolean) { project(id: $id, includeDeleted: $d) { ${PROJECT_FIELDS}
  meta { key value } importantDates { title date note } attachments { id fileName } } }`;

async function readProject(ws: TestContext, id: string, includeDeleted = false) {
  return dataOf(await ws.gql(PROJECT, { id, d: includeDeleted })).project;
}

async function projectIds(ws: TestContext, filter: Record<string, unknown>, extra = ''): Promise<string[]> {
  const r = dataOf(await ws.gql(`query($f: ProjectFilter) { projects(first: 100, filter: $f${extra}) { nodes { id } } }`, { f: filter }));
  return r.projects.nodes.map((n: { id: string }) => n.id);
}

describe('creating projects', () => {
  test('a SCHOOL project: a draft with its school details, resolved as SchoolProject', async () => {
    const ws = await server.newWorkspace();
    const owner = await ws.newStaff({ name: 'Olive Owner' });
    const p = await mutate(ws, CREATE_PROJECT, {
      input: {
        name: '  Chemistry coursework ',
        ownerId: owner.id,
        startDate: '2026-02-02',
        endDate: '2026-11-30',
        description: 'Titration lab report',
        school: { courseName: 'NCEA Chemistry', courseCode: 'CHEM-201', teacherName: 'Mr Tane' },
      },
      reason: 'new term',
    });
    expect(p.project).toMatchObject({
      kind: 'SCHOOL',
      name: 'Chemistry coursework',
      description: 'Titration lab report',
      startDate: '2026-02-02',
      endDate: '2026-11-30',
      draft: true,
      deletedAt: null,
      owner: { id: owner.id },
      courseName: 'NCEA Chemistry',
      courseCode: 'CHEM-201',
      teacherName: 'Mr Tane',
    });
    const typed = dataOf(await ws.gql(`query($id: ID!) { project(id: $id) { __typename ... on SchoolProject { courseName } owner { name } } }`, { id: p.project.id }));
    expect(typed.project).toEqual({ __typename: 'SchoolProject', courseName: 'NCEA Chemistry', owner: { name: 'Olive Owner' } });
    // One history record for the project, one for its details (keyed by the project id), with the reason.
    expect(await historyCount(server.db, ws.id, { table: 'projects', id: p.project.id, type: '+' })).toBe(1);
    expect(await historyCount(server.db, ws.id, { table: 'school_project_details', id: p.project.id, type: '+' })).toBe(1);
    const h = dataOf(await ws.gql(`query($id: ID!) { history(entityType: SCHOOL_PROJECT_DETAILS, entityId: $id) { nodes { type reason snapshot } } }`, { id: p.project.id }));
    expect(h.history.nodes).toEqual([{ type: 'CREATE', reason: 'new term', snapshot: expect.objectContaining({ courseCode: 'CHEM-201', kind: 'SCHOOL' }) }]);
  });

  test('a SELF_STUDY project: its own details, resolved as SelfStudyProject, no school columns anywhere', async () => {
    const ws = await server.newWorkspace();
    const p = await ws.newProject({ name: 'Learn Japanese', selfStudy: { goalDescription: 'Pass JLPT N4', studyFrequency: 'daily' } });
    expect(p).toMatchObject({ kind: 'SELF_STUDY', goalDescription: 'Pass JLPT N4', studyFrequency: 'daily', draft: true });
    expect(p.courseName).toBeUndefined();
    const typed = dataOf(await ws.gql(`query($id: ID!) { project(id: $id) { __typename } }`, { id: p.id }));
    expect(typed.project.__typename).toBe('SelfStudyProject');
    const columns: Array<{ column_name: string }> = await server.db.query(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'projects' AND table_schema = 'public'",
    );
    expect(columns.map((c) => c.column_name)).not.toEqual(expect.arrayContaining(['course_name']));
    expect(columns.map((c) => c.column_name).filter((c) => /course|teacher|goal|frequency/.test(c))).toEqual([]);
  });

  test('the kind is a fact of the input: there is no kind argument to create or update', async () => {
    const ws = await server.newWorkspace();
    const fields = async (type: string) =>
      dataOf(await ws.gql(`query($t: String!) { __type(name: $t) { inputFields { name } } }`, { t: type })).__type.inputFields.map((f: { name: string }) => f.name);
    expect(await fields('CreateProjectInput')).not.toContain('kind');
    expect(await fields('UpdateProjectInput')).not.toContain('kind');
  });
});

describe('updating projects', () => {
  test('common fields and the own kind details change; only the changed columns are in history', async () => {
    const ws = await server.newWorkspace();
    const p = await ws.newProject({ kind: 'SCHOOL' });
    const newOwner = await ws.newStaff();
    const u = await mutate(ws, UPDATE_PROJECT, {
      id: p.id,
      input: { name: 'Renamed', ownerId: newOwner.id, endDate: '2026-07-31', description: null, school: { teacherName: 'Dr New' } },
    });
    expect(u.project).toMatchObject({ name: 'Renamed', owner: { id: newOwner.id }, endDate: '2026-07-31', description: null, teacherName: 'Dr New', courseCode: 'C-101' });
    const h = dataOf(await ws.gql(`query($id: ID!) { project(id: $id) { history { nodes { type changes { field } } } } }`, { id: p.id }));
    expect(h.project.history.nodes[0]).toEqual({ type: 'UPDATE', changes: [{ field: 'endDate' }, { field: 'name' }, { field: 'ownerId' }] });
    expect(await historyCount(server.db, ws.id, { table: 'school_project_details', id: p.id, type: '~' })).toBe(1);
  });

  test('details alone: the details change and the project counts as updated (its updatedAt moves, without a history record of its own)', async () => {
    const ws = await server.newWorkspace();
    const p = await ws.newProject({ kind: 'SELF_STUDY' });
    const u = await mutate(ws, UPDATE_PROJECT, { id: p.id, input: { selfStudy: { studyFrequency: 'twice a week' } } });
    expect(u.project.studyFrequency).toBe('twice a week');
    expect(new Date(u.project.updatedAt).getTime()).toBeGreaterThan(new Date(p.updatedAt).getTime());
    expect(await historyCount(server.db, ws.id, { table: 'projects', id: p.id })).toBe(1);
    expect(await historyCount(server.db, ws.id, { table: 'self_study_project_details', id: p.id })).toBe(2);
  });

  test.each([
    ['SCHOOL', { selfStudy: { goalDescription: 'x' } }, 'selfStudy'],
    ['SELF_STUDY', { school: { courseName: 'x' } }, 'school'],
  ] as const)("a %s project refuses the other kind's details (the kind never changes): VALIDATION, nothing written", async (kind, input, field) => {
    const ws = await server.newWorkspace();
    const p = await ws.newProject({ kind });
    const payload = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, UPDATE_PROJECT, { id: p.id, input: { name: 'Changed too', ...input } }));
    expect(payload.project).toBeNull();
    expect(onlyError(payload)).toMatchObject({ code: 'VALIDATION', path: ['input', field] });
    expect((await readProject(ws, p.id)).kind).toBe(kind);
  });

  test('an end before the start is refused at the field that moved it', async () => {
    const ws = await server.newWorkspace();
    const p = await ws.newProject({ startDate: '2026-03-01', endDate: '2026-04-01' });
    for (const [input, field] of [
      [{ startDate: '2026-05-01' }, 'startDate'],
      [{ endDate: '2026-02-28' }, 'endDate'],
    ] as const) {
      const payload = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, UPDATE_PROJECT, { id: p.id, input }));
      expect(onlyError(payload)).toMatchObject({ code: 'VALIDATION', path: ['input', field] });
    }
  });

  test('publishProject ends the draft once; publishing again is refused', async () => {
    const ws = await server.newWorkspace();
    const p = await ws.newProject();
    expect((await mutate(ws, PUBLISH_PROJECT, { id: p.id })).project.draft).toBe(false);
    const again = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, PUBLISH_PROJECT, { id: p.id }));
    expect(onlyError(again)).toMatchObject({ code: 'INVALID_STATUS_TRANSITION', path: ['id'] });
  });
});

describe('soft delete and restore', () => {
  test('a project: hidden once deleted, readable with includeDeleted, restored as it was', async () => {
    const ws = await server.newWorkspace();
    const p = await ws.newProject();
    await ws.setProjectMeta(p.id, 'syllabus', { weeks: 12 });
    const deleted = await mutate(ws, DELETE_PROJECT, { id: p.id, reason: 'not needed' });
    expect(deleted.project.deletedAt).toEqual(expect.any(String));
    expect(await readProject(ws, p.id)).toBeNull();
    expect(await projectIds(ws, {})).not.toContain(p.id);
    expect(await projectIds(ws, { includeDeleted: true })).toContain(p.id);
    expect(await readProject(ws, p.id, true)).toMatchObject({ id: p.id, deletedAt: expect.any(String), meta: [{ key: 'syllabus', value: { weeks: 12 } }] });
    // A deleted project cannot be changed, nor given parts.
    const meta = await mutatePayload(ws, SET_META, { projectId: p.id, key: 'x', value: 1 });
    expect(onlyError(meta)).toMatchObject({ code: 'NOT_FOUND', path: ['projectId'] });

    const restored = await mutate(ws, RESTORE_PROJECT, { id: p.id });
    expect(restored.project).toMatchObject({ id: p.id, deletedAt: null, courseName: p.courseName });
    expect(await readProject(ws, p.id)).toMatchObject({ id: p.id, meta: [{ key: 'syllabus', value: { weeks: 12 } }] });
    const again = await mutatePayload(ws, RESTORE_PROJECT, { id: p.id });
    expect(onlyError(again)).toMatchObject({ code: 'VALIDATION', path: ['id'] });
    // Deleting and restoring are changes of deletedAt in history.
    const h = dataOf(await ws.gql(`query($id: ID!) { project(id: $id) { history { nodes { type reason changes { field } } } } }`, { id: p.id }));
    expect(h.project.history.nodes.slice(0, 2)).toEqual([
      { type: 'UPDATE', reason: null, changes: [{ field: 'deletedAt' }] },
      { type: 'UPDATE', reason: 'not needed', changes: [{ field: 'deletedAt' }] },
    ]);
  });

  test('a project with live attachments cannot be deleted (IN_USE); once they are removed it can', async () => {
    const ws = await server.newWorkspace();
    const p = await ws.newProject();
    const a = await ws.newAttachment(p.id);
    const b = await ws.newAttachment(p.id);
    const refused = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, DELETE_PROJECT, { id: p.id }));
    expect(refused.project).toBeNull();
    expect(onlyError(refused)).toMatchObject({ code: 'IN_USE', path: ['id'], message: expect.stringContaining('2 attachments') });
    await ws.removeAttachment(a.id);
    expect(onlyError(await mutatePayload(ws, DELETE_PROJECT, { id: p.id }))).toMatchObject({ code: 'IN_USE', message: expect.stringContaining('1 attachment') });
    await ws.removeAttachment(b.id);
    expect((await mutate(ws, DELETE_PROJECT, { id: p.id })).project.deletedAt).toEqual(expect.any(String));
  });

  test('an attachment: metadata only, removed softly (hidden unless asked for), restored, each step in history', async () => {
    const ws = await server.newWorkspace();
    const p = await ws.newProject();
    const checksum = 'AB'.repeat(32);
    const added = await mutate(ws, ADD_ATTACHMENT, {
      projectId: p.id,
      input: { fileName: 'syllabus.pdf', contentType: 'Application/PDF', size: 5_000_000_000, storageKey: 's3://bucket/syllabus.pdf', checksum },
    });
    expect(added.attachment).toEqual({
      id: expect.any(String),
      fileName: 'syllabus.pdf',
      contentType: 'application/pdf',
      size: 5_000_000_000,
      storageKey: 's3://bucket/syllabus.pdf',
      checksum: checksum.toLowerCase(),
      removedAt: null,
    });
    const id = added.attachment.id;
    const removed = await mutate(ws, REMOVE_ATTACHMENT, { id });
    expect(removed.attachment.removedAt).toEqual(expect.any(String));
    const read = async () =>
      dataOf(await ws.gql(`query($id: ID!) { project(id: $id) { attachments { id } all: attachments(includeRemoved: true) { ${ATTACHMENT_FIELDS} } } }`, { id: p.id })).project;
    expect(await read()).toEqual({ attachments: [], all: [{ ...added.attachment, removedAt: expect.any(String) }] });
    // Removing it again: it is no longer there to remove.
    expect(onlyError(await mutatePayload(ws, REMOVE_ATTACHMENT, { id }))).toMatchObject({ code: 'NOT_FOUND', path: ['id'] });
    const restored = await mutate(ws, RESTORE_ATTACHMENT, { id });
    expect(restored.attachment).toEqual(added.attachment);
    expect((await read()).attachments).toEqual([{ id }]);
    expect(onlyError(await mutatePayload(ws, RESTORE_ATTACHMENT, { id }))).toMatchObject({ code: 'VALIDATION', path: ['id'] });
    const h = dataOf(await ws.gql(`query($id: ID!) { history(entityType: ATTACHMENT, entityId: $id) { nodes { type changes { field } } } }`, { id }));
    expect(h.history.nodes).toEqual([
      { type: 'UPDATE', changes: [{ field: 'deletedAt' }] },
      { type: 'UPDATE', changes: [{ field: 'deletedAt' }] },
      { type: 'CREATE', changes: expect.any(Array) },
    ]);
  });
});

describe('metadata and important dates', () => {
  test('setProjectMeta creates and replaces any JSON value under a key; deleteProjectMeta removes it; each change moves the project', async () => {
    const ws = await server.newWorkspace();
    const p = await ws.newProject();
    const values: unknown[] = [{ weeks: [1, 2, 3], title: 'Organic \u{1F9EA}' }, ['a', 'b'], 'plain text', 42.5, true];
    let last = p.updatedAt;
    for (const value of values) {
      const r = await mutate(ws, SET_META, { projectId: p.id, key: 'syllabus', value });
      expect(r.meta).toMatchObject({ key: 'syllabus', value });
      expect(new Date(r.project.updatedAt).getTime()).toBeGreaterThan(new Date(last).getTime());
      last = r.project.updatedAt;
    }
    await ws.setProjectMeta(p.id, 'links', ['https://example.com']);
    expect((await readProject(ws, p.id)).meta).toEqual([
      { key: 'links', value: ['https://example.com'] },
      { key: 'syllabus', value: true },
    ]);
    // One row per key: replacing is an update of the same record.
    expect(await historyCount(server.db, ws.id, { table: 'project_meta', type: '+' })).toBe(2);
    expect(await historyCount(server.db, ws.id, { table: 'project_meta', type: '~' })).toBe(values.length - 1);
    const gone = await mutate(ws, DELETE_META, { projectId: p.id, key: 'syllabus', reason: 'moved to a file' });
    expect(gone.meta).toMatchObject({ key: 'syllabus', value: true });
    expect((await readProject(ws, p.id)).meta).toEqual([{ key: 'links', value: ['https://example.com'] }]);
    expect(await historyCount(server.db, ws.id, { table: 'project_meta', type: '-' })).toBe(1);
    const missing = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, DELETE_META, { projectId: p.id, key: 'syllabus' }));
    expect(onlyError(missing)).toMatchObject({ code: 'NOT_FOUND', path: ['key'] });
  });

  test('important dates: listed by date; removing one deletes it (with its history)', async () => {
    const ws = await server.newWorkspace();
    const p = await ws.newProject();
    await ws.newImportantDate(p.id, { title: 'Exam', date: '2026-06-10', note: 'Room 4' });
    const first = await ws.newImportantDate(p.id, { title: 'Proposal due', date: '2026-03-01' });
    expect((await readProject(ws, p.id)).importantDates).toEqual([
      { title: 'Proposal due', date: '2026-03-01', note: null },
      { title: 'Exam', date: '2026-06-10', note: 'Room 4' },
    ]);
    const removed = await mutate(ws, REMOVE_DATE, { id: first.id });
    expect(removed.importantDate).toMatchObject({ id: first.id, title: 'Proposal due' });
    expect((await readProject(ws, p.id)).importantDates).toEqual([{ title: 'Exam', date: '2026-06-10', note: 'Room 4' }]);
    expect(await historyCount(server.db, ws.id, { table: 'project_important_dates', id: first.id })).toBe(2);
    expect(onlyError(await mutatePayload(ws, REMOVE_DATE, { id: first.id }))).toMatchObject({ code: 'NOT_FOUND', path: ['id'] });
  });
});

describe('listing and filtering', () => {
  test('filters by kind, owner, draft, start and end', async () => {
    const ws = await server.newWorkspace();
    const owner = await ws.newStaff();
    const a = await ws.newProject({ kind: 'SCHOOL', ownerId: owner.id, startDate: '2026-01-10', endDate: '2026-03-01' });
    const b = await ws.newProject({ kind: 'SELF_STUDY', startDate: '2026-02-10', endDate: '2026-12-01', publish: true });
    const c = await ws.newProject({ kind: 'SCHOOL', startDate: '2026-05-01', endDate: '2026-05-31' });
    const sorted = (ids: string[]) => [...ids].sort();
    expect(sorted(await projectIds(ws, { kind: 'SCHOOL' }))).toEqual(sorted([a.id, c.id]));
    expect(await projectIds(ws, { ownerId: owner.id })).toEqual([a.id]);
    expect(await projectIds(ws, { ownerId: 'not-an-id' })).toEqual([]);
    expect(await projectIds(ws, { draft: false })).toEqual([b.id]);
    expect(sorted(await projectIds(ws, { startsAfter: '2026-01-10' }))).toEqual(sorted([b.id, c.id]));
    expect(sorted(await projectIds(ws, { endsBefore: '2026-06-01' }))).toEqual(sorted([a.id, c.id]));
    expect(await projectIds(ws, { kind: 'SCHOOL', startsAfter: '2026-02-01', endsBefore: '2026-06-01' })).toEqual([c.id]);
  });

  test('keyset pages in every order give every project once, with totalCount', async () => {
    const ws = await server.newWorkspace();
    const owner = await ws.newStaff();
    await insertProjects(server.db, ws.id, 25, { ownerId: owner.id, name: (i) => `P ${String(i % 7)}` });
    for (const orderBy of [undefined, { field: 'NAME', direction: 'ASC' }, { field: 'START_DATE', direction: 'DESC' }, { field: 'UPDATED_AT' }]) {
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: any = dataOf(
          await ws.gql(`query($a: String, $o: ProjectOrder) { projects(first: 10, after: $a, orderBy: $o) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`, {
            a: after,
            o: orderBy,
          }),
        ).projects;
        expect(page.totalCount).toBe(25);
        seen.push(...page.nodes.map((n: { id: string }) => n.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toHaveLength(25);
      expect(new Set(seen).size).toBe(25);
    }
  });

  test('meta filter: JSONB containment of the value under a key', async () => {
    const ws = await server.newWorkspace();
    const [a, b, c] = [await ws.newProject(), await ws.newProject(), await ws.newProject()];
    await ws.setProjectMeta(a.id, 'syllabus', { level: 2, topics: ['acids', 'bases'] });
    await ws.setProjectMeta(b.id, 'syllabus', { level: 3, topics: ['acids'] });
    await ws.setProjectMeta(c.id, 'level', 2);
    await ws.setProjectMeta(c.id, 'term', 'T1');
    const sorted = (ids: string[]) => [...ids].sort();
    expect(await projectIds(ws, { meta: { key: 'syllabus', equals: { level: 2 } } })).toEqual([a.id]);
    expect(sorted(await projectIds(ws, { meta: { key: 'syllabus', equals: { topics: ['acids'] } } }))).toEqual(sorted([a.id, b.id]));
    expect(await projectIds(ws, { meta: { key: 'level', equals: 2 } })).toEqual([c.id]);
    expect(await projectIds(ws, { meta: { key: 'term', equals: 'T1' } })).toEqual([c.id]);
    expect(await projectIds(ws, { meta: { key: 'term', equals: 'T2' } })).toEqual([]);
    // The key matters: { level: 2 } under another key does not match.
    expect(await projectIds(ws, { meta: { key: 'other', equals: { level: 2 } } })).toEqual([]);
    expect(await projectIds(ws, { kind: 'SELF_STUDY', meta: { key: 'syllabus', equals: { level: 2 } } })).toEqual([]);
    const bad = await ws.gql(`query($f: ProjectFilter) { projects(filter: $f) { nodes { id } } }`, { f: { meta: { key: 'k'.repeat(101), equals: 1 } } });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('the meta filter uses the GIN index on project_meta.value (EXPLAIN on a seeded set of 20,000 entries, in a database of its own)', async () => {
    const scratch = await scratchWorkspace('jobcost_plan_meta');
    try {
      const { db, workspaceId, ownerId } = scratch;
      const ids = await insertProjects(db, workspaceId, 5000, { ownerId, draft: false });
      const audit = { actor: { type: 'SYSTEM' as const, id: 'test-fixture', name: 'test fixture' }, reason: 'test setup', requestId: 'test' };
      await inTransaction(db, audit, (em) =>
        auditedInsertRows(
          em,
          ProjectMeta,
          ids.flatMap((projectId, i) => [
            { workspace_id: workspaceId, project_id: projectId, key: 'syllabus', value: { code: `S-${i + 1}`, level: i % 5 } },
            ...['term', 'room', 'links'].map((key) => ({ workspace_id: workspaceId, project_id: projectId, key, value: { n: i, key } })),
          ]),
        ),
      );
      await db.query('ANALYZE');
      // The filter's SQL, as the list builder runs it.
      const params: unknown[] = [workspaceId];
      const where = metaContains('p', 'syllabus', { code: 'S-1234' }, (v) => `$${params.push(v)}`);
      const sql = `SELECT p.id FROM projects p WHERE p.workspace_id = $1 AND p.deleted_at IS NULL AND ${where}`;
      expect(await db.query(sql, params)).toEqual([{ id: ids[1233] }]);
      const text = JSON.stringify(await db.query(`EXPLAIN (FORMAT JSON) ${sql}`, params));
      expect(text).toContain('"Index Name":"IDX_project_meta_value"');
      expect(text).toContain('Bitmap Index Scan');
      expect(text).not.toContain('Seq Scan');
    } finally {
      await scratch.drop();
    }
  });
});

describe('search', () => {
  test('ranks a match in the name above the course name or goal, above the description; any kind', async () => {
    const ws = await server.newWorkspace();
    const inDescription = await ws.newProject({ name: 'Lab diary', description: 'Notes on photosynthesis experiments' });
    const inCourse = await ws.newProject({ name: 'Term project', school: { courseName: 'Photosynthesis and plant biology', courseCode: 'BIO-1', teacherName: 'Ms Kauri' } });
    const inName = await ws.newProject({ name: 'Photosynthesis poster', description: 'For the science fair' });
    const inGoal = await ws.newProject({ name: 'Botany', selfStudy: { goalDescription: 'Understand photosynthesis in depth', studyFrequency: 'weekly' } });
    await ws.newProject({ name: 'Unrelated', description: 'Algebra homework' });
    const r = dataOf(await ws.gql(`{ searchProjects(query: "photosynthesis") { totalCount nodes { id name } } }`)).searchProjects;
    expect(r.totalCount).toBe(4);
    const order = r.nodes.map((n: { id: string }) => n.id);
    expect(order[0]).toBe(inName.id);
    expect(order.slice(1, 3).sort()).toEqual([inCourse.id, inGoal.id].sort());
    expect(order[3]).toBe(inDescription.id);
    // Stemming: "experiment" finds "experiments".
    expect(dataOf(await ws.gql(`{ searchProjects(query: "experiment") { nodes { id } } }`)).searchProjects.nodes).toEqual([{ id: inDescription.id }]);
  });

  test('follows renames and details changes; deleted projects and other workspaces are not found', async () => {
    const ws = await server.newWorkspace();
    const other = await server.newWorkspace();
    const word = `zyx${unique('w').replace(/[^a-z0-9]/gi, '')}`;
    await other.newProject({ name: `Other ${word}` });
    const p = await ws.newProject({ name: 'Plain name', kind: 'SELF_STUDY' });
    const found = async () => dataOf(await ws.gql(`query($q: String!) { searchProjects(query: $q) { nodes { id } } }`, { q: word })).searchProjects.nodes;
    expect(await found()).toEqual([]);
    await mutate(ws, UPDATE_PROJECT, { id: p.id, input: { selfStudy: { goalDescription: `Master ${word}` } } });
    expect(await found()).toEqual([{ id: p.id }]);
    await mutate(ws, UPDATE_PROJECT, { id: p.id, input: { selfStudy: { goalDescription: 'Something else' }, name: `Renamed ${word}` } });
    expect(await found()).toEqual([{ id: p.id }]);
    await ws.deleteProject(p.id);
    expect(await found()).toEqual([]);
  });

  test('pages by (rank, id) cursors without gaps or repeats', async () => {
    const ws = await server.newWorkspace();
    const owner = await ws.newStaff();
    // Equal ranks (ties broken by id) and different ones.
    await insertProjects(server.db, ws.id, 13, { ownerId: owner.id, name: (i) => (i % 3 === 0 ? 'Robotics robotics club' : 'Robotics club') });
    const seen: string[] = [];
    let after: string | null = null;
    let ranks = 0;
    for (;;) {
      const page: any = dataOf(
        await ws.gql(`query($a: String) { searchProjects(query: "robotics", first: 4, after: $a) { nodes { id name } pageInfo { hasNextPage endCursor } } }`, { a: after }),
      ).searchProjects;
      seen.push(...page.nodes.map((n: { id: string }) => n.id));
      ranks += page.nodes.filter((n: { name: string }) => n.name.startsWith('Robotics robotics')).length;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(13);
    expect(new Set(seen).size).toBe(13);
    expect(ranks).toBe(5);
    const r = await ws.gql(`{ searchProjects(query: "robotics", after: "bm90IGEgY3Vyc29y") { nodes { id } } }`);
    expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('a blank query is a BAD_USER_INPUT error', async () => {
    const ws = await server.newWorkspace();
    const r = await ws.gql(`{ searchProjects(query: "   ") { nodes { id } } }`);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'query' });
  });
});

describe('history', () => {
  test('every project type is an audit entity type: history, auditLog and historyDiff cover them', async () => {
    const ws = await server.newWorkspace();
    const types = dataOf(await ws.gql(`{ __type(name: "AuditEntityType") { enumValues { name } } }`)).__type.enumValues.map((v: { name: string }) => v.name);
    expect(types).toEqual(expect.arrayContaining(['PROJECT', 'SCHOOL_PROJECT_DETAILS', 'SELF_STUDY_PROJECT_DETAILS', 'PROJECT_META', 'IMPORTANT_DATE', 'ATTACHMENT']));
    const p = await ws.newProject({ kind: 'SELF_STUDY', name: 'Before' }, { reason: 'start' });
    await mutate(ws, UPDATE_PROJECT, { id: p.id, input: { name: 'After' }, reason: 'rename' });
    const meta = await ws.setProjectMeta(p.id, 'k', 1);
    const date = await ws.newImportantDate(p.id);
    const file = await ws.newAttachment(p.id);
    const diff = dataOf(await ws.gql(`query($id: ID!) { historyDiff(entityType: PROJECT, entityId: $id, fromVersion: 1, toVersion: 2) { field from to } }`, { id: p.id }));
    expect(diff.historyDiff).toEqual([{ field: 'name', from: 'Before', to: 'After' }]);
    const log = dataOf(await ws.gql(`{ auditLog(first: 50) { nodes { entityType entityId type } } }`)).auditLog.nodes;
    const byType = (t: string) => log.filter((n: { entityType: string }) => n.entityType === t).map((n: { entityId: string }) => n.entityId);
    expect(byType('PROJECT')).toEqual([p.id, p.id]);
    expect(byType('SELF_STUDY_PROJECT_DETAILS')).toEqual([p.id]);
    expect(byType('PROJECT_META')).toEqual([meta.id]);
    expect(byType('IMPORTANT_DATE')).toEqual([date.id]);
    expect(byType('ATTACHMENT')).toEqual([file.id]);
    const nested = dataOf(
      await ws.gql(
        `query($id: ID!) { project(id: $id) { history { nodes { version reason } } meta { history { totalCount } } importantDates { history { totalCount } } attachments { history { totalCount } } } }`,
        {
          id: p.id,
        },
      ),
    ).project;
    expect(nested).toEqual({
      history: {
        nodes: [
          { version: 2, reason: 'rename' },
          { version: 1, reason: 'start' },
        ],
      },
      meta: [{ history: { totalCount: 1 } }],
      importantDates: [{ history: { totalCount: 1 } }],
      attachments: [{ history: { totalCount: 1 } }],
    });
  });
});
