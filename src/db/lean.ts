import type { EntityMetadata, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

const selects = new WeakMap<EntityMetadata, Map<string, string[]>>();

/** `"j"."client_id" AS "clientId"` for every column of the entity: rows come back keyed by property name. */
function leanSelect(metadata: EntityMetadata, alias: string): string[] {
  let byAlias = selects.get(metadata);
  if (!byAlias) selects.set(metadata, (byAlias = new Map()));
  let list = byAlias.get(alias);
  if (!list) byAlias.set(alias, (list = metadata.columns.map((c) => `"${alias}"."${c.databaseName}" AS "${c.propertyName}"`)));
  return list;
}

/**
 * Runs a single-entity query and returns its rows as plain objects with the entity's property names,
 * without TypeORM's entity hydration (which dominated the read path's CPU time). Values are as the
 * driver parses them, which is what hydration would give for this schema: numeric and date as strings,
 * timestamptz as Date, jsonb as objects. For reads only: write paths load entities to save them.
 * `extra` selections (e.g. a sort value) come back beside the columns, under their own names.
 */
export function getLean<T extends ObjectLiteral, R extends object = T>(qb: SelectQueryBuilder<T>, extra: Record<string, string> = {}): Promise<R[]> {
  const main = qb.expressionMap.mainAlias!;
  qb.select(leanSelect(main.metadata, main.name));
  for (const [name, expr] of Object.entries(extra)) qb.addSelect(expr, name);
  return qb.getRawMany<R>();
}
