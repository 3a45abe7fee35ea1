/** Talking GraphQL in the tests: the response shape, and the one pair of helpers that run a mutation and return its payload. */

/** A GraphQL response as the client sees it. */
export interface GqlResponse<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, any>; path?: string[] }>;
  extensions?: { sqlStatements?: number } & Record<string, unknown>;
}

/** Anything that sends GraphQL requests with an API key. */
export interface Caller {
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<GqlResponse<T>>;
}

export interface UserErrorShape {
  code: string;
  message: string;
  path: string[];
}

export const USER_ERRORS = 'userErrors { code message path }';

/** Asserts a response has no top-level errors and returns its data. */
export function dataOf<T = any>(res: GqlResponse<T>): T {
  if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
  if (!res.data) throw new Error(`No data in response: ${JSON.stringify(res)}`);
  return res.data;
}

/**
 * Runs a mutation and returns its payload (the value of its single top-level field) as is, user
 * errors included; fails the test on top-level errors.
 */
export async function mutatePayload<T = any>(caller: Caller, query: string, variables?: Record<string, unknown>): Promise<T> {
  const data = dataOf(await caller.gql(query, variables)) as Record<string, T>;
  const keys = Object.keys(data);
  if (keys.length !== 1) throw new Error(`Expected one top-level field, got ${keys.join(', ')}`);
  return data[keys[0]];
}

/** Runs a mutation that must succeed and returns its payload; fails the test on top-level errors and on user errors. */
export async function mutate<T = any>(caller: Caller, query: string, variables?: Record<string, unknown>): Promise<T> {
  const payload = await mutatePayload<T & { userErrors?: UserErrorShape[] }>(caller, query, variables);
  if (payload.userErrors?.length) throw new Error(`userErrors: ${JSON.stringify(payload.userErrors)}`);
  return payload;
}

/** The single user error of a payload. */
export function onlyError(payload: { userErrors: UserErrorShape[] }): UserErrorShape {
  expect(payload.userErrors).toHaveLength(1);
  return payload.userErrors[0];
}
