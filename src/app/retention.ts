import type { DataSource } from 'typeorm';
import type { Log } from '../logger';
import { deleteExpiredIdempotencyKeys } from '../graphql/idempotency';
import { deleteOldAppErrors } from './app-errors';

const HOUR_MS = 60 * 60 * 1000;

/** Deletions of rows past their retention, each returning how many rows it removed. */
const CLEANUPS: Record<string, (db: DataSource) => Promise<number>> = {
  app_errors: deleteOldAppErrors,
  idempotency_keys: deleteExpiredIdempotencyKeys,
};

/**
 * Runs every retention clean-up once an hour (and once shortly after start-up). Every API instance
 * may run them: they are plain deletes by age, harmless when they overlap. The timer never keeps the
 * process alive.
 */
export function startRetention(db: DataSource, log: Log): { stop(): void } {
  const run = async () => {
    for (const [table, cleanup] of Object.entries(CLEANUPS)) {
      try {
        const removed = await cleanup(db);
        if (removed) log.info('retention clean-up', { table, removed });
      } catch (err) {
        log.warn('retention clean-up failed', { table, message: (err as Error).message });
      }
    }
  };
  const first = setTimeout(() => void run(), 60_000).unref();
  const every = setInterval(() => void run(), HOUR_MS).unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
