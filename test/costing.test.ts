import type { TestContext } from './support/context';
import { dataOf, LINE_FIELDS, mutate, USER_ERRORS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';
import { decimalSum, material } from './support/values';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const COST_SET = `id kind rev summary { cost rev hours } costLines { ${LINE_FIELDS} }`;

async function readCostSet(ws: TestContext, id: string) {
  return dataOf(await ws.gql(`query($id: ID!) { costSet(id: $id) { ${COST_SET} } }`, { id })).costSet;
}

/** The summary a cost set must have: the exact sums over its lines (hours over TIME lines only). */
function sumsOf(lines: Array<{ kind: string; totalCost: string; totalRev: string; quantity: string }>) {
  return {
    cost: decimalSum(
      lines.map((l) => l.totalCost),
      2,
    ),
    rev: decimalSum(
      lines.map((l) => l.totalRev),
      2,
    ),
    hours: decimalSum(
      lines.filter((l) => l.kind === 'TIME').map((l) => l.quantity),
      3,
    ),
  };
}

/** Checks a cost set's summary against its lines, through the API and in the database. */
async function expectConsistent(ws: TestContext, costSetId: string) {
  const cs = await readCostSet(ws, costSetId);
  expect(cs.summary).toEqual(sumsOf(cs.costLines));
  const [db] = await server.db.query(
    `SELECT cs.summary_cost::text AS cost, cs.summary_rev::text AS rev, cs.summary_hours::text AS hours,
            COALESCE((SELECT SUM(total_cost) FROM cost_lines WHERE cost_set_id = cs.id), 0)::numeric(14,2)::text AS line_cost,
            COALESCE((SELECT SUM(total_rev) FROM cost_lines WHERE cost_set_id = cs.id), 0)::numeric(14,2)::text AS line_rev,
            COALESCE((SELECT SUM(quantity) FROM cost_lines WHERE cost_set_id = cs.id AND kind = 'TIME'), 0)::numeric(14,3)::text AS line_hours
       FROM cost_sets cs WHERE cs.id = $1`,
    [costSetId],
  );
  expect({ cost: db.cost, rev: db.rev, hours: db.hours }).toEqual({ cost: db.line_cost, rev: db.line_rev, hours: db.line_hours });
  return cs;
}

const UPDATE_LINE = `mutation($id: ID!, $input: UpdateCostLineInput!) {
  updateCostLine(id: $id, input: $input) { costLine { ${LINE_FIELDS} } costSet { id summary { cost rev hours } } ${USER_ERRORS} }
}`;
const DELETE_LINE = `mutation($id: ID!) { deleteCostLine(id: $id) { costLine { id } costSet { id summary { cost rev hours } } ${USER_ERRORS} } }`;
const CREATE_SET = `mutation($input: CreateCostSetInput!) { createCostSet(input: $input) { costSet { ${COST_SET} } ${USER_ERRORS} } }`;
const COST_SUMMARY = `costSummary { estimatedCost estimatedRevenue quotedRevenue actualCost actualRevenue actualHours profit marginPercent }`;

async function jobCostSummary(ws: TestContext, jobId: string) {
  return dataOf(await ws.gql(`query($id: ID!) { job(id: $id) { ${COST_SUMMARY} } }`, { id: jobId })).job.costSummary;
}

describe('a new job', () => {
  test('has empty rev-1 ESTIMATE, QUOTE and ACTUAL cost sets, and a zero cost summary', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    const d = dataOf(
      await ws.gql(
        `query($id: ID!) { job(id: $id) {
           costSets { ${COST_SET} job { id } }
           latestEstimate { id kind rev } latestQuote { id kind rev } latestActual { id kind rev }
           ${COST_SUMMARY}
         } }`,
        { id: job.id },
      ),
    ).job;
    const empty = { cost: '0.00', rev: '0.00', hours: '0.000' };
    expect(d.costSets).toHaveLength(3);
    expect(d.costSets.map((cs: any) => cs.kind).sort()).toEqual(['ACTUAL', 'ESTIMATE', 'QUOTE']);
    for (const cs of d.costSets) {
      expect(cs).toMatchObject({ rev: 1, summary: empty, costLines: [], job: { id: job.id } });
    }
    const byKind = Object.fromEntries(d.costSets.map((cs: any) => [cs.kind, cs.id]));
    expect(d.latestEstimate).toEqual({ id: byKind.ESTIMATE, kind: 'ESTIMATE', rev: 1 });
    expect(d.latestQuote).toEqual({ id: byKind.QUOTE, kind: 'QUOTE', rev: 1 });
    expect(d.latestActual).toEqual({ id: byKind.ACTUAL, kind: 'ACTUAL', rev: 1 });
    expect(d.costSummary).toEqual({
      estimatedCost: '0.00',
      estimatedRevenue: '0.00',
      quotedRevenue: '0.00',
      actualCost: '0.00',
      actualRevenue: '0.00',
      actualHours: '0.000',
      profit: '0.00',
      marginPercent: null,
    });
    // costSets(kind) narrows to one kind.
    const onlyQuotes = dataOf(await ws.gql(`query($id: ID!) { job(id: $id) { costSets(kind: QUOTE) { id kind rev } } }`, { id: job.id }));
    expect(onlyQuotes.job.costSets).toEqual([{ id: byKind.QUOTE, kind: 'QUOTE', rev: 1 }]);
  });
});

describe('cost line arithmetic', () => {
  test('MATERIAL 3 × 0.10 = 0.30, exactly', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    const { ESTIMATE } = job.costSets;
    const { costLine, costSet } = await ws.newCostLine({ costSetId: ESTIMATE, ...material('3', '0.10', '0.10', 'Screws') });
    expect(costLine).toMatchObject({
      kind: 'MATERIAL',
      description: 'Screws',
      quantity: '3.000',
      unitCost: '0.10',
      unitRev: '0.10',
      totalCost: '0.30',
      totalRev: '0.30',
      staff: null,
      costSet: { id: ESTIMATE },
    });
    expect(costSet.summary).toEqual({ cost: '0.30', rev: '0.30', hours: '0.000' });
    // Read back in a fresh request.
    const line = dataOf(await ws.gql(`query($id: ID!) { costLine(id: $id) { ${LINE_FIELDS} } }`, { id: costLine.id })).costLine;
    expect(line).toEqual(costLine);
  });

  test('TIME rates default from the staff member; explicit unitCost / unitRev override', async () => {
    const ws = await server.newWorkspace();
    const staff = await ws.newStaff({ wageRate: '30', chargeOutRate: '45' });
    expect([staff.wageRate, staff.chargeOutRate]).toEqual(['30.00', '45.00']);
    const job = await ws.newJob();
    const { ACTUAL } = job.costSets;

    const defaulted = await ws.newCostLine({ costSetId: ACTUAL, kind: 'TIME', quantity: '1.5', staffId: staff.id, description: 'Fitting' });
    expect(defaulted.costLine).toMatchObject({
      kind: 'TIME',
      quantity: '1.500',
      unitCost: '30.00',
      unitRev: '45.00',
      totalCost: '45.00',
      totalRev: '67.50',
      staff: { id: staff.id },
    });
    expect(defaulted.costSet.summary).toEqual({ cost: '45.00', rev: '67.50', hours: '1.500' });

    const costOverride = await ws.newCostLine({ costSetId: ACTUAL, kind: 'TIME', quantity: '2', staffId: staff.id, unitCost: '20.00' });
    expect(costOverride.costLine).toMatchObject({ unitCost: '20.00', unitRev: '45.00', totalCost: '40.00', totalRev: '90.00' });

    const revOverride = await ws.newCostLine({ costSetId: ACTUAL, kind: 'TIME', quantity: '0.25', staffId: staff.id, unitRev: '100' });
    expect(revOverride.costLine).toMatchObject({ unitCost: '30.00', unitRev: '100.00', totalCost: '7.50', totalRev: '25.00' });

    const zeroOverride = await ws.newCostLine({ costSetId: ACTUAL, kind: 'TIME', quantity: '1', staffId: staff.id, unitCost: '0', unitRev: '0' });
    expect(zeroOverride.costLine).toMatchObject({ unitCost: '0.00', unitRev: '0.00', totalCost: '0.00', totalRev: '0.00' });

    expect(zeroOverride.costSet.summary).toEqual({ cost: '92.50', rev: '182.50', hours: '4.750' });
    await expectConsistent(ws, ACTUAL);
  });

  test('a later change of the staff member’s rates does not change existing TIME lines', async () => {
    const ws = await server.newWorkspace();
    const staff = await ws.newStaff({ wageRate: '30.00', chargeOutRate: '45.00' });
    const job = await ws.newJob();
    const { ACTUAL } = job.costSets;
    const { costLine } = await ws.newCostLine({ costSetId: ACTUAL, kind: 'TIME', quantity: '2', staffId: staff.id });
    await mutate(ws, `mutation($id: ID!) { updateStaff(id: $id, input: { wageRate: "50", chargeOutRate: "80" }) { staffMember { id } ${USER_ERRORS} } }`, {
      id: staff.id,
    });
    const cs = await expectConsistent(ws, ACTUAL);
    expect(cs.costLines).toEqual([expect.objectContaining({ id: costLine.id, unitCost: '30.00', unitRev: '45.00', totalCost: '60.00', totalRev: '90.00' })]);
    // A new line picks up the new rates.
    const next = await ws.newCostLine({ costSetId: ACTUAL, kind: 'TIME', quantity: '1', staffId: staff.id });
    expect(next.costLine).toMatchObject({ unitCost: '50.00', unitRev: '80.00' });
  });

  test.each([
    ['1.005', '1.00', '1.01'], // 1.005 → half-up
    ['0.125', '0.10', '0.01'], // 0.0125 → 0.01
    ['2.5', '0.01', '0.03'], // 0.025 → 0.03
    ['0.015', '1.00', '0.02'], // 0.015 → 0.02 (a binary float would give 0.01)
    ['1.115', '1.00', '1.12'],
    ['0.333', '3.00', '1.00'], // 0.999 → 1.00
    ['0.004', '1.00', '0.00'],
    ['3', '0.10', '0.30'],
    ['999.999', '12.34', '12339.99'], // 12339.98766
  ])('MATERIAL %s × %s totals %s (rounded half-up to cents)', async (qty, price, total) => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    const { ESTIMATE } = job.costSets;
    const { costLine, costSet } = await ws.newCostLine({ costSetId: ESTIMATE, ...material(qty, price, price) });
    expect([costLine.totalCost, costLine.totalRev]).toEqual([total, total]);
    expect(costSet.summary).toMatchObject({ cost: total, rev: total });
    const [row] = await server.db.query('SELECT total_cost::text AS c, total_rev::text AS r FROM cost_lines WHERE id = $1', [costLine.id]);
    expect(row).toEqual({ c: total, r: total });
  });

  test('ADJUSTMENT lines with a negative quantity reduce the summary; halves round away from zero', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    const { ACTUAL } = job.costSets;
    await ws.newCostLine({ costSetId: ACTUAL, ...material('10', '4.00', '6.00') });
    const adj = await ws.newCostLine({ costSetId: ACTUAL, kind: 'ADJUSTMENT', quantity: '-2', unitCost: '4.00', unitRev: '6.00', description: 'Returned 2' });
    expect(adj.costLine).toMatchObject({ kind: 'ADJUSTMENT', quantity: '-2.000', totalCost: '-8.00', totalRev: '-12.00' });
    expect(adj.costSet.summary).toEqual({ cost: '32.00', rev: '48.00', hours: '0.000' });

    const half = await ws.newCostLine({ costSetId: ACTUAL, kind: 'ADJUSTMENT', quantity: '-2.5', unitCost: '0.01', unitRev: '0.01' });
    expect(half.costLine).toMatchObject({ totalCost: '-0.03', totalRev: '-0.03' });
    expect(half.costSet.summary).toEqual({ cost: '31.97', rev: '47.97', hours: '0.000' });

    // A positive adjustment adds.
    const up = await ws.newCostLine({ costSetId: ACTUAL, kind: 'ADJUSTMENT', quantity: '1', unitCost: '0.03', unitRev: '0.53' });
    expect(up.costSet.summary).toEqual({ cost: '32.00', rev: '48.50', hours: '0.000' });
    await expectConsistent(ws, ACTUAL);

    // Adjustments can take the summary below zero.
    const big = await ws.newCostLine({ costSetId: ACTUAL, kind: 'ADJUSTMENT', quantity: '-1', unitCost: '40.00', unitRev: '50.00' });
    expect(big.costSet.summary).toEqual({ cost: '-8.00', rev: '-1.50', hours: '0.000' });
    expect(await jobCostSummary(ws, job.id)).toMatchObject({ actualCost: '-8.00', actualRevenue: '-1.50', profit: '6.50' });
  });
});

describe('zero amounts', () => {
  test('a negative line total that rounds to zero is "0.00" (never "-0.00"), in the payload and when read back', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    const { ACTUAL } = job.costSets;
    const { costLine, costSet } = await ws.newCostLine({ costSetId: ACTUAL, kind: 'ADJUSTMENT', quantity: '-0.004', unitCost: '1.00', unitRev: '0.50' });
    expect(costLine).toMatchObject({ quantity: '-0.004', totalCost: '0.00', totalRev: '0.00' });
    expect(costSet.summary).toEqual({ cost: '0.00', rev: '0.00', hours: '0.000' });
    const read = dataOf(await ws.gql(`query($id: ID!) { costLine(id: $id) { totalCost totalRev } }`, { id: costLine.id })).costLine;
    expect(read).toEqual({ totalCost: '0.00', totalRev: '0.00' });

    const updated = await mutate(ws, UPDATE_LINE, { id: costLine.id, input: { quantity: '-0.001' } });
    expect(updated.costLine).toMatchObject({ totalCost: '0.00', totalRev: '0.00' });
  });

  test('a tiny loss gives marginPercent "0.00", not "-0.00"', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    const { ACTUAL } = job.costSets;
    await ws.newCostLine({ costSetId: ACTUAL, ...material('1', '1000.01', '1000.00') }); // profit −0.01 → margin −0.001 %
    expect(await jobCostSummary(ws, job.id)).toMatchObject({ actualCost: '1000.01', actualRevenue: '1000.00', profit: '-0.01', marginPercent: '0.00' });
  });
});

describe('cost set summary', () => {
  test('equals the sum of its lines after add, update (quantity and prices) and delete; hours count only TIME lines', async () => {
    const ws = await server.newWorkspace();
    const ann = await ws.newStaff({ wageRate: '30.00', chargeOutRate: '45.00' });
    const bob = await ws.newStaff({ wageRate: '22.50', chargeOutRate: '40.00' });
    const job = await ws.newJob();
    const { ACTUAL } = job.costSets;

    const t1 = await ws.newCostLine({ costSetId: ACTUAL, kind: 'TIME', quantity: '1.5', staffId: ann.id });
    expect(t1.costSet.summary).toEqual({ cost: '45.00', rev: '67.50', hours: '1.500' });
    const m1 = await ws.newCostLine({ costSetId: ACTUAL, ...material('5', '2.20', '3.30') }); // 11.00 / 16.50, 5 units are not hours
    expect(m1.costSet.summary).toEqual({ cost: '56.00', rev: '84.00', hours: '1.500' });
    const t2 = await ws.newCostLine({ costSetId: ACTUAL, kind: 'TIME', quantity: '0.75', staffId: bob.id }); // 16.875 → 16.88 / 30.00
    expect(t2.costLine).toMatchObject({ totalCost: '16.88', totalRev: '30.00' });
    expect(t2.costSet.summary).toEqual({ cost: '72.88', rev: '114.00', hours: '2.250' });
    const a1 = await ws.newCostLine({ costSetId: ACTUAL, kind: 'ADJUSTMENT', quantity: '-3', unitCost: '1.00', unitRev: '2.00' }); // not hours
    expect(a1.costSet.summary).toEqual({ cost: '69.88', rev: '108.00', hours: '2.250' });
    await expectConsistent(ws, ACTUAL);

    // Update the quantity of a TIME line: totals and hours follow.
    let u = await mutate(ws, UPDATE_LINE, { id: t1.costLine.id, input: { quantity: '2.25' } });
    expect(u.costLine).toMatchObject({ quantity: '2.250', unitCost: '30.00', unitRev: '45.00', totalCost: '67.50', totalRev: '101.25' });
    expect(u.costSet).toEqual({ id: ACTUAL, summary: { cost: '92.38', rev: '141.75', hours: '3.000' } });
    await expectConsistent(ws, ACTUAL);

    // Update prices of the material line.
    u = await mutate(ws, UPDATE_LINE, { id: m1.costLine.id, input: { unitCost: '2.00', unitRev: '4.01' } });
    expect(u.costLine).toMatchObject({ quantity: '5.000', totalCost: '10.00', totalRev: '20.05' });
    expect(u.costSet.summary).toEqual({ cost: '91.38', rev: '145.30', hours: '3.000' });
    await expectConsistent(ws, ACTUAL);

    // Quantity and price together.
    u = await mutate(ws, UPDATE_LINE, { id: m1.costLine.id, input: { quantity: '0.5', unitRev: '0.05' } });
    expect(u.costLine).toMatchObject({ quantity: '0.500', unitCost: '2.00', unitRev: '0.05', totalCost: '1.00', totalRev: '0.03' });
    expect(u.costSet.summary).toEqual({ cost: '82.38', rev: '125.28', hours: '3.000' });

    // Moving a TIME line to another staff member brings their rates.
    u = await mutate(ws, UPDATE_LINE, { id: t2.costLine.id, input: { staffId: ann.id } });
    expect(u.costLine).toMatchObject({ staff: { id: ann.id }, unitCost: '30.00', unitRev: '45.00', totalCost: '22.50', totalRev: '33.75' });
    expect(u.costSet.summary).toEqual({ cost: '88.00', rev: '129.03', hours: '3.000' });
    await expectConsistent(ws, ACTUAL);

    // Delete lines.
    let del = await mutate(ws, DELETE_LINE, { id: t1.costLine.id });
    expect(del.costLine.id).toBe(t1.costLine.id);
    expect(del.costSet.summary).toEqual({ cost: '20.50', rev: '27.78', hours: '0.750' });
    del = await mutate(ws, DELETE_LINE, { id: a1.costLine.id });
    expect(del.costSet.summary).toEqual({ cost: '23.50', rev: '33.78', hours: '0.750' });
    await expectConsistent(ws, ACTUAL);
    expect(dataOf(await ws.gql(`query($id: ID!) { costLine(id: $id) { id } }`, { id: t1.costLine.id })).costLine).toBeNull();

    del = await mutate(ws, DELETE_LINE, { id: t2.costLine.id });
    del = await mutate(ws, DELETE_LINE, { id: m1.costLine.id });
    expect(del.costSet.summary).toEqual({ cost: '0.00', rev: '0.00', hours: '0.000' });
    const cs = await expectConsistent(ws, ACTUAL);
    expect(cs.costLines).toEqual([]);
  });

  test('stays equal to the sum of the lines under 10 concurrent addCostLine calls', async () => {
    const ws = await server.newWorkspace();
    const staff = await ws.newStaff({ wageRate: '33.33', chargeOutRate: '55.55' });
    const job = await ws.newJob();
    const { ACTUAL } = job.costSets;
    const inputs = Array.from({ length: 10 }, (_, i) =>
      i % 2 === 0 ? { kind: 'TIME' as const, quantity: `${i + 1}.125`, staffId: staff.id, description: `time ${i}` } : material(`${i}`, `1.0${i}`, `2.${i}5`, `material ${i}`),
    );
    const results = await Promise.all(inputs.map((input) => ws.newCostLine({ costSetId: ACTUAL, ...input })));
    expect(new Set(results.map((r) => r.costLine.id)).size).toBe(10);

    const cs = await expectConsistent(ws, ACTUAL);
    expect(cs.costLines).toHaveLength(10);
    // Independently computed: hours = 1.125 + 3.125 + 5.125 + 7.125 + 9.125.
    expect(cs.summary.hours).toBe('25.625');
    const expectedCost = decimalSum(
      results.map((r) => r.costLine.totalCost),
      2,
    );
    const expectedRev = decimalSum(
      results.map((r) => r.costLine.totalRev),
      2,
    );
    expect(cs.summary).toEqual({ cost: expectedCost, rev: expectedRev, hours: '25.625' });
    // TIME: 1.125 × 33.33 = 37.49625 → 37.50, etc.
    const time0 = results.find((r) => r.costLine.description === 'time 0')!.costLine;
    expect([time0.totalCost, time0.totalRev]).toEqual(['37.50', '62.49']);
    expect((await jobCostSummary(ws, job.id)).actualHours).toBe('25.625');
  });
});

describe('Job.costSummary', () => {
  test('is computed exactly from the latest estimate, quote and actual', async () => {
    const ws = await server.newWorkspace();
    const staff = await ws.newStaff({ wageRate: '30.00', chargeOutRate: '45.00' });
    const job = await ws.newJob();
    const sets = job.costSets;

    await ws.newCostLine({ costSetId: sets.ESTIMATE, ...material('10', '12.34', '20.00') }); // 123.40 / 200.00
    await ws.newCostLine({ costSetId: sets.ESTIMATE, kind: 'TIME', quantity: '8', staffId: staff.id }); // 240.00 / 360.00
    await ws.newCostLine({ costSetId: sets.QUOTE, ...material('1', '999.00', '612.35') }); // quote cost is not in the summary
    expect(await jobCostSummary(ws, job.id)).toEqual({
      estimatedCost: '363.40',
      estimatedRevenue: '560.00',
      quotedRevenue: '612.35',
      actualCost: '0.00',
      actualRevenue: '0.00',
      actualHours: '0.000',
      profit: '0.00',
      marginPercent: null,
    });

    // Actual cost without revenue: margin stays null, profit negative.
    await ws.newCostLine({ costSetId: sets.ACTUAL, kind: 'TIME', quantity: '2.5', staffId: staff.id, unitRev: '0' }); // 75.00 / 0.00
    expect(await jobCostSummary(ws, job.id)).toMatchObject({
      actualCost: '75.00',
      actualRevenue: '0.00',
      actualHours: '2.500',
      profit: '-75.00',
      marginPercent: null,
    });

    // With revenue: profit and margin. 300.00 rev, 75.00 + 25.00 cost → profit 200.00, margin 66.666… → 66.67.
    await ws.newCostLine({ costSetId: sets.ACTUAL, ...material('1', '25.00', '300.00') });
    expect(await jobCostSummary(ws, job.id)).toEqual({
      estimatedCost: '363.40',
      estimatedRevenue: '560.00',
      quotedRevenue: '612.35',
      actualCost: '100.00',
      actualRevenue: '300.00',
      actualHours: '2.500',
      profit: '200.00',
      marginPercent: '66.67',
    });

    // A loss: cost 100.00 + 250.00 against revenue 300.00 → profit −50.00, margin −16.666… → −16.67.
    await ws.newCostLine({ costSetId: sets.ACTUAL, ...material('1', '250.00', '0') });
    expect(await jobCostSummary(ws, job.id)).toMatchObject({
      actualCost: '350.00',
      actualRevenue: '300.00',
      profit: '-50.00',
      marginPercent: '-16.67',
    });
  });

  test('margin is rounded half-up to two places (1/8 = 12.5 %, 1/3 = 33.33 %, 2/3 = 66.67 %)', async () => {
    const ws = await server.newWorkspace();
    const cases: Array<[string, string, string, string]> = [
      // cost, revenue, profit, margin
      ['7.00', '8.00', '1.00', '12.50'],
      ['2.00', '3.00', '1.00', '33.33'],
      ['1.00', '3.00', '2.00', '66.67'],
      ['0.00', '0.01', '0.01', '100.00'],
      ['7.99', '8.00', '0.01', '0.13'], // 0.125 → 0.13
      ['8.00', '8.00', '0.00', '0.00'],
    ];
    for (const [cost, rev, profit, margin] of cases) {
      const job = await ws.newJob();
      const { ACTUAL } = job.costSets;
      await ws.newCostLine({ costSetId: ACTUAL, ...material('1', cost, rev) });
      expect(await jobCostSummary(ws, job.id)).toMatchObject({ actualCost: cost, actualRevenue: rev, profit, marginPercent: margin });
    }
  });
});

describe('createCostSet', () => {
  test('makes rev 2, 3 … per (job, kind), and latestEstimate / latestQuote / latestActual follow the newest rev', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    const other = await ws.newJob();
    const rev1 = job.costSets;

    const e2 = (await mutate(ws, CREATE_SET, { input: { jobId: job.id, kind: 'ESTIMATE' } })).costSet;
    expect(e2).toMatchObject({ kind: 'ESTIMATE', rev: 2, summary: { cost: '0.00', rev: '0.00', hours: '0.000' }, costLines: [] });
    const e3 = (await mutate(ws, CREATE_SET, { input: { jobId: job.id, kind: 'ESTIMATE' } })).costSet;
    expect(e3.rev).toBe(3);
    const q2 = (await mutate(ws, CREATE_SET, { input: { jobId: job.id, kind: 'QUOTE' } })).costSet;
    expect(q2.rev).toBe(2);
    // Another job counts its own revisions.
    const otherE2 = (await mutate(ws, CREATE_SET, { input: { jobId: other.id, kind: 'ESTIMATE' } })).costSet;
    expect(otherE2.rev).toBe(2);

    const q = `query($id: ID!) { job(id: $id) {
      latestEstimate { id rev } latestQuote { id rev } latestActual { id rev } costSets { id kind rev } } }`;
    let d = dataOf(await ws.gql(q, { id: job.id })).job;
    expect(d.latestEstimate).toEqual({ id: e3.id, rev: 3 });
    expect(d.latestQuote).toEqual({ id: q2.id, rev: 2 });
    expect(d.latestActual).toEqual({ id: rev1.ACTUAL, rev: 1 });
    expect(d.costSets.filter((cs: any) => cs.kind === 'ESTIMATE')).toEqual([
      { id: rev1.ESTIMATE, kind: 'ESTIMATE', rev: 1 },
      { id: e2.id, kind: 'ESTIMATE', rev: 2 },
      { id: e3.id, kind: 'ESTIMATE', rev: 3 },
    ]);
    expect(d.costSets).toHaveLength(6);

    // The summary follows the latest revision, not the older ones.
    await ws.newCostLine({ costSetId: rev1.ESTIMATE, ...material('1', '100.00', '150.00') });
    await ws.newCostLine({ costSetId: e3.id, ...material('1', '7.00', '9.00') });
    await ws.newCostLine({ costSetId: rev1.QUOTE, ...material('1', '1.00', '500.00') });
    expect(await jobCostSummary(ws, job.id)).toMatchObject({ estimatedCost: '7.00', estimatedRevenue: '9.00', quotedRevenue: '0.00' });

    const a2 = (await mutate(ws, CREATE_SET, { input: { jobId: job.id, kind: 'ACTUAL' } })).costSet;
    expect(a2.rev).toBe(2);
    await ws.newCostLine({ costSetId: rev1.ACTUAL, ...material('1', '1000.00', '1000.00') });
    await ws.newCostLine({ costSetId: a2.id, ...material('2', '3.00', '5.00') });
    d = dataOf(await ws.gql(q, { id: job.id })).job;
    expect(d.latestActual).toEqual({ id: a2.id, rev: 2 });
    expect(await jobCostSummary(ws, job.id)).toEqual({
      estimatedCost: '7.00',
      estimatedRevenue: '9.00',
      quotedRevenue: '0.00',
      actualCost: '6.00',
      actualRevenue: '10.00',
      actualHours: '0.000',
      profit: '4.00',
      marginPercent: '40.00',
    });

    // Unique (job, kind, rev) in the database.
    const revs = await server.db.query(`SELECT kind::text AS kind, array_agg(rev ORDER BY rev) AS revs FROM cost_sets WHERE job_id = $1 GROUP BY kind ORDER BY kind`, [job.id]);
    expect(revs).toEqual([
      { kind: 'ACTUAL', revs: [1, 2] },
      { kind: 'ESTIMATE', revs: [1, 2, 3] },
      { kind: 'QUOTE', revs: [1, 2] },
    ]);
  });

  test('revision numbers stay unique and gap-free when 6 revisions of one kind are created concurrently', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    const created = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        mutate(ws, CREATE_SET, {
          input: { jobId: job.id, kind: 'QUOTE', lines: [{ kind: 'MATERIAL', description: `q${i}`, quantity: '1', unitCost: '1.00', unitRev: `${i + 1}.00` }] },
        }),
      ),
    );
    expect(created.map((p) => p.costSet.rev).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7]);
    const newest = created.find((p) => p.costSet.rev === 7)!.costSet;
    const d = dataOf(await ws.gql(`query($id: ID!) { job(id: $id) { latestQuote { id rev } ${COST_SUMMARY} } }`, { id: job.id })).job;
    expect(d.latestQuote).toEqual({ id: newest.id, rev: 7 });
    expect(d.costSummary.quotedRevenue).toBe(newest.summary.rev);
  });

  test('copies the lines of copyFromId (new ids, same amounts) and adds `lines`; the source is untouched', async () => {
    const ws = await server.newWorkspace();
    const staff = await ws.newStaff({ wageRate: '30.00', chargeOutRate: '45.00' });
    const job = await ws.newJob();
    const rev1 = job.costSets;
    await ws.newCostLine({
      costSetId: rev1.ESTIMATE,
      kind: 'TIME',
      quantity: '1.5',
      staffId: staff.id,
      description: 'Labour',
      accountingDate: '2026-01-02',
      extRefs: { xero: 'L-1' },
      meta: { note: 'a' },
    });
    await ws.newCostLine({ costSetId: rev1.ESTIMATE, ...material('3', '0.10', '0.25', 'Screws'), accountingDate: '2026-01-03' });
    await ws.newCostLine({
      costSetId: rev1.ESTIMATE,
      kind: 'ADJUSTMENT',
      quantity: '-1',
      unitCost: '2.00',
      unitRev: '3.00',
      description: 'Discount',
      accountingDate: '2026-01-04',
    });
    const source = await expectConsistent(ws, rev1.ESTIMATE);
    expect(source.summary).toEqual({ cost: '43.30', rev: '65.25', hours: '1.500' });

    const created = await mutate(ws, CREATE_SET, {
      input: {
        jobId: job.id,
        kind: 'ESTIMATE',
        copyFromId: rev1.ESTIMATE,
        lines: [
          { kind: 'MATERIAL', description: 'Extra tiles', quantity: '4', unitCost: '12.50', unitRev: '20.00', accountingDate: '2026-02-01' },
          { kind: 'TIME', description: 'Extra labour', quantity: '0.5', staffId: staff.id, accountingDate: '2026-02-01' },
        ],
      },
    });
    const e2 = created.costSet;
    expect(e2).toMatchObject({ kind: 'ESTIMATE', rev: 2 });
    expect(e2.costLines).toHaveLength(5);
    // 43.30 + 50.00 + 15.00 ; 65.25 + 80.00 + 22.50 ; 1.5 + 0.5
    expect(e2.summary).toEqual({ cost: '108.30', rev: '167.75', hours: '2.000' });
    await expectConsistent(ws, e2.id);

    const strip = (l: any) => {
      const { id: _id, costSet: _cs, ...rest } = l;
      return rest;
    };
    const byDescription = (lines: any[]) => [...lines].sort((a, b) => a.description.localeCompare(b.description));
    const copied = e2.costLines.filter((l: any) => !l.description.startsWith('Extra'));
    expect(byDescription(copied).map(strip)).toEqual(byDescription(source.costLines).map(strip));
    for (const line of e2.costLines) expect(line.costSet).toEqual({ id: e2.id });
    const sourceIds = new Set(source.costLines.map((l: any) => l.id));
    for (const line of e2.costLines) expect(sourceIds.has(line.id)).toBe(false);
    expect(new Set(e2.costLines.map((l: any) => l.id)).size).toBe(5);

    const added = byDescription(e2.costLines.filter((l: any) => l.description.startsWith('Extra')));
    expect(added).toEqual([
      expect.objectContaining({
        kind: 'TIME',
        description: 'Extra labour',
        quantity: '0.500',
        unitCost: '30.00',
        unitRev: '45.00',
        totalCost: '15.00',
        totalRev: '22.50',
        staff: { id: staff.id },
      }),
      expect.objectContaining({ kind: 'MATERIAL', description: 'Extra tiles', quantity: '4.000', totalCost: '50.00', totalRev: '80.00', accountingDate: '2026-02-01' }),
    ]);

    // The source revision is untouched, and the copies are independent of it.
    const sourceAfter = await expectConsistent(ws, rev1.ESTIMATE);
    expect(sourceAfter).toEqual(source);
    const copiedScrews = copied.find((l: any) => l.description === 'Screws');
    await mutate(ws, UPDATE_LINE, { id: copiedScrews.id, input: { quantity: '30' } });
    expect((await readCostSet(ws, rev1.ESTIMATE)).summary).toEqual(source.summary);
    expect((await expectConsistent(ws, e2.id)).summary).toEqual({ cost: '111.00', rev: '174.50', hours: '2.000' });

    expect(await jobCostSummary(ws, job.id)).toMatchObject({ estimatedCost: '111.00', estimatedRevenue: '174.50' });
  });

  test('can copy a revision of another kind (an estimate into a quote)', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    const rev1 = job.costSets;
    await ws.newCostLine({ costSetId: rev1.ESTIMATE, ...material('2', '10.00', '15.00', 'Panels') });
    const q2 = (await mutate(ws, CREATE_SET, { input: { jobId: job.id, kind: 'QUOTE', copyFromId: rev1.ESTIMATE } })).costSet;
    expect(q2).toMatchObject({ kind: 'QUOTE', rev: 2, summary: { cost: '20.00', rev: '30.00', hours: '0.000' } });
    expect(q2.costLines).toEqual([expect.objectContaining({ description: 'Panels', quantity: '2.000', totalCost: '20.00', totalRev: '30.00' })]);
    expect(await jobCostSummary(ws, job.id)).toMatchObject({ estimatedRevenue: '30.00', quotedRevenue: '30.00' });
  });

  test('with `lines` only (no copy) holds just those lines', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    const rev1 = job.costSets;
    await ws.newCostLine({ costSetId: rev1.ACTUAL, ...material('1', '1.00', '1.00', 'Old') });
    const a2 = (
      await mutate(ws, CREATE_SET, {
        input: { jobId: job.id, kind: 'ACTUAL', lines: [{ kind: 'MATERIAL', description: 'New', quantity: '1.005', unitCost: '1.00', unitRev: '2.00' }] },
      })
    ).costSet;
    expect(a2.rev).toBe(2);
    expect(a2.costLines).toEqual([expect.objectContaining({ description: 'New', totalCost: '1.01', totalRev: '2.01' })]);
    expect(a2.summary).toEqual({ cost: '1.01', rev: '2.01', hours: '0.000' });
  });
});

describe('extRefs and meta', () => {
  test('JSON objects round-trip through add, read, copy and update; they default to {}', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    const { ESTIMATE } = job.costSets;
    const extRefs = { xero: { invoiceId: 'INV-0042', lineNo: 3 }, ids: ['a', 'b'], ok: true, none: null, n: 1.5 };
    const meta = { note: 'Ünïcødé “quotes” and emoji 🚧', nested: { deep: { list: [1, { x: 'y' }] } }, empty: {} };

    const { costLine } = await ws.newCostLine({ costSetId: ESTIMATE, ...material('1', '1.00', '1.00'), extRefs, meta });
    expect(costLine.extRefs).toEqual(extRefs);
    expect(costLine.meta).toEqual(meta);
    const read = dataOf(await ws.gql(`query($id: ID!) { costLine(id: $id) { extRefs meta } }`, { id: costLine.id })).costLine;
    expect(read).toEqual({ extRefs, meta });
    const [row] = await server.db.query('SELECT ext_refs, meta FROM cost_lines WHERE id = $1', [costLine.id]);
    expect(row).toEqual({ ext_refs: extRefs, meta });

    const plain = await ws.newCostLine({ costSetId: ESTIMATE, ...material('1', '1.00', '1.00') });
    expect(plain.costLine).toMatchObject({ extRefs: {}, meta: {} });

    // Copied with the line.
    const e2 = (await mutate(ws, CREATE_SET, { input: { jobId: job.id, kind: 'ESTIMATE', copyFromId: ESTIMATE } })).costSet;
    const copy = e2.costLines.find((l: any) => l.description === costLine.description);
    expect(copy).toMatchObject({ extRefs, meta });

    // Replaced by update; fields not given stay.
    const u = await mutate(ws, UPDATE_LINE, { id: costLine.id, input: { extRefs: { other: 'ref' } } });
    expect(u.costLine).toMatchObject({ extRefs: { other: 'ref' }, meta });
    const u2 = await mutate(ws, UPDATE_LINE, { id: costLine.id, input: { meta: {} } });
    expect(u2.costLine).toMatchObject({ extRefs: { other: 'ref' }, meta: {} });
  });
});
