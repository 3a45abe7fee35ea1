import { historySchemas } from '../audit/history.schema';
import { ApiKey } from '../auth/api-key.entity';
import { Workspace } from '../auth/workspace.entity';
import { Client } from '../modules/clients/client.entity';
import { CostLine } from '../modules/costing/cost-line.entity';
import { CostSet } from '../modules/costing/cost-set.entity';
import { Job } from '../modules/jobs/job.entity';
import { Staff } from '../modules/staff/staff.entity';
import { WorkspaceCounter } from './counter.entity';

/** Every entity the data source maps. */
export const ENTITIES = [Workspace, ApiKey, WorkspaceCounter, Client, Staff, Job, CostSet, CostLine];

/** The history table of every audited entity, derived from the entities' metadata. */
export const HISTORY_ENTITIES = historySchemas();
