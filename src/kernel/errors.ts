/** Codes of {@link UserError}s, returned in mutation payloads. */
export type UserErrorCode = 'VALIDATION' | 'NOT_FOUND' | 'INVALID_STATUS_TRANSITION' | 'NOT_DELETABLE' | 'IN_USE' | 'INSUFFICIENT_STOCK' | 'CONFLICT';

/** A problem with a mutation's input or the data's state, shown to the user next to `path`. */
export interface UserError {
  message: string;
  path: string[];
  code: UserErrorCode;
}

/**
 * Thrown by services when a change cannot be made; the transaction is rolled back and the
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
