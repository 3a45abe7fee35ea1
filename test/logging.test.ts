import { Writable } from 'node:stream';
import { createLog } from './support/app';
import { startTestServer, type TestServer } from './support/server';

/**
 * Everything the server writes to its log is one JSON object per line, and no secret sent in a
 * request (a password in the variables of a broken body, an API key in a header) reaches it.
 */
const SECRET = 'S3cr3t-logging-4419';
const KEY = 'jc_LoggingTestKey0123456789abcdef';

describe('the log under malformed requests', () => {
  let server: TestServer;
  let output = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      output += String(chunk);
      done();
    },
  });

  beforeAll(async () => {
    server = await startTestServer({}, createLog('debug', sink));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('holds only JSON lines and never the secrets', async () => {
    const variables = `"variables":{"password":"${SECRET}","input":{"apiKey":"${KEY}"}}`;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${KEY}`, 'x-api-key': KEY };
    const bodies: RequestInit[] = [
      { method: 'POST', headers, body: `{"query":"mutation { x }",${variables}` },
      { method: 'POST', headers, body: `{"query":"{ viewer { name } }",${variables}}` },
      { method: 'POST', headers, body: JSON.stringify({ query: '{ __typename }', variables: { password: SECRET, pad: 'x'.repeat(1_100_000) } }) },
      { method: 'POST', headers: { ...headers, 'content-type': 'application/json; charset=latin1' }, body: `{${variables}}` },
      { method: 'POST', headers: { ...headers, 'content-encoding': 'gzip' }, body: `{${variables}}` },
      { method: 'POST', headers: { ...headers, 'content-encoding': 'compress' }, body: `{${variables}}` },
      { method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body: `{${variables}}` },
      { method: 'PUT', headers, body: `{${variables}}` },
      { method: 'POST', headers, body: `{"query":"query($password: String) { __typename }",${variables}}` },
      { method: 'POST', headers: { ...headers, authorization: `Bearer ${SECRET}` }, body: `{"query":"{ viewer { name } }"}` },
    ];
    for (const init of bodies) {
      const res = await fetch(server.url, init);
      expect(res.status).toBeGreaterThanOrEqual(200);
      await res.text();
    }
    await fetch(server.url.replace('/graphql', '/nope'), bodies[0]).then((r) => r.text());

    const lines = output.split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      expect(() => JSON.parse(line)).not.toThrow();
      expect(line).not.toContain(SECRET);
      expect(line).not.toContain(KEY);
    }
    expect(lines.map((l) => JSON.parse(l))).toContainEqual(expect.objectContaining({ level: 'info', msg: 'HTTP request refused', code: 'BAD_REQUEST', status: 400 }));
  });
});
