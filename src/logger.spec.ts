import { Writable } from 'node:stream';
import { createLog, redact, redactText, REDACTED } from './logger';

describe('redact', () => {
  it('replaces secret-named fields at any depth, in any case', () => {
    expect(
      redact({
        user: 'ana',
        Password: 'x',
        nested: { deeper: [{ apiKey: 'k', API_KEY: 'k', clientSecret: 's', refresh_token: 't' }] },
        Authorization: 'Bearer a',
        variables: { a: 1 },
      }),
    ).toEqual({
      user: 'ana',
      Password: REDACTED,
      nested: { deeper: [{ apiKey: REDACTED, API_KEY: REDACTED, clientSecret: REDACTED, refresh_token: REDACTED }] },
      Authorization: REDACTED,
      variables: REDACTED,
    });
  });

  it('keeps harmless fields whose names only look alike', () => {
    expect(redact({ passed: true, compass: 'n', bypassCount: 2 })).toEqual({ passed: true, compass: 'n', bypassCount: 2 });
  });

  it('replaces bearer credentials, API key secrets and JWTs inside strings', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    expect(redactText(`got Bearer abc.def and jc_AbCdEf123456 and ${jwt} end`)).toBe(`got ${REDACTED} and ${REDACTED} and ${REDACTED} end`);
    expect(redact({ message: `key jc_secretsecret1 refused` })).toEqual({ message: `key ${REDACTED} refused` });
  });

  it('turns errors into name, message and stack, redacted', () => {
    const out = redact({ err: new Error('token jc_0123456789abc leaked') }) as { err: { message: string; stack: string } };
    expect(out.err.message).toBe(`token ${REDACTED} leaked`);
    expect(out.err.stack).not.toContain('jc_0123456789abc');
  });

  it('stops at a bounded depth (and so on cycles)', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => JSON.stringify(redact(a))).not.toThrow();
  });
});

describe('createLog', () => {
  function capture() {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    return { lines, stream };
  }

  it('writes one JSON object per line with time, level name, msg and the redacted fields', () => {
    const { lines, stream } = capture();
    const log = createLog('info', stream);
    log.debug('dropped');
    log.info('hello Bearer jc_abcdefghij', { n: 1, token: 'x' });
    log.error('boom');
    expect(lines).toHaveLength(2);
    const first = JSON.parse(lines[0]);
    expect(first).toMatchObject({ level: 'info', msg: `hello ${REDACTED}`, n: 1, token: REDACTED });
    expect(new Date(first.time).toISOString()).toBe(first.time);
    expect(JSON.parse(lines[1])).toMatchObject({ level: 'error', msg: 'boom' });
  });

  it('writes nothing when silent', () => {
    const { lines, stream } = capture();
    const log = createLog('silent', stream);
    log.error('x');
    expect(lines).toHaveLength(0);
  });
});
