import { historySchemas } from '../audit/history.schema';
import { HistorySubscriber } from '../audit/history.subscriber';
import { ApiKey } from '../auth/api-key.entity';
import { Workspace } from '../auth/workspace.entity';
import { WorkspaceCounter } from '../db/counter.entity';
import { AppErrorRecord } from './app-errors';
import { IdempotencyRecord } from '../graphql/idempotency';
import { MODULES } from './modules';

/** Every entity the data source maps: the tenancy tables and each module's entities. */
export const ENTITIES: Function[] = [Workspace, ApiKey, WorkspaceCounter, AppErrorRecord, IdempotencyRecord, ...MODULES.flatMap((m) => m.entities)];

/** What the data source is built with: the entities, the history table of every audited one (derived from their metadata), and the history subscriber. */
export function mappings() {
  return { entities: [...ENTITIES, ...historySchemas()], subscribers: [HistorySubscriber] };
}
