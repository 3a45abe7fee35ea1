import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Client } from '../modules/clients/client.entity';
import type { Job } from '../modules/jobs/job.entity';
import type { PurchaseOrder } from '../modules/purchasing/purchase-order.entity';
import type { Supplier } from '../modules/purchasing/supplier.entity';
import type { Staff } from '../modules/staff/staff.entity';
import type { StockItem } from '../modules/stock/stock-item.entity';
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
export type SupplierConnectionModel = Connection<Supplier>;
export type PurchaseOrderConnectionModel = Connection<PurchaseOrder>;
export type StockItemConnectionModel = Connection<StockItem>;

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

/** A calendar date PostgreSQL accepts: `YYYY-MM-DD`, year 1 or later, a day that exists. */
function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value.startsWith('0000')) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * Whether a cursor's sort value has the form that `(expr)::text` gives for the sort key's type, so
 * that casting it back cannot fail (a forged cursor must be BAD_USER_INPUT, not a database error).
 */
const SORT_VALUE_FORMATS: Record<SortKey['type'], (value: string) => boolean> = {
  integer: (v) => /^-?\d{1,10}$/.test(v) && Math.abs(Number(v)) <= 2_147_483_647,
  text: (v) => !v.includes('\u0000'),
  date: (v) => v === 'infinity' || v === '-infinity' || isDate(v),
  timestamptz: (v) => {
    const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([+-])(\d{2})(:[0-5]\d){0,2}$/.exec(v);
    return !!m && isDate(m[1]) && Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4]) < 60 && Number(m[7]) <= 15;
  },
};

const UUID_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads a cursor of {@link encodeCursor}: BAD_USER_INPUT unless it belongs to this list and order
 * and its value has the form of the sort key's type (so casting it back cannot fail).
 */
export function decodeCursor(cursor: string, sort: string, type: SortKey['type'], idPattern: RegExp = UUID_ID): { value: string; id: string } {
  try {
    const [s, value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown, unknown];
    if (
      s === sort &&
      typeof id === 'string' &&
      idPattern.test(id) &&
      typeof value === 'string' &&
      SORT_VALUE_FORMATS[type](value)
    ) {
      return { value, id };
    }
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
    const { value, id } = decodeCursor(args.after, sortName, sort.type);
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
