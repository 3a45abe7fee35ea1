import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { DateResolver, JSONResolver, SafeIntResolver } from 'graphql-scalars';
import { isCalendarDate } from '../kernel/dates';

const DECIMAL = /^-?\d+(\.\d+)?$/;

function parseDecimal(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && DECIMAL.test(value.trim())) return value.trim();
  throw new GraphQLError(`Decimal must be a number written as a string, e.g. "12.50" (got ${JSON.stringify(value)})`);
}

/** Exact decimals as strings, so money never passes through floating point. */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'An exact decimal number, serialized as a string ("12.50").',
  serialize: (value) => String(value),
  parseValue: parseDecimal,
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return parseDecimal(ast.value);
    throw new GraphQLError('Decimal must be a string such as "12.50" or a number');
  },
});

function toIso(value: unknown): string {
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) throw new GraphQLError(`DateTime cannot represent ${JSON.stringify(value)}`);
  return date.toISOString();
}

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    throw new GraphQLError(`DateTime must be an ISO 8601 timestamp with a time zone, e.g. "2026-11-21T09:30:00Z" (got ${JSON.stringify(value)})`);
  }
  const date = new Date(value);
  // new Date() rolls 2025-02-30 over to March 2nd, and year 0000 is not a date PostgreSQL stores.
  if (Number.isNaN(date.getTime()) || !isCalendarDate(value.slice(0, 10))) {
    throw new GraphQLError(`DateTime ${JSON.stringify(value)} is not a real moment (years 0001 to 9999)`);
  }
  return date;
}

/** ISO 8601 timestamps, always serialized in UTC. */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize: toIso,
  parseValue: parseDateTime,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string');
    return parseDateTime(ast.value);
  },
});

function checkYear(value: string): string {
  if (!isCalendarDate(value)) throw new GraphQLError(`Date must be a calendar date from 0001-01-01 to 9999-12-31 (got ${JSON.stringify(value)})`);
  return value;
}

/** `YYYY-MM-DD` calendar dates of years 0001 to 9999, kept as strings (graphql-scalars validates, we keep the text). */
export const DateScalar = new GraphQLScalarType({
  ...DateResolver.toConfig(),
  serialize: (value) => (typeof value === 'string' ? value.slice(0, 10) : DateResolver.serialize(value)),
  parseValue: (value) => {
    DateResolver.parseValue(value);
    return checkYear(value as string);
  },
  parseLiteral: (ast, vars) => {
    DateResolver.parseLiteral(ast, vars);
    return checkYear((ast as { value: string }).value);
  },
});

/** How deep a JSON argument may nest (objects and arrays). */
export const MAX_JSON_DEPTH = 32;

/** The depth of a JSON-like value (a scalar is 0), counted without recursion. */
export function jsonDepth(root: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (value && typeof value === 'object') {
      max = Math.max(max, depth + 1);
      if (max > MAX_JSON_DEPTH) return max;
      for (const item of Object.values(value)) stack.push([item, depth + 1]);
    }
  }
  return max;
}

/** The depth of a GraphQL literal (object and list values), counted without recursion. */
export function literalDepth(root: ValueNode): number {
  let max = 0;
  const stack: Array<[ValueNode, number]> = [[root, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node.kind === Kind.OBJECT) {
      max = Math.max(max, depth + 1);
      if (max > MAX_JSON_DEPTH) return max;
      for (const field of node.fields) stack.push([field.value, depth + 1]);
    } else if (node.kind === Kind.LIST) {
      max = Math.max(max, depth + 1);
      if (max > MAX_JSON_DEPTH) return max;
      for (const item of node.values) stack.push([item, depth + 1]);
    }
  }
  return max;
}

const tooDeep = () => new GraphQLError(`JSON values may nest at most ${MAX_JSON_DEPTH} levels of objects and arrays`);

/** Any JSON value, nested at most {@link MAX_JSON_DEPTH} deep (deeper input would exhaust the stack further on). */
export const JSONScalar = new GraphQLScalarType({
  ...JSONResolver.toConfig(),
  parseValue(value) {
    if (jsonDepth(value) > MAX_JSON_DEPTH) throw tooDeep();
    return JSONResolver.parseValue(value);
  },
  parseLiteral(ast, variables) {
    if (literalDepth(ast) > MAX_JSON_DEPTH) throw tooDeep();
    return JSONResolver.parseLiteral(ast, variables);
  },
});

export const scalarResolvers = {
  Decimal: DecimalScalar,
  DateTime: DateTimeScalar,
  Date: DateScalar,
  JSON: JSONScalar,
  SafeInt: SafeIntResolver,
};
