import { type DataSource, EntityManager, type EntityMetadata, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { camelCase } from 'typeorm/util/StringUtils';
import { connection, pageSize, type Connection, type PageArgs } from '../graphql/connection';
import { decodeCursor, encodeCursor } from '../graphql/cursor';
import { badUserInput } from '../graphql/errors';
import { firstPerParentLoader, type PerParentKey } from '../graphql/loaders';
import { isUuid } from '../kernel/ids';
import { auditEntityType, auditedEntities, type AuditEntityType } from './audited';
import { HISTORY_AUDIT_COLUMNS, tableNameOf } from './history.schema';

/** One field's change, in API (camelCase) names. */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** The `HistoryRecord` GraphQL type's source object. */
export interface HistoryRecordModel {
  id: string;
  entityType: AuditEntityType;
  entityId: string;
  version: number;
  type: 'CREATE' | 'UPDATE' | 'DELETE';
  at: Date;
  actor: { type: string; id: string; name: string };
  reason: string | null;
  requestId: string | null;
  changes: FieldChange[];
  snapshot: Record<string, unknown>;
}
export type HistoryConnectionModel = Connection<HistoryRecordModel>;

/** Filter of the workspace's audit log. */
export interface AuditLogFilter {
  actorId?: string | null;
  entityType?: AuditEntityType | null;
  type?: string | null;
  from?: Date | null;
  to?: Date | null;
}

const TYPE_NAMES = { '+': 'CREATE', '~': 'UPDATE', '-': 'DELETE' } as const;
const TYPE_CODES: Record<string, string> = { CREATE: '+', UPDATE: '~', DELETE: '-' };
const META = `ARRAY[${HISTORY_AUDIT_COLUMNS.map((c) => `'${c}'`).join(',')}]`;
const SELECT = `h.history_id, h.history_date::text AS at_text, h.id, h.version, h.history_type, h.history_date, h.actor_type, h.actor_id,
  h.actor_label, h.reason, h.request_id, h.changed_fields, to_jsonb(h) - ${META} AS snapshot`;
const ENTITY_SORT = 'VERSION:DESC';
const LOG_SORT = 'AT:DESC';
/** History record ids in cursors: `<ENTITY_TYPE>:<history_id>`. */
// At most 18 digits: every such number fits the bigint history_id (19 digits could overflow it).
const HISTORY_ID = /^[A-Z_]+:\d{1,18}$/;

interface RawRecord {
  history_id: string;
  at_text: string;
  id: string;
  version: number;
  history_type: '+' | '~' | '-';
  history_date: Date;
  actor_type: string;
  actor_id: string;
  actor_label: string;
  reason: string | null;
  request_id: string | null;
  changed_fields: Record<string, { from: unknown; to: unknown }>;
  snapshot: Record<string, unknown>;
  entity_type?: AuditEntityType;
}

/** The history table and entity metadata of each audited entity type. */
function tables(db: DataSource): Map<AuditEntityType, { history: string; metadata: EntityMetadata }> {
  return new Map(auditedEntities().map(([target, type]) => [type, { history: `${tableNameOf(target)}_history`, metadata: db.getMetadata(target) }]));
}

/** Turns a database value from JSON into the API's form: exact decimals as fixed strings, timestamps as ISO UTC. */
function normalise(metadata: EntityMetadata, column: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const col = metadata.columns.find((c) => c.databaseName === column);
  if (col?.type === 'numeric' && (typeof value === 'number' || typeof value === 'string')) return Number(value).toFixed(col.scale ?? 0);
  if (col?.type === 'timestamptz' && typeof value === 'string') return new Date(value).toISOString();
  return value;
}

/** A snapshot of a row, with API (camelCase) field names and normalised values. */
export function snapshotOf(metadata: EntityMetadata, row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [camelCase(k), normalise(metadata, k, v)]));
}

function toRecord(raw: RawRecord, entityType: AuditEntityType, metadata: EntityMetadata): HistoryRecordModel {
  return {
    id: `${entityType}:${raw.history_id}`,
    entityType,
    entityId: raw.id,
    version: raw.version,
    type: TYPE_NAMES[raw.history_type],
    at: raw.history_date,
    actor: { type: raw.actor_type, id: raw.actor_id, name: raw.actor_label },
    reason: raw.reason,
    requestId: raw.request_id,
    changes: Object.entries(raw.changed_fields)
      .map(([k, v]) => ({ field: camelCase(k), from: normalise(metadata, k, v.from), to: normalise(metadata, k, v.to) }))
      .sort((a, b) => a.field.localeCompare(b.field)),
    snapshot: snapshotOf(metadata, raw.snapshot),
  };
}

/** Key of a batched `<Type>.history(first)` load. */
export interface EntityHistoryKey extends PerParentKey {
  entityType: AuditEntityType;
}

/**
 * Per-request loaders of history: the first page of many records' histories, one windowed
 * statement per entity type and page size, and one grouped COUNT when `totalCount` is selected.
 */
export const historyLoaders = (db: DataSource, workspaceId: string) => {
  const byType = tables(db);
  return {
    firstPage: firstPerParentLoader<EntityHistoryKey, HistoryRecordModel>({
      sortName: ENTITY_SORT,
      group: (k) => k.entityType,
      async fetch(keys, limit) {
        const { entityType } = keys[0];
        const { history, metadata } = byType.get(entityType)!;
        const raws: RawRecord[] = await db.query(
          `SELECT * FROM (SELECT ${SELECT}, row_number() OVER (PARTITION BY h.id ORDER BY h.version DESC) AS rn
             FROM "${history}" h WHERE h.workspace_id = $1 AND h.id = ANY($2::uuid[])) x
           WHERE x.rn <= $3 ORDER BY x.id, x.version DESC`,
          [workspaceId, keys.map((k) => k.parentId).filter(isUuid), limit],
        );
        return raws.map((r) => ({ parentId: r.id, node: toRecord(r, entityType, metadata), sort: String(r.version), cursorId: `${entityType}:${r.history_id}` }));
      },
      async count(keys) {
        const out = new Map<string, number>();
        for (const type of new Set(keys.map((k) => k.entityType))) {
          const ids = keys.filter((k) => k.entityType === type).map((k) => k.parentId);
          const rows: Array<{ id: string; n: string }> = await db.query(
            `SELECT id, count(*) AS n FROM "${byType.get(type)!.history}" WHERE workspace_id = $1 AND id = ANY($2::uuid[]) GROUP BY id`,
            [workspaceId, ids.filter(isUuid)],
          );
          for (const r of rows) out.set(`${type}|${r.id}`, Number(r.n));
        }
        return keys.map((k) => out.get(`${k.entityType}|${k.parentId}`) ?? 0);
      },
    }),
  };
};

/** The history loaders of one request. */
export type HistoryLoaders = ReturnType<typeof historyLoaders>;

/** Reading the audit history of one workspace: per record, across the workspace, at a moment, between versions. */
export const historyService = {
  /** History of one record, newest first; a cursor continues after a version. */
  async forEntity(db: DataSource, workspaceId: string, loaders: HistoryLoaders, entityType: AuditEntityType, entityId: string, args: PageArgs): Promise<HistoryConnectionModel> {
    const first = pageSize(args.first);
    if (!args.after) return loaders.firstPage.load({ parentId: entityId, first, entityType });
    const { value } = decodeCursor(args.after, ENTITY_SORT, 'integer', HISTORY_ID);
    const { history, metadata } = tables(db).get(entityType)!;
    const raws: RawRecord[] = isUuid(entityId)
      ? await db.query(`SELECT ${SELECT} FROM "${history}" h WHERE h.workspace_id = $1 AND h.id = $2 AND h.version < $3 ORDER BY h.version DESC LIMIT $4`, [
          workspaceId,
          entityId,
          Number(value),
          first + 1,
        ])
      : [];
    const edges = raws.map((r) => ({ node: toRecord(r, entityType, metadata), cursor: encodeCursor(ENTITY_SORT, String(r.version), `${entityType}:${r.history_id}`) }));
    return connection(edges, first, true, () => loaders.firstPage.load({ parentId: entityId, first: 0, entityType }).then((c) => c.totalCount));
  },

  /** Everything that happened in the workspace, newest first, filtered. */
  async auditLog(db: DataSource, workspaceId: string, filter: AuditLogFilter, args: PageArgs): Promise<HistoryConnectionModel> {
    const first = pageSize(args.first);
    const byType = tables(db);
    const params: unknown[] = [workspaceId];
    const conds = ['h.workspace_id = $1'];
    if (filter.actorId) conds.push(`h.actor_id = $${params.push(filter.actorId)}`);
    if (filter.type) conds.push(`h.history_type = $${params.push(TYPE_CODES[filter.type])}`);
    if (filter.from) conds.push(`h.history_date >= $${params.push(filter.from)}`);
    if (filter.to) conds.push(`h.history_date < $${params.push(filter.to)}`);
    const types = filter.entityType ? [filter.entityType] : [...byType.keys()];
    const countParams = [...params];
    let cursor = (_t: string) => '';
    if (args.after) {
      const { value, id } = decodeCursor(args.after, LOG_SORT, 'timestamptz', HISTORY_ID);
      const [type, hid] = id.split(':');
      if (!/^\d+$/.test(hid ?? '')) throw badUserInput('after is not a cursor of the audit log', 'after');
      const at = `$${params.push(value)}::timestamptz`;
      const t = `$${params.push(type)}::text`;
      const h = `$${params.push(hid)}::bigint`;
      cursor = (branch) => ` AND (h.history_date, '${branch}'::text, h.history_id) < (${at}, ${t}, ${h})`;
    }
    const where = conds.join(' AND ');
    const union = types.map((t) => `SELECT '${t}'::text AS entity_type, ${SELECT} FROM "${byType.get(t)!.history}" h WHERE ${where}${cursor(t)}`).join(' UNION ALL ');
    const raws: RawRecord[] = await db.query(`SELECT * FROM (${union}) x ORDER BY x.history_date DESC, x.entity_type DESC, x.history_id DESC LIMIT ${first + 1}`, params);
    const edges = raws.map((r) => ({
      node: toRecord(r, r.entity_type!, byType.get(r.entity_type!)!.metadata),
      cursor: encodeCursor(LOG_SORT, r.at_text, `${r.entity_type}:${r.history_id}`),
    }));
    return connection(edges, first, Boolean(args.after), () =>
      db
        .query(`SELECT (${types.map((t) => `(SELECT count(*) FROM "${byType.get(t)!.history}" h WHERE ${where})`).join(' + ')}) AS n`, countParams)
        .then((r: Array<{ n: string }>) => Number(r[0].n)),
    );
  },

  /** The snapshot of one version of a record (API field names), or null. */
  async version(em: EntityManager | DataSource, workspaceId: string, entityType: AuditEntityType, entityId: string, version: number) {
    const { history, metadata } = tables(em instanceof EntityManager ? em.connection : em).get(entityType)!;
    if (!isUuid(entityId)) return null;
    const raws: RawRecord[] = await em.query(`SELECT ${SELECT} FROM "${history}" h WHERE h.workspace_id = $1 AND h.id = $2 AND h.version = $3`, [workspaceId, entityId, version]);
    return raws[0] ? toRecord(raws[0], entityType, metadata) : null;
  },

  /** Field differences between two versions of a record. */
  async diff(db: DataSource, workspaceId: string, entityType: AuditEntityType, entityId: string, fromVersion: number, toVersion: number): Promise<FieldChange[]> {
    const [a, b] = await Promise.all([this.version(db, workspaceId, entityType, entityId, fromVersion), this.version(db, workspaceId, entityType, entityId, toVersion)]);
    if (!a) throw badUserInput(`Version ${fromVersion} of ${entityType} ${entityId} does not exist`, 'fromVersion');
    if (!b) throw badUserInput(`Version ${toVersion} of ${entityType} ${entityId} does not exist`, 'toVersion');
    const fields = [...new Set([...Object.keys(a.snapshot), ...Object.keys(b.snapshot)])].filter((f) => f !== 'updatedAt').sort();
    return fields
      .filter((f) => JSON.stringify(a.snapshot[f] ?? null) !== JSON.stringify(b.snapshot[f] ?? null))
      .map((f) => ({ field: f, from: a.snapshot[f] ?? null, to: b.snapshot[f] ?? null }));
  },

  /**
   * Rows of an audited entity as they stood at `at`: for each record matching `where` (SQL over the
   * history alias `h`, parameters from `$3`), its latest version at that moment, unless that
   * version is a deletion. Returns plain snapshots with API field names.
   */
  async asOf(db: DataSource, entity: EntityTarget<ObjectLiteral>, workspaceId: string, where: string, params: unknown[], at: Date): Promise<Record<string, unknown>[]> {
    const entityType = auditEntityType(entity);
    if (!entityType) throw new Error('asOf reads audited entities only');
    const { history, metadata } = tables(db).get(entityType)!;
    const raws: RawRecord[] = await db.query(
      `SELECT * FROM (SELECT DISTINCT ON (h.id) ${SELECT} FROM "${history}" h
          WHERE h.workspace_id = $1 AND h.history_date <= $2 AND ${where} ORDER BY h.id, h.version DESC) x
        WHERE x.history_type <> '-'`,
      [workspaceId, at, ...params],
    );
    return raws.map((r) => snapshotOf(metadata, r.snapshot));
  },
};
