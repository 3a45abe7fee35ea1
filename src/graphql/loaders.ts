import DataLoader from 'dataloader';
import type { Cache } from '../cache/cache';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { getLean } from '../db/lean';
import { isUuid } from '../kernel/ids';
import { connection, type Connection } from './connection';
import { encodeCursor } from './cursor';
import { unauthenticated } from './errors';

type Row = ObjectLiteral & { id: string };

let batching = true;

/**
 * Turns DataLoader batching and caching off or on for the whole process: a benchmark setting
 * (`BENCH_DISABLE_DATALOADER=1`) that shows what batching saves. Never off in normal use.
 */
export function setLoaderBatching(on: boolean): void {
  batching = on;
}

/** The one way loaders are made: a DataLoader, batching unless a benchmark turned it off. */
export function newLoader<K, V, C = K>(batch: DataLoader.BatchLoadFn<K, V>, options: DataLoader.Options<K, V, C> = {}): DataLoader<K, V, C> {
  return new DataLoader<K, V, C>(batch, batching ? options : { ...options, batch: false, cache: false });
}

/** Makes a module's loaders for one request's workspace. Modules export these; the registry calls them. */
export type LoaderFactory<T> = (db: DataSource, workspaceId: string, cache: Cache) => T;

/**
 * The loaders of one request: `ctx.loaders.get(jobLoaders).byId.load(id)`. Each module's loaders
 * are made on first use, once per request, so the registry knows no module and a request pays
 * only for the loaders it uses. Anonymous requests cannot load anything (UNAUTHENTICATED).
 */
export class LoaderRegistry {
  private readonly made = new Map<LoaderFactory<unknown>, unknown>();

  constructor(
    private readonly db: DataSource,
    private readonly workspaceId: string | null,
    private readonly cache: Cache,
  ) {}

  /** The request's instance of a module's loaders. */
  get<T>(factory: LoaderFactory<T>): T {
    if (!this.workspaceId) throw unauthenticated();
    let loaders = this.made.get(factory) as T | undefined;
    if (!loaders) {
      loaders = factory(this.db, this.workspaceId, this.cache);
      this.made.set(factory, loaders);
    }
    return loaders;
  }

  /** Forgets everything loaded so far (after a write). */
  clearAll(): void {
    for (const loaders of this.made.values()) {
      for (const loader of Object.values(loaders as object)) if (loader instanceof DataLoader) loader.clearAll();
    }
  }
}

/**
 * Loads rows of one workspace by id, one `= ANY($1)` statement per batch, in key order, as plain
 * rows (see {@link getLean}).
 * Soft-deleted rows are included: callers that must hide them check `deletedAt`.
 */
export function byIdLoader<T extends Row>(db: DataSource, entity: EntityTarget<T>, workspaceId: string, tenantColumn = 'workspace_id') {
  return newLoader<string, T | null>(async (ids) => {
    const valid = ids.filter(isUuid);
    const rows = valid.length
      ? await getLean(
          db.getRepository(entity).createQueryBuilder('e').withDeleted().where(`e.${tenantColumn} = :ws`, { ws: workspaceId }).andWhere('e.id = ANY(:ids)', { ids: valid }),
        )
      : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/**
 * Loads all children of many parents in one statement: `column = ANY($1)`, grouped by parent, ordered by `orderBy`.
 * Soft-deleted children are left out unless `withDeleted`.
 */
export function childrenLoader<T extends Row>(
  db: DataSource,
  entity: EntityTarget<T>,
  workspaceId: string,
  property: keyof T & string,
  column: string,
  orderBy: Record<string, 'ASC' | 'DESC'>,
  { withDeleted = false }: { withDeleted?: boolean } = {},
) {
  return newLoader<string, T[]>(async (keys) => {
    const qb = db.getRepository(entity).createQueryBuilder('e');
    if (withDeleted) qb.withDeleted();
    const rows = await getLean(
      qb
        .where('e.workspace_id = :ws', { ws: workspaceId })
        .andWhere(`e.${column} = ANY(:keys)`, { keys: keys.filter(isUuid) })
        .orderBy(orderBy)
        .addOrderBy('e.id'),
    );
    const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
    for (const row of rows) groups.get(row[property] as string)?.push(row);
    return keys.map((k) => groups.get(k) ?? []);
  });
}

/** A key of a "first page per parent" load: the parent, the page size, and any other arguments. */
export interface PerParentKey {
  parentId: string;
  first: number;
}

/** A row of a per-parent page: its parent, the node, and its sort value and id for the cursor. */
export interface PerParentRow<T> {
  parentId: string;
  node: T;
  sort: string | null;
  cursorId: string;
}

/** How {@link firstPerParentLoader} reads: one statement per group of keys that share their arguments. */
export interface PerParentSource<K extends PerParentKey, T> {
  /** The sort name the cursors carry (they continue in the parent's full list query). */
  sortName: string;
  /** Keys with the same group (and page size) load together: the group names every argument but the parent and `first`. */
  group: (key: K) => string;
  /** Up to `limit` rows per parent for the keys of one group, in page order, in one statement. */
  fetch: (keys: K[], limit: number) => Promise<Array<PerParentRow<T>>>;
  /** Total rows per key (for `totalCount`), one statement for many keys; returns counts in key order. */
  count: (keys: K[]) => Promise<number[]>;
}

/**
 * The one "first N per parent" loader: the first page of a nested connection for many parents at
 * once (`Client.jobs`, `Job.history`, …), one windowed statement per distinct argument group,
 * and one grouped COUNT for all keys whose `totalCount` is selected.
 */
export function firstPerParentLoader<K extends PerParentKey, T>(source: PerParentSource<K, T>) {
  const keyOf = (k: K) => JSON.stringify(k);
  const counts = newLoader<K, number, string>((keys) => source.count([...keys]), { cacheKeyFn: (k) => keyOf({ ...k, first: 0 }) });
  return newLoader<K, Connection<T>, string>(
    async (keys) => {
      const groups = new Map<string, K[]>();
      for (const key of keys) {
        const group = `${key.first}|${source.group(key)}`;
        groups.set(group, [...(groups.get(group) ?? []), key]);
      }
      const results = new Map<string, Connection<T>>();
      for (const group of groups.values()) {
        const first = group[0].first;
        const rows = await source.fetch(group, first + 1);
        const byParent = new Map<string, Array<PerParentRow<T>>>();
        for (const row of rows) byParent.set(row.parentId, [...(byParent.get(row.parentId) ?? []), row]);
        for (const key of group) {
          const edges = (byParent.get(key.parentId) ?? []).map((r) => ({ cursor: encodeCursor(source.sortName, r.sort, r.cursorId), node: r.node }));
          results.set(
            keyOf(key),
            connection(edges, first, false, () => counts.load(key)),
          );
        }
      }
      return keys.map((k) => results.get(keyOf(k))!);
    },
    { cacheKeyFn: keyOf },
  );
}
