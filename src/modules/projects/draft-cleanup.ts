/**
 * The clean-up of abandoned drafts: draft projects nobody has touched for a while are deleted for
 * good, with their details, metadata, important dates and attachments, each row recorded in history
 * as a DELETE. Used by `cleanupAbandonedDrafts` (ADMIN) and by a schedule over every workspace.
 *
 * - Batches: up to 1,000 projects per transaction, found through the partial index on drafts
 *   (`IDX_projects_drafts`: `(workspace_id, updated_at) WHERE draft AND deleted_at IS NULL`), so the
 *   cost follows the number of drafts, not of published projects. Each batch locks its projects
 *   (`FOR UPDATE SKIP LOCKED`: a project someone is editing right now waits for the next run), deletes
 *   their parts and then them with the audited bulk helpers (one statement per table, history written
 *   set-based in the same statement), and commits: an interrupted run leaves every project either
 *   fully there or fully gone.
 * - One run at a time per workspace across all API instances: the lock `draft-cleanup:<workspace>`
 *   (Redis when configured, else a PostgreSQL advisory lock; see src/cache/lock.ts).
 */
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { auditedBulkDelete } from '../../audit/bulk';
import { withExclusiveLock } from '../../cache/lock';
import type { RedisClient } from '../../cache/redis';
import { inTransaction, type AuditInfo } from '../../db/transaction';
import type { Running } from '../../graphql/module';
import type { Log } from '../../logger';
import { Attachment } from './attachment.entity';
import { ImportantDate } from './important-date.entity';
import { DETAILS_ENTITY } from './project-details.entity';
import { ProjectMeta } from './project-meta.entity';
import { Project } from './project.entity';

/** Projects removed per transaction. */
export const CLEANUP_BATCH_SIZE = 1000;

/** Hours a draft must have been left alone before the schedule removes it. */
export const SCHEDULED_OLDER_THAN_HOURS = 24;

/** Where a clean-up runs: the database, and Redis for its lock when configured. */
export interface CleanupDeps {
  db: DataSource;
  redis: RedisClient | null;
  log?: Log;
}

/** How one workspace's clean-up runs. */
export interface CleanupOptions {
  olderThanHours: number;
  /** Projects per transaction (default {@link CLEANUP_BATCH_SIZE}). */
  batchSize?: number;
  /** Stops the run before its next batch (the lock was lost, the server is stopping). */
  signal?: AbortSignal;
  /** Called after each committed batch with the ids of the projects it removed. */
  afterBatch?: (removedProjectIds: string[]) => void | Promise<void>;
}

/** The parts of a project, deleted before it (their foreign keys name `project_id`). */
const PARTS = [ProjectMeta, ImportantDate, Attachment] as const;

/** The name of a workspace's clean-up lock. */
export function cleanupLockName(workspaceId: string): string {
  return `draft-cleanup:${workspaceId}`;
}

/**
 * The next batch of a workspace's abandoned drafts, oldest first ($1 workspace, $2 cut-off, $3 batch
 * size), locked; rows someone else has locked are left for the next run. Its conditions and order are
 * those of `IDX_projects_drafts` (workspace_id, updated_at) WHERE draft AND deleted_at IS NULL, so the
 * index hands over the rows in order and the scan stops after a batch (no tie-break on id: that would
 * sort every draft for each batch).
 */
export const ABANDONED_DRAFTS_SQL = `SELECT id FROM projects
  WHERE workspace_id = $1 AND draft AND deleted_at IS NULL AND updated_at < $2::timestamptz
  ORDER BY updated_at LIMIT $3 FOR UPDATE SKIP LOCKED`;

/** One batch, in one transaction: locks up to `batchSize` abandoned drafts and deletes them with everything under them. */
async function removeBatch(em: EntityManager, workspaceId: string, cutoff: string, batchSize: number): Promise<string[]> {
  const rows: Array<{ id: string }> = await em.query(ABANDONED_DRAFTS_SQL, [workspaceId, cutoff, batchSize]);
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return ids;
  for (const part of PARTS) await auditedBulkDelete(em, part, 't.project_id = ANY($1::uuid[])', [ids]);
  for (const details of Object.values(DETAILS_ENTITY)) await auditedBulkDelete(em, details, 't.id = ANY($1::uuid[])', [ids]);
  return auditedBulkDelete(em, Project, 't.id = ANY($1::uuid[])', [ids]);
}

/**
 * Removes one workspace's drafts not updated for more than `olderThanHours`, batch after batch
 * (each an audited transaction with `audit`), without taking the lock: see {@link cleanupWorkspace}.
 * The cut-off is fixed when the run starts (the database's clock). Returns how many projects it removed.
 */
export async function removeAbandonedDrafts(db: DataSource, audit: AuditInfo, workspaceId: string, options: CleanupOptions): Promise<number> {
  const batchSize = options.batchSize ?? CLEANUP_BATCH_SIZE;
  const [{ cutoff }]: Array<{ cutoff: string }> = await db.query('SELECT (now() - make_interval(hours => $1))::text AS cutoff', [options.olderThanHours]);
  let removed = 0;
  while (!options.signal?.aborted) {
    const ids = await inTransaction(db, audit, (em) => removeBatch(em, workspaceId, cutoff, batchSize));
    removed += ids.length;
    if (ids.length > 0) await options.afterBatch?.(ids);
    if (ids.length < batchSize) break;
  }
  return removed;
}

/** {@link removeAbandonedDrafts} under the workspace's clean-up lock; null when another run holds it. */
export async function cleanupWorkspace(deps: CleanupDeps, audit: AuditInfo, workspaceId: string, options: CleanupOptions): Promise<number | null> {
  const result = await withExclusiveLock(
    cleanupLockName(workspaceId),
    (lost) => removeAbandonedDrafts(deps.db, audit, workspaceId, { ...options, signal: options.signal ? AbortSignal.any([options.signal, lost]) : lost }),
    deps,
  );
  return result.acquired ? result.value : null;
}

/** What a scheduled run did. */
export interface ScheduledRun {
  /** Workspaces that had abandoned drafts. */
  workspaces: number;
  /** Projects removed. */
  removed: number;
  /** Workspaces skipped because another run held their lock. */
  busy: number;
}

/** The actor of scheduled runs in history. */
export const SCHEDULE_ACTOR = { type: 'SYSTEM', id: 'draft-cleanup', name: 'scheduled draft clean-up' } as const;

/** One scheduled run: every workspace with drafts older than the limit, each under its lock (skipped when busy). */
export async function runScheduledCleanup(
  deps: CleanupDeps,
  { olderThanHours = SCHEDULED_OLDER_THAN_HOURS, signal }: { olderThanHours?: number; signal?: AbortSignal } = {},
): Promise<ScheduledRun> {
  // The partial index on drafts answers this without reading published projects.
  const workspaces: Array<{ workspace_id: string }> = await deps.db.query(
    'SELECT DISTINCT workspace_id FROM projects WHERE draft AND deleted_at IS NULL AND updated_at < now() - make_interval(hours => $1)',
    [olderThanHours],
  );
  const audit: AuditInfo = {
    actor: { ...SCHEDULE_ACTOR },
    reason: `abandoned drafts: not updated for more than ${olderThanHours} hours`,
    requestId: `draft-cleanup-${randomUUID()}`,
  };
  const run: ScheduledRun = { workspaces: workspaces.length, removed: 0, busy: 0 };
  for (const { workspace_id: workspaceId } of workspaces) {
    if (signal?.aborted) break;
    const removed = await cleanupWorkspace(deps, audit, workspaceId, { olderThanHours, signal });
    if (removed === null) run.busy++;
    else run.removed += removed;
  }
  return run;
}

/**
 * Runs {@link runScheduledCleanup} every `intervalMs` (0: never). A run still going when the next is
 * due is not overlapped. The timer does not keep the process alive; `stop()` stops the timer, makes a
 * run in progress stop after its current batch, and waits for it.
 */
export function startDraftCleanupSchedule(deps: CleanupDeps & { intervalMs: number; olderThanHours?: number }): Running {
  if (deps.intervalMs <= 0) return { stop: async () => undefined };
  const stopping = new AbortController();
  let current: Promise<void> | null = null;
  const tick = () => {
    if (current) return;
    current = runScheduledCleanup(deps, { olderThanHours: deps.olderThanHours, signal: stopping.signal })
      .then((run) => {
        if (run.removed > 0 || run.busy > 0) deps.log?.info('scheduled draft clean-up', { ...run });
      })
      .catch((err: unknown) => deps.log?.error('scheduled draft clean-up failed', { message: err instanceof Error ? err.message : String(err) }))
      .finally(() => {
        current = null;
      });
  };
  const timer = setInterval(tick, deps.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      stopping.abort();
      await current;
    },
  };
}
