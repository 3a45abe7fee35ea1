import type { EntityMetadata, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

const selects = new WeakMap<EntityMetadata, Map<string, string[]>>();

/** `"j"."client_id" AS "clientId"` for every column of the entity: rows come back keyed by property name. */
function leanSelect(metadata: EntityMetadata, alias: string): string[] {
  let byAlias = selects.get(metadata);
  if (!byAlias) selects.set(metadata, (byAlias = new Map()));
  let list = byAlias.get(alias);
  if (!list) {
    // Timestamps come as ISO 8601 text: parsing every created_at/updated_at into a Date cost more than
    // anything else per row, and most responses never show them (the DateTime scalar reads both forms).
    const column = (c: ColumnMetadata) => (c.type === 'timestamptz' ? `to_json("${alias}"."${c.databaseName}") #>> '{}'` : `"${alias}"."${c.databaseName}"`);
    byAlias.set(alias, (list = metadata.columns.map((c) => `${column(c)} AS "${c.propertyName}"`)));
  }
  return list;
}

/**
 * Runs a single-entity query and returns its rows as plain objects with the entity's property names,
 * without TypeORM's entity hydration (which dominated the read path's CPU time). Values are as the
 * driver parses them, as hydration would give for this schema (numeric and date as strings, jsonb as
 * objects), except timestamps, which stay ISO 8601 strings (`2026-11-22T03:00:00.123456+00:00`) where
 * the entity types say Date: the DateTime scalar serializes both. For reads only: write paths load
 * entities to save them.
 * `extra` selections (e.g. a sort value) come back beside the columns, under their own names.
 */
export function getLean<T extends ObjectLiteral, R extends object = T>(qb: SelectQueryBuilder<T>, extra: Record<string, string> = {}): Promise<R[]> {
  const main = qb.expressionMap.mainAlias!;
  qb.select(leanSelect(main.metadata, main.name));
  for (const [name, expr] of Object.entries(extra)) qb.addSelect(expr, name);
  return qb.getRawMany<R>();
}
