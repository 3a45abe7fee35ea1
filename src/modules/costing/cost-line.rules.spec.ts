// Unit specs for the pure cost-line rules: defaults from staff rates, kind rules, totals and limits.
import { UserErrorsException, type UserError } from '../../kernel/errors';
import { CostLineKind } from './cost-kinds';
import { applyCostLineRules, type CostLineDraft, type LineStaff } from './cost-line.rules';

const PATH = ['input', 'lines', '0'];
const TODAY = '2025-06-30';
const STAFF_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const STAFF = { wageRate: '40', chargeOutRate: '95.5' };

const time = (over: Partial<CostLineDraft> = {}): CostLineDraft => ({
  kind: CostLineKind.TIME,
  description: 'Fitting',
  quantity: '1.5',
  staffId: STAFF_ID,
  ...over,
});
const material = (over: Partial<CostLineDraft> = {}): CostLineDraft => ({
  kind: CostLineKind.MATERIAL,
  description: 'Timber',
  quantity: '2',
  unitCost: '10',
  unitRev: '12.5',
  ...over,
});
const adjustment = (over: Partial<CostLineDraft> = {}): CostLineDraft => ({ ...material(over), kind: CostLineKind.ADJUSTMENT, ...over });

function errorsOf(draft: CostLineDraft, staff: LineStaff = undefined): UserError[] {
  try {
    applyCostLineRules(draft, staff, PATH, TODAY);
  } catch (err) {
    expect(err).toBeInstanceOf(UserErrorsException);
    return (err as UserErrorsException).errors;
  }
  throw new Error('expected applyCostLineRules to throw');
}

describe('applyCostLineRules: TIME lines', () => {
  it('take the staff rates as unit cost and revenue', () => {
    expect(applyCostLineRules(time(), STAFF, PATH, TODAY)).toEqual({
      kind: CostLineKind.TIME,
      description: 'Fitting',
      quantity: '1.500',
      unitCost: '40.00',
      unitRev: '95.50',
      totalCost: '60.00',
      totalRev: '143.25',
      accountingDate: TODAY,
      staffId: STAFF_ID,
      extRefs: {},
      meta: {},
    });
  });

  it('use explicit unit prices over the staff rates', () => {
    const line = applyCostLineRules(time({ unitCost: '35', unitRev: '100' }), STAFF, PATH, TODAY);
    expect(line).toMatchObject({ unitCost: '35.00', unitRev: '100.00', totalCost: '52.50', totalRev: '150.00' });
  });

  it('default only the price that is not given', () => {
    const line = applyCostLineRules(time({ unitRev: '120' }), STAFF, PATH, TODAY);
    expect(line).toMatchObject({ unitCost: '40.00', unitRev: '120.00', totalCost: '60.00', totalRev: '180.00' });
  });

  it('need a staffId', () => {
    expect(errorsOf(time({ staffId: null }))).toEqual([{ code: 'VALIDATION', path: [...PATH, 'staffId'], message: 'staffId is required for TIME lines' }]);
  });

  it('report NOT_FOUND when the named staff member does not exist', () => {
    expect(errorsOf(time(), null)).toEqual([{ code: 'NOT_FOUND', path: [...PATH, 'staffId'], message: `Staff member ${STAFF_ID} was not found` }]);
  });

  it.each(['-1', '0'])('refuse quantity %p', (qty) => {
    expect(errorsOf(time({ quantity: qty }), STAFF)).toEqual([{ code: 'VALIDATION', path: [...PATH, 'quantity'], message: 'quantity of a TIME line must be greater than zero' }]);
  });

  it('report the quantity and staff problems together', () => {
    const errors = errorsOf(time({ quantity: '-1', staffId: null }));
    expect(errors.map((e) => e.path.at(-1))).toEqual(['quantity', 'staffId']);
  });
});

describe('applyCostLineRules: MATERIAL lines', () => {
  it('derive totals from the given prices, with no staff', () => {
    expect(applyCostLineRules(material(), undefined, PATH, TODAY)).toMatchObject({
      quantity: '2.000',
      unitCost: '10.00',
      unitRev: '12.50',
      totalCost: '20.00',
      totalRev: '25.00',
      staffId: null,
    });
  });

  it('need unitCost and unitRev, both reported together', () => {
    expect(errorsOf(material({ unitCost: null, unitRev: undefined }))).toEqual([
      { code: 'VALIDATION', path: [...PATH, 'unitCost'], message: 'unitCost is required for MATERIAL lines' },
      { code: 'VALIDATION', path: [...PATH, 'unitRev'], message: 'unitRev is required for MATERIAL lines' },
    ]);
  });

  it('do not take prices from a staff member', () => {
    const errors = errorsOf(material({ unitCost: null, unitRev: null, staffId: STAFF_ID }), STAFF);
    expect(errors.map((e) => e.path.at(-1))).toEqual(['unitCost', 'unitRev']);
  });

  it('report NOT_FOUND for a staffId naming no one', () => {
    expect(errorsOf(material({ staffId: STAFF_ID }), null)).toEqual([{ code: 'NOT_FOUND', path: [...PATH, 'staffId'], message: `Staff member ${STAFF_ID} was not found` }]);
  });

  it('refuse a negative quantity', () => {
    expect(errorsOf(material({ quantity: '-2' }))).toEqual([{ code: 'VALIDATION', path: [...PATH, 'quantity'], message: 'quantity of a MATERIAL line must be greater than zero' }]);
  });

  it.each([
    ['1.2345', 'must have at most 3 decimal places'],
    ['1000000000', 'must be less than 1000000000'],
    ['abc', 'must be a decimal number such as "12.50"'],
  ])('refuse quantity %p', (qty, problem) => {
    expect(errorsOf(material({ quantity: qty }))).toEqual([{ code: 'VALIDATION', path: [...PATH, 'quantity'], message: `quantity of a MATERIAL line ${problem}` }]);
  });
});

describe('applyCostLineRules: ADJUSTMENT lines', () => {
  it('allow a negative quantity, giving negative totals', () => {
    expect(applyCostLineRules(adjustment({ quantity: '-2' }), undefined, PATH, TODAY)).toMatchObject({
      kind: CostLineKind.ADJUSTMENT,
      quantity: '-2.000',
      totalCost: '-20.00',
      totalRev: '-25.00',
    });
  });

  it.each(['0', '0.000', '-0'])('refuse the zero quantity %p', (qty) => {
    expect(errorsOf(adjustment({ quantity: qty }))).toEqual([{ code: 'VALIDATION', path: [...PATH, 'quantity'], message: 'quantity of a ADJUSTMENT line must be not zero' }]);
  });
});

describe('applyCostLineRules: totals', () => {
  it('round half-up to cents', () => {
    const line = applyCostLineRules(material({ quantity: '2.5', unitCost: '0.01', unitRev: '0.03' }), undefined, PATH, TODAY);
    expect(line).toMatchObject({ totalCost: '0.03', totalRev: '0.08' });
  });

  it('round negative totals half away from zero', () => {
    const line = applyCostLineRules(adjustment({ quantity: '-1.5', unitCost: '0.01', unitRev: '0.03' }), undefined, PATH, TODAY);
    expect(line).toMatchObject({ totalCost: '-0.02', totalRev: '-0.05' });
  });

  it('accept a total just under 10^10', () => {
    const line = applyCostLineRules(material({ quantity: '3', unitCost: '3333333333.33', unitRev: '1' }), undefined, PATH, TODAY);
    expect(line.totalCost).toBe('9999999999.99');
  });

  it('refuse a total of 10^10 or more, once for each price', () => {
    expect(errorsOf(material({ quantity: '1000000', unitCost: '10000', unitRev: '20000' }))).toEqual([
      { code: 'VALIDATION', path: [...PATH, 'quantity'], message: 'quantity × unitCost must be less than 10000000000' },
      { code: 'VALIDATION', path: [...PATH, 'quantity'], message: 'quantity × unitRev must be less than 10000000000' },
    ]);
  });

  it('refuse a total that only reaches 10^10 by rounding', () => {
    expect(errorsOf(material({ quantity: '0.5', unitCost: '1', unitRev: '19999999999.99' }))).toEqual([
      { code: 'VALIDATION', path: [...PATH, 'quantity'], message: 'quantity × unitRev must be less than 10000000000' },
    ]);
  });

  it('check TIME totals against the staff rates', () => {
    expect(errorsOf(time({ quantity: '1000000' }), { wageRate: '10000', chargeOutRate: '1' })).toEqual([
      { code: 'VALIDATION', path: [...PATH, 'quantity'], message: 'quantity × unitCost must be less than 10000000000' },
    ]);
  });
});

describe('applyCostLineRules: defaults', () => {
  it('default accountingDate to the today argument', () => {
    expect(applyCostLineRules(material(), undefined, PATH, '2024-02-29').accountingDate).toBe('2024-02-29');
  });

  it('keep an explicit accountingDate', () => {
    expect(applyCostLineRules(material({ accountingDate: '2025-01-15' }), undefined, PATH, TODAY).accountingDate).toBe('2025-01-15');
  });

  it('default accountingDate to the UTC date when no today is given', () => {
    jest.useFakeTimers().setSystemTime(new Date('2025-06-30T23:30:00-05:00'));
    try {
      expect(applyCostLineRules(material(), undefined, PATH).accountingDate).toBe('2025-07-01');
    } finally {
      jest.useRealTimers();
    }
  });

  it('default null extRefs and meta to {}', () => {
    const line = applyCostLineRules(material({ extRefs: null, meta: null }), undefined, PATH, TODAY);
    expect(line.extRefs).toEqual({});
    expect(line.meta).toEqual({});
  });

  it('keep given extRefs and meta', () => {
    const line = applyCostLineRules(material({ extRefs: { xero: 'INV-1' }, meta: { colour: 'red' } }), undefined, PATH, TODAY);
    expect(line).toMatchObject({ extRefs: { xero: 'INV-1' }, meta: { colour: 'red' } });
  });
});
