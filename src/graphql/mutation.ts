import { QueryFailedError } from 'typeorm';
import { Touched } from '../cache/cache';
import { inTransaction, type AuditInfo } from '../db/transaction';
import { UserErrorsException, type UserError } from '../kernel/errors';
import { checkReason } from '../kernel/validation';
import { session, type RequestContext } from './context';
import { badRequest } from './errors';

/** What every mutation payload has. */
export interface PayloadBase {
  userErrors: UserError[];
}

/** Database errors a client can cause and fix, turned into user errors instead of a 500. */
function userErrorFromDatabase(err: unknown): UserError | null {
  if (!(err instanceof QueryFailedError)) return null;
  const code = (err.driverError as { code?: string } | undefined)?.code;
  switch (code) {
    case '23505':
      return { code: 'CONFLICT', message: 'A record with these values already exists', path: ['input'] };
    case '23503':
      return { code: 'IN_USE', message: 'The record is referenced by other records, or refers to one that does not exist', path: [] };
    case '22003':
      return { code: 'VALIDATION', message: 'A number is too large to be stored', path: ['input'] };
    case '40001':
    case '40P01':
      return { code: 'CONFLICT', message: 'The record was changed by another request at the same time; try again', path: [] };
    default:
      return null;
  }
}

/**
 * Runs `fn` in one audited transaction (actor, reason and request id travel with it) and gives it
 * a copy of the context whose `em` is that transaction, so every service it calls writes there.
 * User errors (thrown, or a refusal by the database that the client can fix) roll everything back
 * and become the payload's `userErrors`. Loader caches are cleared afterwards, so later reads in
 * the same request see the change.
 */
export async function runMutation<T extends object>(
  ctx: RequestContext,
  reason: string | null | undefined,
  fn: (tx: RequestContext) => Promise<T>,
): Promise<Partial<T> & PayloadBase> {
  const shared = ctx.requestTransaction;
  if (shared) {
    // The request's transaction commits (and the cache is invalidated) once the response is stored.
    return asPayload(ctx, () => shared.tx.run(auditOf(ctx, reason), (em) => fn({ ...ctx, em, touched: shared.touched })));
  }
  const touched = new Touched();
  return asPayload(ctx, async () => {
    const result = await inTransaction(ctx.db, auditOf(ctx, reason), (em) => fn({ ...ctx, em, touched }));
    // Only once committed: a rollback (a throw above) leaves the cache alone.
    await ctx.cache.invalidate(touched.all);
    await ctx.cache.invalidateWorkspace(session(ctx).workspaceId);
    return result;
  });
}

/** Who, why and in which request, for the transactions of a mutation; a bad `reason` is a user error. */
function auditOf(ctx: RequestContext, reason: string | null | undefined): AuditInfo {
  return { actor: session(ctx).actor, reason: checkReason(reason), requestId: ctx.requestId };
}

/** Runs a mutation's work and turns its outcome into a payload: its fields, or the user errors it threw. */
async function asPayload<T extends object>(ctx: RequestContext, work: () => Promise<T>): Promise<Partial<T> & PayloadBase> {
  try {
    return { ...(await work()), userErrors: [] };
  } catch (err) {
    if (err instanceof UserErrorsException) return { userErrors: err.errors } as Partial<T> & PayloadBase;
    const fromDb = userErrorFromDatabase(err);
    if (fromDb) return { userErrors: [fromDb] } as Partial<T> & PayloadBase;
    throw err;
  } finally {
    ctx.loaders.clearAll();
  }
}

/**
 * The one mutation wrapper: a resolver that runs `fn` through {@link runMutation} with the
 * mutation's `reason` argument. `fn` calls services with the transaction's context and returns
 * the payload's fields (`{ job }`).
 */
export function mutation<A extends { reason?: string | null }, T extends object>(fn: (tx: RequestContext, args: A) => Promise<T>) {
  return (_parent: unknown, args: A, ctx: RequestContext) => runMutation(ctx, args.reason, (tx) => fn(tx, args));
}

/**
 * The wrapper for a mutation too large for one transaction (a clean-up in batches): `fn` gets the
 * audit information (actor, checked reason, request id) and opens its own audited transactions with
 * it (`inTransaction`), each committing on its own, so a failure keeps the batches already done.
 * User errors become the payload's `userErrors`, as with {@link mutation}. Cached things its batches
 * touch are invalidated when it ends (batches that committed stay committed, so also when it throws).
 */
export function batchedMutation<A extends { reason?: string | null }, T extends object>(fn: (ctx: RequestContext, args: A, audit: AuditInfo) => Promise<T>) {
  return (_parent: unknown, args: A, ctx: RequestContext) => {
    if (ctx.requestTransaction) throw badRequest('This mutation commits in batches and cannot run with an Idempotency-Key; send it without one (running it again is harmless).');
    return asPayload(ctx, async () => {
      const touched = new Touched();
      try {
        return await fn({ ...ctx, touched }, args, auditOf(ctx, args.reason));
      } finally {
        await ctx.cache.invalidate(touched.all);
        await ctx.cache.invalidateWorkspace(session(ctx).workspaceId);
      }
    });
  };
}
