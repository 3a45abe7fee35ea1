// Unit specs for input validation: decimal and text checks, custom decorators, validateInput and reasons.
import 'reflect-metadata';
import { IsOptional, IsString } from 'class-validator';
import { UserErrorsException, type UserError } from './errors';
import { checkReason, decimalProblem, IsJsonObject, IsJsonValue, IsText, jsonValueProblem, textProblem, Trim, TrimToNull, validateInput } from './validation';

const EMOJI = '\u{1F600}';

class Thing {
  @Trim()
  @IsString()
  @IsText(200)
  name!: string;

  @IsOptional()
  @TrimToNull()
  @IsText(5)
  note?: string | null;

  @IsOptional()
  @IsJsonObject(50)
  meta?: Record<string, unknown>;
}

async function errorsOf(input: unknown, path?: string[]): Promise<UserError[]> {
  try {
    await validateInput(Thing, input, path);
  } catch (err) {
    expect(err).toBeInstanceOf(UserErrorsException);
    return (err as UserErrorsException).errors;
  }
  throw new Error('expected validateInput to throw');
}

describe('decimalProblem', () => {
  it.each(['12.50', '0', '-5', '9999999999.99', '-9999999999.99', '0000000000012.5'])('accepts %p as numeric(12,2)', (value) => {
    expect(decimalProblem(value, 12, 2, 'any')).toBeNull();
  });

  it.each([['1e5'], ['12.'], ['.5'], ['+1'], [' 1'], ['1,5'], ['abc'], [''], [12.5], [null]])('refuses the format of %p', (value) => {
    expect(decimalProblem(value, 12, 2, 'any')).toBe('must be a decimal number such as "12.50"');
  });

  it('refuses too many decimal places', () => {
    expect(decimalProblem('1.234', 12, 2, 'any')).toBe('must have at most 2 decimal places');
    expect(decimalProblem('1.2345', 12, 3, 'any')).toBe('must have at most 3 decimal places');
  });

  it('refuses too many integer digits', () => {
    expect(decimalProblem('10000000000', 12, 2, 'any')).toBe('must be less than 10000000000');
    expect(decimalProblem('-10000000000', 12, 2, 'any')).toBe('must be less than 10000000000');
    expect(decimalProblem('1000', 5, 2, 'any')).toBe('must be less than 1000');
  });

  it.each([
    ['positive', '0.01', null],
    ['positive', '0', 'must be greater than zero'],
    ['positive', '-1', 'must be greater than zero'],
    ['nonNegative', '0', null],
    ['nonNegative', '-0', null],
    ['nonNegative', '-0.01', 'must be zero or more'],
    ['nonZero', '-1', null],
    ['nonZero', '0.000', 'must be not zero'],
    ['any', '-3', null],
  ] as const)('sign %s: %p gives %p', (sign, value, expected) => {
    expect(decimalProblem(value, 12, 3, sign)).toBe(expected);
  });
});

describe('textProblem', () => {
  it.each(['', 'plain text', EMOJI, `a${EMOJI}b${EMOJI}`, 'caf\u00e9'])('accepts %p', (value) => {
    expect(textProblem(value)).toBeNull();
  });

  it('refuses NUL characters', () => {
    expect(textProblem('a\u0000b')).toBe('must not contain NUL characters');
  });

  it.each([
    ['\uD800', 'lone high surrogate'],
    ['x\uDC00', 'lone low surrogate'],
    [`${EMOJI}\uD83D`, 'trailing high surrogate after a valid pair'],
    ['\uDE00\uD83D', 'pair in the wrong order'],
  ])('refuses %j (%s)', (value) => {
    expect(textProblem(value)).toBe('must be valid Unicode text (it has an unpaired surrogate)');
  });
});

describe('validateInput with IsText', () => {
  it('returns an instance of the class with the values', async () => {
    const thing = await validateInput(Thing, { name: 'Bob' });
    expect(thing).toBeInstanceOf(Thing);
    expect(thing.name).toBe('Bob');
  });

  it('counts an emoji as one character: 200 emoji pass IsText(200)', async () => {
    const name = EMOJI.repeat(200);
    expect(name.length).toBe(400);
    await expect(validateInput(Thing, { name })).resolves.toMatchObject({ name });
  });

  it('refuses 201 emoji with a VALIDATION error at [input, name]', async () => {
    expect(await errorsOf({ name: EMOJI.repeat(201) })).toEqual([{ code: 'VALIDATION', path: ['input', 'name'], message: 'name must be at most 200 characters' }]);
  });

  it('refuses NUL characters', async () => {
    expect(await errorsOf({ name: 'a\u0000b' })).toEqual([{ code: 'VALIDATION', path: ['input', 'name'], message: 'name must not contain NUL characters' }]);
  });

  it('refuses unpaired surrogates', async () => {
    expect(await errorsOf({ name: 'bad \uD800' })).toEqual([
      { code: 'VALIDATION', path: ['input', 'name'], message: 'name must be valid Unicode text (it has an unpaired surrogate)' },
    ]);
  });

  it('puts errors under a custom path and reports every field', async () => {
    const errors = await errorsOf({ name: 'x'.repeat(201), note: 'toolong' }, ['input', 'lines', '0']);
    expect(errors).toHaveLength(2);
    expect(errors).toEqual(
      expect.arrayContaining([
        { code: 'VALIDATION', path: ['input', 'lines', '0', 'name'], message: 'name must be at most 200 characters' },
        { code: 'VALIDATION', path: ['input', 'lines', '0', 'note'], message: 'note must be at most 5 characters' },
      ]),
    );
  });

  it('treats a null input as an empty object (required field missing)', async () => {
    const errors = await errorsOf(null);
    expect(errors).toEqual([{ code: 'VALIDATION', path: ['input', 'name'], message: 'name must be a string' }]);
  });

  it('the exception message joins the messages', async () => {
    await expect(validateInput(Thing, { name: 'a\u0000' })).rejects.toThrow('name must not contain NUL characters');
  });
});

describe('Trim and TrimToNull', () => {
  it('Trim trims before validation, so surrounding spaces do not count', async () => {
    const thing = await validateInput(Thing, { name: `  ${EMOJI.repeat(200)}  ` });
    expect(thing.name).toBe(EMOJI.repeat(200));
  });

  it('TrimToNull trims text', async () => {
    const thing = await validateInput(Thing, { name: 'a', note: '  abcde  ' });
    expect(thing.note).toBe('abcde');
  });

  it('TrimToNull turns blank text into null', async () => {
    const thing = await validateInput(Thing, { name: 'a', note: '   ' });
    expect(thing.note).toBeNull();
  });

  it('Trim leaves non-strings alone (then IsString refuses them)', async () => {
    expect(await errorsOf({ name: 42 })).toEqual([{ code: 'VALIDATION', path: ['input', 'name'], message: 'name must be a string' }]);
  });
});

describe('validateInput with IsJsonObject', () => {
  const jsonMessage = 'meta must be a JSON object (not an array or a scalar) of at most 50 bytes';

  it('accepts a small object', async () => {
    const thing = await validateInput(Thing, { name: 'a', meta: { a: 1, b: ['x'] } });
    expect(thing.meta).toEqual({ a: 1, b: ['x'] });
  });

  it.each([[[1, 2]], ['text'], [42]])('refuses %p', async (meta) => {
    expect(await errorsOf({ name: 'a', meta })).toEqual([{ code: 'VALIDATION', path: ['input', 'meta'], message: jsonMessage }]);
  });

  it('refuses an object over the size limit', async () => {
    expect(await errorsOf({ name: 'a', meta: { k: 'x'.repeat(50) } })).toEqual([{ code: 'VALIDATION', path: ['input', 'meta'], message: jsonMessage }]);
  });

  it('refuses a NUL in a nested string value', async () => {
    expect(await errorsOf({ name: 'a', meta: { list: ['ok', { deep: 'a\u0000' }] } })).toEqual([
      { code: 'VALIDATION', path: ['input', 'meta'], message: 'meta strings must not contain NUL characters' },
    ]);
  });

  it('refuses an unpaired surrogate in a key', async () => {
    expect(await errorsOf({ name: 'a', meta: { ['k\uDC00']: 1 } })).toEqual([
      { code: 'VALIDATION', path: ['input', 'meta'], message: 'meta strings must be valid Unicode text (it has an unpaired surrogate)' },
    ]);
  });
});

describe('jsonValueProblem and IsJsonValue', () => {
  it.each([[{ a: [1, 'x'] }], [[1, 2]], ['text'], [0], [false], [{}]])('accepts %p', (value) => {
    expect(jsonValueProblem(value, 100)).toBeNull();
  });

  it.each([
    [null, 'must be a JSON value (not null)'],
    [undefined, 'must be a JSON value (not null)'],
    ['x'.repeat(100), 'must be at most 100 bytes as JSON'],
    ['\u00e9'.repeat(50), 'must be at most 100 bytes as JSON'], // 52 characters, 102 bytes
    [{ k: 'a\u0000b' }, 'strings must not contain NUL characters'],
    [['\ud800'], 'strings must be valid Unicode text (it has an unpaired surrogate)'],
  ])('refuses %p: %s', (value, problem) => {
    expect(jsonValueProblem(value, 100)).toBe(problem);
  });

  class Entry {
    @IsJsonValue(20)
    value!: unknown;
  }

  it('validates a field at its path', async () => {
    await expect(validateInput(Entry, { value: [1, 2, 3] }, [])).resolves.toMatchObject({ value: [1, 2, 3] });
    await expect(validateInput(Entry, { value: 'a long string, too long' }, [])).rejects.toMatchObject({
      errors: [{ code: 'VALIDATION', path: ['value'], message: 'value must be at most 20 bytes as JSON' }],
    });
  });
});

describe('checkReason', () => {
  it.each([[null], [undefined], [''], ['   ']])('is null for %p', (reason) => {
    expect(checkReason(reason)).toBeNull();
  });

  it('trims the reason', () => {
    expect(checkReason('  late delivery  ')).toBe('late delivery');
  });

  it('accepts exactly 1000 characters', () => {
    expect(checkReason('x'.repeat(1000))).toBe('x'.repeat(1000));
  });

  it('refuses over 1000 characters with a VALIDATION error at [reason]', () => {
    let caught: unknown;
    try {
      checkReason('x'.repeat(1001));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UserErrorsException);
    expect((caught as UserErrorsException).errors).toEqual([{ code: 'VALIDATION', message: 'reason must be at most 1000 characters', path: ['reason'] }]);
  });
});
