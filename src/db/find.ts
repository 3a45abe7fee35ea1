import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { fail } from '../kernel/errors';
import { isUuid } from '../kernel/ids';

/** Where a lookup reports "not found": the argument path and the thing's name (`Job`, `Cost set`). */
export interface Lookup {
  path: string[];
  what: string;
}

/**
 * Finds a row of the workspace by id, locking it for update, or fails with NOT_FOUND at `path`.
 * Rows of other workspaces and soft-deleted rows (unless `withDeleted`) are "not found".
 */
export async function findForUpdate<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  workspaceId: string,
  id: string,
  { path, what }: Lookup,
  withDeleted = false,
): Promise<T> {
  const row = isUuid(id) ? await em.findOne(entity, { where: { id, workspaceId } as never, withDeleted, lock: { mode: 'pessimistic_write' } }) : null;
  if (!row) fail('NOT_FOUND', `${what} ${id} was not found`, path);
  return row;
}

/**
 * Finds a (live) row of the workspace by id without locking it, or fails with NOT_FOUND: the one
 * "must exist in this workspace" check for references given in input.
 */
export async function mustExist<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, workspaceId: string, id: string, { path, what }: Lookup): Promise<T> {
  const row = isUuid(id) ? await em.findOneBy(entity, { id, workspaceId } as never) : null;
  if (!row) fail('NOT_FOUND', `${what} ${id} was not found`, path);
  return row;
}

/**
 * Locks a row and, first, its parent (the order every writer of the pair uses, so they never
 * deadlock): finds the row, runs `lockParent` with its parent id (null from it means "not found"),
 * then locks the row itself. Fails with NOT_FOUND at `lookup.path` when either is missing.
 */
export async function lockWithParent<T extends ObjectLiteral, P>(
  em: EntityManager,
  entity: EntityTarget<T>,
  workspaceId: string,
  id: string,
  lookup: Lookup,
  parentIdOf: (row: T) => string,
  lockParent: (parentId: string) => Promise<P | null>,
): Promise<{ row: T; parent: P }> {
  const found = isUuid(id) ? await em.findOneBy(entity, { id, workspaceId } as never) : null;
  const parent = found && (await lockParent(parentIdOf(found)));
  if (!found || !parent) fail('NOT_FOUND', `${lookup.what} ${id} was not found`, lookup.path);
  return { row: await findForUpdate(em, entity, workspaceId, id, lookup), parent };
}

/**
 * Refuses to delete a row that other rows still refer to (soft-deleted referrers included: they
 * may be restored). The referring tables come from the entities' many-to-one relations, so a new
 * module's references are checked without changes here. Fails with IN_USE ("Client has 2 jobs").
 */
export async function assertUnreferenced(em: EntityManager, entity: EntityTarget<ObjectLiteral>, workspaceId: string, id: string, { path, what }: Lookup): Promise<void> {
  const target = em.connection.getMetadata(entity);
  for (const meta of em.connection.entityMetadatas) {
    for (const relation of meta.manyToOneRelations) {
      if (relation.inverseEntityMetadata !== target) continue;
      const column = relation.joinColumns[0].databaseName;
      const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM "${meta.tableName}" WHERE "${column}" = $1 AND workspace_id = $2`, [id, workspaceId]);
      if (n > 0) {
        const noun = meta.tableName.replace(/_/g, ' ');
        fail('IN_USE', `${what} has ${n} ${n === 1 ? noun.replace(/s$/, '') : noun} and cannot be deleted`, path);
      }
    }
  }
}
