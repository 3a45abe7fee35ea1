/**
 * The one door from the tests into the application: every test and support file imports what it
 * needs from `src/` (and the migrations) through this file, so moving code around in `src/` means
 * fixing the paths here and nowhere else.
 *
 * Importing this file also loads every entity class (through the server and the data source), which
 * fills the audit registry that `auditedEntities()` reads.
 */
import 'reflect-metadata';

export { appDataSource } from '../../src/app/database';
export { createServer } from '../../src/app/server';
export { deleteOldAppErrors } from '../../src/app/app-errors';
export { deleteExpiredIdempotencyKeys } from '../../src/graphql/idempotency';
export { loadConfig } from '../../src/config';
export { loadTypeDefs } from '../../src/graphql/schema';
export { createLog, type Log } from '../../src/logger';
export { inTransaction, type AuditInfo } from '../../src/db/transaction';
export { loadEmbeddedPostgres, startThrowawayPostgres } from '../../src/db/embedded';
export { freePort } from '../../src/kernel/net';
export { MIGRATIONS } from '../../migrations';

export { auditedEntities } from '../../src/audit/audited';
export { auditedBulkDelete, auditedBulkUpdate, auditedInsertRows } from '../../src/audit/bulk';
export { tableNameOf } from '../../src/audit/history.schema';
export { AuditContextError } from '../../src/audit/history.subscriber';
export { verifyHistory } from '../../src/audit/verify';

export { createApiKey, ensureWorkspace, generateKeySecret, hashKey } from '../../src/auth/api-keys';
export { Role } from '../../src/auth/roles';
export { lockKey, withExclusiveLock } from '../../src/cache/lock';
export { closeRedis, createRedis } from '../../src/cache/redis';

// The very object the resolvers call, so `jest.spyOn(clientService, …)` reaches them.
export { Client, clientService } from '../../src/modules/clients';
export { CostLine } from '../../src/modules/costing';
export { Job } from '../../src/modules/jobs';
export { Staff } from '../../src/modules/staff';
export {
  ABANDONED_DRAFTS_SQL,
  Attachment,
  cleanupLockName,
  cleanupWorkspace,
  ImportantDate,
  metaContains,
  Project,
  ProjectMeta,
  removeAbandonedDrafts,
  runScheduledCleanup,
  SCHEDULE_ACTOR,
  SchoolProjectDetails,
  SelfStudyProjectDetails,
  startDraftCleanupSchedule,
} from '../../src/modules/projects';
export { Cache, cacheKey } from '../../src/cache/cache';
export { MemoryStore, RedisStore } from '../../src/cache/store';
export { costingService } from '../../src/modules/costing';
export { UserErrorsException } from '../../src/kernel/errors';
export { DEFAULT_ROLES, declaredRole, roleDeclarations } from '../../src/auth/access';
