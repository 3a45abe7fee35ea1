import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import { Column, Entity, Index, PrimaryColumn, type DataSource } from 'typeorm';
import { session, type RequestContext } from '../graphql/context';
import type { Resolvers } from '../graphql/generated';
import { isUuid } from '../kernel/ids';
import { redactText, type Log } from '../logger';

/** How long recorded errors are kept (see {@link deleteOldAppErrors}). */
export const APP_ERROR_RETENTION_DAYS = 90;

/**
 * An unexpected error (a response's `INTERNAL_SERVER_ERROR`), kept under the `errorId` the client
 * was given so support can look it up. Never holds the request's variables; message and stack are
 * redacted like log lines.
 */
@Entity({ name: 'app_errors' })
@Index(['workspaceId', 'occurredAt'])
export class AppErrorRecord {
  /** The `errorId` of the response. */
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index()
  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;

  /** Null when the caller was not authenticated. */
  @Column({ type: 'uuid', nullable: true })
  workspaceId!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  operationName!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  actorType!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  actorId!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  requestId!: string | null;

  /** The response path of the failed field (`job.costSets.0.summary`), when there is one. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  path!: string | null;

  @Column({ type: 'text' })
  message!: string;

  @Column({ type: 'text', nullable: true })
  stack!: string | null;
}

/** Error ids given to the unexpected errors of requests, for `formatError` to put in the response. */
const errorIds = new WeakMap<object, string>();

/** Whether Apollo will answer `error` as INTERNAL_SERVER_ERROR (it gives that code to errors without one). */
function isUnexpected(error: GraphQLError): boolean {
  const code = error.extensions?.code;
  return !code || code === 'INTERNAL_SERVER_ERROR';
}

function clip(text: string | null | undefined, max: number): string | null {
  return text == null ? null : redactText(text).slice(0, max);
}

/**
 * Records every unexpected error of a request: it gets an error id, is logged with it, and stored in
 * `app_errors` through the pool (outside any request transaction, which has rolled back by now).
 * Storing is best effort: a failure is logged and never changes the response.
 */
export function appErrorsPlugin(db: DataSource, log: Log): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          const rows: AppErrorRecord[] = [];
          for (const error of errors) {
            if (!isUnexpected(error)) continue;
            const original = error.originalError ?? error;
            const row = Object.assign(new AppErrorRecord(), {
              id: randomUUID(),
              workspaceId: contextValue.session?.workspaceId ?? null,
              operationName: clip(operationName, 200),
              actorType: contextValue.session?.actor.type ?? null,
              actorId: contextValue.session?.actor.id ?? null,
              requestId: contextValue.requestId ?? null,
              path: clip(error.path?.join('.'), 500),
              message: clip(original.message, 2000) ?? '',
              stack: clip(original.stack, 8000),
            });
            errorIds.set(error, row.id);
            log.error('internal error', { errorId: row.id, requestId: row.requestId, operationName: row.operationName, path: row.path, message: row.message, stack: row.stack });
            rows.push(row);
          }
          if (!rows.length) return;
          try {
            await db.getRepository(AppErrorRecord).insert(rows);
          } catch (err) {
            log.error('could not store application errors', { errorIds: rows.map((r) => r.id), message: (err as Error).message });
          }
        },
      };
    },
  };
}

/**
 * The error id of an unexpected error for its response: the one {@link appErrorsPlugin} recorded, or
 * (for errors raised before a request's plugins run, e.g. while building its context) a new one,
 * logged here.
 */
export function errorIdOf(error: unknown, log: Log): string {
  const known = error && typeof error === 'object' ? errorIds.get(error) : undefined;
  if (known) return known;
  const errorId = randomUUID();
  const original = (error as GraphQLError | undefined)?.originalError ?? error;
  log.error('internal error', {
    errorId,
    message: original instanceof Error ? original.message : String(original),
    stack: original instanceof Error ? original.stack : undefined,
  });
  return errorId;
}

/** Deletes recorded errors older than {@link APP_ERROR_RETENTION_DAYS}; returns how many. */
export async function deleteOldAppErrors(db: DataSource): Promise<number> {
  const [, count] = (await db.query(`DELETE FROM app_errors WHERE occurred_at < now() - make_interval(days => $1)`, [APP_ERROR_RETENTION_DAYS])) as [unknown, number];
  return count ?? 0;
}

/** `Query.appError` (ADMIN, see schema.graphql): its own workspace's errors; any other id is null, as if unknown. */
export const appErrorResolvers: Resolvers = {
  Query: {
    appError: async (_p, { id }, ctx: RequestContext) => {
      // ADMIN only: declared with @requires(role: ADMIN) on the field.
      const s = session(ctx);
      if (!isUuid(id)) return null;
      return ctx.db.getRepository(AppErrorRecord).findOneBy({ id, workspaceId: s.workspaceId });
    },
  },
};
