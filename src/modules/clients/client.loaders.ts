import type { DataSource } from 'typeorm';
import { byIdLoader } from '../../graphql/loaders';
import { Client } from './client.entity';

/** Per-request loaders of clients. */
export const clientLoaders = (db: DataSource, workspaceId: string) => ({
  byId: byIdLoader(db, Client, workspaceId),
});
