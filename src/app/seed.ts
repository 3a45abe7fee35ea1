/**
 * Fills a workspace with realistic, consistent data in every table (`npm run seed`, and benchmarks).
 * Rows are generated in memory (seed-data.ts) and written set-based with their history
 * (`auditedInsertRows`), one audited transaction per batch of jobs with everything under them.
 */
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { auditedInsertRows } from '../audit/bulk';
import { historyEnabled } from '../audit/history.subscriber';
import { ApiKey } from '../auth/api-key.entity';
import { createApiKey, ensureWorkspace, hashKey } from '../auth/api-keys';
import { Role } from '../auth/roles';
import { inTransaction, type AuditInfo } from '../db/transaction';
import { Client } from '../modules/clients';
import { CostLine, CostSet } from '../modules/costing';
import { Job } from '../modules/jobs';
import { Attachment, ImportantDate, Project, ProjectMeta, SchoolProjectDetails, SelfStudyProjectDetails } from '../modules/projects';
import { PurchaseOrder, PurchaseOrderLine, Supplier } from '../modules/purchasing';
import { Staff } from '../modules/staff';
import { StockItem } from '../modules/stock';
import { BatchGenerator, projectCount, projectRows, referenceRows, Rng, type Batch, type PlanOptions, type ProjectRows, type Row } from './seed-data';

/** What to seed. */
export interface SeedOptions {
  /** Workspace slug; created when missing. */
  workspace: string;
  /** Number of jobs (each with estimate, quote and actual cost sets). */
  jobs: number;
  /** About this many lines per cost set that has lines. */
  linesPerCostSet: number;
  /** Random seed: the same options give the same data (ids and, on append, times aside). */
  seed: number;
  /** When set, an ADMIN key with exactly this secret exists for the workspace afterwards. */
  apiKey?: string;
  /** Add to a workspace that already has jobs, continuing its numbering (refused otherwise). */
  append?: boolean;
  /** Markup on unit cost for the revenue of received and consumed goods, as the API's STOCK_MARKUP_PERCENT (default "20"). */
  markupPercent?: string;
}

/** The tables the seed writes, in the order they are written. */
export const SEED_TABLES = [
  'clients',
  'staff',
  'suppliers',
  'jobs',
  'purchase_orders',
  'purchase_order_lines',
  'stock_items',
  'cost_sets',
  'cost_lines',
  'projects',
  'school_project_details',
  'self_study_project_details',
  'project_meta',
  'project_important_dates',
  'project_attachments',
] as const;
export type SeedTable = (typeof SEED_TABLES)[number];

/** What a seed run wrote. */
export interface SeedResult {
  workspaceId: string;
  firstJobNumber: number;
  lastJobNumber: number;
  /** Rows inserted per table; `history` is the history records written with them (one per row). */
  counts: Record<SeedTable | 'history' | 'workspace_counters' | 'api_keys', number>;
  ms: number;
}

/** Progress callback: `phase` is "reference" (clients, staff, suppliers), "jobs" or "projects". */
export type SeedProgress = (phase: string, done: number, total: number) => void;

/** Options that cannot be seeded (the CLI exits 2). */
export class SeedOptionsError extends Error {}

/** The workspace already has jobs and `append` was not given (the CLI exits 1). */
export class SeedRefusedError extends Error {}

/** Jobs per transaction: with ~15 lines per job, a few MB of rows and a few seconds of work each. */
const BATCH_JOBS = 500;
/** Rows per INSERT statement, to keep the jsonb parameter at a few MB. */
const CHUNK_ROWS = 5000;
/** Transactions in flight at once: PostgreSQL runs one batch's triggers while the next one is written. */
const WRITERS = 2;
const DAY = 86_400_000;

const ENTITIES: Record<SeedTable, EntityTarget<ObjectLiteral>> = {
  clients: Client,
  staff: Staff,
  suppliers: Supplier,
  jobs: Job,
  purchase_orders: PurchaseOrder,
  purchase_order_lines: PurchaseOrderLine,
  stock_items: StockItem,
  cost_sets: CostSet,
  cost_lines: CostLine,
  projects: Project,
  school_project_details: SchoolProjectDetails,
  self_study_project_details: SelfStudyProjectDetails,
  project_meta: ProjectMeta,
  project_important_dates: ImportantDate,
  project_attachments: Attachment,
};

/** The project tables, parents first, with their rows' key in {@link ProjectRows}. */
const PROJECT_TABLES: ReadonlyArray<[SeedTable, keyof ProjectRows]> = [
  ['projects', 'projects'],
  ['school_project_details', 'schoolDetails'],
  ['self_study_project_details', 'selfStudyDetails'],
  ['project_meta', 'meta'],
  ['project_important_dates', 'importantDates'],
  ['project_attachments', 'attachments'],
];
/** Projects per transaction. */
const BATCH_PROJECTS = 1000;

const BATCH_TABLES: ReadonlyArray<[SeedTable, keyof Batch]> = [
  ['jobs', 'jobs'],
  ['purchase_orders', 'purchaseOrders'],
  ['purchase_order_lines', 'purchaseOrderLines'],
  ['stock_items', 'stockItems'],
  ['cost_sets', 'costSets'],
  ['cost_lines', 'costLines'],
];

/** Throws {@link SeedOptionsError} for options that cannot be seeded. */
export function checkSeedOptions(o: SeedOptions): void {
  const int = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max;
  if (!/^[a-z0-9][a-z0-9_-]{0,99}$/i.test(o.workspace)) throw new SeedOptionsError('workspace must be a slug: letters, digits, "-" and "_", at most 100 characters');
  if (!int(o.jobs, 1, 1_000_000)) throw new SeedOptionsError('jobs must be an integer from 1 to 1000000');
  if (!int(o.linesPerCostSet, 0, 100)) throw new SeedOptionsError('lines must be an integer from 0 to 100');
  if (!int(o.seed, 0, 0xffffffff)) throw new SeedOptionsError('seed must be an integer from 0 to 4294967295');
  if (o.apiKey !== undefined && o.apiKey.length < 16) throw new SeedOptionsError('api-key must be at least 16 characters long');
  if (o.markupPercent !== undefined && !/^\d{1,4}(\.\d{1,2})?$/.test(o.markupPercent)) throw new SeedOptionsError('markupPercent must be a decimal percentage');
}

/** Ensures an ADMIN key with exactly `secret` for the workspace (moving or reviving an existing one, as the bootstrap key does). */
async function ensureAdminKey(db: DataSource, workspaceId: string, secret: string): Promise<number> {
  const repo = db.getRepository(ApiKey);
  const existing = await repo.findOneBy({ keyHash: hashKey(secret) });
  if (!existing) {
    await createApiKey(db, workspaceId, 'seed', Role.ADMIN, secret);
    return 1;
  }
  if (existing.workspaceId !== workspaceId || existing.role !== Role.ADMIN || existing.revokedAt) {
    await repo.update(existing.id, { workspaceId, role: Role.ADMIN, revokedAt: null });
  }
  return 0;
}

async function insert(em: EntityManager, table: SeedTable, rows: Row[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) await auditedInsertRows(em, ENTITIES[table], rows.slice(i, i + CHUNK_ROWS));
}

/** Where numbering and time continue: after the workspace's last job and order (or from scratch). */
async function startingPoint(db: DataSource, workspaceId: string) {
  const [jobs]: Array<{ n: number; max: number | null; last: Date | null }> = await db.query(
    'SELECT count(*)::int AS n, max(number) AS max, max(created_at) AS last FROM jobs WHERE workspace_id = $1',
    [workspaceId],
  );
  const [orders]: Array<{ max: number | null }> = await db.query('SELECT max(number) AS max FROM purchase_orders WHERE workspace_id = $1', [workspaceId]);
  const counters: Array<{ name: string; value: number }> = await db.query('SELECT name, value FROM workspace_counters WHERE workspace_id = $1', [workspaceId]);
  const counter = (name: string) => counters.find((c) => c.name === name)?.value ?? 0;
  const emails: Array<{ email: string }> = await db.query('SELECT email FROM staff WHERE workspace_id = $1', [workspaceId]);
  const [top]: Array<{ id: string }> = await db.query('SELECT id FROM staff WHERE workspace_id = $1 AND manager_id IS NULL AND active ORDER BY created_at, id LIMIT 1', [
    workspaceId,
  ]);
  return {
    existingJobs: jobs.n,
    firstJobNumber: Math.max(counter('job'), jobs.max ?? 0) + 1,
    firstPurchaseOrderNumber: Math.max(counter('purchase_order'), orders.max ?? 0) + 1,
    lastCreatedMs: jobs.last ? new Date(jobs.last).getTime() : null,
    emails: new Set(emails.map((e) => e.email)),
    topStaffId: top?.id ?? null,
  };
}

/**
 * Seeds a workspace: clients, a staff hierarchy, suppliers, then `jobs` jobs in batches, each batch
 * with its cost sets and lines, purchase orders, stock received from them and stock consumed on its jobs,
 * then projects of both kinds (one per ten jobs) with their details, metadata, important dates and
 * attachments, all with their history. `db` must be initialised with the migrations run. Refuses
 * ({@link SeedRefusedError}) a workspace that already has jobs unless `append` is set.
 * Each batch is its own transaction and consistent on its own: after a failure, the batches already
 * committed stay (and `append` continues after them).
 */
export async function seed(db: DataSource, options: SeedOptions, onProgress?: SeedProgress): Promise<SeedResult> {
  const started = performance.now();
  checkSeedOptions(options);
  const workspace = await ensureWorkspace(db, options.workspace, options.workspace === 'default' ? 'Default workspace' : options.workspace);
  const start = await startingPoint(db, workspace.id);
  if (start.existingJobs > 0 && !options.append) {
    throw new SeedRefusedError(
      `Workspace "${options.workspace}" already has ${start.existingJobs} jobs: use --append to add more (numbering continues at ${start.firstJobNumber})`,
    );
  }
  const apiKeys = options.apiKey ? await ensureAdminKey(db, workspace.id, options.apiKey) : 0;

  // A fresh workspace is anchored at today's midnight (UTC) so that a rerun the same day gives the same
  // data; appended jobs come after the workspace's last job, up to now.
  const now = Date.now();
  const today = now - (now % DAY);
  const startMs = start.lastCreatedMs === null ? today - 730 * DAY : Math.max(start.lastCreatedMs + 1, now - 730 * DAY);
  const endMs = start.lastCreatedMs === null ? today : Math.max(now, startMs + 1000);
  const plan: PlanOptions = {
    workspaceId: workspace.id,
    jobs: options.jobs,
    linesPerCostSet: options.linesPerCostSet,
    firstJobNumber: start.firstJobNumber,
    firstPurchaseOrderNumber: start.firstPurchaseOrderNumber,
    startMs,
    endMs,
    nowMs: endMs,
    markupPercent: options.markupPercent ?? '20',
  };
  const rng = new Rng(options.seed ^ Math.imul(start.firstJobNumber - 1, 0x9e3779b1));
  const counts = Object.fromEntries([...SEED_TABLES, 'history', 'workspace_counters', 'api_keys'].map((t) => [t, 0])) as SeedResult['counts'];
  counts.api_keys = apiKeys;
  const audit = (n: number): AuditInfo => ({ actor: { type: 'SYSTEM', id: 'seed', name: 'seed command' }, reason: 'seed', requestId: `seed-${options.seed}-${n}` });
  const wrote = (table: SeedTable, rows: Row[]) => {
    counts[table] += rows.length;
    if (historyEnabled()) counts.history += rows.length;
  };

  onProgress?.('reference', 0, 1);
  const ref = referenceRows(rng, plan, start.emails, start.topStaffId);
  await inTransaction(db, audit(0), async (em) => {
    for (const table of ['clients', 'staff', 'suppliers'] as const) await insert(em, table, ref[table]);
  });
  for (const table of ['clients', 'staff', 'suppliers'] as const) wrote(table, ref[table]);
  onProgress?.('reference', 1, 1);

  const generator = new BatchGenerator(rng, plan, ref.reference);
  let jobsDone = 0;
  onProgress?.('jobs', 0, options.jobs);
  const writeBatch = async (batch: Batch, n: number, size: number) => {
    await inTransaction(db, audit(n), async (em) => {
      for (const [table, key] of BATCH_TABLES) await insert(em, table, batch[key] as Row[]);
      // Counters follow each batch, so a createJob/createPurchaseOrder after any commit continues the sequence.
      await em.query(
        `INSERT INTO workspace_counters (workspace_id, name, value) VALUES ($1, 'job', $2), ($1, 'purchase_order', $3)
         ON CONFLICT (workspace_id, name) DO UPDATE SET value = GREATEST(workspace_counters.value, EXCLUDED.value)`,
        [workspace.id, batch.lastJobNumber, batch.lastPurchaseOrderNumber],
      );
    });
    for (const [table, key] of BATCH_TABLES) wrote(table, batch[key] as Row[]);
    jobsDone += size;
    onProgress?.('jobs', jobsDone, options.jobs);
  };
  // Generating the next batch in Node overlaps with PostgreSQL writing the previous ones.
  const inflight: Array<Promise<void>> = [];
  try {
    for (let from = 0, n = 1; from < options.jobs; from += BATCH_JOBS, n++) {
      const size = Math.min(BATCH_JOBS, options.jobs - from);
      const batch = generator.batch(from, size);
      if (inflight.length >= WRITERS) await inflight.shift();
      const write = writeBatch(batch, n, size);
      write.catch(() => undefined); // awaited below; this only keeps a failure from being reported as unhandled meanwhile
      inflight.push(write);
    }
    await Promise.all(inflight);
  } catch (err) {
    await Promise.allSettled(inflight);
    throw err;
  }
  // Projects come from a random stream of their own, so the jobs above are what they were before projects existed.
  const projects = projectRows(new Rng(options.seed ^ 0x0b1ec7), plan, ref.reference, projectCount(options.jobs));
  onProgress?.('projects', 0, projects.projects.length);
  for (let from = 0, n = 0; from < projects.projects.length; from += BATCH_PROJECTS, n++) {
    const ids = new Set(projects.projects.slice(from, from + BATCH_PROJECTS).map((p) => p.id));
    const mine = (rows: Row[]) => rows.filter((r) => ids.has((r.project_id ?? r.id) as string));
    await inTransaction(db, audit(1_000_000 + n), async (em) => {
      for (const [table, key] of PROJECT_TABLES) await insert(em, table, mine(projects[key]));
    });
    for (const [table, key] of PROJECT_TABLES) wrote(table, mine(projects[key]));
    onProgress?.('projects', Math.min(from + BATCH_PROJECTS, projects.projects.length), projects.projects.length);
  }
  counts.workspace_counters = 2;
  return {
    workspaceId: workspace.id,
    firstJobNumber: plan.firstJobNumber,
    lastJobNumber: plan.firstJobNumber + options.jobs - 1,
    counts,
    ms: Math.round(performance.now() - started),
  };
}
