import type { ApolloServerPlugin } from '@apollo/server';

/** Codes of request errors: the document or its variables were refused before anything ran. */
const REQUEST_ERROR_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'OPERATION_RESOLUTION_FAILURE']);

/**
 * GraphQL over HTTP's "legacy watershed": a client that accepts `application/json` but not
 * `application/graphql-response+json` gets request errors (parse, validation, variable coercion) with
 * status 200, as such clients expect; a client that accepts the newer media type gets 400. Other
 * statuses (401, 403, 413, 429, …) are the HTTP layer's and stay.
 */
export const legacyJsonStatus: ApolloServerPlugin = {
  async requestDidStart({ request }) {
    const accept = request.http?.headers.get('accept') ?? '';
    const legacy = /\bapplication\/json\b/i.test(accept) && !/\bapplication\/graphql-response\+json\b/i.test(accept);
    if (!legacy) return {};
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single' || response.http.status !== 400) return;
        const { errors, data } = response.body.singleResult;
        if (data === undefined && errors?.length && errors.every((e) => REQUEST_ERROR_CODES.has(String(e.extensions?.code)))) response.http.status = 200;
      },
    };
  },
};
