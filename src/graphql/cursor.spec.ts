// Unit specs for opaque keyset cursors: round-trips and refusal of forged cursors.
import { GraphQLError } from 'graphql';
import { decodeCursor, encodeCursor, type SortType } from './cursor';

const ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';

const forge = (payload: unknown): string => Buffer.from(JSON.stringify(payload)).toString('base64url');

function expectBadUserInput(run: () => unknown): void {
  let caught: unknown;
  try {
    run();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(GraphQLError);
  expect((caught as GraphQLError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'after' });
}

describe('encodeCursor / decodeCursor round-trip', () => {
  it.each<[SortType, string]>([
    ['timestamptz', '2025-03-04 10:20:30.123456+00'],
    ['timestamptz', '2025-03-04 10:20:30-05:30'],
    ['timestamptz', '2025-03-04 23:59:59+15'],
    ['date', '2025-03-04'],
    ['date', 'infinity'],
    ['date', '-infinity'],
    ['integer', '42'],
    ['integer', '2147483647'],
    ['integer', '-2147483647'],
    ['text', 'acme ltd'],
    ['text', ''],
    ['text', '\u{1F600} caf\u00e9'],
    ['real', '0.0607927'],
    ['real', '1e-20'],
    ['real', '1.5e+20'],
    ['real', '-0.1'],
    ['real', '0'],
  ])('%s value %p', (type, value) => {
    const cursor = encodeCursor('KEY:ASC', value, ID);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 'KEY:ASC', type)).toEqual({ value, id: ID });
  });

  it('accepts upper-case UUIDs with the default pattern', () => {
    const id = ID.toUpperCase();
    expect(decodeCursor(encodeCursor('NAME:ASC', 'x', id), 'NAME:ASC', 'text')).toEqual({ value: 'x', id });
  });
});

describe('decodeCursor refuses forged cursors with BAD_USER_INPUT', () => {
  it('a cursor of another sort order', () => {
    expectBadUserInput(() => decodeCursor(encodeCursor('NAME:ASC', 'x', ID), 'NAME:DESC', 'text'));
  });

  it('an id that is not a UUID', () => {
    expectBadUserInput(() => decodeCursor(encodeCursor('NAME:ASC', 'x', 'not-a-uuid'), 'NAME:ASC', 'text'));
  });

  it('a non-string id', () => {
    expectBadUserInput(() => decodeCursor(forge(['NAME:ASC', 'x', 42]), 'NAME:ASC', 'text'));
  });

  it.each([[42], [null], [true], [['x']]])('a non-string value %p', (value) => {
    expectBadUserInput(() => decodeCursor(forge(['NUMBER:ASC', value, ID]), 'NUMBER:ASC', 'integer'));
  });

  it.each([['not base64 at all!!'], [''], [Buffer.from('{"not":"json"').toString('base64url')], [forge({ sort: 'NAME:ASC' })], [forge(null)], [forge('NAME:ASC')]])(
    'undecodable cursor %p',
    (cursor) => {
      expectBadUserInput(() => decodeCursor(cursor, 'NAME:ASC', 'text'));
    },
  );

  it.each(['2147483648', '-2147483649', '12345678901', '1.5', '', ' 1', '1e3', 'abc'])('integer value %p', (value) => {
    expectBadUserInput(() => decodeCursor(encodeCursor('NUMBER:ASC', value, ID), 'NUMBER:ASC', 'integer'));
  });

  it.each(['2025-02-30', '2025-02-29', '0000-01-01', '2025-3-4', 'Infinity', '2025-03-04 00:00:00+00'])('date value %p', (value) => {
    expectBadUserInput(() => decodeCursor(encodeCursor('DEADLINE:ASC', value, ID), 'DEADLINE:ASC', 'date'));
  });

  it.each([
    '2025-03-04 24:00:00+00',
    '2025-03-04 10:60:00+00',
    '2025-03-04 10:00:60+00',
    '2025-03-04 10:00:00+16',
    '2025-03-04 10:00:00-16',
    '2025-02-30 10:00:00+00',
    '2025-03-04T10:00:00Z',
    '2025-03-04 10:00:00',
    '2025-03-04 10:00:00.1234567+00',
  ])('timestamptz value %p', (value) => {
    expectBadUserInput(() => decodeCursor(encodeCursor('CREATED_AT:DESC', value, ID), 'CREATED_AT:DESC', 'timestamptz'));
  });

  it.each(['', '.5', '1.', 'e5', '0x10', '1,5', ' 0.1', "0.1'); --", 'nan'])('real value %p', (value) => {
    expectBadUserInput(() => decodeCursor(encodeCursor('RANK:DESC', value, ID), 'RANK:DESC', 'real'));
  });

  it('text value with a NUL character', () => {
    expectBadUserInput(() => decodeCursor(encodeCursor('NAME:ASC', 'a\u0000b', ID), 'NAME:ASC', 'text'));
  });
});

describe('decodeCursor with a custom idPattern', () => {
  const HISTORY_ID = /^[A-Z_]+:\d{1,19}$/;

  it('accepts ids of that pattern', () => {
    const cursor = encodeCursor('VERSION:DESC', '7', 'JOB:42');
    expect(decodeCursor(cursor, 'VERSION:DESC', 'integer', HISTORY_ID)).toEqual({ value: '7', id: 'JOB:42' });
  });

  it('refuses UUIDs when the pattern does not allow them', () => {
    expectBadUserInput(() => decodeCursor(encodeCursor('VERSION:DESC', '7', ID), 'VERSION:DESC', 'integer', HISTORY_ID));
  });

  it('the default pattern refuses such ids', () => {
    expectBadUserInput(() => decodeCursor(encodeCursor('VERSION:DESC', '7', 'JOB:42'), 'VERSION:DESC', 'integer'));
  });
});
