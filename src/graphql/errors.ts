import { GraphQLError } from 'graphql';

/** Codes of {@link UserError}s, returned in mutation payloads. */
export type UserErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'INVALID_STATUS_TRANSITION'
  | 'NOT_DELETABLE'
  | 'IN_USE'
  | 'INSUFFICIENT_STOCK'
  | 'CONFLICT';

/** A problem with a mutation's input or the data's state, shown to the user next to `path`. */
export interface UserError {
  message: string;
  path: string[];
  code: UserErrorCode;
}

/**
 * Thrown by services when a mutation cannot be done; the transaction is rolled back and the
 * errors are returned in the payload's `userErrors`.
 */
export class UserErrorsException extends Error {
  constructor(readonly errors: UserError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

/** Throws a single user error. */
export function fail(code: UserErrorCode, message: string, path: string[]): never {
  throw new UserErrorsException([{ code, message, path }]);
}

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
