import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { DateResolver, JSONResolver, SafeIntResolver } from 'graphql-scalars';

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
  if (Number.isNaN(date.getTime())) throw new GraphQLError(`DateTime ${JSON.stringify(value)} is not a real moment`);
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

/** `YYYY-MM-DD` calendar dates, kept as strings (graphql-scalars validates, we keep the text). */
export const DateScalar = new GraphQLScalarType({
  ...DateResolver.toConfig(),
  serialize: (value) => (typeof value === 'string' ? value.slice(0, 10) : DateResolver.serialize(value)),
  parseValue: (value) => {
    DateResolver.parseValue(value);
    return value as string;
  },
  parseLiteral: (ast, vars) => {
    DateResolver.parseLiteral(ast, vars);
    return (ast as { value: string }).value;
  },
});

export const scalarResolvers = {
  Decimal: DecimalScalar,
  DateTime: DateTimeScalar,
  Date: DateScalar,
  JSON: JSONResolver,
  SafeInt: SafeIntResolver,
};
