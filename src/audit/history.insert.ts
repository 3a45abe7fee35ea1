import type { EntityMetadata } from 'typeorm';
import type { AuditInfo } from '../db/transaction';

/** `+` created, `~` changed (soft delete and restore included), `-` deleted. */
export type HistoryType = '+' | '~' | '-';

/**
 * The one history INSERT: copies rows (`from`, aliased `s`, optionally narrowed by `where`) into
 * the table's history with the transaction's actor, reason and request id, which take the five
 * parameters from `$firstParam` on ({@link auditParams}). Version, changed fields, transaction id
 * and hashes are set by the history table's trigger; an update that changed nothing is dropped there.
 */
export function historyInsert(metadata: EntityMetadata, type: HistoryType, from: string, firstParam: number, where?: string): string {
  const cols = metadata.columns.map((c) => `"${c.databaseName}"`);
  const p = (i: number) => `$${firstParam + i}`;
  return `INSERT INTO "${metadata.tableName}_history" (history_type, history_date, actor_type, actor_id, actor_label, reason, request_id, ${cols.join(', ')})
    SELECT '${type}', now(), ${p(0)}, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${cols.map((c) => `s.${c}`).join(', ')} FROM ${from}${where ? ` WHERE ${where}` : ''}`;
}

/** The parameters of {@link historyInsert}, in order. */
export function auditParams(audit: AuditInfo): unknown[] {
  return [audit.actor.type, audit.actor.id, audit.actor.name, audit.reason, audit.requestId];
}
