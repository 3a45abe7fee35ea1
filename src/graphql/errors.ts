import { GraphQLError } from 'graphql';
import { isPoolWaitTimeout, isStatementTimeout } from '../db/health';

/** Top-level error: no or invalid credentials (HTTP 401). */
export function unauthenticated(message = 'Authentication required: send "Authorization: Bearer <api key>".'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/** Top-level error: authenticated, but the role may not do this (HTTP 403). */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
}

/** Top-level error for malformed arguments that the schema cannot catch (e.g. a bad cursor). */
export function badUserInput(message: string, argumentName: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argumentName } });
}

/** Top-level error: the operation is over a limit of cost, depth, aliases or root fields (nothing ran). */
export function queryTooComplex(message: string, extensions: Record<string, number>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', ...extensions, http: { status: 200 } } });
}

/** Top-level error: too many requests for now; retry after `retryAfterSeconds` (HTTP 429 with `Retry-After`). */
export function throttled(message: string, retryAfterSeconds: number): GraphQLError {
  // Apollo Server takes response headers from `extensions.http.headers` only as a Map.
  const extensions: Record<string, unknown> = { code: 'THROTTLED', retryAfterSeconds, http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) } };
  return new GraphQLError(message, { extensions });
}

/**
 * The error for a database that could not serve in time, or null for any other error: no free
 * connection within `DB_POOL_WAIT_MS` (SERVICE_UNAVAILABLE; with `httpStatus` 503 where the whole
 * request fails) or a statement cancelled by `STATEMENT_TIMEOUT_MS` (TIMEOUT).
 */
export function databaseBusy(err: unknown, httpStatus?: number): GraphQLError | null {
  const http = httpStatus ? { http: { status: httpStatus } } : {};
  if (isPoolWaitTimeout(err)) {
    return new GraphQLError('The database is busy: no connection became free in time. Retry shortly.', { extensions: { code: 'SERVICE_UNAVAILABLE', ...http } });
  }
  if (isStatementTimeout(err)) {
    return new GraphQLError('The operation took too long and was cancelled by the statement timeout.', { extensions: { code: 'TIMEOUT', ...http } });
  }
  return null;
}

/** Top-level error for a request that cannot be run as sent (HTTP 400). */
export function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
}

/** Top-level error: the request clashes with another one (HTTP 409), e.g. a reused Idempotency-Key. */
export function conflict(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'CONFLICT', http: { status: 409 } } });
}
