import { QueryFailedError, type EntityManager } from 'typeorm';
import { inTransaction } from '../db/transaction';
import { session, type RequestContext, type Session } from './context';
import { UserErrorsException, type UserError } from './errors';
import { checkReason } from './validation';

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
 * Runs a mutation in one audited transaction. When `fn` throws user errors (or the database
 * refuses the change for a reason the client can fix), everything is rolled back and the payload
 * carries `userErrors`; otherwise the payload is `fn`'s result with no errors. Per-request loader
 * caches are cleared afterwards, so later reads see the change.
 */
export async function runMutation<T extends object>(
  ctx: RequestContext,
  reason: string | null | undefined,
  fn: (em: EntityManager, session: Session) => Promise<T>,
): Promise<Partial<T> & PayloadBase> {
  const s = session(ctx);
  try {
    const audit = { actor: s.actor, reason: checkReason(reason), requestId: ctx.requestId };
    const result = await inTransaction(ctx.db, audit, (em) => fn(em, s));
    return { ...result, userErrors: [] };
  } catch (err) {
    if (err instanceof UserErrorsException) return { userErrors: err.errors } as Partial<T> & PayloadBase;
    const fromDb = userErrorFromDatabase(err);
    if (fromDb) return { userErrors: [fromDb] } as Partial<T> & PayloadBase;
    throw err;
  } finally {
    ctx.loaders.clearAll();
  }
}
