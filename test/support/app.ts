/**
 * The one door from the tests into the application: every test and support file imports what it
 * needs from `src/` (and the migrations) through this file, so moving code around in `src/` means
 * fixing the paths here and nowhere else.
 *
 * Importing this file also loads every entity class (through the server and the data source), which
 * fills the audit registry that `auditedEntities()` reads.
 */
import 'reflect-metadata';

export { createServer } from '../../src/server';
export { loadConfig } from '../../src/config';
export { createLog } from '../../src/logger';
export { createDataSource } from '../../src/db/data-source';
export { inTransaction, type AuditInfo } from '../../src/db/transaction';
export { MIGRATIONS } from '../../migrations';

export { auditedEntities } from '../../src/audit/audited';
export { auditedBulkDelete, auditedBulkUpdate } from '../../src/audit/bulk';
export { tableNameOf } from '../../src/audit/history.schema';
export { AuditContextError } from '../../src/audit/history.subscriber';
export { verifyHistory } from '../../src/audit/verify';

export { createApiKey, ensureWorkspace, generateKeySecret, hashKey } from '../../src/auth/api-keys';
export { Role } from '../../src/auth/roles';

export { Client } from '../../src/modules/clients/client.entity';
export { CostLine } from '../../src/modules/costing/cost-line.entity';
export { Job } from '../../src/modules/jobs/job.entity';
export { Staff } from '../../src/modules/staff/staff.entity';

// The very object the resolvers call, so `jest.spyOn(clientService, …)` reaches them.
export { clientService } from '../../src/modules/clients/client.service';
