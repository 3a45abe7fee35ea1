import { plainToInstance, Transform } from 'class-transformer';
import { registerDecorator, validate, ValidateIf, type ValidationError, type ValidationOptions } from 'class-validator';
import { Decimal } from 'decimal.js';
import { UserErrorsException, type UserError } from './errors';

/** Which signs a decimal may have. */
export type DecimalSign = 'any' | 'positive' | 'nonNegative' | 'nonZero';

const SIGN_TEXT: Record<DecimalSign, string> = {
  any: '',
  positive: 'greater than zero',
  nonNegative: 'zero or more',
  nonZero: 'not zero',
};

/**
 * A decimal string that fits `numeric(precision, scale)`: at most `scale` decimal places and
 * `precision - scale` integer digits, with the given sign.
 */
export function IsDecimalString(precision: number, scale: number, sign: DecimalSign = 'any', options?: ValidationOptions) {
  return problemDecorator('isDecimalString', (value) => decimalProblem(value, precision, scale, sign), options);
}

/** Describes what is wrong with a decimal value, or null when it is fine. */
export function decimalProblem(value: unknown, precision: number, scale: number, sign: DecimalSign): string | null {
  if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value)) return 'must be a decimal number such as "12.50"';
  const [intPart, frac = ''] = value.replace('-', '').split('.');
  if (frac.length > scale) return `must have at most ${scale} decimal places`;
  if (intPart.replace(/^0+/, '').length > precision - scale) return `must be less than ${'1' + '0'.repeat(precision - scale)}`;
  const d = new Decimal(value);
  const ok = sign === 'any' || (sign === 'positive' ? d.gt(0) : sign === 'nonNegative' ? d.gte(0) : !d.isZero());
  return ok ? null : `must be ${SIGN_TEXT[sign]}`;
}

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why PostgreSQL cannot store a string as text (or inside `jsonb`), or null: it refuses NUL
 * characters, and `jsonb` refuses unpaired UTF-16 surrogates (which are not Unicode text).
 */
export function textProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  if (UNPAIRED_SURROGATE.test(value)) return 'must be valid Unicode text (it has an unpaired surrogate)';
  return null;
}

/** The first {@link textProblem} of any string or key inside a JSON value, or null. */
function jsonTextProblem(value: unknown): string | null {
  if (typeof value === 'string') return textProblem(value);
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = jsonTextProblem(item);
      if (problem) return problem;
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const problem = textProblem(key) ?? jsonTextProblem(item);
      if (problem) return problem;
    }
  }
  return null;
}

/**
 * Text that fits a `varchar(max)` (or bounded `text`) column: at most `max` characters counted as
 * PostgreSQL counts them (Unicode code points; class-validator's MaxLength counts e.g. emoji
 * variation selectors as nothing, so longer strings got through to the database), without
 * characters PostgreSQL refuses. Non-strings pass: pair it with `@IsString()`.
 */
export function IsText(max: number, options?: ValidationOptions) {
  const problem = (value: unknown) => (typeof value !== 'string' ? null : [...value].length > max ? `must be at most ${max} characters` : textProblem(value));
  return problemDecorator('isText', problem, options);
}

/** A JSON object (not an array, string, number or null), at most `maxBytes` when serialized, whose text PostgreSQL can store. */
export function IsJsonObject(maxBytes = 16_384, options?: ValidationOptions) {
  const problem = (value: unknown) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || JSON.stringify(value).length > maxBytes) {
      return `must be a JSON object (not an array or a scalar) of at most ${maxBytes} bytes`;
    }
    const text = jsonTextProblem(value);
    return text ? `strings ${text}` : null;
  };
  return problemDecorator('isJsonObject', problem, options);
}

/** A property decorator from a function that says what is wrong with a value (null when nothing is). */
function problemDecorator(name: string, problem: (value: unknown) => string | null, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => problem(value) === null,
        defaultMessage: (args) => `${args?.property} ${problem(args?.value)}`,
      },
    });
}

/** Why a value is not a non-null JSON value of at most `maxBytes` that `jsonb` can store, or null. */
export function jsonValueProblem(value: unknown, maxBytes: number): string | null {
  if (value === null || value === undefined) return 'must be a JSON value (not null)';
  const json = JSON.stringify(value);
  if (json === undefined) return 'must be a JSON value';
  if (Buffer.byteLength(json) > maxBytes) return `must be at most ${maxBytes} bytes as JSON`;
  const text = jsonTextProblem(value);
  return text ? `strings ${text}` : null;
}

/**
 * Any JSON value but null (an object, array, string, number or boolean), at most `maxBytes` when
 * serialized, whose text PostgreSQL can store in `jsonb`.
 */
export function IsJsonValue(maxBytes = 65_536, options?: ValidationOptions) {
  const problem = (value: unknown) => jsonValueProblem(value, maxBytes);
  return problemDecorator('isJsonValue', problem, options);
}

function flatten(errors: ValidationError[], path: string[]): UserError[] {
  return errors.flatMap((e) => {
    const here = [...path, e.property];
    const own: UserError[] = Object.values(e.constraints ?? {}).map((message) => ({ message, path: here, code: 'VALIDATION' }));
    return own.concat(flatten(e.children ?? [], here));
  });
}

/**
 * Validates a GraphQL input object against a class-validator class. Throws a
 * {@link UserErrorsException} listing every problem with its path (`['input', 'lines', '0', 'quantity']`).
 */
export async function validateInput<T extends object>(cls: new () => T, input: unknown, path: string[] = ['input']): Promise<T> {
  const instance = plainToInstance(cls, input ?? {});
  const errors = await validate(instance, { forbidUnknownValues: true, validationError: { target: false, value: false } });
  if (errors.length > 0) throw new UserErrorsException(flatten(errors, path));
  return instance;
}

/** Validates the optional `reason` argument every mutation takes. */
export function checkReason(reason: string | null | undefined): string | null {
  if (reason == null) return null;
  if (reason.length > 1000) {
    throw new UserErrorsException([{ code: 'VALIDATION', message: 'reason must be at most 1000 characters', path: ['reason'] }]);
  }
  return reason.trim() || null;
}

/** Trims strings; other values pass through. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** Trims strings and turns blank ones into null (for optional text fields). */
export const TrimToNull = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() || null : value));

/** Validates the field when it is present, null included: for fields that may be omitted but not cleared. */
export const IfPresent = () => ValidateIf((_o, value) => value !== undefined);
