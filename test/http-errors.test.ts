import { startTestServer, type TestServer } from './support/server';

/**
 * Failures of the HTTP layer (before GraphQL runs) answer in the GraphQL error shape, as JSON, with
 * a fitting 4xx status and nothing of the server (stack, paths) or of the request body in them.
 */
const SECRET = 'S3cr3t-http-errors-7731';
const JSON_TYPE = { 'content-type': 'application/json' };

interface Case {
  name: string;
  path?: string;
  init: RequestInit;
  status: number;
  code: string;
  allow?: string;
}

const CASES: Case[] = [
  {
    name: 'broken JSON',
    init: { method: 'POST', headers: JSON_TYPE, body: `{"query":"{ viewer { name } }","variables":{"password":"${SECRET}"` },
    status: 400,
    code: 'BAD_REQUEST',
  },
  { name: 'a JSON body that is not an object or array', init: { method: 'POST', headers: JSON_TYPE, body: `"${SECRET}"` }, status: 400, code: 'BAD_REQUEST' },
  {
    name: 'a body over 1 MB',
    init: { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ query: '{ __typename }', variables: { password: SECRET, pad: 'x'.repeat(1_100_000) } }) },
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'a charset other than UTF-8',
    init: { method: 'POST', headers: { 'content-type': 'application/json; charset=latin1' }, body: `{"variables":{"password":"${SECRET}"}}` },
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'an unsupported content-encoding',
    init: { method: 'POST', headers: { ...JSON_TYPE, 'content-encoding': 'compress' }, body: `{"variables":{"password":"${SECRET}"}}` },
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'gzip that does not inflate',
    init: { method: 'POST', headers: { ...JSON_TYPE, 'content-encoding': 'gzip' }, body: `{"variables":{"password":"${SECRET}"}}` },
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'a text/plain body',
    init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ __typename }"}' },
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  { name: 'an XML body', init: { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<query/>' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'PUT', init: { method: 'PUT', headers: JSON_TYPE, body: '{"query":"{ __typename }"}' }, status: 405, code: 'METHOD_NOT_ALLOWED', allow: 'GET, POST' },
  { name: 'DELETE', init: { method: 'DELETE' }, status: 405, code: 'METHOD_NOT_ALLOWED', allow: 'GET, POST' },
  { name: 'PUT /health', path: '/health', init: { method: 'PUT' }, status: 405, code: 'METHOD_NOT_ALLOWED', allow: 'GET' },
  { name: 'an unknown path', path: '/nope', init: { method: 'GET' }, status: 404, code: 'NOT_FOUND' },
  { name: 'broken JSON to an unknown path', path: '/admin/x', init: { method: 'POST', headers: JSON_TYPE, body: `{"password":"${SECRET}"` }, status: 404, code: 'NOT_FOUND' },
];

function describeMode(mode: string, nodeEnv: string | undefined) {
  describe(`HTTP-layer errors (NODE_ENV ${mode})`, () => {
    let server: TestServer;
    const saved = process.env.NODE_ENV;
    beforeAll(async () => {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
      server = await startTestServer();
    });
    afterAll(async () => {
      process.env.NODE_ENV = saved;
      await server?.close();
    });

    it.each(CASES)('$name: $status $code as GraphQL JSON, no stack, no echo', async ({ path, init, status, code, allow }) => {
      const res = await fetch(path ? server.url.replace('/graphql', path) : server.url, init);
      const text = await res.text();
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      if (allow) expect(res.headers.get('allow')).toBe(allow);
      const body = JSON.parse(text);
      expect(body).toEqual({ errors: [{ message: expect.any(String), extensions: { code } }] });
      expect(text).not.toContain(SECRET);
      expect(text).not.toMatch(/node_modules|\.js:\d+|\n\s+at |<pre>|<html/i);
    });

    it('well-formed requests still work', async () => {
      const res = await fetch(server.url, { method: 'POST', headers: JSON_TYPE, body: '{"query":"{ __typename }"}' });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ data: { __typename: 'Query' } });
    });
  });
}

describeMode('unset', undefined);
describeMode('production', 'production');
