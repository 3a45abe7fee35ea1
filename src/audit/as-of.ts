import type { DataSource } from 'typeorm';
import { historyService } from './history.service';

/** A row rebuilt from history as it stood at `asOf` (a plain flag field resolvers can test). */
export type AsOf<T> = T & { asOf: Date };

/**
 * Rows of an audited entity as they stood at `at` (see `historyService.asOf`), as entity instances
 * flagged with `asOf`, so the field resolvers below them read history at the same moment.
 */
export async function rowsAsOf<T extends object>(db: DataSource, entity: new () => T, workspaceId: string, where: string, params: unknown[], at: Date): Promise<Array<AsOf<T>>> {
  const rows = await historyService.asOf(db, entity, workspaceId, where, params, at);
  return rows.map((row) => Object.assign(new entity(), row, { asOf: at }));
}

/** The moment a row was rebuilt at, or undefined for a live row. */
export function asOfMoment(row: object): Date | undefined {
  return (row as Partial<AsOf<object>>).asOf;
}
