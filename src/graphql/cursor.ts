import { isCalendarDate } from '../kernel/dates';
import { UUID_PATTERN } from '../kernel/ids';
import { badUserInput } from './errors';

/** A sort key over a PostgreSQL enum (ordered as declared): cursor values must be one of its labels. */
export interface EnumSortType {
  enumName: string;
  values: readonly string[];
}

/** The SQL type of a sort key, which its cursor value is cast back to. */
export type SortType = 'timestamptz' | 'date' | 'integer' | 'text' | 'real' | EnumSortType;

/** The SQL name of a sort key's type, for the cast of its cursor value. */
export function sortSqlType(type: SortType): string {
  return typeof type === 'string' ? type : type.enumName;
}

/** Opaque cursor: base64url of [sort name, sort value, id]. */
export function encodeCursor(sort: string, value: string | null, id: string): string {
  return Buffer.from(JSON.stringify([sort, value, id])).toString('base64url');
}

/**
 * Whether a cursor's sort value has the form that `(expr)::text` gives for the sort key's type, so
 * that casting it back cannot fail (a forged cursor must be BAD_USER_INPUT, not a database error).
 */
const SORT_VALUE_FORMATS: Record<Exclude<SortType, EnumSortType>, (value: string) => boolean> = {
  integer: (v) => /^-?\d{1,10}$/.test(v) && Math.abs(Number(v)) <= 2_147_483_647,
  text: (v) => !v.includes('\u0000'),
  // float4 as PostgreSQL prints it (shortest exact form, e.g. "0.0607927", "1e-20"): it casts back to the same value.
  real: (v) => /^-?\d+(\.\d+)?(e[+-]?\d+)?$/.test(v) || v === 'NaN' || v === 'Infinity' || v === '-Infinity',
  date: (v) => v === 'infinity' || v === '-infinity' || isCalendarDate(v),
  timestamptz: (v) => {
    const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([+-])(\d{2})(:[0-5]\d){0,2}$/.exec(v);
    return !!m && isCalendarDate(m[1]) && Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4]) < 60 && Number(m[7]) <= 15;
  },
};

/**
 * Reads a cursor of {@link encodeCursor}: BAD_USER_INPUT unless it belongs to this list and order
 * and its value has the form of the sort key's type (so casting it back cannot fail).
 */
export function decodeCursor(cursor: string, sort: string, type: SortType, idPattern: RegExp = UUID_PATTERN): { value: string; id: string } {
  try {
    const [s, value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown, unknown];
    if (
      s === sort &&
      typeof id === 'string' &&
      idPattern.test(id) &&
      typeof value === 'string' &&
      (typeof type === 'string' ? SORT_VALUE_FORMATS[type](value) : type.values.includes(value))
    ) {
      return { value, id };
    }
  } catch {
    // falls through to the error below
  }
  throw badUserInput('after is not a cursor of this list in this order; use a cursor returned by the same query', 'after');
}
