/**
 * Stock: consuming received goods onto jobs (consumeStock) and returning them (returnStock), the
 * guard rails around stock cost lines, the database CHECK on availability, concurrency, the list
 * filters and the statement count of nested stock queries.
 *
 * Every test builds its own workspace and data; no test depends on another or on their order.
 */
import { randomUUID } from 'node:crypto';
import type { TestContext } from './support/context';
import { expectNothingWritten, historyCount } from './support/database';
import { CONSUME, dataOf, jobCosts, mutate, mutatePayload, onlyError, STOCK_FIELDS, USER_ERRORS } from './support/graphql';
import { startTestServer, type TestServer } from './support/server';
import { decimalSum, material } from './support/values';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const RETURN = `mutation($id: ID!, $quantity: Decimal!, $reason: String) {
  returnStock(costLineId: $id, quantity: $quantity, reason: $reason) {
    costLine { id quantity unitCost unitRev totalCost totalRev } costSet { id summary { cost rev hours } } ${USER_ERRORS} } }`;

async function returnStock(ws: TestContext, costLineId: string, quantity: string) {
  return mutate(ws, RETURN, { id: costLineId, quantity });
}

async function readStockItem(ws: TestContext, id: string): Promise<any> {
  return dataOf(await ws.gql(`query($id: ID!) { stockItem(id: $id) { ${STOCK_FIELDS} } }`, { id })).stockItem;
}

async function costLineCount(wsId: string, costSetId: string): Promise<number> {
  const [{ n }] = await server.db.query('SELECT count(*)::int AS n FROM cost_lines WHERE workspace_id = $1 AND cost_set_id = $2', [wsId, costSetId]);
  return n;
}

async function viewerKeyId(ws: TestContext): Promise<string> {
  return dataOf(await ws.gql('{ viewer { apiKeyId } }')).viewer.apiKeyId;
}

// ------------------------------------------------------------------------------------------ consumeStock

describe('consumeStock', () => {
  test('books a MATERIAL line on the job’s latest ACTUAL at the stock’s unit cost, revenue +20%, to the cent', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    const stock = await ws.newStockItem({ quantity: '10', unitCost: '12.50', description: 'Copper pipe 15mm', itemCode: 'CP-15' });
    const rev1 = dataOf(await ws.gql(`query($id: ID!) { job(id: $id) { latestActual { id rev } } }`, { id: job.id })).job.latestActual;
    const rev2 = await ws.newCostSet({ jobId: job.id, kind: 'ACTUAL' });
    expect(rev2.rev).toBe(2);

    const p = await ws.consumeStock(job.id, stock.id, '2.5', { reason: 'fit-out', accountingDate: '2026-03-04' });
    expect(p.costLine).toMatchObject({
      kind: 'MATERIAL',
      description: 'Copper pipe 15mm',
      quantity: '2.500',
      unitCost: '12.50',
      unitRev: '15.00',
      totalCost: '31.25',
      totalRev: '37.50',
      accountingDate: '2026-03-04',
      extRefs: { stockItemId: stock.id, itemCode: 'CP-15' },
      stockItem: { id: stock.id, quantityAvailable: '7.500' },
      costSet: { id: rev2.id, rev: 2, kind: 'ACTUAL' },
    });
    expect(p.costSet).toEqual({ id: rev2.id, rev: 2, summary: { cost: '31.25', rev: '37.50', hours: '0.000' } });

    // The older revision is untouched; the job's figures come from rev 2.
    expect(await costLineCount(ws.id, rev1.id)).toBe(0);
    const j = await jobCosts(ws, job.id);
    expect(j.costSummary).toEqual({ actualCost: '31.25', actualRevenue: '37.50', actualHours: '0.000', profit: '6.25', marginPercent: '16.67' });
    expect(j.latestActual.costLines.map((l: any) => l.id)).toEqual([p.costLine.id]);

    const item = await readStockItem(ws, stock.id);
    expect(item).toMatchObject({ unitCost: '12.50', quantityOnHand: '10.000', quantityUsed: '2.500', quantityAvailable: '7.500' });
    expect(item.costLines).toEqual([{ id: p.costLine.id, quantity: '2.500' }]);

    // One history record each, with who and why.
    const keyId = await viewerKeyId(ws);
    const stockHist = await server.db.query(`SELECT history_type, actor_id, reason, quantity_used::text AS used FROM stock_items_history WHERE id = $1 ORDER BY version`, [
      stock.id,
    ]);
    expect(stockHist).toEqual([
      { history_type: '+', actor_id: keyId, reason: null, used: '0.000' },
      { history_type: '~', actor_id: keyId, reason: 'fit-out', used: '2.500' },
    ]);
    const lineHist = await server.db.query(`SELECT history_type, actor_id, reason, stock_item_id FROM cost_lines_history WHERE id = $1`, [p.costLine.id]);
    expect(lineHist).toEqual([{ history_type: '+', actor_id: keyId, reason: 'fit-out', stock_item_id: stock.id }]);
  });

  test('revenue is unit cost × 1.20 rounded half-up to cents, line totals rounded half-up', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    const cases = [
      // unitCost, quantity → unitRev, totalCost, totalRev
      { unitCost: '3.33', qty: '3', unitRev: '4.00', totalCost: '9.99', totalRev: '12.00' }, // 3.996 → 4.00
      { unitCost: '0.04', qty: '1', unitRev: '0.05', totalCost: '0.04', totalRev: '0.05' }, // 0.048 → 0.05
      { unitCost: '0.20', qty: '0.125', unitRev: '0.24', totalCost: '0.03', totalRev: '0.03' }, // 0.025 → 0.03
      { unitCost: '0.01', qty: '0.5', unitRev: '0.01', totalCost: '0.01', totalRev: '0.01' }, // 0.012 → 0.01; 0.005 → 0.01
      { unitCost: '19.99', qty: '0.333', unitRev: '23.99', totalCost: '6.66', totalRev: '7.99' }, // 23.988; 6.65667; 7.98867
    ];
    const lines = [];
    for (const c of cases) {
      const stock = await ws.newStockItem({ quantity: '5', unitCost: c.unitCost });
      const p = await ws.consumeStock(job.id, stock.id, c.qty);
      expect({ unitRev: p.costLine.unitRev, totalCost: p.costLine.totalCost, totalRev: p.costLine.totalRev }).toEqual({
        unitRev: c.unitRev,
        totalCost: c.totalCost,
        totalRev: c.totalRev,
      });
      lines.push(p.costLine);
    }
    const j = await jobCosts(ws, job.id);
    expect(j.latestActual.summary.cost).toBe(
      decimalSum(
        cases.map((c) => c.totalCost),
        2,
      ),
    );
    expect(j.latestActual.summary.rev).toBe(
      decimalSum(
        cases.map((c) => c.totalRev),
        2,
      ),
    );
    expect(j.costSummary.actualCost).toBe('16.73');
    expect(j.costSummary.actualRevenue).toBe('20.08');
  });

  test('not enough stock: INSUFFICIENT_STOCK at quantity, nothing written; exactly the available quantity can be taken', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    const stock = await ws.newStockItem({ quantity: '2', unitCost: '5.00' });

    const p = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, CONSUME, { jobId: job.id, stockItemId: stock.id, quantity: '2.001' }));
    expect(p.costLine).toBeNull();
    expect(onlyError(p)).toMatchObject({ code: 'INSUFFICIENT_STOCK', path: ['quantity'] });
    expect(p.userErrors[0].message).toContain('2.000');

    await ws.consumeStock(job.id, stock.id, '2');
    expect(await readStockItem(ws, stock.id)).toMatchObject({ quantityAvailable: '0.000', quantityUsed: '2.000' });

    const again = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, CONSUME, { jobId: job.id, stockItemId: stock.id, quantity: '0.001' }));
    expect(onlyError(again)).toMatchObject({ code: 'INSUFFICIENT_STOCK', path: ['quantity'] });
  });

  test('acceptance: 50 concurrent consumes of 1 against 10 available → exactly 10 succeed, 40 INSUFFICIENT_STOCK, 10 lines, 10 + 10 history records', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    const stock = await ws.newStockItem({ quantity: '10', unitCost: '7.25' });
    const costSetId = (await jobCosts(ws, job.id)).latestActual.id;

    const results = await Promise.all(Array.from({ length: 50 }, () => ws.gql(CONSUME, { jobId: job.id, stockItemId: stock.id, quantity: '1' })));
    for (const r of results) expect(r.errors).toBeUndefined();
    const payloads = results.map((r) => r.data.consumeStock);
    const ok = payloads.filter((p) => p.userErrors.length === 0 && p.costLine);
    const insufficient = payloads.filter((p) => p.userErrors.length === 1 && p.userErrors[0].code === 'INSUFFICIENT_STOCK' && !p.costLine);

    const item = await readStockItem(ws, stock.id);
    const lines = await costLineCount(ws.id, costSetId);
    const stockHistory = await historyCount(server.db, ws.id, { table: 'stock_items', type: '~', id: stock.id });
    const [{ n: lineHistory }] = await server.db.query(`SELECT count(*)::int AS n FROM cost_lines_history WHERE workspace_id = $1 AND stock_item_id = $2 AND history_type = '+'`, [
      ws.id,
      stock.id,
    ]);
    const [{ n: allLineHistory }] = await server.db.query(`SELECT count(*)::int AS n FROM cost_lines_history WHERE workspace_id = $1`, [ws.id]);
    console.log(
      `consumeStock ×50 (1 each, 10 available): ${ok.length} succeeded, ${insufficient.length} INSUFFICIENT_STOCK, ` +
        `${50 - ok.length - insufficient.length} other; available now ${item.quantityAvailable}; ${lines} cost lines; ` +
        `${stockHistory} stock_items_history '~' + ${lineHistory} cost_lines_history '+' records`,
    );

    expect(ok).toHaveLength(10);
    expect(insufficient).toHaveLength(40);
    expect(item).toMatchObject({ quantityOnHand: '10.000', quantityUsed: '10.000', quantityAvailable: '0.000' });
    expect(item.costLines).toHaveLength(10);
    expect(lines).toBe(10);
    expect(stockHistory).toBe(10);
    expect(lineHistory).toBe(10);
    expect(allLineHistory).toBe(10);
    // The stock history is a clean sequence: used 1, 2, … 10.
    const used = await server.db.query(`SELECT quantity_used::text AS u FROM stock_items_history WHERE id = $1 AND history_type = '~' ORDER BY version`, [stock.id]);
    expect(used.map((r: any) => r.u)).toEqual(Array.from({ length: 10 }, (_, i) => `${i + 1}.000`));
    const j = await jobCosts(ws, job.id);
    expect(j.costSummary).toMatchObject({ actualCost: '72.50', actualRevenue: '87.00' });
  });

  test('concurrent consumes for 3 different jobs (different cost sets) never take more than is available', async () => {
    const ws = await server.newWorkspace();
    const jobs = [await ws.newJob(), await ws.newJob(), await ws.newJob()];
    const stock = await ws.newStockItem({ quantity: '10', unitCost: '1.00' });
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => ws.gql(CONSUME, { jobId: jobs[i % 3].id, stockItemId: stock.id, quantity: '1' })));
    for (const r of results) expect(r.errors).toBeUndefined();
    const codes = results.map((r) => (r.data.consumeStock.userErrors.length ? r.data.consumeStock.userErrors[0].code : 'OK'));
    const count = (c: string) => codes.filter((x) => x === c).length;
    const item = await readStockItem(ws, stock.id);
    console.log(
      `consumeStock ×30 over 3 jobs (10 available): ${count('OK')} succeeded, ${count('INSUFFICIENT_STOCK')} INSUFFICIENT_STOCK, available now ${item.quantityAvailable}`,
    );
    expect(count('OK')).toBe(10);
    expect(count('INSUFFICIENT_STOCK')).toBe(20);
    expect(item.quantityAvailable).toBe('0.000');
    let total = 0;
    for (const job of jobs) total += (await jobCosts(ws, job.id)).latestActual.costLines.length;
    expect(total).toBe(10);
  });
});

// ------------------------------------------------------------------------------------------ returnStock

describe('returnStock', () => {
  test('partial return reduces the line and recomputes its totals; full return removes the line (history “-”) and restores the stock', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    const stock = await ws.newStockItem({ quantity: '10', unitCost: '12.50' });
    const { costLine } = await ws.consumeStock(job.id, stock.id, '4');
    expect(costLine).toMatchObject({ totalCost: '50.00', totalRev: '60.00' });

    const partial = await returnStock(ws, costLine.id, '1.5');
    expect(partial.costLine).toEqual({ id: costLine.id, quantity: '2.500', unitCost: '12.50', unitRev: '15.00', totalCost: '31.25', totalRev: '37.50' });
    expect(partial.costSet.summary).toEqual({ cost: '31.25', rev: '37.50', hours: '0.000' });
    expect(await readStockItem(ws, stock.id)).toMatchObject({ quantityUsed: '2.500', quantityAvailable: '7.500' });
    expect(await historyCount(server.db, ws.id, { table: 'cost_lines', type: '~', id: costLine.id })).toBe(1);
    expect(await historyCount(server.db, ws.id, { table: 'stock_items', type: '~', id: stock.id })).toBe(2);

    const full = await returnStock(ws, costLine.id, '2.5');
    expect(full.costLine.id).toBe(costLine.id);
    expect(full.costSet.summary).toEqual({ cost: '0.00', rev: '0.00', hours: '0.000' });
    expect(dataOf(await ws.gql(`query($id: ID!) { costLine(id: $id) { id } }`, { id: costLine.id })).costLine).toBeNull();
    const item = await readStockItem(ws, stock.id);
    expect(item).toMatchObject({ quantityOnHand: '10.000', quantityUsed: '0.000', quantityAvailable: '10.000', costLines: [] });
    const lineHistory = await server.db.query('SELECT history_type, quantity::text AS q FROM cost_lines_history WHERE id = $1 ORDER BY version', [costLine.id]);
    expect(lineHistory).toEqual([
      { history_type: '+', q: '4.000' },
      { history_type: '~', q: '2.500' },
      { history_type: '-', q: '2.500' },
    ]);
    expect(await historyCount(server.db, ws.id, { table: 'stock_items', type: '~', id: stock.id })).toBe(3);
    expect((await jobCosts(ws, job.id)).costSummary).toMatchObject({ actualCost: '0.00', actualRevenue: '0.00', profit: '0.00', marginPercent: null });
  });

  test('concurrent returns never put back more than was consumed: 6 × 1 against a line of 3 → exactly 3 succeed', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    const stock = await ws.newStockItem({ quantity: '10', unitCost: '5.00' });
    const { costLine } = await ws.consumeStock(job.id, stock.id, '3');
    const results = await Promise.all(Array.from({ length: 6 }, () => ws.gql(RETURN, { id: costLine.id, quantity: '1' })));
    for (const r of results) expect(r.errors).toBeUndefined();
    const codes = results.map((r) => (r.data.returnStock.userErrors.length ? r.data.returnStock.userErrors[0].code : 'OK'));
    const ok = codes.filter((c) => c === 'OK').length;
    console.log(`returnStock ×6 (1 each) on a line of 3: ${ok} succeeded, refused: ${codes.filter((c) => c !== 'OK').join(', ')}`);
    expect(ok).toBe(3);
    expect(codes.filter((c) => c !== 'OK').every((c) => c === 'NOT_FOUND' || c === 'VALIDATION')).toBe(true);
    expect(await readStockItem(ws, stock.id)).toMatchObject({ quantityUsed: '0.000', quantityAvailable: '10.000', costLines: [] });
    expect((await jobCosts(ws, job.id)).costSummary).toMatchObject({ actualCost: '0.00', actualRevenue: '0.00' });
    expect(await historyCount(server.db, ws.id, { table: 'cost_lines', id: costLine.id })).toBe(4); // +, ~, ~, -
  });

  test('returning more than was consumed: VALIDATION at quantity, nothing written', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    const stock = await ws.newStockItem({ quantity: '10', unitCost: '2.00' });
    const { costLine } = await ws.consumeStock(job.id, stock.id, '3');
    const p = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, RETURN, { id: costLine.id, quantity: '3.001' }));
    expect(p.costLine).toBeNull();
    expect(onlyError(p)).toMatchObject({ code: 'VALIDATION', path: ['quantity'] });
  });

  test('copying a stock line into a new ESTIMATE gives an ordinary line: the stock is returned once only, never twice', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    const stock = await ws.newStockItem({ quantity: '5', unitCost: '2.00' });
    const { costLine, costSet } = await ws.consumeStock(job.id, stock.id, '2');
    const copy = (
      await mutate(ws, `mutation($i: CreateCostSetInput!) { createCostSet(input: $i) { costSet { id costLines { id quantity totalCost stockItem { id } } } ${USER_ERRORS} } }`, {
        i: { jobId: job.id, kind: 'ESTIMATE', copyFromId: costSet.id },
      })
    ).costSet;
    expect(copy.costLines).toEqual([{ id: expect.any(String), quantity: '2.000', totalCost: '4.00', stockItem: null }]);
    const copied = copy.costLines[0].id;

    // The copy is not a consumption: it cannot put stock back.
    const refused = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, RETURN, { id: copied, quantity: '2' }));
    expect(onlyError(refused)).toMatchObject({ code: 'VALIDATION', path: ['costLineId'] });
    const item = await readStockItem(ws, stock.id);
    expect(item).toMatchObject({ quantityUsed: '2.000', quantityAvailable: '3.000', costLines: [{ id: costLine.id, quantity: '2.000' }] });

    // The original consumption returns normally, exactly once.
    await returnStock(ws, costLine.id, '2');
    expect(await readStockItem(ws, stock.id)).toMatchObject({ quantityUsed: '0.000', quantityAvailable: '5.000', costLines: [] });
  });

  test('a new ACTUAL revision copying a stock line takes over its stock link: stock is returned from the live revision, once', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    const stock = await ws.newStockItem({ quantity: '5', unitCost: '2.00' });
    const { costLine, costSet } = await ws.consumeStock(job.id, stock.id, '2');
    const copy = (
      await mutate(
        ws,
        `mutation($i: CreateCostSetInput!) { createCostSet(input: $i) { costSet { id rev costLines { id quantity totalCost stockItem { id } } } ${USER_ERRORS} } }`,
        { i: { jobId: job.id, kind: 'ACTUAL', copyFromId: costSet.id } },
      )
    ).costSet;
    expect(copy.rev).toBe(2);
    expect(copy.costLines).toEqual([{ id: expect.any(String), quantity: '2.000', totalCost: '4.00', stockItem: { id: stock.id } }]);
    const copied = copy.costLines[0].id;
    // The stock item lists one consumption: the live one.
    expect(await readStockItem(ws, stock.id)).toMatchObject({ quantityUsed: '2.000', costLines: [{ id: copied, quantity: '2.000' }] });

    // The superseded line no longer holds the stock: it cannot put it back.
    const refused = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, RETURN, { id: costLine.id, quantity: '2' }));
    expect(onlyError(refused)).toMatchObject({ code: 'VALIDATION', path: ['costLineId'] });

    // Returning from the live revision puts the stock back and the job's actual figures follow it.
    await returnStock(ws, copied, '2');
    expect(await readStockItem(ws, stock.id)).toMatchObject({ quantityUsed: '0.000', quantityAvailable: '5.000', costLines: [] });
    expect((await jobCosts(ws, job.id)).costSummary).toMatchObject({ actualCost: '0.00', actualRevenue: '0.00' });
  });

  test('returning from a line that was not taken from stock: VALIDATION at costLineId, nothing written', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    const costSetId = (await jobCosts(ws, job.id)).latestActual.id;
    const { costLine } = await ws.newCostLine({ costSetId: costSetId, ...material('3', '2.00', '2.40') });
    const p = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, RETURN, { id: costLine.id, quantity: '1' }));
    expect(onlyError(p)).toMatchObject({ code: 'VALIDATION', path: ['costLineId'] });
  });
});

// ------------------------------------------------------------------------------------------ guard rails

describe('stock cost lines can only change through consumeStock/returnStock', () => {
  async function setup() {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    const stock = await ws.newStockItem({ quantity: '10', unitCost: '4.00' });
    const { costLine } = await ws.consumeStock(job.id, stock.id, '2');
    return { ws, job, stock, costLine };
  }

  test.each([
    ['updateCostLine quantity', `mutation($id: ID!) { updateCostLine(id: $id, input: { quantity: "1" }) { costLine { id } ${USER_ERRORS} } }`, ['input', 'quantity']],
    ['updateCostLine unitCost', `mutation($id: ID!) { updateCostLine(id: $id, input: { unitCost: "1.00" }) { costLine { id } ${USER_ERRORS} } }`, ['input', 'unitCost']],
    ['deleteCostLine', `mutation($id: ID!) { deleteCostLine(id: $id) { costLine { id } ${USER_ERRORS} } }`, ['id']],
    ['revertCostLine', `mutation($id: ID!) { revertCostLine(id: $id, toVersion: 1) { costLine { id } ${USER_ERRORS} } }`, ['id']],
  ])('%s → VALIDATION, nothing written', async (_name, doc, path) => {
    const { ws, costLine } = await setup();
    const p = await expectNothingWritten(server.db, [ws.id], () => mutatePayload(ws, doc, { id: costLine.id }));
    expect(p.costLine).toBeNull();
    expect(onlyError(p)).toMatchObject({ code: 'VALIDATION', path });
  });

  test('a stock line’s description may still be changed; quantity, totals and the stock link stay', async () => {
    const { ws, stock, costLine } = await setup();
    const p = await mutate(
      ws,
      `mutation($id: ID!) { updateCostLine(id: $id, input: { description: "Renamed" }) { costLine { id description quantity totalCost extRefs stockItem { id } } ${USER_ERRORS} } }`,
      { id: costLine.id },
    );
    expect(p.costLine).toEqual({ id: costLine.id, description: 'Renamed', quantity: '2.000', totalCost: '8.00', extRefs: { stockItemId: stock.id }, stockItem: { id: stock.id } });
    expect(await readStockItem(ws, stock.id)).toMatchObject({ quantityUsed: '2.000' });
  });

  test('the database refuses negative availability even from raw SQL (CHECK constraint)', async () => {
    const ws = await server.newWorkspace();
    const stock = await ws.newStockItem({ quantity: '3', unitCost: '1.00' });
    const runner = server.db.createQueryRunner();
    await runner.connect();
    let error: any;
    try {
      await runner.startTransaction();
      await runner.query(`SELECT set_config('app.audit', '{"actor":{"type":"SYSTEM","id":"t","name":"t"}}', true)`);
      await runner.query('UPDATE stock_items SET quantity_used = quantity_on_hand + 1 WHERE id = $1', [stock.id]);
    } catch (err) {
      error = err;
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
    expect(error).toBeDefined();
    expect(error.driverError?.code ?? error.code).toBe('23514');
    expect(String(error.message)).toContain('CHK_stock_items_available');
    expect(await readStockItem(ws, stock.id)).toMatchObject({ quantityUsed: '0.000', quantityAvailable: '3.000' });
  });

  test('stock is only created by receiving: no mutation creates or edits stock items directly', async () => {
    const ws = await server.newWorkspace();
    const fields = dataOf(await ws.gql('{ __type(name: "Mutation") { fields { name } } }')).__type.fields.map((f: any) => f.name);
    expect(fields.filter((n: string) => /stock/i.test(n)).sort()).toEqual(['consumeStock', 'returnStock']);
  });
});

// ------------------------------------------------------------------------------------------ job cost summary

test('acceptance: the job cost summary reflects every consumption and return exactly, to the cent', async () => {
  const ws = await server.newWorkspace();
  const job = await ws.newJob();
  const pipe = await ws.newStockItem({ quantity: '20', unitCost: '12.50' });
  const clips = await ws.newStockItem({ quantity: '100', unitCost: '3.33' });
  const glue = await ws.newStockItem({ quantity: '5', unitCost: '0.20' });

  const summary = async () => (await jobCosts(ws, job.id)).costSummary;
  const a = (await ws.consumeStock(job.id, pipe.id, '2.5')).costLine; // 31.25 / 37.50
  expect(await summary()).toEqual({ actualCost: '31.25', actualRevenue: '37.50', actualHours: '0.000', profit: '6.25', marginPercent: '16.67' });
  const b = (await ws.consumeStock(job.id, clips.id, '3')).costLine; // 9.99 / 12.00
  const c = (await ws.consumeStock(job.id, clips.id, '0.333')).costLine; // 1.10889 → 1.11 / 1.332 → 1.33
  const d = (await ws.consumeStock(job.id, glue.id, '0.125')).costLine; // 0.025 → 0.03 / 0.03
  expect([c.totalCost, c.totalRev, d.totalCost, d.totalRev]).toEqual(['1.11', '1.33', '0.03', '0.03']);
  // 31.25 + 9.99 + 1.11 + 0.03 = 42.38; 37.50 + 12.00 + 1.33 + 0.03 = 50.86
  expect(await summary()).toEqual({ actualCost: '42.38', actualRevenue: '50.86', actualHours: '0.000', profit: '8.48', marginPercent: '16.67' });

  await returnStock(ws, a.id, '1'); // pipe line → 1.5: 18.75 / 22.50
  await returnStock(ws, c.id, '0.333'); // clip line gone
  await returnStock(ws, b.id, '0.5'); // 2.5 × 3.33 = 8.325 → 8.33 / 2.5 × 4.00 = 10.00
  // 18.75 + 8.33 + 0.03 = 27.11; 22.50 + 10.00 + 0.03 = 32.53; profit 5.42; 5.42 / 32.53 = 16.66%
  expect(await summary()).toEqual({ actualCost: '27.11', actualRevenue: '32.53', actualHours: '0.000', profit: '5.42', marginPercent: '16.66' });

  const j = await jobCosts(ws, job.id);
  expect(j.latestActual.summary).toEqual({ cost: '27.11', rev: '32.53', hours: '0.000' });
  expect(j.latestActual.summary.cost).toBe(
    decimalSum(
      j.latestActual.costLines.map((l: any) => l.totalCost),
      2,
    ),
  );
  expect(j.latestActual.summary.rev).toBe(
    decimalSum(
      j.latestActual.costLines.map((l: any) => l.totalRev),
      2,
    ),
  );
  expect((await readStockItem(ws, pipe.id)).quantityAvailable).toBe('18.500');
  expect((await readStockItem(ws, clips.id)).quantityAvailable).toBe('97.500');
  expect((await readStockItem(ws, glue.id)).quantityAvailable).toBe('4.875');

  // Everything back: the job is at zero again and the stock is whole.
  await returnStock(ws, a.id, '1.5');
  await returnStock(ws, b.id, '2.5');
  await returnStock(ws, d.id, '0.125');
  expect(await summary()).toEqual({ actualCost: '0.00', actualRevenue: '0.00', actualHours: '0.000', profit: '0.00', marginPercent: null });
  for (const s of [pipe, clips, glue]) expect((await readStockItem(ws, s.id)).quantityUsed).toBe('0.000');
});

// ------------------------------------------------------------------------------------------ reading

describe('stockItems', () => {
  test('filters: search (description or item code, case-insensitive) and inStock', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    const bolts = await ws.newStockItem({ quantity: '5', unitCost: '1.00', description: 'Hex bolt M8', itemCode: 'HB-M8' });
    const nuts = await ws.newStockItem({ quantity: '5', unitCost: '1.00', description: 'Nut M8', itemCode: 'NUT-8' });
    const washers = await ws.newStockItem({ quantity: '2', unitCost: '1.00', description: 'Washer 8mm', itemCode: null });
    await ws.consumeStock(job.id, washers.id, '2');

    const ids = async (filter: Record<string, unknown>) =>
      dataOf(await ws.gql(`query($f: StockItemFilter) { stockItems(first: 50, filter: $f) { totalCount nodes { id } } }`, { f: filter }))
        .stockItems.nodes.map((n: any) => n.id)
        .sort();
    const sorted = (...xs: Array<{ id: string }>) => xs.map((x) => x.id).sort();

    expect(await ids({})).toEqual(sorted(bolts, nuts, washers));
    expect(await ids({ search: 'hex' })).toEqual(sorted(bolts));
    expect(await ids({ search: 'nut-8' })).toEqual(sorted(nuts));
    expect(await ids({ search: 'm8' })).toEqual(sorted(bolts, nuts));
    expect(await ids({ search: '%' })).toEqual([]);
    expect(await ids({ inStock: true })).toEqual(sorted(bolts, nuts));
    expect(await ids({ inStock: false })).toEqual(sorted(washers));
    expect(await ids({ search: 'washer', inStock: true })).toEqual([]);

    // Another workspace sees none of it.
    const other = await server.newWorkspace();
    expect(dataOf(await other.gql(`{ stockItems { totalCount nodes { id } } }`)).stockItems).toEqual({ totalCount: 0, nodes: [] });
    expect(dataOf(await other.gql(`query($id: ID!) { stockItem(id: $id) { id } }`, { id: bolts.id })).stockItem).toBeNull();
  });

  test('a stock item links back to its order line and forward to the lines that consumed it', async () => {
    const ws = await server.newWorkspace();
    const job = await ws.newJob();
    const stock = await ws.newStockItem({ quantity: '5', unitCost: '2.00' });
    const l1 = (await ws.consumeStock(job.id, stock.id, '1')).costLine;
    const l2 = (await ws.consumeStock(job.id, stock.id, '2')).costLine;
    const item = dataOf(
      await ws.gql(
        `query($id: ID!) { stockItem(id: $id) { ${STOCK_FIELDS} sourcePurchaseOrderLine { id quantityReceived purchaseOrder { id status } } history { nodes { type version } } } }`,
        { id: stock.id },
      ),
    ).stockItem;
    expect(item.sourcePurchaseOrderLine).toEqual({ id: stock.lineId, quantityReceived: '5.000', purchaseOrder: { id: stock.orderId, status: 'RECEIVED' } });
    expect(item.costLines).toEqual([
      { id: l1.id, quantity: '1.000' },
      { id: l2.id, quantity: '2.000' },
    ]);
    expect(item.history.nodes).toEqual([
      { type: 'UPDATE', version: 3 },
      { type: 'UPDATE', version: 2 },
      { type: 'CREATE', version: 1 },
    ]);
  });

  test('nested stockItems → costLines → costSet, sourcePurchaseOrderLine → purchaseOrder: bounded, the same at first 5 and first 50', async () => {
    const ws = await server.newWorkspace();
    const jobs = [await ws.newJob(), await ws.newJob(), await ws.newJob()];
    const lines = Array.from({ length: 50 }, (_, i) => ({ description: `Item ${String(i).padStart(2, '0')}`, quantityOrdered: '10', unitCost: '1.50' }));
    // Two orders, so the items come from different orders and lines.
    const po1 = await ws.newPurchaseOrder({ lines: lines.slice(0, 25), submit: true });
    const po2 = await ws.newPurchaseOrder({ lines: lines.slice(25), submit: true });
    await ws.receive(
      po1.id,
      po1.lines.map((l: any) => ({ lineId: l.id, quantity: '10' })),
    );
    await ws.receive(
      po2.id,
      po2.lines.map((l: any) => ({ lineId: l.id, quantity: '10' })),
    );
    const items = dataOf(await ws.gql(`{ stockItems(first: 50) { nodes { id } } }`)).stockItems.nodes;
    expect(items).toHaveLength(50);
    for (const [i, item] of items.entries()) await ws.consumeStock(jobs[i % 3].id, item.id, '1');

    const QUERY = `query($first: Int) { stockItems(first: $first) { nodes {
      id costLines { costSet { id } } sourcePurchaseOrderLine { purchaseOrder { number } } } } }`;
    const run = async (first: number) => {
      const r = await ws.gql(QUERY, { first });
      expect(r.errors).toBeUndefined();
      const nodes = r.data.stockItems.nodes;
      expect(nodes).toHaveLength(first);
      for (const n of nodes) {
        expect(n.costLines).toHaveLength(1);
        expect(n.costLines[0].costSet.id).toEqual(expect.any(String));
        expect([1, 2]).toContain(n.sourcePurchaseOrderLine.purchaseOrder.number);
      }
      return r.extensions!.sqlStatements as number;
    };
    const small = await run(5);
    const large = await run(50);
    console.log(`stockItems nested query: ${small} statements at first 5, ${large} at first 50 (authentication included)`);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(7);
  });
});

// ------------------------------------------------------------------------------------------ bad input

describe('bad input to consumeStock and returnStock: code, path, nothing written', () => {
  async function setup() {
    const ws = await server.newWorkspace();
    const other = await server.newWorkspace();
    const job = await ws.newJob();
    const stock = await ws.newStockItem({ quantity: '10', unitCost: '3.00' });
    const otherJob = await other.newJob();
    const otherStock = await other.newStockItem({ quantity: '10', unitCost: '3.00' });
    const line = (await ws.consumeStock(job.id, stock.id, '2')).costLine;
    const otherLine = (await other.consumeStock(otherJob.id, otherStock.id, '2')).costLine;
    return { ws, other, job, stock, otherJob, otherStock, line, otherLine };
  }
  type Ctx = Awaited<ReturnType<typeof setup>>;

  const consumeCases: Array<[string, (c: Ctx) => Record<string, unknown>, string, string[]]> = [
    ['zero quantity', (c) => ({ jobId: c.job.id, stockItemId: c.stock.id, quantity: '0' }), 'VALIDATION', ['quantity']],
    ['negative quantity', (c) => ({ jobId: c.job.id, stockItemId: c.stock.id, quantity: '-1' }), 'VALIDATION', ['quantity']],
    ['4 decimal places', (c) => ({ jobId: c.job.id, stockItemId: c.stock.id, quantity: '1.0001' }), 'VALIDATION', ['quantity']],
    ['unknown stock item', (c) => ({ jobId: c.job.id, stockItemId: randomUUID(), quantity: '1' }), 'NOT_FOUND', ['stockItemId']],
    ['other workspace’s stock item', (c) => ({ jobId: c.job.id, stockItemId: c.otherStock.id, quantity: '1' }), 'NOT_FOUND', ['stockItemId']],
    ['malformed stock item id', (c) => ({ jobId: c.job.id, stockItemId: 'nope', quantity: '1' }), 'VALIDATION', ['stockItemId']],
    ['unknown job', (c) => ({ jobId: randomUUID(), stockItemId: c.stock.id, quantity: '1' }), 'NOT_FOUND', ['jobId']],
    ['other workspace’s job', (c) => ({ jobId: c.otherJob.id, stockItemId: c.stock.id, quantity: '1' }), 'NOT_FOUND', ['jobId']],
    ['malformed job id', (c) => ({ jobId: '42', stockItemId: c.stock.id, quantity: '1' }), 'VALIDATION', ['jobId']],
  ];

  test.each(consumeCases)('consumeStock: %s', async (_name, vars, code, path) => {
    const c = await setup();
    const p = await expectNothingWritten(server.db, [c.ws.id, c.other.id], () => mutatePayload(c.ws, CONSUME, vars(c)));
    expect(p.costLine).toBeNull();
    expect(p.costSet).toBeNull();
    expect(p.userErrors.length).toBeGreaterThanOrEqual(1);
    expect(p.userErrors[0]).toMatchObject({ code, path });
  });

  test('consumeStock for a deleted job: NOT_FOUND at jobId, nothing written', async () => {
    const c = await setup();
    const job = await c.ws.newJob();
    await c.ws.deleteJob(job.id);
    const p = await expectNothingWritten(server.db, [c.ws.id], () => mutatePayload(c.ws, CONSUME, { jobId: job.id, stockItemId: c.stock.id, quantity: '1' }));
    expect(onlyError(p)).toMatchObject({ code: 'NOT_FOUND', path: ['jobId'] });
  });

  const returnCases: Array<[string, (c: Ctx) => Record<string, unknown>, string, string[]]> = [
    ['zero quantity', (c) => ({ id: c.line.id, quantity: '0' }), 'VALIDATION', ['quantity']],
    ['negative quantity', (c) => ({ id: c.line.id, quantity: '-0.5' }), 'VALIDATION', ['quantity']],
    ['4 decimal places', (c) => ({ id: c.line.id, quantity: '0.0005' }), 'VALIDATION', ['quantity']],
    ['unknown cost line', () => ({ id: randomUUID(), quantity: '1' }), 'NOT_FOUND', ['costLineId']],
    ['malformed cost line id', () => ({ id: 'line-1', quantity: '1' }), 'NOT_FOUND', ['costLineId']],
    ['other workspace’s cost line', (c) => ({ id: c.otherLine.id, quantity: '1' }), 'NOT_FOUND', ['costLineId']],
  ];

  test.each(returnCases)('returnStock: %s', async (_name, vars, code, path) => {
    const c = await setup();
    const p = await expectNothingWritten(server.db, [c.ws.id, c.other.id], () => mutatePayload(c.ws, RETURN, vars(c)));
    expect(p.costLine).toBeNull();
    expect(onlyError(p)).toMatchObject({ code, path });
  });

  test('an over-long reason is refused before anything is written', async () => {
    const c = await setup();
    const p = await expectNothingWritten(server.db, [c.ws.id], () =>
      mutatePayload(c.ws, CONSUME, { jobId: c.job.id, stockItemId: c.stock.id, quantity: '1', reason: 'x'.repeat(1001) }),
    );
    expect(onlyError(p)).toMatchObject({ code: 'VALIDATION', path: ['reason'] });
  });

  test('non-decimal quantities are refused by the schema (top-level error), nothing written', async () => {
    const c = await setup();
    const r = await expectNothingWritten(server.db, [c.ws.id], () => c.ws.gql(CONSUME, { jobId: c.job.id, stockItemId: c.stock.id, quantity: 'lots' }));
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.data).toBeUndefined();
  });

  test('another workspace can neither consume nor see this workspace’s stock', async () => {
    const c = await setup();
    const p = await expectNothingWritten(server.db, [c.ws.id, c.other.id], () => mutatePayload(c.other, CONSUME, { jobId: c.otherJob.id, stockItemId: c.stock.id, quantity: '1' }));
    expect(onlyError(p)).toMatchObject({ code: 'NOT_FOUND', path: ['stockItemId'] });
    expect((await readStockItem(c.ws, c.stock.id)).quantityUsed).toBe('2.000');
  });
});
