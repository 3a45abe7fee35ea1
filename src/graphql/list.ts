import { IsOptional, IsString } from 'class-validator';
import type DataLoader from 'dataloader';
import type { EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { getLean } from '../db/lean';
import { likePattern } from '../db/like';
import { UserErrorsException } from '../kernel/errors';
import { isUuid } from '../kernel/ids';
import { IsText, validateInput } from '../kernel/validation';
import { connection, pageSize, type Connection, type PageArgs } from './connection';
import { workspaceOf, type RequestContext } from './context';
import { decodeCursor, encodeCursor, sortSqlType, type SortType } from './cursor';
import { badUserInput } from './errors';

/** A sort key: a SQL expression over the list's alias, and the SQL type its cursor value is cast back to. */
export interface SortKey {
  expr: string;
  type: SortType;
}

/** Adds a query parameter and returns its placeholder. */
export type Param = (value: unknown) => string;

/** One filter field: the SQL condition for a given (non-null) value, or null for "no condition". */
export type FilterFn<V> = (value: V, param: Param) => string | null;

/** Order arguments as every list takes them. */
export interface OrderArgs<Field extends string> {
  field: Field;
  direction?: 'ASC' | 'DESC' | null;
}

/** Arguments of a list query: page, filter and order. */
export type ListArgs<F, Field extends string> = PageArgs & { filter?: F | null; orderBy?: OrderArgs<Field> | null };

/** What a list is: its entity, sort keys, default order and filter fields. Filters that are null or undefined are skipped. */
export interface ListDefinition<T, F, Field extends string> {
  entity: EntityTarget<T>;
  alias: string;
  /** Sort keys; a function builds one from the filter (e.g. a search rank that takes the query as a parameter). */
  sorts: Record<Field, SortKey | ((filter: F, param: Param) => SortKey)>;
  /** Tables inner-joined one row per listed row (e.g. a search index keyed by the row id), for filters and sort keys. */
  joins?: Array<{ table: string; alias: string; on: string }>;
  defaultOrder: OrderArgs<Field>;
  filters?: { [K in keyof F]?: FilterFn<NonNullable<F[K]>> };
  /** Whether this filter asks for soft-deleted rows too. */
  withDeleted?: (filter: F) => boolean;
  /** The by-id loader that the page's rows are primed into, so nested fields that load them by id run no statement. */
  prime?: (ctx: RequestContext) => DataLoader<string, T | null>;
}

/** Most characters of a text field of a list filter (`search`, `actorId`). */
export const MAX_FILTER_TEXT = 200;

/** The text fields of every list filter, bounded: a long `search` is a slow ILIKE pattern over every row. */
class FilterText {
  @IsOptional() @IsString() @IsText(MAX_FILTER_TEXT) search?: unknown;
  @IsOptional() @IsString() @IsText(MAX_FILTER_TEXT) actorId?: unknown;
}

/** Refuses, with BAD_USER_INPUT and before any SQL, a list filter whose text fields are too long (see {@link MAX_FILTER_TEXT}). */
export async function checkFilterText(filter: unknown): Promise<void> {
  if (!filter || typeof filter !== 'object') return;
  try {
    await validateInput(FilterText, filter, ['filter']);
  } catch (err) {
    if (!(err instanceof UserErrorsException)) throw err;
    throw badUserInput(err.errors.map((e) => `${e.path.join('.')}: ${e.message}`).join('; '), 'filter');
  }
}

/**
 * The one list builder: a workspace-scoped keyset connection over an entity, with declarative
 * filters. Orders by (sort key, id), continues strictly after the cursor's row, and fetches one
 * extra row to know whether there is a next page, so page 1,000 costs what page 1 costs.
 */
export function defineList<T extends ObjectLiteral & { id: string }, F, Field extends string>(def: ListDefinition<T, F, Field>) {
  const { alias } = def;
  return async (ctx: RequestContext, args: ListArgs<F, Field>): Promise<Connection<T>> => {
    const first = pageSize(args.first);
    await checkFilterText(args.filter);
    const qb = ctx.em
      .getRepository(def.entity)
      .createQueryBuilder(alias)
      .where(`${alias}.workspace_id = :ws`, { ws: workspaceOf(ctx) });
    for (const j of def.joins ?? []) qb.innerJoin(j.table, j.alias, j.on);
    const filter = (args.filter ?? {}) as F;
    if (def.withDeleted?.(filter)) qb.withDeleted();
    const { param, values } = parameters();
    applyFilters(qb, filter, def.filters ?? {}, param);
    const order = args.orderBy ?? def.defaultOrder;
    const key: SortKey | ((filter: F, param: Param) => SortKey) = def.sorts[order.field];
    const sort: SortKey = typeof key === 'function' ? key(filter, param) : key;
    qb.setParameters({ ...qb.getParameters(), ...values });
    const dir = order.direction === 'DESC' ? 'DESC' : 'ASC';
    const sortName = `${order.field}:${dir}`;
    const countQuery = qb.clone();
    if (args.after) {
      const { value, id } = decodeCursor(args.after, sortName, sort.type);
      qb.andWhere(`(${sort.expr}, ${alias}.id) ${dir === 'DESC' ? '<' : '>'} (CAST(:cursorValue AS ${sortSqlType(sort.type)}), CAST(:cursorId AS uuid))`, {
        cursorValue: value,
        cursorId: id,
      });
    }
    qb.orderBy(sort.expr, dir)
      .addOrderBy(`${alias}.id`, dir)
      .limit(first + 1);
    const rows = await getLean<T, T & { __sort: string | null }>(qb, { __sort: `(${sort.expr})::text` });
    const page = connection(
      rows.map(({ __sort, ...node }) => ({ cursor: encodeCursor(sortName, __sort, node.id), node: node as unknown as T })),
      first,
      Boolean(args.after),
      () => countQuery.getCount(),
    );
    if (def.prime) {
      const loader = def.prime(ctx);
      for (const node of page.nodes) loader.prime(node.id, node);
    }
    return page;
  };
}

/** A {@link Param} function and the values it collected, to set on the query builder at the end. */
function parameters(): { param: Param; values: Record<string, unknown> } {
  let n = 0;
  const values: Record<string, unknown> = {};
  const param: Param = (value) => {
    const name = `f${n++}`;
    values[name] = value;
    return `:${name}`;
  };
  return { param, values };
}

function applyFilters<T extends ObjectLiteral, F>(qb: SelectQueryBuilder<T>, filter: F, filters: { [K in keyof F]?: FilterFn<NonNullable<F[K]>> }, param: Param): void {
  for (const key of Object.keys(filters) as Array<keyof F>) {
    const value = filter[key];
    if (value === null || value === undefined) continue;
    const condition = filters[key]!(value as NonNullable<F[keyof F]>, param);
    if (condition) qb.andWhere(condition);
  }
}

/** Filter: the column equals the given id; an id that is not a UUID matches nothing. */
export const idEquals =
  (column: string): FilterFn<string> =>
  (id, param) =>
    isUuid(id) ? `${column} = ${param(id)}` : 'false';

/** Filter: the (enum) column is one of the given values; an empty list filters nothing. */
export const oneOf =
  (column: string): FilterFn<readonly string[]> =>
  (values, param) =>
    values.length ? `${column}::text = ANY(${param(values)})` : null;

/** Filter: any of the columns contains the text (case-insensitive, taken literally); blank text filters nothing. */
export const containsText =
  (columns: string[]): FilterFn<string> =>
  (text, param) => {
    const q = text.trim();
    if (!q) return null;
    const p = param(likePattern(q));
    return `(${columns.map((c) => `${c} ILIKE ${p}`).join(' OR ')})`;
  };

/** Filter: the column equals the given value. */
export const equals =
  (column: string): FilterFn<unknown> =>
  (value, param) =>
    `${column} = ${param(value)}`;

/** Filter: the column is at least (`>=`) or at most (`<=`) the given value. */
export const bound =
  (column: string, op: '>=' | '<='): FilterFn<unknown> =>
  (value, param) =>
    `${column} ${op} ${param(value)}`;
