// Unit specs for the custom GraphQL scalars: Decimal, DateTime and Date.
import { GraphQLError, Kind, type ValueNode } from 'graphql';
import { DateScalar, DateTimeScalar, DecimalScalar } from './scalars';

const str = (value: string): ValueNode => ({ kind: Kind.STRING, value });

describe('DecimalScalar', () => {
  it.each([
    ['12.50', '12.50'],
    ['-0.5', '-0.5'],
    ['0', '0'],
    [' 12.50 ', '12.50'],
    [12.5, '12.5'],
    [42, '42'],
    [-3, '-3'],
  ])('parseValue(%p) is %p', (input, expected) => {
    expect(DecimalScalar.parseValue(input)).toBe(expected);
  });

  it.each([['1e5'], ['abc'], [''], ['12.'], ['.5'], ['1,5'], [true], [false], [null], [NaN], [Infinity], [{}]])('parseValue refuses %p', (input) => {
    expect(() => DecimalScalar.parseValue(input)).toThrow(GraphQLError);
    expect(() => DecimalScalar.parseValue(input)).toThrow(/^Decimal must be a number written as a string/);
  });

  it.each<[ValueNode, string]>([
    [str('1.5'), '1.5'],
    [{ kind: Kind.INT, value: '42' }, '42'],
    [{ kind: Kind.FLOAT, value: '3.25' }, '3.25'],
  ])('parseLiteral(%o) is %p', (ast, expected) => {
    expect(DecimalScalar.parseLiteral(ast, undefined)).toBe(expected);
  });

  it.each<[ValueNode]>([[str('abc')], [{ kind: Kind.FLOAT, value: '1e5' }], [str('1e5')]])('parseLiteral refuses %o', (ast) => {
    expect(() => DecimalScalar.parseLiteral(ast, undefined)).toThrow(GraphQLError);
  });

  it.each<[ValueNode]>([[{ kind: Kind.BOOLEAN, value: true }], [{ kind: Kind.NULL }], [{ kind: Kind.LIST, values: [] }]])('parseLiteral refuses a %o literal', (ast) => {
    expect(() => DecimalScalar.parseLiteral(ast, undefined)).toThrow('Decimal must be a string such as "12.50" or a number');
  });

  it('serializes as a string', () => {
    expect(DecimalScalar.serialize('12.50')).toBe('12.50');
    expect(DecimalScalar.serialize(12.5)).toBe('12.5');
  });
});

describe('DateTimeScalar', () => {
  it.each([
    ['2026-11-21T09:30:00Z', '2026-11-21T09:30:00.000Z'],
    ['2026-11-21T09:30:00+02:00', '2026-11-21T07:30:00.000Z'],
    ['2026-11-21T09:30:00.123-05:00', '2026-11-21T14:30:00.123Z'],
    ['2026-11-21T09:30Z', '2026-11-21T09:30:00.000Z'],
  ])('parseValue(%p) is the moment %p', (input, iso) => {
    const date = DateTimeScalar.parseValue(input);
    expect(date).toBeInstanceOf(Date);
    expect((date as Date).toISOString()).toBe(iso);
  });

  it.each([['2026-11-21T09:30:00'], ['2026-11-21'], ['2026-11-21 09:30:00Z'], ['2026-11-21T09:30:00+0200'], [1_700_000_000_000], [null]])(
    'parseValue refuses %p (no time zone or not ISO text)',
    (input) => {
      expect(() => DateTimeScalar.parseValue(input)).toThrow(/^DateTime must be an ISO 8601 timestamp with a time zone/);
    },
  );

  it('parseValue refuses a month that does not exist', () => {
    expect(() => DateTimeScalar.parseValue('2026-13-01T00:00:00Z')).toThrow('DateTime "2026-13-01T00:00:00Z" is not a real moment');
  });

  it('parseLiteral reads strings and refuses other literals', () => {
    expect((DateTimeScalar.parseLiteral(str('2026-11-21T09:30:00Z'), undefined) as Date).toISOString()).toBe('2026-11-21T09:30:00.000Z');
    expect(() => DateTimeScalar.parseLiteral({ kind: Kind.INT, value: '1' }, undefined)).toThrow('DateTime must be a string');
  });

  it('serializes a Date to ISO in UTC', () => {
    expect(DateTimeScalar.serialize(new Date(Date.UTC(2026, 10, 21, 9, 30, 0, 5)))).toBe('2026-11-21T09:30:00.005Z');
  });

  it('serializes timestamp text to ISO in UTC', () => {
    expect(DateTimeScalar.serialize('2026-11-21T09:30:00+02:00')).toBe('2026-11-21T07:30:00.000Z');
  });

  it('refuses to serialize something that is not a moment', () => {
    expect(() => DateTimeScalar.serialize('not a date')).toThrow('DateTime cannot represent "not a date"');
  });
});

describe('DateScalar', () => {
  it.each(['2024-02-29', '2025-03-04', '0001-01-01'])('parseValue keeps %p as text', (value) => {
    expect(DateScalar.parseValue(value)).toBe(value);
  });

  it.each([['2025-02-29'], ['2025-02-30'], ['2025-1-1'], ['2025-03-04T00:00:00Z'], [20250304]])('parseValue refuses %p', (value) => {
    expect(() => DateScalar.parseValue(value)).toThrow(GraphQLError);
  });

  it('parseLiteral keeps the literal text', () => {
    expect(DateScalar.parseLiteral(str('2025-03-04'), undefined)).toBe('2025-03-04');
  });

  it.each<[ValueNode]>([[str('2025-02-30')], [{ kind: Kind.INT, value: '20250304' }]])('parseLiteral refuses %o', (ast) => {
    expect(() => DateScalar.parseLiteral(ast, undefined)).toThrow(GraphQLError);
  });

  it('serializes text to its first ten characters', () => {
    expect(DateScalar.serialize('2025-03-04')).toBe('2025-03-04');
    expect(DateScalar.serialize('2025-03-04T10:00:00Z')).toBe('2025-03-04');
  });

  it('serializes a Date to its UTC day', () => {
    expect(DateScalar.serialize(new Date('2025-03-04T23:00:00Z'))).toBe('2025-03-04');
  });
});
