import { Decimal } from 'decimal.js';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** A money amount in canonical form: two decimal places, rounded half-up. */
export function money(value: Decimal.Value): string {
  return new D(value).toFixed(2);
}

/** A quantity in canonical form: three decimal places. */
export function quantity(value: Decimal.Value): string {
  return new D(value).toFixed(3);
}

/** quantity × unit price, rounded half-up (away from zero) to cents. */
export function lineTotal(qty: Decimal.Value, unitPrice: Decimal.Value): string {
  return new D(qty).times(unitPrice).toFixed(2);
}

/** Sum of amounts, exact. */
export function sum(values: Decimal.Value[], places = 2): string {
  return values.reduce<Decimal>((acc, v) => acc.plus(v), new D(0)).toFixed(places);
}

/** a − b, to cents. */
export function minus(a: Decimal.Value, b: Decimal.Value): string {
  return new D(a).minus(b).toFixed(2);
}

/** (profit ÷ revenue × 100) to two places, or null when revenue is zero. */
export function marginPercent(profit: Decimal.Value, revenue: Decimal.Value): string | null {
  const rev = new D(revenue);
  return rev.isZero() ? null : new D(profit).div(rev).times(100).toFixed(2);
}

/** Whether |value| fits numeric(12,2). */
export function fitsMoney(value: Decimal.Value): boolean {
  return new D(value).abs().lt('1e10');
}
