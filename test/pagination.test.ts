import { Client, Job, Staff } from './support/app';
import type { TestContext } from './support/context';
import { fixtureUpdate } from './support/database';
import type { GqlResponse } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';

/**
 * Keyset pagination of the `jobs`, `clients` and `staff` connections and of `Client.jobs`: page
 * sizes, complete and ordered walks for every order, stability while rows are inserted, cursors.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

// ------------------------------------------------------------------------------------------ helpers

interface Page {
  totalCount: number;
  edges: Array<{ cursor: string; node: { id: string } }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const PAGE_FIELDS = `totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`;

function expectBadUserInput(r: GqlResponse) {
  expect(r.errors).toBeDefined();
  expect(r.errors!.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  expect(r.data ?? null).toBeNull();
}

/**
 * Follows `endCursor` until `hasNextPage` is false, checking each page's `pageInfo` on the way.
 * `between(i)` runs after page i (0-based) has been fetched, before the next one.
 */
async function walk(
  fetchPage: (after: string | null) => Promise<Page>,
  pageSize: number,
  between?: (pageIndex: number, seen: string[]) => Promise<void>,
): Promise<{ ids: string[]; pages: Page[] }> {
  const ids: string[] = [];
  const pages: Page[] = [];
  let after: string | null = null;
  for (let i = 0; i < 100; i++) {
    const page = await fetchPage(after);
    pages.push(page);
    const { edges, pageInfo } = page;
    ids.push(...edges.map((e) => e.node.id));
    expect(pageInfo.startCursor).toBe(edges[0]?.cursor ?? null);
    expect(pageInfo.endCursor).toBe(edges.at(-1)?.cursor ?? null);
    if (i === 0) expect(pageInfo.hasPreviousPage).toBe(false);
    if (pageInfo.hasNextPage) {
      expect(edges).toHaveLength(pageSize);
    } else {
      expect(edges.length).toBeLessThanOrEqual(pageSize);
      return { ids, pages };
    }
    after = pageInfo.endCursor;
    await between?.(i, ids);
  }
  throw new Error('pagination did not end after 100 pages');
}

/** Sorts rows by a key, then by id (the keyset tie-breaker), ascending; DESC is the exact reverse. */
function sortRows<T extends { id: string }>(rows: T[], key: (r: T) => string | number | bigint, descending: boolean): string[] {
  const sorted = [...rows].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka < kb) return -1;
    if (ka > kb) return 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  const ids = sorted.map((r) => r.id);
  return descending ? ids.reverse() : ids;
}

// ------------------------------------------------------------------------------------------ jobs

interface JobRow {
  id: string;
  number: number;
  name: string;
  deadline: string | null;
  /** 0 LOW … 3 URGENT. */
  priority: number;
  createdAt: bigint;
  updatedAt: bigint;
}

const PRIORITIES = ['LOW', 'NORMAL', 'HIGH', 'URGENT'];

/** Names with duplicates once lower-cased (plain letters, so every collation orders them alike). */
const NAMES = ['Alpha', 'alpha', 'ALPHA', 'Bravo', 'bravo', 'Charlie', 'Delta', 'delta', 'Echo', 'Zulu', 'Alphabet'];

function jobInput(i: number, clientId: string) {
  return {
    name: NAMES[i % NAMES.length],
    clientId,
    // Every fourth job has no deadline; the others share a handful of dates.
    deadline: i % 4 === 0 ? null : `2031-0${1 + (i % 3)}-1${i % 2}`,
    // Many jobs per priority, so the id tie-breaker decides most of the order.
    priority: PRIORITIES[i % 3 === 0 ? 3 : i % 2],
  };
}

/** A workspace with `n` jobs, some sharing created_at and updated_at exactly, and one deleted job that lists never show. */
async function seedJobs(n: number): Promise<{ ws: TestContext; clientId: string; deletedId: string }> {
  const ws = await server.newWorkspace();
  const clientId = (await ws.newClient({ name: 'Client' })).id;
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await ws.newJob(jobInput(i, clientId))).id);
  const deleted = await ws.newJob(jobInput(3, clientId));
  await ws.deleteJob(deleted.id);
  // Exact ties on the timestamps, so the id tie-breaker and the cursors' precision are exercised.
  await fixtureUpdate(server.db, Job, 'created_at = (SELECT created_at FROM jobs WHERE id = $1)', 't.id = ANY($2)', [ids[5], ids.slice(6, 11)]);
  await fixtureUpdate(server.db, Job, 'updated_at = (SELECT updated_at FROM jobs WHERE id = $1)', 't.id = ANY($2)', [ids[12], ids.slice(13, 18)]);
  return { ws, clientId, deletedId: deleted.id };
}

async function jobRows(workspaceId: string): Promise<JobRow[]> {
  const rows: Array<{ id: string; number: number; name: string; deadline: string | null; priority: string; c: string; u: string }> = await server.db.query(
    `SELECT id::text, number, name, deadline::text AS deadline, priority::text AS priority,
            (extract(epoch FROM created_at) * 1000000)::bigint::text AS c,
            (extract(epoch FROM updated_at) * 1000000)::bigint::text AS u
       FROM jobs WHERE workspace_id = $1 AND deleted_at IS NULL`,
    [workspaceId],
  );
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    name: r.name,
    deadline: r.deadline,
    priority: PRIORITIES.indexOf(r.priority),
    createdAt: BigInt(r.c),
    updatedAt: BigInt(r.u),
  }));
}

type JobField = 'CREATED_AT' | 'UPDATED_AT' | 'DEADLINE' | 'NUMBER' | 'NAME' | 'PRIORITY';
const JOB_KEYS: Record<JobField, (r: JobRow) => string | number | bigint> = {
  CREATED_AT: (r) => r.createdAt,
  UPDATED_AT: (r) => r.updatedAt,
  // Jobs without a deadline come after every dated job in ascending order.
  DEADLINE: (r) => r.deadline ?? '9999-99-99',
  NUMBER: (r) => r.number,
  NAME: (r) => r.name.toLowerCase(),
  PRIORITY: (r) => r.priority,
};

const JOBS_PAGE = `query($first: Int, $after: String, $orderBy: JobOrder, $filter: JobFilter) { jobs(first: $first, after: $after, orderBy: $orderBy, filter: $filter) { ${PAGE_FIELDS} } }`;

function jobsPager(ws: TestContext, first: number, orderBy?: { field: JobField; direction: 'ASC' | 'DESC' }) {
  return async (after: string | null): Promise<Page> => {
    const r = await ws.gql(JOBS_PAGE, { first, after, orderBy });
    expect(r.errors).toBeUndefined();
    return r.data.jobs;
  };
}

const ORDERS = (['CREATED_AT', 'UPDATED_AT', 'DEADLINE', 'NUMBER', 'NAME', 'PRIORITY'] as const).flatMap((field) =>
  (['ASC', 'DESC'] as const).map((direction) => [`${field} ${direction}`, { field, direction }] as const),
);

describe('jobs: page size', () => {
  test('first defaults to 20 and may be at most 100; 101 and -1 are BAD_USER_INPUT', async () => {
    const { ws } = await seedJobs(40);
    const byDefault = await ws.gql(`{ jobs { totalCount nodes { id } pageInfo { hasNextPage } } }`);
    expect(byDefault.errors).toBeUndefined();
    expect(byDefault.data.jobs.nodes).toHaveLength(20);
    expect(byDefault.data.jobs.pageInfo.hasNextPage).toBe(true);
    expect(byDefault.data.jobs.totalCount).toBe(40);

    for (const [first, length, hasNext] of [
      [100, 40, false],
      [40, 40, false],
      [39, 39, true],
      [1, 1, true],
    ] as const) {
      const r = await ws.gql(`query($f: Int) { jobs(first: $f) { totalCount nodes { id } pageInfo { hasNextPage } } }`, { f: first });
      expect(r.errors).toBeUndefined();
      expect(r.data.jobs.nodes).toHaveLength(length);
      expect(r.data.jobs.pageInfo.hasNextPage).toBe(hasNext);
      expect(r.data.jobs.totalCount).toBe(40);
    }

    for (const first of [101, -1, 1000]) {
      expectBadUserInput(await ws.gql(`query($f: Int) { jobs(first: $f) { totalCount } }`, { f: first }));
      expectBadUserInput(await ws.gql(`query($f: Int) { clients(first: $f) { totalCount } }`, { f: first }));
      expectBadUserInput(await ws.gql(`query($f: Int) { staff(first: $f) { totalCount } }`, { f: first }));
    }
    const nested = await ws.gql(`{ clients { nodes { jobs(first: 101) { totalCount } } } }`);
    expect(nested.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('jobs: walking every order', () => {
  test.each(ORDERS)('%s: first 7 across 40 jobs yields each job once, in order', async (_name, orderBy) => {
    const { ws, deletedId } = await seedJobs(40);
    const expected = sortRows(await jobRows(ws.id), JOB_KEYS[orderBy.field], orderBy.direction === 'DESC');
    expect(expected).toHaveLength(40);

    const { ids, pages } = await walk(jobsPager(ws, 7, orderBy), 7);
    expect(ids).toEqual(expected);
    expect(ids).not.toContain(deletedId);
    expect(pages).toHaveLength(6);
    expect(pages.at(-1)!.edges).toHaveLength(5);
    for (const page of pages) expect(page.totalCount).toBe(40);

    // A page size that divides the total exactly: the last full page says there is no next page.
    const even = await walk(jobsPager(ws, 8, orderBy), 8);
    expect(even.ids).toEqual(expected);
    expect(even.pages).toHaveLength(5);
  });

  test('the default order walks every job once too', async () => {
    const { ws } = await seedJobs(40);
    const { ids } = await walk(jobsPager(ws, 7), 7);
    expect(new Set(ids).size).toBe(40);
    expect([...ids].sort()).toEqual((await jobRows(ws.id)).map((r) => r.id).sort());
  });

  test('a walk with a filter pages through the filtered rows only, with their total', async () => {
    const { ws } = await seedJobs(40);
    const pager = async (after: string | null): Promise<Page> => {
      const r = await ws.gql(JOBS_PAGE, { first: 3, after, orderBy: { field: 'NAME', direction: 'ASC' }, filter: { search: 'alpha' } });
      expect(r.errors).toBeUndefined();
      return r.data.jobs;
    };
    const rows = (await jobRows(ws.id)).filter((r) => r.name.toLowerCase().includes('alpha'));
    const { ids, pages } = await walk(pager, 3);
    expect(ids).toEqual(sortRows(rows, JOB_KEYS.NAME, false));
    for (const page of pages) expect(page.totalCount).toBe(rows.length);
  });
});

describe('jobs: inserting while walking', () => {
  test.each(ORDERS)('%s: no row twice, no existing row skipped, new rows past the cursor are seen', async (_name, orderBy) => {
    const { ws, clientId } = await seedJobs(40);
    const original = new Set((await jobRows(ws.id)).map((r) => r.id));
    const created: string[] = [];
    /** For each new job: the id of the last row seen when it was created. */
    const seenAtCreation = new Map<string, string>();

    const { ids } = await walk(jobsPager(ws, 7, orderBy), 7, async (pageIndex, seen) => {
      if (pageIndex !== 0 && pageIndex !== 2) return;
      for (let k = 0; k < 3; k++) {
        const job = await ws.newJob(jobInput(created.length * 5 + k + pageIndex, clientId));
        created.push(job.id);
        seenAtCreation.set(job.id, seen.at(-1)!);
      }
    });

    expect(new Set(ids).size).toBe(ids.length);
    for (const id of original) expect(ids).toContain(id);
    // What was seen is in the final order of all rows, old and new.
    const finalOrder = sortRows(await jobRows(ws.id), JOB_KEYS[orderBy.field], orderBy.direction === 'DESC');
    expect(finalOrder).toHaveLength(46);
    expect(ids).toEqual(finalOrder.filter((id) => ids.includes(id)));
    // A new row is seen exactly when it sorts after the row the walk had reached.
    for (const id of created) {
      const reached = finalOrder.indexOf(seenAtCreation.get(id)!);
      expect({ id, seen: ids.includes(id) }).toEqual({ id, seen: finalOrder.indexOf(id) > reached });
    }
    if ((orderBy.field === 'CREATED_AT' || orderBy.field === 'NUMBER') && orderBy.direction === 'ASC') {
      expect(ids.slice(0, 40).every((id) => original.has(id))).toBe(true);
      expect(ids.slice(40)).toEqual(created);
    }
  });
});

describe('cursors', () => {
  function forge(parts: unknown[]): string {
    return Buffer.from(JSON.stringify(parts)).toString('base64url');
  }

  test('an invalid cursor, or one of another order, is BAD_USER_INPUT', async () => {
    const { ws } = await seedJobs(5);
    const byName = await ws.gql(JOBS_PAGE, { first: 2, orderBy: { field: 'NAME', direction: 'ASC' } });
    const nameCursor: string = byName.data.jobs.pageInfo.endCursor;
    const byNumber = await ws.gql(JOBS_PAGE, { first: 2, orderBy: { field: 'NUMBER', direction: 'ASC' } });
    const numberCursor: string = byNumber.data.jobs.pageInfo.endCursor;
    const id = byNumber.data.jobs.edges[1].node.id;

    const bad: Array<[string, string, { field: JobField; direction: 'ASC' | 'DESC' }]> = [
      ['abc', 'abc', { field: 'NUMBER', direction: 'ASC' }],
      ['empty JSON', forge([]), { field: 'NUMBER', direction: 'ASC' }],
      ['not JSON', Buffer.from('{{{').toString('base64url'), { field: 'NUMBER', direction: 'ASC' }],
      ['a NAME cursor with NUMBER order', nameCursor, { field: 'NUMBER', direction: 'ASC' }],
      ['a NUMBER cursor with NAME order', numberCursor, { field: 'NAME', direction: 'ASC' }],
      ['an ASC cursor with DESC order', numberCursor, { field: 'NUMBER', direction: 'DESC' }],
      ['a cursor with a bad id', forge(['NUMBER:ASC', '2', 'nope']), { field: 'NUMBER', direction: 'ASC' }],
      ['a NUMBER cursor whose value is not a number', forge(['NUMBER:ASC', 'x', id]), { field: 'NUMBER', direction: 'ASC' }],
      ['a NUMBER cursor whose value is out of range', forge(['NUMBER:ASC', '99999999999999', id]), { field: 'NUMBER', direction: 'ASC' }],
      ['a NUMBER cursor whose value is null', forge(['NUMBER:ASC', null, id]), { field: 'NUMBER', direction: 'ASC' }],
      ['a NUMBER cursor whose value is an object', forge(['NUMBER:ASC', { a: 1 }, id]), { field: 'NUMBER', direction: 'ASC' }],
      ['a CREATED_AT cursor whose value is not a timestamp', forge(['CREATED_AT:ASC', 'yesterday-ish', id]), { field: 'CREATED_AT', direction: 'ASC' }],
      ['a CREATED_AT cursor whose value is an impossible timestamp', forge(['CREATED_AT:ASC', '2026-13-45 25:61:00+00', id]), { field: 'CREATED_AT', direction: 'ASC' }],
      ['a DEADLINE cursor whose value is not a date', forge(['DEADLINE:ASC', '2026-02-30', id]), { field: 'DEADLINE', direction: 'ASC' }],
      ['a PRIORITY cursor whose value is not a priority', forge(['PRIORITY:DESC', 'SOON', id]), { field: 'PRIORITY', direction: 'DESC' }],
      ['a PRIORITY cursor whose value is a lower-case priority', forge(['PRIORITY:DESC', 'high', id]), { field: 'PRIORITY', direction: 'DESC' }],
      ['a NAME cursor whose value has a NUL character', forge(['NAME:ASC', 'a\u0000b', id]), { field: 'NAME', direction: 'ASC' }],
    ];
    for (const [name, after, orderBy] of bad) {
      const r = await ws.gql(JOBS_PAGE, { first: 2, after, orderBy });
      expect({ name, codes: r.errors?.map((e) => e.extensions?.code), data: r.data ?? null }).toEqual({ name, codes: ['BAD_USER_INPUT'], data: null });
    }

    expectBadUserInput(await ws.gql(`{ clients(after: "abc") { totalCount } }`));
    expectBadUserInput(await ws.gql(`{ staff(after: "abc") { totalCount } }`));
    const nested = await ws.gql(`{ clients { nodes { jobs(after: "abc") { totalCount } } } }`);
    expect(nested.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    // A Client.jobs cursor is not one of jobs ordered by NUMBER.
    const clientJobs = await ws.gql(`{ clients { nodes { jobs(first: 1) { pageInfo { endCursor } } } } }`);
    const clientJobsCursor = clientJobs.data.clients.nodes[0].jobs.pageInfo.endCursor;
    expectBadUserInput(await ws.gql(JOBS_PAGE, { first: 2, after: clientJobsCursor, orderBy: { field: 'NUMBER', direction: 'ASC' } }));
  });

  test('forged but well-formed cursors position the walk like real ones', async () => {
    const { ws } = await seedJobs(6);
    const all = await ws.gql(JOBS_PAGE, { first: 10, orderBy: { field: 'NUMBER', direction: 'ASC' } });
    const ids = all.data.jobs.edges.map((e: { node: { id: string } }) => e.node.id);
    const r = await ws.gql(JOBS_PAGE, { first: 10, after: forge(['NUMBER:ASC', '3', ids[2]]), orderBy: { field: 'NUMBER', direction: 'ASC' } });
    expect(r.errors).toBeUndefined();
    expect(r.data.jobs.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(ids.slice(3));
  });
});

// ------------------------------------------------------------------------------------------ clients and staff

interface NamedRow {
  id: string;
  name: string;
  createdAt: bigint;
}

async function namedRows(table: 'clients' | 'staff', workspaceId: string, where = 'true'): Promise<NamedRow[]> {
  const rows: Array<{ id: string; name: string; c: string }> = await server.db.query(
    `SELECT id::text, name, (extract(epoch FROM created_at) * 1000000)::bigint::text AS c FROM ${table} WHERE workspace_id = $1 AND ${where}`,
    [workspaceId],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: BigInt(r.c) }));
}

const NAMED_ORDERS = (['NAME', 'CREATED_AT'] as const).flatMap((field) => (['ASC', 'DESC'] as const).map((direction) => [`${field} ${direction}`, { field, direction }] as const));
const NAMED_KEYS = { NAME: (r: NamedRow) => r.name.toLowerCase(), CREATED_AT: (r: NamedRow) => r.createdAt };

describe('clients and staff', () => {
  test.each(NAMED_ORDERS)('clients %s: first 3 walks every client once, in order, without deleted ones', async (_name, orderBy) => {
    const ws = await server.newWorkspace();
    const ids: string[] = [];
    for (let i = 0; i < 16; i++) {
      ids.push((await ws.newClient({ name: NAMES[i % NAMES.length] })).id);
    }
    await ws.deleteClient(ids[4]);
    await fixtureUpdate(server.db, Client, 'created_at = (SELECT created_at FROM clients WHERE id = $1)', 't.id = ANY($2)', [ids[7], ids.slice(8, 12)]);
    const rows = await namedRows('clients', ws.id, 'deleted_at IS NULL');
    expect(rows).toHaveLength(15);

    const pager = async (after: string | null): Promise<Page> => {
      const r = await ws.gql(`query($after: String, $o: ClientOrder) { clients(first: 3, after: $after, orderBy: $o) { ${PAGE_FIELDS} } }`, { after, o: orderBy });
      expect(r.errors).toBeUndefined();
      return r.data.clients;
    };
    const walked = await walk(pager, 3);
    expect(walked.ids).toEqual(sortRows(rows, NAMED_KEYS[orderBy.field], orderBy.direction === 'DESC'));
    expect(walked.pages).toHaveLength(5);
    for (const page of walked.pages) expect(page.totalCount).toBe(15);
  });

  test.each(NAMED_ORDERS)('staff %s: first 3 walks every staff member once, in order, with and without a filter', async (_name, orderBy) => {
    const ws = await server.newWorkspace();
    const ids: string[] = [];
    for (let i = 0; i < 14; i++) {
      ids.push((await ws.newStaff({ name: NAMES[i % NAMES.length], email: `s${i}@example.com`, wageRate: '10', chargeOutRate: '20' })).id);
    }
    for (const id of [ids[1], ids[6], ids[9]]) await ws.deactivateStaff(id);
    await fixtureUpdate(server.db, Staff, 'created_at = (SELECT created_at FROM staff WHERE id = $1)', 't.id = ANY($2)', [ids[2], ids.slice(3, 8)]);

    for (const [filter, where, total] of [
      [undefined, 'true', 14],
      [{ active: true }, 'active', 11],
    ] as const) {
      const rows = await namedRows('staff', ws.id, where);
      expect(rows).toHaveLength(total);
      const pager = async (after: string | null): Promise<Page> => {
        const r = await ws.gql(`query($after: String, $o: StaffOrder, $f: StaffFilter) { staff(first: 3, after: $after, orderBy: $o, filter: $f) { ${PAGE_FIELDS} } }`, {
          after,
          o: orderBy,
          f: filter,
        });
        expect(r.errors).toBeUndefined();
        return r.data.staff;
      };
      const walked = await walk(pager, 3);
      expect(walked.ids).toEqual(sortRows(rows, NAMED_KEYS[orderBy.field], orderBy.direction === 'DESC'));
      for (const page of walked.pages) expect(page.totalCount).toBe(total);
    }
  });

  test('clients created while walking by CREATED_AT ASC appear at the end, once', async () => {
    const ws = await server.newWorkspace();
    const create = (name: string) => ws.newClient({ name });
    for (let i = 0; i < 10; i++) await create(NAMES[i % NAMES.length]);
    const before = (await namedRows('clients', ws.id)).map((r) => r.id);
    const created: string[] = [];
    const pager = async (after: string | null): Promise<Page> => {
      const r = await ws.gql(`query($after: String) { clients(first: 4, after: $after, orderBy: { field: CREATED_AT, direction: ASC }) { ${PAGE_FIELDS} } }`, { after });
      expect(r.errors).toBeUndefined();
      return r.data.clients;
    };
    const { ids } = await walk(pager, 4, async () => {
      created.push((await create('Aaron')).id);
    });
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, 10).sort()).toEqual([...before].sort());
    expect(ids.slice(10)).toEqual(created);
  });
});

// ------------------------------------------------------------------------------------------ Client.jobs

describe('Client.jobs', () => {
  const CLIENT_JOBS_NEXT = `query($id: ID!, $after: String, $status: [JobStatus!]) { client(id: $id) { jobs(first: 2, after: $after, status: $status) { ${PAGE_FIELDS} } } }`;

  async function seedClients(counts: number[]) {
    const ws = await server.newWorkspace();
    const clients: Array<{ id: string; jobs: string[] }> = [];
    for (const i of counts.keys()) {
      const c = await ws.newClient({ name: `Client ${String(i).padStart(2, '0')}` });
      clients.push({ id: c.id, jobs: [] });
    }
    // Interleave the clients' jobs so that no client's jobs are contiguous.
    for (let round = 0; round < Math.max(...counts); round++) {
      for (const [i, count] of counts.entries()) {
        if (round >= count) continue;
        const job = await ws.newJob({ name: `Job ${i}.${round}`, clientId: clients[i].id });
        clients[i].jobs.push(job.id);
      }
    }
    return { ws, clients };
  }

  /** A client's live jobs, newest first (the order of Client.jobs and of `jobs` by CREATED_AT DESC). */
  async function expectedJobs(ws: TestContext, clientId: string, status?: string[]): Promise<string[]> {
    const rows: Array<{ id: string; c: string }> = await server.db.query(
      `SELECT id::text, (extract(epoch FROM created_at) * 1000000)::bigint::text AS c FROM jobs
        WHERE workspace_id = $1 AND client_id = $2 AND deleted_at IS NULL AND ($3::text[] IS NULL OR status::text = ANY($3))`,
      [ws.id, clientId, status ?? null],
    );
    return sortRows(
      rows.map((r) => ({ id: r.id, c: BigInt(r.c) })),
      (r) => r.c,
      true,
    );
  }

  async function walkClientJobs(ws: TestContext, clientId: string, firstPage: Page, status?: string[]) {
    let served = false;
    return walk(async (after) => {
      if (!served) {
        served = true;
        return firstPage;
      }
      const r = await ws.gql(CLIENT_JOBS_NEXT, { id: clientId, after, status });
      expect(r.errors).toBeUndefined();
      return r.data.client.jobs;
    }, 2);
  }

  test('first: 2 nested in clients gives per-client pages, and their endCursor continues with after', async () => {
    const { ws, clients } = await seedClients([0, 1, 2, 3, 5, 4]);
    // Deleted jobs are neither listed nor counted.
    await ws.deleteJob(clients[5].jobs[1]);
    // Exact created_at ties within a client, across a page boundary.
    await fixtureUpdate(server.db, Job, 'created_at = (SELECT created_at FROM jobs WHERE id = $1)', 't.id = ANY($2)', [clients[4].jobs[0], clients[4].jobs.slice(1, 4)]);

    const r = await ws.gql(`{ clients(first: 100, orderBy: { field: NAME }) { nodes { id jobs(first: 2) { ${PAGE_FIELDS} } } } }`);
    expect(r.errors).toBeUndefined();
    const nodes: Array<{ id: string; jobs: Page }> = r.data.clients.nodes;
    expect(nodes.map((n) => n.id)).toEqual(clients.map((c) => c.id));

    for (const node of nodes) {
      const expected = await expectedJobs(ws, node.id);
      expect(node.jobs.totalCount).toBe(expected.length);
      expect(node.jobs.pageInfo.hasNextPage).toBe(expected.length > 2);
      expect(node.jobs.edges.map((e) => e.node.id)).toEqual(expected.slice(0, 2));

      const { ids, pages } = await walkClientJobs(ws, node.id, node.jobs);
      expect(ids).toEqual(expected);
      for (const page of pages) expect(page.totalCount).toBe(expected.length);

      // The same order as the top-level list of the client's jobs.
      const top = await ws.gql(`query($c: ID) { jobs(first: 100, filter: { clientId: $c }, orderBy: { field: CREATED_AT, direction: DESC }) { nodes { id } } }`, { c: node.id });
      expect(top.data.jobs.nodes.map((n: { id: string }) => n.id)).toEqual(expected);
    }
  });

  test('a Client.jobs cursor also continues the top-level jobs list by CREATED_AT DESC', async () => {
    const { ws, clients } = await seedClients([5]);
    const r = await ws.gql(`query($id: ID!) { client(id: $id) { jobs(first: 2) { ${PAGE_FIELDS} } } }`, { id: clients[0].id });
    const cursor = r.data.client.jobs.pageInfo.endCursor;
    const rest = await ws.gql(JOBS_PAGE, { first: 10, after: cursor, orderBy: { field: 'CREATED_AT', direction: 'DESC' } });
    expect(rest.errors).toBeUndefined();
    expect(rest.data.jobs.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual((await expectedJobs(ws, clients[0].id)).slice(2));
  });

  test.each([
    ['[DRAFT]', ['DRAFT']],
    ['[AWAITING_APPROVAL]', ['AWAITING_APPROVAL']],
    ['[DRAFT, AWAITING_APPROVAL]', ['DRAFT', 'AWAITING_APPROVAL']],
    ['[APPROVED]', ['APPROVED']],
  ])('status %s: the pages, hasNextPage and totalCount count only matching jobs', async (_name, status) => {
    const { ws, clients } = await seedClients([7, 3]);
    for (const id of [clients[0].jobs[1], clients[0].jobs[2], clients[0].jobs[5], clients[1].jobs[0]]) {
      await ws.moveJob(id, 'AWAITING_APPROVAL');
    }
    const r = await ws.gql(`query($s: [JobStatus!]) { clients(first: 100, orderBy: { field: NAME }) { nodes { id jobs(first: 2, status: $s) { ${PAGE_FIELDS} } } } }`, {
      s: status,
    });
    expect(r.errors).toBeUndefined();
    for (const node of r.data.clients.nodes as Array<{ id: string; jobs: Page }>) {
      const expected = await expectedJobs(ws, node.id, status);
      expect(node.jobs.totalCount).toBe(expected.length);
      expect(node.jobs.pageInfo.hasNextPage).toBe(expected.length > 2);
      const { ids } = await walkClientJobs(ws, node.id, node.jobs, status);
      expect(ids).toEqual(expected);
    }
  });

  test('status: [] lists and counts the same jobs', async () => {
    const { ws, clients } = await seedClients([3]);
    const r = await ws.gql(`query($id: ID!) { client(id: $id) { jobs(first: 10, status: []) { totalCount nodes { id } pageInfo { hasNextPage } } } }`, { id: clients[0].id });
    expect(r.errors).toBeUndefined();
    const { totalCount, nodes, pageInfo } = r.data.client.jobs;
    expect(pageInfo.hasNextPage).toBe(false);
    expect(totalCount).toBe(nodes.length);
  });
});
