import { GraphQLError } from 'graphql';

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

/** Top-level error for a request that cannot be run as sent (HTTP 400). */
export function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
}

/** Top-level error: the request clashes with another one (HTTP 409), e.g. a reused Idempotency-Key. */
export function conflict(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'CONFLICT', http: { status: 409 } } });
}
