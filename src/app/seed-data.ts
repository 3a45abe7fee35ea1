/**
 * The seed command's data, generated in memory from a fixed random seed (no database here): reference
 * rows (clients, staff, suppliers) and self-contained batches of jobs with everything under them.
 * Rows use database column names, ready for `auditedInsertRows`.
 */
import { randomUUID } from 'node:crypto';
import { lineTotal, markedUp, money, quantity, sum } from '../kernel/money';
import { CostLineKind, CostSetKind } from '../modules/costing';
import { type JobPriority, JobStatus } from '../modules/jobs';
import { PurchaseOrderStatus } from '../modules/purchasing';

/** A row to insert, keyed by column name. */
export type Row = Record<string, unknown>;

const DAY = 86_400_000;

/** A small deterministic PRNG (mulberry32) with the draws the generators need. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** A key drawn with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as Array<[K, number]>;
    let r = this.next() * entries.reduce((a, [, w]) => a + w, 0);
    for (const [key, w] of entries) if ((r -= w) < 0) return key;
    return entries[entries.length - 1][0];
  }
}

const w = (s: string) => s.split('|');
const FIRST = w('Aroha|Ben|Chloe|Daniel|Emma|Finn|Grace|Hemi|Isla|Jack|Kiri|Liam|Mia|Noah|Olivia|Priya|Quinn|Ruby|Sam|Tama|Una|Vikram|Wiremu|Xin|Yusuf|Zoe');
const LAST = w('Anderson|Brown|Chen|Davies|Edwards|Fraser|Gupta|Harris|Ngata|Jones|Kaur|Lee|Martin|Nguyen|OBrien|Patel|Reid|Smith|Taylor|Walker|Wilson|Young');
const COMPANY_A = w('Harbour|Summit|Kauri|Riverside|Northern|Coastal|Greenline|Ironbark|Bluestone|Pacific|Totara|Southern|Hillside|Lakeside|Citywide');
const COMPANY_B = w('Property|Developments|Homes|Hospitality|Retail|Dental|Holdings|Trust|Schools|Medical|Logistics|Apartments|Cafe|Motors|Church');
const SUFFIX = w('Ltd|Limited|Group|& Co|Partners');
const SUPPLIER_A = w('Placemakers|Mitre|Bunnings|Carters|ITM|Mico|Reece|Ideal|Corys|Plumbing World|Resene|Gib|Rexel|Steel & Tube|Hardware Direct');
const JOB_TYPES = w(
  'Kitchen refit|Bathroom renovation|Roof repair|Office fit-out|Deck construction|Fence replacement|Electrical rewire|Plumbing upgrade|Window replacement|Concrete driveway|Garden landscaping|Heat pump install|Solar panel install|Interior painting|Exterior painting|Retaining wall|Shop fit-out|Flooring replacement|Garage conversion|Insulation upgrade|Hot water cylinder swap|Gutter replacement|Staircase joinery|Wet area tiling',
);
const STREETS = w('Harbour Road|Victoria Street|Queen Street|Kauri Avenue|Beach Road|Station Road|Hill Crescent|Church Lane|Mill Road|Park Terrace|River Drive|Totara Place');
const FEATURES = w(
  'new cabinetry|waterproofing|LED lighting|copper piping|timber framing|floor tiling|skirting boards|plasterboard lining|double glazing|stormwater drainage|switchboard upgrade|benchtop install|extractor fan|under-floor heating|weatherboards|downpipes|balustrade|paving',
);
const NOTES = w(
  'Access via side gate; dog on site.|Owner works from home, keep noise down before 9am.|Council consent required before demolition.|Parking on street only.|Asbestos survey done, report on file.|Key under the mat, call before arrival.|Tight deadline: tenants move in soon.|Scaffolding needed on the north side.',
);
const TASKS = w('site preparation|demolition|installation|finishing|clean-up|inspection|travel|project management|measure and quote|making good');
/** Materials: description, item code, typical unit cost. */
const MATERIALS: ReadonlyArray<readonly [string, string, number]> = [
  ['Treated pine 90x45 (per m)', 'TP9045', 6.4],
  ['GIB board 2400x1200 10mm', 'GIB10', 28.5],
  ['Copper pipe 15mm (per m)', 'CU15', 14.2],
  ['PVC pipe 100mm (per m)', 'PVC100', 11.9],
  ['Ceramic floor tile (per m2)', 'TILE300', 42],
  ['Tile adhesive 20kg', 'ADH20', 36.5],
  ['Interior paint 10L', 'PNT10I', 189],
  ['Exterior paint 10L', 'PNT10E', 215],
  ['Cable TPS 2.5mm (100m)', 'TPS25', 164],
  ['LED downlight kit', 'LED90', 38.75],
  ['Concrete 20MPa (per m3)', 'CON20', 265],
  ['Reinforcing mesh sheet', 'MESH665', 89],
  ['Decking 140x32 kwila (per m)', 'DK140', 17.8],
  ['Stainless screws (box 500)', 'SCR500', 52.3],
  ['Waterproof membrane 15L', 'WPM15', 310],
  ['Insulation batts R2.6 (pack)', 'INS26', 96],
  ['Double glazed unit', 'DGU1', 640],
  ['Kitchen base cabinet', 'KBC600', 420],
  ['Mixer tap', 'MIX01', 245],
  ['Silicone sealant', 'SIL300', 12.4],
];
const ADJUSTMENTS: ReadonlyArray<{ description: string; qty: string; cost: [number, number]; revFactor: number }> = [
  { description: 'Discount for repeat client', qty: '-1', cost: [0, 0], revFactor: 0 },
  { description: 'Travel surcharge', qty: '1', cost: [20, 80], revFactor: 1.8 },
  { description: 'Waste disposal and skip hire', qty: '1', cost: [80, 260], revFactor: 1.3 },
  { description: 'Contingency allowance', qty: '1', cost: [100, 900], revFactor: 1.2 },
  { description: 'Credit for returned materials', qty: '-1', cost: [10, 200], revFactor: 1.2 },
];

/** Status weights for jobs a few weeks old (open work) and for jobs over half a year old (mostly closed). */
const NEW_JOB = { DRAFT: 18, AWAITING_APPROVAL: 16, APPROVED: 14, REJECTED: 5, IN_PROGRESS: 28, ON_HOLD: 6, COMPLETED: 12, ARCHIVED: 1 };
const OLD_JOB = { DRAFT: 1, AWAITING_APPROVAL: 1, APPROVED: 1, REJECTED: 8, IN_PROGRESS: 2, ON_HOLD: 3, COMPLETED: 30, ARCHIVED: 54 };
const NEW_PO = { DRAFT: 20, SUBMITTED: 35, PARTIALLY_RECEIVED: 20, RECEIVED: 15, CANCELLED: 10 };
const OLD_PO = { DRAFT: 2, SUBMITTED: 3, PARTIALLY_RECEIVED: 8, RECEIVED: 72, CANCELLED: 15 };
const PRIORITY = { LOW: 15, NORMAL: 55, HIGH: 22, URGENT: 8 };
const COSTABLE: readonly JobStatus[] = [JobStatus.IN_PROGRESS, JobStatus.ON_HOLD, JobStatus.COMPLETED, JobStatus.ARCHIVED];

/** Weights between `young` (age ≤ 30 days) and `old` (age ≥ 180 days), linearly in between. */
function byAge<K extends string>(young: Record<K, number>, old: Record<K, number>, ageDays: number): Record<K, number> {
  const t = Math.min(1, Math.max(0, (ageDays - 30) / 150));
  return Object.fromEntries(Object.keys(young).map((k) => [k, young[k as K] * (1 - t) + old[k as K] * t])) as Record<K, number>;
}

/** A timestamp with microseconds, so rows a few microseconds apart keep their order. */
export function iso(ms: number): string {
  const whole = Math.floor(ms);
  const micro = String(Math.floor((ms - whole) * 1000)).padStart(3, '0');
  return `${new Date(whole).toISOString().slice(0, 23)}${micro}Z`;
}

const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const milli = (q: string) => Math.round(Number(q) * 1000);
const fromMilli = (m: number) => quantity((m / 1000).toFixed(3));

/** Replaces values until each of `all` occurs at least once (when there are enough values), taking from the most common. */
export function ensureEvery<T>(values: T[], all: readonly T[], rng: Rng): void {
  if (values.length < all.length) return;
  for (const missing of all.filter((a) => !values.includes(a))) {
    const counts = new Map<T, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    const common = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
    const at = values.map((v, i) => (v === common ? i : -1)).filter((i) => i >= 0);
    values[rng.pick(at)] = missing;
  }
}

/** What the generators need to know about the run. */
export interface PlanOptions {
  workspaceId: string;
  jobs: number;
  linesPerCostSet: number;
  firstJobNumber: number;
  firstPurchaseOrderNumber: number;
  /** Job creation times spread over [startMs, endMs), increasing with the number. */
  startMs: number;
  endMs: number;
  /** "Now" for ages, receipts and updated_at. */
  nowMs: number;
  /** Markup on unit cost for the revenue of received and consumed goods (the API's STOCK_MARKUP_PERCENT). */
  markupPercent: string;
}

/** A staff member as the line generator needs them. */
export interface StaffRef {
  id: string;
  wageRate: string;
  chargeOutRate: string;
  active: boolean;
}

/** The ids jobs and orders refer to. */
export interface Reference {
  clientIds: string[];
  staff: StaffRef[];
  activeStaff: StaffRef[];
  supplierIds: string[];
}

/** How many reference rows a run of `jobs` jobs gets. */
export function referenceCounts(jobs: number) {
  return { clients: Math.max(10, Math.round(jobs / 20)), staff: Math.max(20, Math.round(jobs / 50)), suppliers: Math.max(5, Math.round(jobs / 100)) };
}

/**
 * Clients, staff (a boss, managers reporting to the boss, reports to the managers) and suppliers.
 * Staff emails avoid `takenEmails`; when the workspace already has staff, the new boss reports to its top (`topId`).
 */
export function referenceRows(rng: Rng, o: PlanOptions, takenEmails: Set<string>, topId: string | null = null) {
  const n = referenceCounts(o.jobs);
  const at = (i: number, of: number) => iso(o.startMs - 60 * DAY + (i / of) * 59 * DAY);
  const base = (i: number, of: number) => ({ id: randomUUID(), workspace_id: o.workspaceId, created_at: at(i, of), updated_at: at(i, of) });
  const person = () => [rng.pick(FIRST), rng.pick(LAST)] as const;

  const clients = Array.from({ length: n.clients }, (_, i) => {
    const [first, last] = person();
    const company = rng.chance(0.7);
    const name = company ? `${rng.pick(COMPANY_A)} ${rng.pick(COMPANY_B)} ${rng.pick(SUFFIX)}` : `${first} ${last}`;
    return {
      ...base(i, n.clients),
      name,
      email: rng.chance(0.85)
        ? `${(company ? name : `${first}.${last}`)
            .toLowerCase()
            .replace(/[^a-z]+/g, '.')
            .replace(/\.$/, '')}${i}@example.com`
        : null,
      phone: rng.chance(0.8) ? `+64 9 ${rng.int(200, 999)} ${rng.int(1000, 9999)}` : null,
      notes: rng.chance(0.3) ? rng.pick(NOTES) : null,
      deleted_at: i > 0 && rng.chance(0.03) ? at(i + 1, n.clients) : null,
    };
  });

  const managers = Math.max(2, Math.round(n.staff / 8));
  const staff: Row[] = [];
  const refs: StaffRef[] = [];
  for (let i = 0; i < n.staff; i++) {
    const [first, last] = person();
    let email = `${first}.${last}@example.com`.toLowerCase();
    for (let k = 2; takenEmails.has(email); k++) email = `${first}.${last}${k}@example.com`.toLowerCase();
    takenEmails.add(email);
    const role = i === 0 ? 'boss' : i <= managers ? 'manager' : 'report';
    const wage = role === 'boss' ? rng.between(90, 120) : role === 'manager' ? rng.between(45, 80) : rng.between(24, 60);
    const ref = {
      id: randomUUID(),
      wageRate: money(wage.toFixed(2)),
      chargeOutRate: money((wage * rng.between(1.6, 2.3)).toFixed(2)),
      active: role !== 'report' || rng.chance(0.93),
    };
    const managerId = role === 'boss' ? topId : role === 'manager' ? refs[0].id : refs[1 + ((i - managers - 1) % managers)].id;
    refs.push(ref);
    staff.push({
      ...base(i, n.staff),
      id: ref.id,
      name: `${first} ${last}`,
      email,
      wage_rate: ref.wageRate,
      charge_out_rate: ref.chargeOutRate,
      manager_id: managerId,
      active: ref.active,
    });
  }

  const suppliers = Array.from({ length: n.suppliers }, (_, i) => {
    const name = `${rng.pick(SUPPLIER_A)} ${rng.pick(STREETS).split(' ')[0]}`;
    return {
      ...base(i, n.suppliers),
      name,
      email: `orders${i}@${name.toLowerCase().replace(/[^a-z]+/g, '')}.example.com`,
      phone: rng.chance(0.9) ? `+64 9 ${rng.int(200, 999)} ${rng.int(1000, 9999)}` : null,
      account_ref: rng.chance(0.8) ? `ACC-${rng.int(10000, 99999)}` : null,
      deleted_at: i > 0 && rng.chance(0.03) ? at(i + 1, n.suppliers) : null,
    };
  });

  const reference: Reference = {
    clientIds: clients.filter((c) => !c.deleted_at).map((c) => c.id),
    staff: refs,
    activeStaff: refs.filter((s) => s.active),
    supplierIds: suppliers.filter((s) => !s.deleted_at).map((s) => s.id),
  };
  return { reference, clients, staff, suppliers };
}

/** The rows of one batch of jobs, in the order they are inserted (parents first). */
export interface Batch {
  jobs: Row[];
  purchaseOrders: Row[];
  purchaseOrderLines: Row[];
  stockItems: Row[];
  costSets: Row[];
  costLines: Row[];
  lastJobNumber: number;
  lastPurchaseOrderNumber: number;
}

interface SetPlan {
  id: string;
  kind: CostSetKind;
  rev: number;
  createdMs: number;
  lines: Row[];
}

interface JobPlan {
  id: string;
  row: Row;
  createdMs: number;
  endMs: number;
  status: JobStatus;
  assignee: StaffRef | null;
  sets: SetPlan[];
}

interface StockPlan {
  row: Row;
  receivedMs: number;
  available: number;
  used: number;
}

/**
 * Generates self-contained batches: a batch's purchase-order lines are allocated to its own jobs and
 * its stock is consumed by its own jobs, so every committed batch is consistent on its own.
 * Batches must be generated in order (job numbers, times and the random sequence run on).
 */
export class BatchGenerator {
  private nextPo: number;

  constructor(
    private readonly rng: Rng,
    private readonly o: PlanOptions,
    private readonly ref: Reference,
  ) {
    this.nextPo = o.firstPurchaseOrderNumber;
  }

  /** Jobs `from` … `from + count - 1` of the run (0-based), with their cost sets, lines, orders and stock. */
  batch(from: number, count: number): Batch {
    const jobs = this.jobs(from, count);
    const { orders, orderLines, stock } = this.orders(jobs);
    for (const job of jobs) this.costs(job, stock);
    const costSets = jobs.flatMap((j) => j.sets.map((s) => this.setRow(j, s)));
    for (const s of stock) s.row.quantity_used = fromMilli(s.used);
    return {
      jobs: jobs.map((j) => j.row),
      purchaseOrders: orders,
      purchaseOrderLines: orderLines,
      stockItems: stock.map((s) => s.row),
      costSets,
      costLines: jobs.flatMap((j) => j.sets.flatMap((s) => s.lines)),
      lastJobNumber: this.o.firstJobNumber + from + count - 1,
      lastPurchaseOrderNumber: this.nextPo - 1,
    };
  }

  private timeOf(index: number): number {
    return this.o.startMs + ((this.o.endMs - this.o.startMs) * (index + this.rng.next() * 0.9)) / this.o.jobs;
  }

  private jobs(from: number, count: number): JobPlan[] {
    const { rng, o } = this;
    const times = Array.from({ length: count }, (_, i) => this.timeOf(from + i));
    const statuses = times.map((t) => rng.weighted(byAge(NEW_JOB, OLD_JOB, (o.nowMs - t) / DAY)) as JobStatus);
    ensureEvery(statuses, Object.values(JobStatus), rng);
    return times.map((createdMs, i) => {
      const status = statuses[i];
      const closed = status === JobStatus.COMPLETED || status === JobStatus.ARCHIVED;
      const working = status === JobStatus.IN_PROGRESS || status === JobStatus.ON_HOLD;
      const endMs = Math.min(o.nowMs, createdMs + (closed ? rng.between(3, 60) : working ? rng.between(20, 120) : rng.between(0.1, 10)) * DAY);
      const assignee = rng.chance(status === JobStatus.DRAFT ? 0.5 : 0.9) ? rng.pick(this.ref.activeStaff) : null;
      const deletable = [JobStatus.DRAFT, JobStatus.AWAITING_APPROVAL, JobStatus.REJECTED].includes(status);
      const deletedMs = deletable && rng.chance(0.04) ? Math.min(o.nowMs, createdMs + rng.between(1, 10) * DAY) : null;
      const type = rng.pick(JOB_TYPES);
      const features = [rng.pick(FEATURES), rng.pick(FEATURES), rng.pick(FEATURES)];
      const id = randomUUID();
      const row: Row = {
        id,
        workspace_id: o.workspaceId,
        number: o.firstJobNumber + from + i,
        name: `${type}, ${rng.int(1, 250)} ${rng.pick(STREETS)}`,
        description: rng.chance(0.9) ? `${type} including ${features[0]}, ${features[1]} and ${features[2]}. ${rng.pick(NOTES)}` : null,
        client_id: this.ref.clientIds[Math.floor(this.ref.clientIds.length * rng.next() ** 2)],
        status,
        priority: rng.weighted(PRIORITY) as JobPriority,
        deadline: rng.chance(0.85) ? dateOf(createdMs + rng.int(7, 120) * DAY) : null,
        assignee_id: assignee?.id ?? null,
        deleted_at: deletedMs === null ? null : iso(deletedMs),
        created_at: iso(createdMs),
        updated_at: iso(Math.max(endMs, deletedMs ?? endMs)),
      };
      const sets = [CostSetKind.ESTIMATE, CostSetKind.QUOTE, CostSetKind.ACTUAL].map((kind) => ({ id: randomUUID(), kind, rev: 1, createdMs: createdMs + 1, lines: [] as Row[] }));
      return { id, row, createdMs, endMs, status, assignee, sets };
    });
  }

  private orders(jobs: JobPlan[]) {
    const { rng, o } = this;
    const count = Math.round(jobs.length / 4);
    const startMs = jobs[0].createdMs;
    const spanMs = jobs[jobs.length - 1].createdMs - startMs;
    const times = Array.from({ length: count }, (_, k) => startMs + (spanMs * (k + rng.next() * 0.9)) / Math.max(1, count));
    const statuses = times.map((t) => rng.weighted(byAge(NEW_PO, OLD_PO, (o.nowMs - t) / DAY)) as PurchaseOrderStatus);
    ensureEvery(statuses, Object.values(PurchaseOrderStatus), rng);
    const costable = jobs.filter((j) => COSTABLE.includes(j.status) && !j.row.deleted_at);
    const orders: Row[] = [];
    const orderLines: Row[] = [];
    const stock: StockPlan[] = [];
    times.forEach((orderMs, k) => {
      const status = statuses[k];
      const receivedMs = Math.min(o.nowMs, orderMs + rng.between(2, 14) * DAY);
      const received = status === PurchaseOrderStatus.RECEIVED || status === PurchaseOrderStatus.PARTIALLY_RECEIVED;
      const order = {
        id: randomUUID(),
        workspace_id: o.workspaceId,
        number: this.nextPo++,
        supplier_id: rng.pick(this.ref.supplierIds),
        status,
        order_date: dateOf(orderMs),
        expected_date: rng.chance(0.8) ? dateOf(orderMs + rng.int(3, 21) * DAY) : null,
        reference: rng.chance(0.6) ? `Q-${rng.int(1000, 99999)}` : null,
        created_at: iso(orderMs),
        updated_at: iso(received ? receivedMs : orderMs),
      };
      orders.push(order);
      const eligible = costable.filter((j) => j.createdMs <= orderMs && j.endMs >= orderMs);
      const n = rng.int(1, 5);
      for (let l = 0; l < n; l++) {
        const [description, itemCode, cost] = rng.pick(MATERIALS);
        const ordered = milli(String(rng.int(2, 60)));
        const unitCost = money((cost * rng.between(0.9, 1.1)).toFixed(2));
        // A partial receipt leaves the first line half received; each other line got nothing, half or all.
        const got =
          status === PurchaseOrderStatus.RECEIVED
            ? ordered
            : status !== PurchaseOrderStatus.PARTIALLY_RECEIVED
              ? 0
              : l === 0
                ? Math.floor(ordered / 2000) * 1000
                : rng.pick([0, ordered, Math.floor(ordered / 2000) * 1000]);
        const job = eligible.length && rng.chance(0.3) ? rng.pick(eligible) : null;
        const line = {
          id: randomUUID(),
          workspace_id: o.workspaceId,
          purchase_order_id: order.id,
          description,
          item_code: itemCode,
          quantity_ordered: fromMilli(ordered),
          unit_cost: unitCost,
          quantity_received: fromMilli(got),
          job_id: job?.id ?? null,
          created_at: iso(orderMs + l),
          updated_at: iso(got ? receivedMs : orderMs + l),
        };
        orderLines.push(line);
        if (got === 0) continue;
        if (job) {
          const actual = job.sets[2]; // the ACTUAL revision 1; a later revision 2 copies its lines
          actual.lines.push(
            this.line(actual, receivedMs, {
              kind: CostLineKind.MATERIAL,
              description,
              quantity: fromMilli(got),
              unitCost,
              unitRev: markedUp(unitCost, o.markupPercent),
              extRefs: { purchaseOrderId: order.id, purchaseOrderLineId: line.id },
            }),
          );
        } else {
          const row = {
            id: randomUUID(),
            workspace_id: o.workspaceId,
            description,
            item_code: itemCode,
            unit_cost: unitCost,
            quantity_on_hand: fromMilli(got),
            quantity_used: '0.000',
            source_purchase_order_line_id: line.id,
            created_at: iso(receivedMs + l),
            updated_at: iso(receivedMs + l),
          };
          stock.push({ row, receivedMs, available: got, used: 0 });
        }
      }
    });
    stock.sort((a, b) => a.receivedMs - b.receivedMs);
    return { orders, orderLines, stock };
  }

  /** The job's cost sets: which kinds have lines follows its status; some get a second revision. */
  private costs(job: JobPlan, stock: StockPlan[]): void {
    const { rng, o } = this;
    const n = () => (o.linesPerCostSet === 0 ? 0 : Math.max(1, Math.round(o.linesPerCostSet * rng.between(0.6, 1.4))));
    const s = job.status;
    const [estimate, quote, actual] = job.sets;
    const estimateLines = s === JobStatus.DRAFT ? (rng.chance(0.6) ? n() : 0) : n();
    const quoteLines = s === JobStatus.DRAFT ? 0 : n();
    const actualLines = COSTABLE.includes(s)
      ? s === JobStatus.IN_PROGRESS || s === JobStatus.ON_HOLD
        ? Math.max(1, Math.round(n() * 0.6))
        : n()
      : s === JobStatus.APPROVED && rng.chance(0.2)
        ? Math.max(1, Math.round(n() * 0.3))
        : 0;
    this.plannedLines(job, estimate, estimateLines, null);
    this.plannedLines(job, quote, quoteLines, null);
    this.plannedLines(job, actual, actualLines, stock);
    if (estimate.lines.length && rng.chance(0.1)) this.revise(job, estimate, true);
    if (quote.lines.length && rng.chance(0.15)) this.revise(job, quote, true);
    // Receipts and stock taken so far move to a second actual revision with the copy.
    if (actual.lines.length && rng.chance(0.05)) this.revise(job, actual, false);
  }

  /** `count` new lines of a cost set: the first one TIME, then a mix; ACTUAL materials are sometimes taken from stock. */
  private plannedLines(job: JobPlan, set: SetPlan, count: number, stock: StockPlan[] | null): void {
    const { rng } = this;
    const actual = set.kind === CostSetKind.ACTUAL;
    const markup = actual ? this.o.markupPercent : String(rng.int(15, 35));
    for (let i = 0; i < count; i++) {
      const whenMs = actual ? rng.between(job.createdMs, job.endMs) : set.createdMs + i * 1000;
      const kind = i === 0 ? CostLineKind.TIME : (rng.weighted({ TIME: 45, MATERIAL: 40, ADJUSTMENT: 15 }) as CostLineKind);
      if (kind === CostLineKind.TIME) {
        const pool = (job.status === JobStatus.ARCHIVED || job.status === JobStatus.COMPLETED) && this.o.nowMs - job.createdMs > 365 * DAY ? this.ref.staff : this.ref.activeStaff;
        const who = job.assignee && rng.chance(0.5) ? job.assignee : rng.pick(pool);
        set.lines.push(
          this.line(set, whenMs, {
            kind,
            description: `Labour: ${rng.pick(TASKS)}`,
            quantity: quantity(rng.int(2, 64) / 4),
            unitCost: who.wageRate,
            unitRev: who.chargeOutRate,
            staffId: who.id,
          }),
        );
      } else if (kind === CostLineKind.MATERIAL) {
        const item = stock && rng.chance(0.35) ? takeStock(rng, stock, whenMs) : null;
        if (item) {
          const { row } = item.plan;
          const extRefs = { stockItemId: row.id, itemCode: row.item_code };
          set.lines.push(
            this.line(set, whenMs, {
              kind,
              description: row.description as string,
              quantity: fromMilli(item.qty),
              unitCost: row.unit_cost as string,
              unitRev: markedUp(row.unit_cost as string, this.o.markupPercent),
              extRefs,
              stockItemId: row.id as string,
            }),
          );
          continue;
        }
        const [description, , cost] = rng.pick(MATERIALS);
        const unitCost = money((cost * rng.between(0.9, 1.1)).toFixed(2));
        set.lines.push(
          this.line(set, whenMs, { kind, description, quantity: quantity(rng.chance(0.7) ? rng.int(1, 40) : rng.int(2, 80) / 2), unitCost, unitRev: markedUp(unitCost, markup) }),
        );
      } else {
        const adj = rng.pick(ADJUSTMENTS);
        const cost = adj.cost[1] ? rng.between(adj.cost[0], adj.cost[1]) : 0;
        const unitRev = adj.revFactor ? cost * adj.revFactor : rng.between(50, 400);
        set.lines.push(this.line(set, whenMs, { kind, description: adj.description, quantity: adj.qty, unitCost: money(cost.toFixed(2)), unitRev: money(unitRev.toFixed(2)) }));
      }
    }
  }

  /** Revision 2 of a kind, copied from revision 1 (as createCostSet with copyFromId), with changes when `rework`. */
  private revise(job: JobPlan, source: SetPlan, rework: boolean): void {
    const { rng } = this;
    const createdMs = Math.min(this.o.nowMs, Math.max(source.createdMs, ...source.lines.map((l) => Date.parse(l.created_at as string))) + rng.between(0.5, 20) * DAY);
    const next: SetPlan = { id: randomUUID(), kind: source.kind, rev: 2, createdMs, lines: [] };
    job.sets.push(next);
    next.lines = this.copy(source, next).filter((l) => !rework || l.stock_item_id || rng.chance(0.85));
    if (!rework) return;
    for (const line of next.lines) {
      if (line.kind === CostLineKind.ADJUSTMENT || line.stock_item_id || !rng.chance(0.4)) continue;
      line.quantity = quantity(Math.max(0.25, Math.round(Number(line.quantity) * rng.between(0.8, 1.25) * 4) / 4));
      line.total_cost = lineTotal(line.quantity as string, line.unit_cost as string);
      line.total_rev = lineTotal(line.quantity as string, line.unit_rev as string);
    }
    this.plannedLines(job, next, rng.int(0, 2), null);
  }

  /** Copies of `from`'s lines in `to`; stock links move to the copy, as createCostSet does for ACTUAL. */
  private copy(from: SetPlan, to: SetPlan): Row[] {
    return from.lines.map((line, i) => {
      const copy = { ...line, id: randomUUID(), cost_set_id: to.id, created_at: iso(to.createdMs + i), updated_at: iso(to.createdMs + i) };
      if (line.stock_item_id) line.stock_item_id = null;
      return copy;
    });
  }

  private line(
    set: SetPlan,
    whenMs: number,
    l: { kind: CostLineKind; description: string; quantity: string; unitCost: string; unitRev: string; staffId?: string; stockItemId?: string; extRefs?: Row },
  ): Row {
    const at = iso(whenMs);
    return {
      id: randomUUID(),
      workspace_id: this.o.workspaceId,
      cost_set_id: set.id,
      kind: l.kind,
      description: l.description,
      quantity: quantity(l.quantity),
      unit_cost: l.unitCost,
      unit_rev: l.unitRev,
      total_cost: lineTotal(l.quantity, l.unitCost),
      total_rev: lineTotal(l.quantity, l.unitRev),
      accounting_date: dateOf(whenMs),
      staff_id: l.staffId ?? null,
      stock_item_id: l.stockItemId ?? null,
      ext_refs: l.extRefs ?? {},
      meta: {},
      created_at: at,
      updated_at: at,
    };
  }

  /** A cost set's row, its summary the sums over its lines. */
  private setRow(job: JobPlan, s: SetPlan): Row {
    const at = iso(s.createdMs);
    return {
      id: s.id,
      workspace_id: this.o.workspaceId,
      job_id: job.id,
      kind: s.kind,
      rev: s.rev,
      summary_cost: sum(s.lines.map((l) => l.total_cost as string)),
      summary_rev: sum(s.lines.map((l) => l.total_rev as string)),
      summary_hours: sum(
        s.lines.filter((l) => l.kind === CostLineKind.TIME).map((l) => l.quantity as string),
        3,
      ),
      created_at: at,
      updated_at: s.lines.reduce((a, l) => (String(l.created_at) > a ? String(l.created_at) : a), at),
    };
  }
}

/** Takes up to 8 units of a stock item received by `whenMs` that has some left (all of it when less is left). */
function takeStock(rng: Rng, stock: StockPlan[], whenMs: number): { plan: StockPlan; qty: number } | null {
  let bound = 0;
  while (bound < stock.length && stock[bound].receivedMs <= whenMs) bound++;
  for (let attempt = 0; attempt < 3 && bound > 0; attempt++) {
    const plan = stock[rng.int(0, bound - 1)];
    if (plan.available <= 0) continue;
    const qty = Math.min(plan.available, rng.int(1, 8) * 1000);
    plan.available -= qty;
    plan.used += qty;
    return { plan, qty };
  }
  return null;
}

// ------------------------------------------------------------------------------------------ projects

const COURSES: ReadonlyArray<readonly [string, string]> = [
  ['Biology', 'BIO'],
  ['Chemistry', 'CHEM'],
  ['Physics', 'PHYS'],
  ['Statistics', 'STAT'],
  ['History', 'HIST'],
  ['Geography', 'GEO'],
  ['English literature', 'ENG'],
  ['Digital technology', 'DTC'],
  ['Economics', 'ECON'],
  ['Music', 'MUS'],
  ['Te reo Maori', 'TRM'],
  ['Design and visual communication', 'DVC'],
];
const SCHOOL_PROJECTS = w('Research report|Science fair entry|Field study|Portfolio|Group presentation|Investigation|Essay|Lab book|Case study|Model build');
const GOALS = w(
  'Pass the JLPT N4 exam|Run a half marathon in under two hours|Learn to play twenty songs on the ukulele|Build and publish a personal website|Read twenty classic novels|Get an AWS cloud practitioner certificate|Hold a conversation in Spanish|Understand the basics of statistics|Write a collection of short stories|Bake sourdough bread every week|Learn touch typing at 70 words a minute|Sketch every day for a year',
);
const FREQUENCIES = w('daily|twice a week|three times a week|weekly|every weekend|fortnightly');
const TOPICS = w('foundations|practice|revision|assessment|reading|exercises|projects|feedback|reflection|extension');
const DATE_TITLES = w('Proposal due|Check-in|Exam|Presentation|Final submission|Field trip|Practice test|Milestone review|Draft due|Workshop');
/** Attachments: file name, media type, size range in bytes. */
const FILES: ReadonlyArray<readonly [string, string, number, number]> = [
  ['notes.pdf', 'application/pdf', 40_000, 4_000_000],
  ['syllabus.pdf', 'application/pdf', 20_000, 900_000],
  ['slides.pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation', 300_000, 30_000_000],
  ['photo.jpg', 'image/jpeg', 500_000, 8_000_000],
  ['recording.mp3', 'audio/mpeg', 2_000_000, 90_000_000],
  ['data.csv', 'text/csv', 1_000, 5_000_000],
];
const DESCRIPTIONS = w(
  'Weekly progress is tracked in the notes.|Shared with the study group.|Needs the library booking for the final weeks.|Materials are in the shared drive.|Feedback from the last term is attached.|Aiming for an excellence grade.',
);

/** How many projects a run of `jobs` jobs gets (one per ten jobs, at least ten). */
export function projectCount(jobs: number): number {
  return Math.max(10, Math.round(jobs / 10));
}

/** The rows of the seeded projects, by table (column names), parents first. */
export interface ProjectRows {
  projects: Row[];
  schoolDetails: Row[];
  selfStudyDetails: Row[];
  meta: Row[];
  importantDates: Row[];
  attachments: Row[];
}

/**
 * `count` projects of both kinds, owned by active staff, created over the run's time span: most
 * published, some drafts (half of them recent, half abandoned: untouched for two days or more, so
 * the clean-up has work), a few soft-deleted; each with 1 to 3 metadata entries, 1 to 4 important
 * dates and 0 to 3 attachments (some removed; a deleted project has none live, as the API requires).
 * The parts were last changed no later than their project (their changes move the project's updated_at).
 */
export function projectRows(rng: Rng, o: PlanOptions, ref: Reference, count: number): ProjectRows {
  const out: ProjectRows = { projects: [], schoolDetails: [], selfStudyDetails: [], meta: [], importantDates: [], attachments: [] };
  const hex = () => Array.from({ length: 8 }, () => (rng.int(0, 0xffffffff) >>> 0).toString(16).padStart(8, '0')).join('');
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    const school = rng.chance(0.5);
    const createdMs = o.startMs + ((o.endMs - o.startMs) * (i + rng.next() * 0.9)) / count;
    const state = rng.weighted({ published: 66, recentDraft: 15, abandonedDraft: 15, deleted: 4 });
    const updatedMs = state === 'recentDraft' ? Math.max(createdMs, o.nowMs - rng.between(0.5, 12) * 3_600_000) : Math.min(o.nowMs - 2 * DAY, createdMs + rng.between(0, 20) * DAY);
    const lastMs = Math.max(createdMs, updatedMs);
    const at = (ms: number) => iso(ms);
    const between = () => createdMs + rng.next() * (lastMs - createdMs);
    const start = dateOf(createdMs + rng.between(0, 14) * DAY);
    const end = dateOf(Date.parse(start) + rng.between(30, 300) * DAY);
    const base = { workspace_id: o.workspaceId, created_at: at(createdMs) };
    const [course, code] = rng.pick(COURSES);
    const goal = rng.pick(GOALS);
    out.projects.push({
      ...base,
      id,
      name: school ? `${course} ${rng.pick(SCHOOL_PROJECTS).toLowerCase()}` : goal.replace(/^(\w)/, (c) => c.toUpperCase()),
      kind: school ? 'SCHOOL' : 'SELF_STUDY',
      owner_id: rng.pick(ref.activeStaff).id,
      start_date: start,
      end_date: end,
      description: rng.chance(0.7) ? rng.pick(DESCRIPTIONS) : null,
      draft: state === 'recentDraft' || state === 'abandonedDraft',
      deleted_at: state === 'deleted' ? at(lastMs) : null,
      updated_at: at(lastMs),
    });
    const details = { ...base, id, kind: school ? 'SCHOOL' : 'SELF_STUDY', updated_at: at(between()) };
    if (school) {
      out.schoolDetails.push({ ...details, course_name: course, course_code: `${code}-${rng.int(1, 3)}0${rng.int(1, 9)}`, teacher_name: `${rng.pick(FIRST)} ${rng.pick(LAST)}` });
    } else {
      out.selfStudyDetails.push({ ...details, goal_description: `${goal}: ${rng.pick(TOPICS)} first, then ${rng.pick(TOPICS)}.`, study_frequency: rng.pick(FREQUENCIES) });
    }
    const part = () => {
      const ms = between();
      return { id: randomUUID(), workspace_id: o.workspaceId, project_id: id, created_at: at(ms), updated_at: at(ms) };
    };
    const metaKeys = ['syllabus', 'level', 'links'].slice(0, rng.int(1, 3));
    for (const key of metaKeys) {
      const value =
        key === 'syllabus'
          ? { weeks: rng.int(4, 20), topics: [rng.pick(TOPICS), rng.pick(TOPICS)] }
          : key === 'level'
            ? rng.int(1, 3)
            : [`https://example.com/${code.toLowerCase()}/${rng.int(100, 999)}`];
      out.meta.push({ ...part(), key, value });
    }
    for (let d = rng.int(1, 4); d > 0; d--) {
      out.importantDates.push({
        ...part(),
        title: rng.pick(DATE_TITLES),
        date: dateOf(Date.parse(start) + rng.between(0, (Date.parse(end) - Date.parse(start)) / DAY) * DAY),
        note: rng.chance(0.3) ? rng.pick(NOTES) : null,
      });
    }
    for (let a = rng.int(0, 3); a > 0; a--) {
      const [file, type, min, max] = rng.pick(FILES);
      const row = part();
      const fileName = file.replace('.', `-${rng.int(1, 99)}.`);
      const removed = state === 'deleted' || rng.chance(0.1);
      out.attachments.push({
        ...row,
        file_name: fileName,
        content_type: type,
        size: rng.int(min, max),
        storage_key: `projects/${id}/${row.id}/${fileName}`,
        checksum: hex(),
        deleted_at: removed ? row.updated_at : null,
      });
    }
  }
  return out;
}
