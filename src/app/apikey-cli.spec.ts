// Unit specs for the `npm run apikey` command line (parsing and the key list; no database).
import type { ApiKey } from '../auth/api-key.entity';
import { Role } from '../auth/roles';
import { formatKeys, parseApiKeyArgs, UsageError } from './apikey-cli';

describe('parseApiKeyArgs', () => {
  it('reads create, with the workspace defaulting to "default" and the role upper-cased', () => {
    expect(parseApiKeyArgs(['create', '--role', 'admin', '--name', 'Ops'])).toEqual({
      command: 'create',
      workspace: 'default',
      name: 'Ops',
      role: 'ADMIN',
      expiresAt: null,
    });
    expect(parseApiKeyArgs(['create', '--workspace', 'acme', '--role', 'VIEWER', '--name', 'BI', '--expires', '2027-01-01'])).toMatchObject({
      workspace: 'acme',
      expiresAt: new Date('2027-01-01T00:00:00Z'),
    });
    expect(parseApiKeyArgs(['create', '--role', 'EDITOR', '--name', 'x', '--expires', '2027-01-01T12:30:00+02:00'])).toMatchObject({
      expiresAt: new Date('2027-01-01T10:30:00Z'),
    });
  });

  it('reads list and revoke', () => {
    expect(parseApiKeyArgs(['list'])).toEqual({ command: 'list', workspace: 'default' });
    expect(parseApiKeyArgs(['revoke', 'abc', '--workspace', 'w'])).toEqual({ command: 'revoke', workspace: 'w', id: 'abc' });
    expect(parseApiKeyArgs(['--help'])).toEqual({ command: 'help' });
  });

  it.each<[string[], RegExp]>([
    [[], /a command is needed/],
    [['frob'], /unknown command "frob"/],
    [['create', '--name', 'x'], /needs --role/],
    [['create', '--role', 'ADMIN'], /needs --name/],
    [['create', '--role', 'ADMIN', '--name', 'x', '--expires', '2027-02-30'], /--expires must be a date/],
    [['create', '--role', 'ADMIN', '--name', 'x', '--expires', 'soon'], /--expires must be a date/],
    [['create', '--role', 'ADMIN', '--name', 'x', '--expires', '2027-01-01T10:00:00'], /--expires must be a date/],
    [['create', '--role', 'ADMIN', '--name', 'x', 'extra'], /no positional arguments/],
    [['list', '--role', 'ADMIN'], /list does not take --role/],
    [['revoke'], /exactly one key id/],
    [['revoke', 'a', 'b'], /exactly one key id/],
    [['list', '--bogus'], /bogus/],
  ])('refuses %p with a usage error', (argv, message) => {
    expect(() => parseApiKeyArgs(argv)).toThrow(UsageError);
    expect(() => parseApiKeyArgs(argv)).toThrow(message);
  });
});

describe('formatKeys', () => {
  it('prints one aligned line per key with a header, and never the hash', () => {
    const key = {
      id: '00000000-0000-4000-8000-000000000001',
      name: 'Ops',
      role: Role.ADMIN,
      keyPrefix: 'jc_abcde',
      keyHash: 'f'.repeat(64),
      createdAt: new Date('2026-11-01T00:00:00Z'),
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: new Date('2026-11-02T00:00:00Z'),
    } as ApiKey;
    const out = formatKeys([key]).split('\n');
    expect(out[0]).toMatch(/^id\s+name\s+role\s+prefix\s+created\s+expires\s+revoked\s+last used$/);
    expect(out[1]).toContain('jc_abcde');
    expect(out[1]).toContain('2026-11-02T00:00:00.000Z');
    expect(out.join('\n')).not.toContain('f'.repeat(64));
  });
});
