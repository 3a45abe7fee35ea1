import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Client } from '../modules/clients/client.entity';
import type { Job } from '../modules/jobs/job.entity';
import type { Staff } from '../modules/staff/staff.entity';
import { badUserInput } from './errors';

/** A Relay connection; `totalCount` runs its COUNT only when the field is selected. */
export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: () => Promise<number>;
}
export type ClientConnectionModel = Connection<Client>;
export type StaffConnectionModel = Connection<Staff>;
export type JobConnectionModel = Connection<Job>;

/** A sort key: a SQL expression over the query's alias, and the SQL type its cursor value is cast back to. */
export interface SortKey {
  name: string;
  expr: string;
  type: 'timestamptz' | 'date' | 'integer' | 'text';
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Checks `first` (default 20, 0–100). */
export function pageSize(first: number | null | undefined): number {
  if (first == null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be between 0 and ${MAX_PAGE_SIZE} (got ${first})`, 'first');
  }
  return first;
}

/** Opaque cursor: base64url of [sort name, sort value, id]. */
export function encodeCursor(sort: string, value: string | null, id: string): string {
  return Buffer.from(JSON.stringify([sort, value, id])).toString('base64url');
}

/** Reads a cursor of {@link encodeCursor}; BAD_USER_INPUT when it is not one of this list and order. */
export function decodeCursor(cursor: string, sort: string): { value: string | null; id: string } {
  try {
    const [s, value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string | null, string];
    if (s === sort && typeof id === 'string' && /^[0-9a-z:_-]{1,80}$/i.test(id)) return { value, id };
  } catch {
    // falls through to the error below
  }
  throw badUserInput('after is not a cursor of this list in this order; use a cursor returned by the same query', 'after');
}

/** Arguments common to every connection field. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/**
 * Keyset pagination: orders by (sort key, id), continues strictly after the cursor's row, and
 * fetches one extra row to know whether there is a next page. Page 1,000 costs what page 1 costs.
 * `qb` must select a single entity with alias `alias` and no joins.
 */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  sort: SortKey,
  descending: boolean,
  args: PageArgs,
): Promise<Connection<T>> {
  const first = pageSize(args.first);
  const countQuery = qb.clone();
  const dir = descending ? 'DESC' : 'ASC';
  const sortName = `${sort.name}:${dir}`;
  if (args.after) {
    const { value, id } = decodeCursor(args.after, sortName);
    const op = descending ? '<' : '>';
    qb.andWhere(`(${sort.expr}, ${alias}.id) ${op} (CAST(:cursorValue AS ${sort.type}), CAST(:cursorId AS uuid))`, {
      cursorValue: value,
      cursorId: id,
    });
  }
  qb.addSelect(`(${sort.expr})::text`, '__sort')
    .orderBy(sort.expr, dir)
    .addOrderBy(`${alias}.id`, dir)
    .limit(first + 1);
  const { entities, raw } = await qb.getRawAndEntities();
  const hasNextPage = entities.length > first;
  const nodes = entities.slice(0, first);
  const edges = nodes.map((node, i) => ({ cursor: encodeCursor(sortName, raw[i].__sort, node.id), node }));
  let total: Promise<number> | undefined;
  return {
    edges,
    nodes,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: Boolean(args.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: () => (total ??= countQuery.getCount()),
  };
}

/** Builds a connection from rows already fetched in order (e.g. by a batched loader). */
export function connectionFromRows<T extends { id: string }>(rows: Array<{ node: T; sort: string | null }>, sortName: string, first: number, totalCount: () => Promise<number>): Connection<T> {
  const page = rows.slice(0, first);
  const edges = page.map(({ node, sort }) => ({ cursor: encodeCursor(sortName, sort, node.id), node }));
  return {
    edges,
    nodes: page.map((r) => r.node),
    pageInfo: { hasNextPage: rows.length > first, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}
