import { EntitySchema, getMetadataArgsStorage, type EntitySchemaColumnOptions } from 'typeorm';
import type { ColumnMetadataArgs } from 'typeorm/metadata-args/ColumnMetadataArgs';
import { MetadataUtils } from 'typeorm/metadata-builder/MetadataUtils';
import { snakeCase } from 'typeorm/util/StringUtils';
import { auditedEntities, auditedParentKey } from './audited';

/**
 * Columns every history table has beside the mirrored columns of its entity: the one list, from
 * which the history tables, snapshots (which leave these out) and history INSERTs are derived.
 */
const META_COLUMNS = {
  version: { name: 'version', type: 'integer' },
  historyType: { name: 'history_type', type: 'char', length: 1 },
  historyDate: { name: 'history_date', type: 'timestamptz' },
  actorType: { name: 'actor_type', type: 'varchar', length: 20 },
  actorId: { name: 'actor_id', type: 'varchar', length: 100 },
  actorLabel: { name: 'actor_label', type: 'varchar', length: 200 },
  reason: { name: 'reason', type: 'text', nullable: true },
  requestId: { name: 'request_id', type: 'varchar', length: 100, nullable: true },
  transactionId: { name: 'transaction_id', type: 'bigint' },
  changedFields: { name: 'changed_fields', type: 'jsonb' },
  prevHash: { name: 'prev_hash', type: 'char', length: 64, nullable: true },
  rowHash: { name: 'row_hash', type: 'char', length: 64 },
} satisfies Record<string, EntitySchemaColumnOptions>;

const HISTORY_ID: EntitySchemaColumnOptions = { name: 'history_id', type: 'bigint', primary: true, generated: 'increment' };

/** Names of the columns every history table has beside the mirrored ones. */
export const HISTORY_AUDIT_COLUMNS: readonly string[] = [HISTORY_ID.name!, ...Object.values(META_COLUMNS).map((c) => c.name)];

/** The table name of an entity class (as given in `@Entity({ name })`). */
export function tableNameOf(target: Function): string {
  const table = getMetadataArgsStorage().tables.find((t) => t.target === target);
  if (!table?.name) throw new Error(`${target.name} needs an explicit table name to be audited`);
  return table.name;
}

/** The column arguments of an entity class, its base classes included. */
function columnArgs(target: Function): ColumnMetadataArgs[] {
  return getMetadataArgsStorage().filterColumns(MetadataUtils.getInheritanceTree(target));
}

/** A mirrored column: the entity column's type, but nullable, without default, uniqueness or generation. */
function mirror(args: ColumnMetadataArgs): EntitySchemaColumnOptions {
  const o = args.options;
  const type = (o.type ?? (args.mode === 'regular' ? undefined : 'timestamptz')) as EntitySchemaColumnOptions['type'];
  if (!type) throw new Error(`Audited column ${args.propertyName} needs an explicit type`);
  return {
    name: o.name ?? snakeCase(args.propertyName),
    type,
    length: o.length,
    precision: o.precision ?? undefined,
    scale: o.scale,
    enum: o.enum,
    enumName: o.enumName,
    nullable: args.propertyName !== 'id',
  };
}

/** Builds the history table of one audited entity, derived from the entity's own column metadata. */
export function historySchemaFor(target: Function): EntitySchema {
  const table = tableNameOf(target);
  const mirrored: Record<string, EntitySchemaColumnOptions> = {};
  for (const args of columnArgs(target)) mirrored[args.propertyName] = mirror(args);
  if (!mirrored.id) mirrored.id = { name: 'id', type: 'uuid' };
  const parentKey = auditedParentKey(target);
  if (parentKey && !mirrored[parentKey]) throw new Error(`${target.name}: parentKey ${parentKey} is not a column`);
  return new EntitySchema({
    name: `${target.name}History`,
    tableName: `${table}_history`,
    columns: { historyId: HISTORY_ID, ...mirrored, ...META_COLUMNS },
    indices: [
      { name: `IDX_${table}_history_entity_version`, columns: ['id', 'version'], unique: true },
      { name: `IDX_${table}_history_ws_date`, columns: ['workspaceId', 'historyDate'] },
      { name: `IDX_${table}_history_ws_actor_date`, columns: ['workspaceId', 'actorId', 'historyDate'] },
      { name: `IDX_${table}_history_ws_type_date`, columns: ['workspaceId', 'historyType', 'historyDate'] },
      ...(parentKey ? [{ name: `IDX_${table}_history_ws_parent`, columns: ['workspaceId', parentKey] }] : []),
    ],
  });
}

/** History tables of every audited entity. */
export function historySchemas(): EntitySchema[] {
  return auditedEntities().map(([target]) => historySchemaFor(target));
}
