import { lineAmountProblems, orderTotalProblem } from './order-bounds';

describe('purchase-order amount bounds', () => {
  it('accepts a line up to 9,999,999,999.99 at cost and with the markup', () => {
    expect(lineAmountProblems({ quantityOrdered: '1', unitCost: '8333333333.32' }, '20', ['l'])).toEqual([]);
    expect(lineAmountProblems({ quantityOrdered: '999999999.999', unitCost: '10' }, '0', ['l'])).toEqual([]);
  });

  it('refuses a line whose total, or whose marked-up total, does not fit', () => {
    expect(lineAmountProblems({ quantityOrdered: '2', unitCost: '5000000000.00' }, '0', ['l'])).toEqual([
      expect.objectContaining({ code: 'VALIDATION', path: ['l', 'unitCost'], message: expect.stringContaining('10000000000.00') }),
    ]);
    expect(lineAmountProblems({ quantityOrdered: '1', unitCost: '9000000000' }, '20', ['l'])).toEqual([expect.objectContaining({ message: expect.stringContaining('markup') })]);
  });

  it('refuses an order whose total does not fit', () => {
    const half = { quantityOrdered: '1', unitCost: '5000000000.00' };
    expect(orderTotalProblem([half], ['lines'])).toBeNull();
    expect(orderTotalProblem([half, half], ['lines'])).toEqual(expect.objectContaining({ code: 'VALIDATION', path: ['lines'] }));
  });
});
