// Unit specs for the money helpers: canonical forms, half-up rounding and money-column limits.
import { fitsMoney, lineTotal, markedUp, marginPercent, minus, money, quantity, sum } from './money';

describe('money', () => {
  it.each([
    ['12', '12.00'],
    ['12.5', '12.50'],
    ['0.005', '0.01'],
    ['-0.005', '-0.01'],
    ['2.675', '2.68'],
    ['1.004', '1.00'],
    ['-2.675', '-2.68'],
  ])('money(%p) is %p', (input, expected) => {
    expect(money(input)).toBe(expected);
  });

  it('reads numbers from their decimal text, not their binary value (2.675 → "2.68")', () => {
    expect(money(2.675)).toBe('2.68');
  });

  it.each(['-0.004', '-0.0049', '-0', '0.004'])('never writes "-0.00" for %p', (input) => {
    expect(money(input)).toBe('0.00');
  });
});

describe('quantity', () => {
  it.each([
    ['2', '2.000'],
    ['1.0005', '1.001'],
    ['-1.0005', '-1.001'],
    ['1.2344', '1.234'],
    ['-0.0004', '0.000'],
  ])('quantity(%p) is %p', (input, expected) => {
    expect(quantity(input)).toBe(expected);
  });
});

describe('lineTotal', () => {
  it.each([
    ['1.5', '10.01', '15.02'],
    ['-1.5', '10.01', '-15.02'],
    ['3', '0.333', '1.00'],
    ['2.5', '0.01', '0.03'],
    ['0.001', '1', '0.00'],
    ['-0.001', '1', '0.00'],
    ['-2', '12.50', '-25.00'],
  ])('%p × %p is %p', (qty, price, expected) => {
    expect(lineTotal(qty, price)).toBe(expected);
  });
});

describe('sum', () => {
  it('is "0.00" for no values', () => {
    expect(sum([])).toBe('0.00');
  });

  it('adds exactly, without floating-point error', () => {
    expect(sum(['0.1', '0.2'])).toBe('0.30');
    expect(sum([0.1, 0.2])).toBe('0.30');
  });

  it('handles mixed signs', () => {
    expect(sum(['1.10', '2.20', '-0.30'])).toBe('3.00');
  });

  it('rounds to the requested places', () => {
    expect(sum(['1.0005', '1'], 3)).toBe('2.001');
  });
});

describe('minus', () => {
  it.each([
    ['10', '2.345', '7.66'],
    ['0', '5', '-5.00'],
    ['1', '1.004', '0.00'],
  ])('%p − %p is %p', (a, b, expected) => {
    expect(minus(a, b)).toBe(expected);
  });
});

describe('marginPercent', () => {
  it.each([
    ['25', '100', '25.00'],
    ['1', '3', '33.33'],
    ['2', '3', '66.67'],
    ['-50', '200', '-25.00'],
    ['0', '100', '0.00'],
  ])('profit %p on revenue %p is %p%', (profit, revenue, expected) => {
    expect(marginPercent(profit, revenue)).toBe(expected);
  });

  it.each(['0', '0.00', '-0'])('is null when revenue is %p', (revenue) => {
    expect(marginPercent('5', revenue)).toBeNull();
  });
});

describe('fitsMoney', () => {
  it.each([
    ['9999999999.99', true],
    ['-9999999999.99', true],
    ['0', true],
    ['10000000000', false],
    ['-10000000000', false],
    ['10000000000.01', false],
  ])('fitsMoney(%p) is %p', (value, expected) => {
    expect(fitsMoney(value)).toBe(expected);
  });
});

describe('markedUp', () => {
  it.each([
    ['10.00', '20', '12.00'],
    ['10.00', '0', '10.00'],
    ['10', '-10', '9.00'],
    ['9.99', '15', '11.49'],
    ['1.25', '10', '1.38'],
    ['0.05', '10', '0.06'],
    ['10', '12.5', '11.25'],
  ])('%p marked up by %p% is %p', (price, percent, expected) => {
    expect(markedUp(price, percent)).toBe(expected);
  });
});
