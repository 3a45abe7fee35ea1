import { Decimal } from 'decimal.js';
import { lineTotal } from '../kernel/money';
import { JobStatus } from '../modules/jobs';
import { PurchaseOrderStatus } from '../modules/purchasing';
import { parseSeedArgs, UsageError } from './seed-cli';
import { BatchGenerator, ensureEvery, iso, projectCount, projectRows, referenceRows, Rng, type PlanOptions, type Row } from './seed-data';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T00:00:00Z');

function plan(jobs: number, lines = 5): PlanOptions {
  return {
    workspaceId: '00000000-0000-4000-8000-000000000000',
    jobs,
    linesPerCostSet: lines,
    firstJobNumber: 1,
    firstPurchaseOrderNumber: 1,
    startMs: NOW - 730 * DAY,
    endMs: NOW,
    nowMs: NOW,
    markupPercent: '20',
  };
}

/** Every batch of a run of `jobs` jobs, generated in batches of `size`. */
function generate(jobs: number, size: number, seed = 1, lines = 5) {
  const rng = new Rng(seed);
  const o = plan(jobs, lines);
  const ref = referenceRows(rng, o, new Set());
  const gen = new BatchGenerator(rng, o, ref.reference);
  const batches = [];
  for (let from = 0; from < jobs; from += size) batches.push(gen.batch(from, Math.min(size, jobs - from)));
  return { ref, batches };
}

/** Rows with their ids (and references to ids) blanked, to compare two runs. */
function content(rows: Row[]): string {
  return JSON.stringify(rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'id' && !k.endsWith('_id') && k !== 'ext_refs'))));
}

describe('Rng', () => {
  it('is deterministic per seed and stays in range', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Rng(43).next()).not.toBe(xs[0]);
    const ints = Array.from({ length: 1000 }, () => a.int(3, 5));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5]));
  });
});

describe('ensureEvery', () => {
  it('puts each missing value in, taking from the most common', () => {
    const values = ['a', 'a', 'a', 'b'];
    ensureEvery(values, ['a', 'b', 'c'], new Rng(1));
    expect(values.filter((v) => v === 'c')).toHaveLength(1);
    expect(values.filter((v) => v === 'b')).toHaveLength(1);
  });
});

describe('iso', () => {
  it('keeps microseconds so close rows keep their order', () => {
    expect(iso(Date.parse('2025-01-02T03:04:05.006Z') + 0.789)).toBe('2025-01-02T03:04:05.006789Z');
  });
});

describe('seed data', () => {
  const { ref, batches } = generate(1200, 500);
  const all = <K extends keyof (typeof batches)[number]>(key: K) => batches.flatMap((b) => b[key] as Row[]);
  const jobs = all('jobs');
  const sets = all('costSets');
  const lines = all('costLines');
  const stock = all('stockItems');
  const orders = all('purchaseOrders');
  const orderLines = all('purchaseOrderLines');

  it('scales the reference data and builds a hierarchy under one boss', () => {
    expect(ref.staff).toHaveLength(24);
    expect(ref.staff.filter((s) => s.manager_id === null)).toHaveLength(1);
    expect(new Set(ref.staff.map((s) => s.email)).size).toBe(24);
  });

  it('numbers jobs 1..N with creation times increasing with the number, in every status', () => {
    expect(jobs.map((j) => j.number)).toEqual(Array.from({ length: 1200 }, (_, i) => i + 1));
    expect(jobs.every((j, i) => i === 0 || String(j.created_at) > String(jobs[i - 1].created_at))).toBe(true);
    expect(new Set(jobs.map((j) => j.status))).toEqual(new Set(Object.values(JobStatus)));
    expect(orders.map((o) => o.number)).toEqual(Array.from({ length: orders.length }, (_, i) => i + 1));
    expect(new Set(orders.map((o) => o.status))).toEqual(new Set(Object.values(PurchaseOrderStatus)));
  });

  it('gives every job ESTIMATE, QUOTE and ACTUAL revision 1', () => {
    for (const job of jobs) {
      const mine = sets.filter((s) => s.job_id === job.id && s.rev === 1).map((s) => s.kind);
      expect(mine.sort()).toEqual(['ACTUAL', 'ESTIMATE', 'QUOTE']);
    }
    expect(sets.some((s) => s.rev === 2)).toBe(true);
  });

  it('derives line totals and cost set summaries exactly', () => {
    const badTotals = lines.filter(
      (l) => l.total_cost !== lineTotal(l.quantity as string, l.unit_cost as string) || l.total_rev !== lineTotal(l.quantity as string, l.unit_rev as string),
    );
    expect(badTotals).toEqual([]);
    expect(lines.filter((l) => l.kind === 'TIME' && !l.staff_id)).toEqual([]);
    const sums = new Map<unknown, { cost: Decimal; rev: Decimal; hours: Decimal }>();
    for (const l of lines) {
      const s = sums.get(l.cost_set_id) ?? { cost: new Decimal(0), rev: new Decimal(0), hours: new Decimal(0) };
      sums.set(l.cost_set_id, {
        cost: s.cost.plus(l.total_cost as string),
        rev: s.rev.plus(l.total_rev as string),
        hours: l.kind === 'TIME' ? s.hours.plus(l.quantity as string) : s.hours,
      });
    }
    const zero = { cost: new Decimal(0), rev: new Decimal(0), hours: new Decimal(0) };
    const badSummaries = sets.filter((s) => {
      const sum = sums.get(s.id) ?? zero;
      return s.summary_cost !== sum.cost.toFixed(2) || s.summary_rev !== sum.rev.toFixed(2) || s.summary_hours !== sum.hours.toFixed(3);
    });
    expect(badSummaries).toEqual([]);
  });

  it('never receives more than ordered, nor uses more stock than is on hand', () => {
    for (const l of orderLines) expect(new Decimal(l.quantity_received as string).lte(l.quantity_ordered as string)).toBe(true);
    const used = new Map<unknown, Decimal>();
    for (const l of lines.filter((l) => l.stock_item_id)) used.set(l.stock_item_id, (used.get(l.stock_item_id) ?? new Decimal(0)).plus(l.quantity as string));
    expect(used.size).toBeGreaterThan(0);
    for (const s of stock) {
      expect(s.quantity_used).toBe((used.get(s.id) ?? new Decimal(0)).toFixed(3));
      expect(new Decimal(s.quantity_used as string).lte(s.quantity_on_hand as string)).toBe(true);
    }
  });

  it('gives the same data for the same options', () => {
    const again = generate(1200, 500);
    expect(content(again.batches.flatMap((b) => b.jobs)) === content(jobs)).toBe(true);
    expect(content(again.batches.flatMap((b) => b.costLines)) === content(lines)).toBe(true);
    expect(content(generate(1200, 500, 2).batches.flatMap((b) => b.jobs)) === content(jobs)).toBe(false);
  });
});

describe('project data', () => {
  const o = plan(1200);
  const ref = referenceRows(new Rng(1), o, new Set()).reference;
  const data = projectRows(new Rng(7), o, ref, projectCount(1200));
  const { projects } = data;
  const byId = new Map(projects.map((p) => [p.id, p]));

  it('scales with the jobs, with both kinds, drafts (recent and abandoned), published and deleted projects', () => {
    expect(projects).toHaveLength(120);
    expect(new Set(projects.map((p) => p.kind))).toEqual(new Set(['SCHOOL', 'SELF_STUDY']));
    const drafts = projects.filter((p) => p.draft && !p.deleted_at);
    const dayAgo = iso(NOW - DAY);
    expect(drafts.some((p) => String(p.updated_at) > dayAgo)).toBe(true);
    expect(drafts.some((p) => String(p.updated_at) < iso(NOW - 2 * DAY))).toBe(true);
    expect(projects.some((p) => !p.draft)).toBe(true);
    expect(projects.some((p) => p.deleted_at)).toBe(true);
    expect(projects.every((p) => String(p.end_date) >= String(p.start_date))).toBe(true);
    const active = new Set(ref.activeStaff.map((s) => s.id));
    expect(projects.every((p) => active.has(p.owner_id as string))).toBe(true);
  });

  it('gives every project exactly one details row, of its own kind', () => {
    const school = new Set(data.schoolDetails.map((d) => d.id));
    const self = new Set(data.selfStudyDetails.map((d) => d.id));
    for (const p of projects) expect([p.kind, school.has(p.id), self.has(p.id)]).toEqual([p.kind, p.kind === 'SCHOOL', p.kind === 'SELF_STUDY']);
    expect(school.size + self.size).toBe(projects.length);
    expect(data.schoolDetails.every((d) => d.course_name && d.course_code && d.teacher_name && d.kind === 'SCHOOL')).toBe(true);
    expect(data.selfStudyDetails.every((d) => d.goal_description && d.study_frequency && d.kind === 'SELF_STUDY')).toBe(true);
  });

  it('gives metadata (unique keys per project), dates within the project and attachments; parts never newer than their project', () => {
    const keys = data.meta.map((m) => `${m.project_id}|${m.key}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(data.meta.map((m) => m.project_id)).size).toBe(projects.length);
    for (const d of data.importantDates) {
      const p = byId.get(d.project_id)!;
      expect(String(d.date) >= String(p.start_date) && String(d.date) <= String(p.end_date)).toBe(true);
    }
    expect(data.attachments.length).toBeGreaterThan(0);
    expect(data.attachments.every((a) => /^[0-9a-f]{64}$/.test(String(a.checksum)) && Number(a.size) > 0)).toBe(true);
    for (const part of [...data.meta, ...data.importantDates, ...data.attachments, ...data.schoolDetails, ...data.selfStudyDetails]) {
      const p = byId.get((part.project_id ?? part.id) as string)!;
      expect(String(part.updated_at) <= String(p.updated_at)).toBe(true);
    }
    // A deleted project has no live attachments (deleteProject refuses while it has).
    const deleted = new Set(projects.filter((p) => p.deleted_at).map((p) => p.id));
    expect(data.attachments.filter((a) => deleted.has(a.project_id as string) && !a.deleted_at)).toEqual([]);
  });

  it('is the same for the same seed', () => {
    const again = projectRows(new Rng(7), o, ref, projectCount(1200));
    expect(content(again.projects) === content(projects)).toBe(true);
    expect(content(again.meta) === content(data.meta)).toBe(true);
  });
});

describe('parseSeedArgs', () => {
  it('has defaults and reads every option', () => {
    expect(parseSeedArgs([])).toEqual({ workspace: 'default', jobs: 200, linesPerCostSet: 5, seed: 1, apiKey: undefined, append: false });
    expect(parseSeedArgs(['--jobs', '10000', '--lines', '3', '--seed', '9', '--workspace', 'bench', '--api-key', 'k'.repeat(16), '--append'])).toEqual({
      workspace: 'bench',
      jobs: 10000,
      linesPerCostSet: 3,
      seed: 9,
      apiKey: 'k'.repeat(16),
      append: true,
    });
    expect(parseSeedArgs(['--help'])).toBe('help');
  });

  it.each([[['--jobs', 'x']], [['--jobs', '0']], [['--jobs']], [['--nope']], [['extra']], [['--api-key', 'short']], [['--workspace', 'a b']], [['--lines', '-1']]])(
    'refuses %j',
    (argv) => {
      expect(() => parseSeedArgs(argv)).toThrow(UsageError);
    },
  );
});
