import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { fail } from '../graphql/errors';
import { isUuid } from '../graphql/ids';

/**
 * Finds a row of the workspace by id, locking it for update, or fails with NOT_FOUND at `path`.
 * Rows of other workspaces and soft-deleted rows (unless `withDeleted`) are "not found".
 */
export async function findForUpdate<T extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<T>,
  workspaceId: string,
  id: string,
  path: string[],
  what: string,
  withDeleted = false,
): Promise<T> {
  const row = isUuid(id)
    ? await em.findOne(entity, {
        where: { id, workspaceId } as never,
        withDeleted,
        lock: { mode: 'pessimistic_write' },
      })
    : null;
  if (!row) fail('NOT_FOUND', `${what} ${id} was not found`, path);
  return row;
}
