import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin, type GraphQLRequest, type GraphQLResponse } from '@apollo/server';
import { Column, Entity, Index, PrimaryColumn, QueryFailedError, type DataSource } from 'typeorm';
import { hasRole, Role } from '../auth/roles';
import { Touched } from '../cache/cache';
import { RequestTransaction } from '../db/transaction';
import type { Log } from '../logger';
import type { RequestContext, Session } from './context';
import { badRequest, conflict } from './errors';
import { LoaderRegistry } from './loaders';

/** How long a stored response answers retries with the same key. */
export const IDEMPOTENCY_TTL_HOURS = 24;
/** How long a retry waits for a request with the same key that is still running, before CONFLICT. */
const WAIT_FOR_RUNNING_MS = 10_000;
/** 1 to 255 printable ASCII characters. */
const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

/** A mutation request's stored response, per (actor, Idempotency-Key), for 24 hours. */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyRecord {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  actorType!: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  actorId!: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  key!: string;

  @Column({ type: 'uuid' })
  workspaceId!: string;

  /** SHA-256 of the operation text, operation name and variables: a retry must send the same request. */
  @Column({ type: 'char', length: 64 })
  requestHash!: string;

  /** HTTP status and GraphQL body (`data`, `errors`) of the first response; written in the same transaction as the mutation. */
  @Column({ type: 'int', nullable: true })
  statusCode!: number | null;

  @Column({ type: 'json', nullable: true })
  response!: unknown;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Index()
  @Column({ type: 'timestamptz' })
  expiresAt!: Date;
}

interface Stored {
  statusCode: number;
  response: Pick<GraphQLResponse['body'] & { kind: 'single' }, 'singleResult'>['singleResult'];
}

function requestHash(request: GraphQLRequest): string {
  return createHash('sha256')
    .update(JSON.stringify([request.query ?? null, request.operationName ?? null, request.variables ?? null]))
    .digest('hex');
}

const WHERE_KEY = 'actor_type = $1 AND actor_id = $2 AND key = $3';

/**
 * Claims `key` for the session's actor inside a new transaction (returned, to run the request in),
 * or returns the stored response of an earlier request with that key. A request holding the claim
 * but not yet committed makes this wait (the primary key's unique index) until it ends.
 */
async function claim(db: DataSource, s: Session, key: string, hash: string): Promise<{ tx: RequestTransaction } | { stored: Stored }> {
  const tx = await RequestTransaction.begin(db);
  const ids = [s.actor.type, s.actor.id, key];
  let keep = false;
  try {
    await tx.runner.query(`DELETE FROM idempotency_keys WHERE ${WHERE_KEY} AND expires_at <= now()`, ids);
    await tx.runner.query(`SET LOCAL lock_timeout = ${WAIT_FOR_RUNNING_MS}`);
    const inserted: unknown[] = await tx.runner.query(
      `INSERT INTO idempotency_keys (actor_type, actor_id, key, workspace_id, request_hash, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(hours => $6)) ON CONFLICT DO NOTHING RETURNING key`,
      [...ids, s.workspaceId, hash, IDEMPOTENCY_TTL_HOURS],
    );
    await tx.runner.query('SET LOCAL lock_timeout TO DEFAULT');
    if (inserted.length) {
      keep = true;
      return { tx };
    }
    const [row] = (await tx.runner.query(`SELECT request_hash, status_code, response FROM idempotency_keys WHERE ${WHERE_KEY}`, ids)) as Array<{
      request_hash: string;
      status_code: number;
      response: Stored['response'];
    }>;
    if (!row) throw conflict('Another request with this Idempotency-Key ended at the same moment; retry.');
    if (row.request_hash !== hash) {
      throw conflict('This Idempotency-Key was already used for a different request (operation or variables); use a new key for a new request.');
    }
    return { stored: { statusCode: row.status_code, response: row.response } };
  } catch (err) {
    if (err instanceof QueryFailedError && (err.driverError as { code?: string })?.code === '55P03') {
      throw conflict('A request with this Idempotency-Key is still running; retry later with the same key.');
    }
    throw err;
  } finally {
    if (!keep) await tx.end(false);
  }
}

/**
 * Idempotent retries for mutations: a client sends `Idempotency-Key` (1–255 printable ASCII
 * characters, else 400 BAD_REQUEST) and may resend the request safely; queries ignore the header.
 *
 * Design: idempotency applies to the whole HTTP request, which becomes ONE transaction.
 * - Once the operation is known to be a mutation, a claim row (actor, key, request hash) is inserted
 *   in a new transaction. Every root mutation field then runs in that transaction (a savepoint
 *   each, so a field's user errors undo only that field; see `runMutation`), and every read of the
 *   request goes through it too (`ctx.db`, `ctx.em` and the loaders are bound to it), so the payloads
 *   show the uncommitted writes.
 * - In `willSendResponse` the response (status, `data`, `errors`) is written into the claim row and
 *   the transaction commits: the mutation's writes and its stored response commit together or not at
 *   all (a crash before commit loses both; the retry runs afresh). If anything was unexpected (an
 *   INTERNAL_SERVER_ERROR, a 5xx) or execution never started (e.g. FORBIDDEN), it rolls back instead:
 *   nothing is applied and nothing stored, and the response says so.
 * - A retry with the same key and the same request (operation, name, variables) gets the stored
 *   response without running anything (header `idempotent-replayed: true`); with a different request,
 *   409 CONFLICT.
 * - Two concurrent requests with the same key never both run: the second one's claim insert waits on
 *   the primary key until the first commits (then it replays its response, or gets CONFLICT) or rolls
 *   back (then it runs); after {@link WAIT_FOR_RUNNING_MS} it gets CONFLICT.
 * - Rows expire after {@link IDEMPOTENCY_TTL_HOURS} hours: an expired row is ignored (replaced by the
 *   next claim) and deleted by the hourly retention clean-up.
 * Mutations that commit in batches (`batchedMutation`) refuse to run under a key.
 */
export function idempotencyPlugin(log: Log): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ request }) {
      const key = request.http?.headers.get('idempotency-key');
      if (key === undefined) return;
      let tx: RequestTransaction | null = null;
      let touched: Touched | null = null;
      let stored: Stored | null = null;
      let executed = false;
      // Other plugins' didResolveOperation run at the same time and may fail first: the response is
      // then sent while the claim is still being made, so willSendResponse waits for it.
      let claiming: Promise<unknown> | null = null;
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation !== 'mutation') return;
          if (!KEY_PATTERN.test(key)) throw badRequest('The Idempotency-Key header must be 1 to 255 printable ASCII characters.');
          const s = contextValue.session;
          // Anonymous callers and read-only keys are refused by access control (src/auth/access.ts).
          if (!s || !hasRole(s.role, Role.EDITOR)) return;
          const pending = claim(contextValue.db, s, key, requestHash(request));
          claiming = pending;
          const claimed = await pending;
          if ('stored' in claimed) {
            stored = claimed.stored;
            return;
          }
          tx = claimed.tx;
          touched = new Touched();
          Object.assign(contextValue, {
            requestTransaction: { tx, touched },
            db: tx.dataSource,
            em: tx.runner.manager,
            loaders: new LoaderRegistry(tx.dataSource, s.workspaceId, contextValue.cache),
          });
        },
        async responseForOperation() {
          if (!stored) return null;
          return { http: { status: stored.statusCode, headers: new HeaderMap([['idempotent-replayed', 'true']]) }, body: { kind: 'single', singleResult: stored.response } };
        },
        async executionDidStart() {
          executed = true;
        },
        async willSendResponse({ response, contextValue }) {
          await claiming?.catch(() => undefined);
          const current = tx;
          if (!current) return;
          tx = null;
          const body = response.body.kind === 'single' ? response.body.singleResult : null;
          const status = response.http.status ?? 200;
          const unexpected = !body || status >= 500 || !!body.errors?.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');
          try {
            if (!executed || unexpected) {
              await current.end(false);
              if (executed && body) {
                body.data = null;
                body.errors = [
                  ...(body.errors ?? []),
                  {
                    message: 'Nothing was applied: the request failed unexpectedly, so its transaction was rolled back. Retry with the same Idempotency-Key.',
                    extensions: { code: 'INTERNAL_SERVER_ERROR' },
                  },
                ];
              }
              return;
            }
            const keep = { statusCode: status, response: { data: body!.data, ...(body!.errors ? { errors: body!.errors } : {}) } };
            await current.runner.query(`UPDATE idempotency_keys SET status_code = $4, response = $5 WHERE ${WHERE_KEY}`, [
              contextValue.session!.actor.type,
              contextValue.session!.actor.id,
              key,
              keep.statusCode,
              JSON.stringify(keep.response),
            ]);
            await current.end(true);
          } catch (err) {
            log.error('idempotent request could not be committed', { requestId: contextValue.requestId, message: (err as Error).message });
            response.http.status = 500;
            response.body = {
              kind: 'single',
              singleResult: {
                errors: [
                  { message: 'The change could not be committed; nothing was applied. Retry with the same Idempotency-Key.', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
                ],
              },
            };
          } finally {
            // After commit; also after a rollback, in case a read inside the transaction filled the cache.
            await contextValue.cache.invalidate(touched!.all);
            if (contextValue.session) await contextValue.cache.invalidateWorkspace(contextValue.session.workspaceId);
          }
        },
      };
    },
  };
}

/** Deletes stored responses past their 24 hours; returns how many. */
export async function deleteExpiredIdempotencyKeys(db: DataSource): Promise<number> {
  const [, count] = (await db.query('DELETE FROM idempotency_keys WHERE expires_at <= now()')) as [unknown, number];
  return count ?? 0;
}
