import type { DataSource } from 'typeorm';
import { byIdLoader, childrenLoader } from '../../graphql/loaders';
import { allReportsLoader, managementChainLoader } from './staff-hierarchy';
import { Staff } from './staff.entity';

/** Per-request loaders of staff: by id, and the reports of each manager. */
export const staffLoaders = (db: DataSource, workspaceId: string) => ({
  byId: byIdLoader(db, Staff, workspaceId),
  byManager: childrenLoader(db, Staff, workspaceId, 'managerId', 'manager_id', { 'e.name': 'ASC' }),
  allReports: allReportsLoader(db, workspaceId),
  managementChain: managementChainLoader(db, workspaceId),
});
