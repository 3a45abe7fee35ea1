import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Log } from '../logger';

/**
 * Errors of the HTTP layer (body parsing, size, charset, encoding, method, path), answered in the
 * GraphQL response shape `{"errors":[{"message","extensions":{"code"}}]}` as `application/json`,
 * with no stack, no server path and no echo of the request body, whatever NODE_ENV says.
 */
interface HttpProblem {
  status: number;
  code: string;
  message: string;
}

/** body-parser's error types (`err.type`), as problems a client can fix. */
const BODY_PROBLEMS: Record<string, HttpProblem> = {
  'entity.parse.failed': { status: 400, code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' },
  'entity.too.large': { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than 1 MB.' },
  'charset.unsupported': { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'The request body must be encoded as UTF-8.' },
  'encoding.unsupported': {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'The request content-encoding is not supported (use identity, gzip, deflate or br).',
  },
  'request.aborted': { status: 400, code: 'BAD_REQUEST', message: 'The request body was not received completely.' },
  'request.size.invalid': { status: 400, code: 'BAD_REQUEST', message: 'The request body does not match its content-length.' },
};

/** Sends `problem` as a GraphQL-shaped JSON error. */
export function sendHttpProblem(res: Response, problem: HttpProblem, headers: Record<string, string> = {}): void {
  res
    .status(problem.status)
    .set({ ...headers, 'content-type': 'application/json; charset=utf-8' })
    .send(JSON.stringify({ errors: [{ message: problem.message, extensions: { code: problem.code } }] }));
}

/** Answers methods other than `allowed` with 405 and an `Allow` header; mount it after the routes of a path. */
export function methodNotAllowed(allowed: string[]): RequestHandler {
  return (req, res) =>
    sendHttpProblem(res, { status: 405, code: 'METHOD_NOT_ALLOWED', message: `${req.method} is not supported here; use ${allowed.join(' or ')}.` }, { allow: allowed.join(', ') });
}

/**
 * Checks what Apollo would otherwise refuse less clearly: a method other than GET/POST (405 with
 * `Allow`), and a POST body that is not `application/json` (415, before CSRF prevention calls it a
 * forgery).
 */
export const graphqlHttpGuard: RequestHandler = (req, res, next) => {
  if (req.method !== 'GET' && req.method !== 'POST' && req.method !== 'HEAD') return methodNotAllowed(['GET', 'POST'])(req, res, next);
  if (req.method === 'POST' && !req.is('application/json')) {
    return sendHttpProblem(res, { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the request body as content-type: application/json.' });
  }
  next();
};

/** The last route: any path the server does not serve. */
export const notFound: RequestHandler = (_req, res) => sendHttpProblem(res, { status: 404, code: 'NOT_FOUND', message: 'Not found: the GraphQL endpoint is /graphql.' });

/**
 * The app's final error middleware, so express's default handler (an HTML page with a stack trace,
 * and a console.error holding the request) never answers. Client problems keep their 4xx status;
 * anything else is logged (message and stack, never the body) and answered as a 500 without detail.
 */
export function httpErrorHandler(log: Log): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const e = (err ?? {}) as { type?: string; status?: number; statusCode?: number; message?: string; stack?: string };
    const known = e.type ? BODY_PROBLEMS[e.type] : undefined;
    const status = e.status ?? e.statusCode ?? 500;
    const problem = known ?? (status >= 400 && status < 500 ? { status, code: 'BAD_REQUEST', message: 'The HTTP request could not be processed.' } : null);
    if (problem) {
      log.info('HTTP request refused', { method: req.method, path: req.path, status: problem.status, code: problem.code });
      return sendHttpProblem(res, problem);
    }
    log.error('HTTP layer error', { method: req.method, path: req.path, message: e.message, stack: e.stack });
    sendHttpProblem(res, { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error.' });
  };
}
