import { EventSubscriber } from 'typeorm';
import type {
  EntityManager,
  EntityMetadata,
  EntitySubscriberInterface,
  InsertEvent,
  QueryRunner,
  RecoverEvent,
  RemoveEvent,
  SoftRemoveEvent,
  UpdateEvent,
} from 'typeorm';
import type { AuditInfo } from '../db/transaction';
import { auditEntityType } from './audited';

/** `+` created, `~` changed (soft delete and restore included), `-` deleted. */
export type HistoryType = '+' | '~' | '-';

let enabled = true;

/** Turns history writing off or on, for benchmarks that measure its cost. Never used by the API. */
export function setHistoryEnabled(on: boolean): void {
  enabled = on;
}

/** Whether history is being written (always, except in a benchmark's "off" rounds). */
export function historyEnabled(): boolean {
  return enabled;
}

/** Thrown when an audited table would be written without who/why, or through a path that carries no row. */
export class AuditContextError extends Error {}

/** The transaction's audit information; throws {@link AuditContextError} when it has none. */
export function requireAudit(queryRunner: QueryRunner | undefined, tableName: string): AuditInfo {
  const audit = (queryRunner?.data as { audit?: AuditInfo } | undefined)?.audit;
  if (!audit?.actor) {
    throw new AuditContextError(`Refused to write ${tableName} without an audit actor: use inTransaction() with an actor`);
  }
  return audit;
}

/**
 * Copies a row, as it now stands in its table, into the table's history with the transaction's
 * actor, reason and request id. Version, changed fields and hashes are set by the history
 * table's trigger; an update that changed nothing is dropped there.
 */
export async function writeHistory(em: EntityManager, metadata: EntityMetadata, audit: AuditInfo, type: HistoryType, ids: string[]): Promise<void> {
  const table = metadata.tableName;
  const cols = metadata.columns.map((c) => `"${c.databaseName}"`);
  await em.query(
    `INSERT INTO "${table}_history" (history_type, history_date, actor_type, actor_id, actor_label, reason, request_id, ${cols.join(', ')})
     SELECT $1, now(), $2, $3, $4, $5, $6, ${cols.map((c) => `t.${c}`).join(', ')} FROM "${table}" t WHERE t.id = ANY($7::uuid[])`,
    [type, audit.actor.type, audit.actor.id, audit.actor.name, audit.reason, audit.requestId, ids],
  );
}

type Event = InsertEvent<any> | UpdateEvent<any> | RemoveEvent<any> | SoftRemoveEvent<any> | RecoverEvent<any>;

function idOf(event: Event): string {
  const id = (event.entity as { id?: string } | undefined)?.id ?? (event as RemoveEvent<any>).entityId ?? (event as UpdateEvent<any>).databaseEntity?.id;
  if (!id) {
    throw new AuditContextError(
      `A write to ${event.metadata.tableName} carried no row id: audited entities are written with save/remove/softRemove/recover or the bulk helpers`,
    );
  }
  return typeof id === 'object' ? (id as { id: string }).id : id;
}

/** Writes every change of an audited entity to its history table, in the same transaction. */
@EventSubscriber()
export class HistorySubscriber implements EntitySubscriberInterface {
  private async record(event: Event, type: HistoryType): Promise<void> {
    if (!auditEntityType(event.metadata.target)) return;
    const audit = requireAudit(event.queryRunner, event.metadata.tableName);
    if (enabled) await writeHistory(event.manager, event.metadata, audit, type, [idOf(event)]);
  }

  private guard(event: Event): void {
    if (auditEntityType(event.metadata.target)) requireAudit(event.queryRunner, event.metadata.tableName);
  }

  beforeInsert(event: InsertEvent<any>): void {
    this.guard(event);
  }
  beforeUpdate(event: UpdateEvent<any>): void {
    this.guard(event);
  }
  beforeSoftRemove(event: SoftRemoveEvent<any>): void {
    this.guard(event);
  }
  beforeRecover(event: RecoverEvent<any>): void {
    this.guard(event);
  }
  /** A deleted row is recorded before it goes, as it stood then. */
  beforeRemove(event: RemoveEvent<any>): Promise<void> {
    return this.record(event, '-');
  }
  afterInsert(event: InsertEvent<any>): Promise<void> {
    return this.record(event, '+');
  }
  afterUpdate(event: UpdateEvent<any>): Promise<void> {
    return this.record(event, '~');
  }
  afterSoftRemove(event: SoftRemoveEvent<any>): Promise<void> {
    return this.record(event, '~');
  }
  afterRecover(event: RecoverEvent<any>): Promise<void> {
    return this.record(event, '~');
  }
}
