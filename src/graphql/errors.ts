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
