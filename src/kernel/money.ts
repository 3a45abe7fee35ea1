import { Decimal } from 'decimal.js';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** `value` rounded half-up to `places`, written out; a result that rounds to zero is "0.00", never "-0.00". */
function fixed(value: Decimal, places: number): string {
  const rounded = value.toDecimalPlaces(places);
  return (rounded.isZero() ? rounded.abs() : rounded).toFixed(places);
}

/** A money amount in canonical form: two decimal places, rounded half-up. */
export function money(value: Decimal.Value): string {
  return fixed(new D(value), 2);
}

/** A quantity in canonical form: three decimal places. */
export function quantity(value: Decimal.Value): string {
  return fixed(new D(value), 3);
}

/** quantity × unit price, rounded half-up (away from zero) to cents. */
export function lineTotal(qty: Decimal.Value, unitPrice: Decimal.Value): string {
  return fixed(new D(qty).times(unitPrice), 2);
}

/** Sum of amounts, exact. */
export function sum(values: Decimal.Value[], places = 2): string {
  return fixed(
    values.reduce<Decimal>((acc, v) => acc.plus(v), new D(0)),
    places,
  );
}

/** a − b, to cents. */
export function minus(a: Decimal.Value, b: Decimal.Value): string {
  return fixed(new D(a).minus(b), 2);
}

/** (profit ÷ revenue × 100) to two places, or null when revenue is zero. */
export function marginPercent(profit: Decimal.Value, revenue: Decimal.Value): string | null {
  const rev = new D(revenue);
  return rev.isZero() ? null : fixed(new D(profit).div(rev).times(100), 2);
}

/** Whether |value| fits numeric(12,2). */
export function fitsMoney(value: Decimal.Value): boolean {
  return new D(value).abs().lt('1e10');
}

/** A unit price marked up by `percent` (e.g. "20" → × 1.20), rounded half-up to cents. */
export function markedUp(unitPrice: Decimal.Value, percent: Decimal.Value): string {
  return fixed(new D(unitPrice).times(new D(percent).div(100).plus(1)), 2);
}
