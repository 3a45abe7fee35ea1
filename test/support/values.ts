/** Test data: unique strings, exact decimal sums, and the shape of a material cost line. */

let seq = 0;
/** A short string unique within this test process. */
export function unique(prefix = 'x'): string {
  seq += 1;
  return `${prefix}-${seq}-${Math.random().toString(36).slice(2, 7)}`;
}

/** Exact sum of decimal strings with `places` decimals, done in integer units (no floating point). */
export function decimalSum(values: string[], places: number): string {
  const scale = 10n ** BigInt(places);
  const toUnits = (v: string): bigint => {
    const neg = v.startsWith('-');
    const [i, f = ''] = v.replace('-', '').split('.');
    if (f.length > places) throw new Error(`${v} has more than ${places} decimals`);
    const units = BigInt(i) * scale + BigInt((f + '0'.repeat(places)).slice(0, places) || '0');
    return neg ? -units : units;
  };
  const total = values.reduce((acc, v) => acc + toUnits(v), 0n);
  const neg = total < 0n;
  const abs = neg ? -total : total;
  const int = abs / scale;
  const frac = (abs % scale).toString().padStart(places, '0');
  return `${neg ? '-' : ''}${int}${places ? '.' + frac : ''}`;
}

/** A MATERIAL cost line input with the given quantity and unit prices. */
export function material(quantity: string, unitCost: string, unitRev: string, description?: string) {
  return { kind: 'MATERIAL' as const, quantity, unitCost, unitRev, ...(description ? { description } : {}) };
}
