import { EventSubscriber } from 'typeorm';
import type { EntityManager, EntityMetadata, EntitySubscriberInterface, InsertEvent, QueryRunner, RecoverEvent, RemoveEvent, SoftRemoveEvent, UpdateEvent } from 'typeorm';
import type { AuditInfo } from '../db/transaction';
import { auditEntityType } from './audited';
import { auditParams, historyInsert, type HistoryType } from './history.insert';

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

/** Copies rows, as they now stand in their table, into the table's history (see {@link historyInsert}). */
export async function writeHistory(em: EntityManager, metadata: EntityMetadata, audit: AuditInfo, type: HistoryType, ids: string[]): Promise<void> {
  await em.query(historyInsert(metadata, type, `"${metadata.tableName}" s`, 1, 's.id = ANY($6::uuid[])'), [...auditParams(audit), ids]);
}

type Event = InsertEvent<any> | UpdateEvent<any> | RemoveEvent<any> | SoftRemoveEvent<any> | RecoverEvent<any>;

function idOf(event: Event): string {
  const id = (event.entity as { id?: string } | undefined)?.id ?? (event as RemoveEvent<any>).entityId ?? (event as UpdateEvent<any>).databaseEntity?.id;
  if (!id) {
    throw new AuditContextError(`A write to ${event.metadata.tableName} carried no row id: audited entities are written with save/remove/softRemove/recover or the bulk helpers`);
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
