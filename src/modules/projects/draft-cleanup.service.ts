import type { AuditInfo } from '../../db/transaction';
import { workspaceOf, type RequestContext } from '../../graphql/context';
import { fail, type UserError } from '../../kernel/errors';
import { cleanupWorkspace, SCHEDULED_OLDER_THAN_HOURS } from './draft-cleanup';
import { assertCleanupAge } from './project.rules';

/** The `CleanupAbandonedDraftsPayload` GraphQL type's source object (`removed` is absent when there are user errors). */
export interface CleanupPayloadModel {
  removed?: number | null;
  userErrors: UserError[];
}

/**
 * `cleanupAbandonedDrafts`: removes the caller's workspace's abandoned drafts in batches, each an
 * audited transaction with `audit` (the caller, the reason); CONFLICT when a run (from any API
 * instance, or the schedule) is already going. Returns how many projects were removed.
 */
export async function cleanupAbandonedDrafts(ctx: RequestContext, olderThanHours = SCHEDULED_OLDER_THAN_HOURS, audit: AuditInfo): Promise<number> {
  assertCleanupAge(olderThanHours);
  const removed = await cleanupWorkspace({ db: ctx.db, redis: ctx.redis, log: ctx.log }, audit, workspaceOf(ctx), { olderThanHours });
  if (removed === null) fail('CONFLICT', 'a cleanup is already running', []);
  return removed;
}
