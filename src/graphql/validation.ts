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
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isDecimalString',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate(value: unknown) {
          return decimalProblem(value, precision, scale, sign) === null;
        },
        defaultMessage(args) {
          return `${args?.property} ${decimalProblem(args?.value, precision, scale, sign)}`;
        },
      },
    });
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

/** A JSON object (not an array, string, number or null), at most `maxBytes` when serialized. */
export function IsJsonObject(maxBytes = 16_384, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isJsonObject',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' && value !== null && !Array.isArray(value) && JSON.stringify(value).length <= maxBytes,
        defaultMessage: (args) => `${args?.property} must be a JSON object (not an array or a scalar) of at most ${maxBytes} bytes`,
      },
    });
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
