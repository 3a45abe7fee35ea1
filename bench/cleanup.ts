/**
 * Clean-up benchmark (`npm run bench:cleanup`): 100,000 abandoned drafts among 100,000 published
 * projects, removed by `cleanupAbandonedDrafts` through the real API (in-process server, over HTTP).
 * Reports rows removed, time, SQL statements, history records written, the plan of the batch query,
 * and checks that the published projects and their history are untouched. Uses a throwaway database
 * (bench/database.ts: BENCH_DATABASE_URL / TEST_DATABASE_URL, else an embedded PostgreSQL) and drops it;
 * the lock is Redis when REDIS_URL is set, a PostgreSQL advisory lock otherwise.
 *
 * Settings: BENCH_CLEANUP_DRAFTS (default 100000), BENCH_CLEANUP_PUBLISHED (default 100000).
 * Writes bench/results/<YYYY-MM-DD>-<HHMM>-cleanup.json.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { appDataSource } from '../src/app/database';
import { createServer } from '../src/app/server';
import { auditedInsertRows } from '../src/audit/bulk';
import { createApiKey, ensureWorkspace, generateKeySecret } from '../src/auth/api-keys';
import { Role } from '../src/auth/roles';
import { loadConfig } from '../src/config';
import { inTransaction, type AuditInfo } from '../src/db/transaction';
import { createLog } from '../src/logger';
import { ABANDONED_DRAFTS_SQL, Attachment, ImportantDate, Project, ProjectMeta, SchoolProjectDetails, SelfStudyProjectDetails } from '../src/modules/projects';
import { Staff } from '../src/modules/staff';
import { provisionDatabase } from './database';

const DRAFTS = Number(process.env.BENCH_CLEANUP_DRAFTS ?? 100_000);
const PUBLISHED = Number(process.env.BENCH_CLEANUP_PUBLISHED ?? 100_000);
/** Projects per seeding transaction; rows per INSERT statement. */
const SEED_BATCH = 10_000;
const CHUNK = 5_000;
const DAY = 86_400_000;
const PROJECT_TABLES = ['projects', 'school_project_details', 'self_study_project_details', 'project_meta', 'project_important_dates', 'project_attachments'];
const SEEDER: AuditInfo = { actor: { type: 'SYSTEM', id: 'bench', name: 'cleanup benchmark' }, reason: 'bench seed', requestId: 'bench-cleanup' };

const say = (msg: string) => console.log(`bench:cleanup: ${msg}`);

/**
 * Rows of `count` projects (half SCHOOL, half SELF_STUDY) and their parts: every project one metadata
 * entry and one important date, every other one an attachment; last changed at `updatedMs`.
 */
function projectRows(workspaceId: string, ownerId: string, count: number, draft: boolean, updatedMs: number) {
  const at = new Date(updatedMs).toISOString();
  const rows = {
    projects: [] as ObjectLiteral[],
    school: [] as ObjectLiteral[],
    self: [] as ObjectLiteral[],
    meta: [] as ObjectLiteral[],
    dates: [] as ObjectLiteral[],
    files: [] as ObjectLiteral[],
  };
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    const kind = i % 2 === 0 ? 'SCHOOL' : 'SELF_STUDY';
    const base = { workspace_id: workspaceId, created_at: at, updated_at: at };
    rows.projects.push({ ...base, id, kind, name: `${draft ? 'Draft' : 'Published'} project ${i}`, owner_id: ownerId, start_date: '2026-02-01', end_date: '2026-11-30', draft });
    if (kind === 'SCHOOL') rows.school.push({ ...base, id, kind, course_name: 'Chemistry', course_code: 'CHEM-201', teacher_name: 'Ms Rua' });
    else rows.self.push({ ...base, id, kind, goal_description: 'Read twenty classic novels', study_frequency: 'weekly' });
    rows.meta.push({ ...base, id: randomUUID(), project_id: id, key: 'syllabus', value: { weeks: 12, topics: ['reading', 'practice'] } });
    rows.dates.push({ ...base, id: randomUUID(), project_id: id, title: 'Final submission', date: '2026-11-20' });
    if (i % 2 === 0) {
      rows.files.push({
        ...base,
        id: randomUUID(),
        project_id: id,
        file_name: 'notes.pdf',
        content_type: 'application/pdf',
        size: 123_456,
        storage_key: `projects/${id}/notes.pdf`,
        checksum: 'ab'.repeat(32),
      });
    }
  }
  return rows;
}

async function insertAll(db: DataSource, entity: EntityTarget<ObjectLiteral>, rows: ObjectLiteral[]): Promise<void> {
  await inTransaction(db, SEEDER, async (em) => {
    for (let i = 0; i < rows.length; i += CHUNK) await auditedInsertRows(em, entity, rows.slice(i, i + CHUNK));
  });
}

/** Inserts `count` projects with their details and parts, set-based with their history, in transactions of {@link SEED_BATCH}. */
async function seedProjects(db: DataSource, workspaceId: string, ownerId: string, count: number, draft: boolean, updatedMs: number): Promise<void> {
  for (let done = 0; done < count; done += SEED_BATCH) {
    const r = projectRows(workspaceId, ownerId, Math.min(SEED_BATCH, count - done), draft, updatedMs);
    // A project and its details in one transaction (the database checks at commit that each has its details row).
    await inTransaction(db, SEEDER, async (em) => {
      for (const [entity, rows] of [
        [Project, r.projects],
        [SchoolProjectDetails, r.school],
        [SelfStudyProjectDetails, r.self],
      ] as const) {
        for (let i = 0; i < rows.length; i += CHUNK) await auditedInsertRows(em, entity, rows.slice(i, i + CHUNK));
      }
    });
    await insertAll(db, ProjectMeta, r.meta);
    await insertAll(db, ImportantDate, r.dates);
    await insertAll(db, Attachment, r.files);
    say(`seeded ${done + r.projects.length} of ${count} ${draft ? 'drafts' : 'published projects'}`);
  }
}

/** Row counts of the project tables and their history, and a digest of the published projects and their history. */
async function state(db: DataSource, workspaceId: string) {
  const counts: Record<string, number> = {};
  for (const t of PROJECT_TABLES) {
    const [{ rows, history }] = await db.query(
      `SELECT (SELECT count(*) FROM ${t} WHERE workspace_id = $1)::int AS rows, (SELECT count(*) FROM ${t}_history WHERE workspace_id = $1)::int AS history`,
      [workspaceId],
    );
    counts[t] = rows;
    counts[`${t}_history`] = history;
  }
  // Published projects, their details and parts as stored, and every history record of them.
  const [digest] = await db.query(
    `WITH pub AS (SELECT id FROM projects WHERE workspace_id = $1 AND NOT draft)
     SELECT (SELECT count(*) FROM pub)::int AS published,
            (SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) FROM (
               SELECT to_jsonb(p) AS x FROM projects p JOIN pub USING (id)
               UNION ALL SELECT to_jsonb(s) FROM school_project_details s JOIN pub USING (id)
               UNION ALL SELECT to_jsonb(s) FROM self_study_project_details s JOIN pub USING (id)
               UNION ALL SELECT to_jsonb(m) FROM project_meta m WHERE m.project_id IN (SELECT id FROM pub)
               UNION ALL SELECT to_jsonb(d) FROM project_important_dates d WHERE d.project_id IN (SELECT id FROM pub)
               UNION ALL SELECT to_jsonb(a) FROM project_attachments a WHERE a.project_id IN (SELECT id FROM pub)) rows) AS rows_md5,
            (SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) FROM (
               SELECT to_jsonb(h) AS x FROM projects_history h WHERE h.id IN (SELECT id FROM pub)
               UNION ALL SELECT to_jsonb(h) FROM school_project_details_history h WHERE h.id IN (SELECT id FROM pub)
               UNION ALL SELECT to_jsonb(h) FROM self_study_project_details_history h WHERE h.id IN (SELECT id FROM pub)
               UNION ALL SELECT to_jsonb(h) FROM project_meta_history h WHERE h.project_id IN (SELECT id FROM pub)
               UNION ALL SELECT to_jsonb(h) FROM project_important_dates_history h WHERE h.project_id IN (SELECT id FROM pub)
               UNION ALL SELECT to_jsonb(h) FROM project_attachments_history h WHERE h.project_id IN (SELECT id FROM pub)) hist) AS history_md5`,
    [workspaceId],
  );
  return { counts, published: digest.published as number, rowsMd5: digest.rows_md5 as string, historyMd5: digest.history_md5 as string };
}

async function main(): Promise<void> {
  const started = new Date();
  const database = await provisionDatabase(say);
  const log = createLog('error');
  const db = appDataSource(database.url, log, 10);
  let stop: (() => Promise<void>) | undefined;
  try {
    await db.initialize();
    await db.runMigrations({ transaction: 'each' });
    const ws = await ensureWorkspace(db, 'bench', 'bench');
    const ownerId = randomUUID();
    await inTransaction(db, SEEDER, (em) =>
      auditedInsertRows(em, Staff, [{ id: ownerId, workspace_id: ws.id, name: 'Owner', email: 'owner@example.com', wage_rate: '30.00', charge_out_rate: '50.00', active: true }]),
    );
    const seedStart = performance.now();
    await seedProjects(db, ws.id, ownerId, PUBLISHED, false, Date.now() - 30 * DAY);
    await seedProjects(db, ws.id, ownerId, DRAFTS, true, Date.now() - 3 * DAY);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    say(`seeded in ${seedSeconds.toFixed(1)} s; VACUUM ANALYZE`);
    await db.query('VACUUM ANALYZE');

    const plan: Array<{ 'QUERY PLAN': string }> = await db.query(`EXPLAIN ${ABANDONED_DRAFTS_SQL}`, [ws.id, new Date(Date.now() - DAY).toISOString(), 1000]);
    const planText = plan.map((r) => r['QUERY PLAN']).join('\n');
    const before = await state(db, ws.id);

    const config = loadConfig({ PORT: '0', EXPOSE_SQL_STATEMENT_COUNT: 'true', DRAFT_CLEANUP_INTERVAL_MINUTES: '0', RATE_LIMIT_MAX: '0', REDIS_URL: process.env.REDIS_URL });
    const server = await createServer({ db, config, log });
    stop = () => server.stop();
    const port = await server.listen(0, '127.0.0.1');
    const key = generateKeySecret();
    await createApiKey(db, ws.id, 'bench admin', Role.ADMIN, key);
    say(`running cleanupAbandonedDrafts over HTTP (${config.redisUrl ? 'Redis lock' : 'PostgreSQL advisory lock'})`);
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: 'mutation { cleanupAbandonedDrafts(olderThanHours: 24, reason: "bench") { removed userErrors { code message } } }' }),
    });
    const body = (await res.json()) as { data?: { cleanupAbandonedDrafts: { removed: number; userErrors: unknown[] } }; errors?: unknown; extensions?: { sqlStatements?: number } };
    const seconds = (performance.now() - t0) / 1000;
    if (body.errors || !body.data || body.data.cleanupAbandonedDrafts.userErrors.length) throw new Error(`cleanup failed: ${JSON.stringify(body)}`);
    const after = await state(db, ws.id);
    const [{ batches }] = await db.query(`SELECT count(DISTINCT transaction_id)::int AS batches FROM projects_history WHERE workspace_id = $1 AND history_type = '-'`, [ws.id]);

    const removedRows = Object.fromEntries(PROJECT_TABLES.map((t) => [t, before.counts[t] - after.counts[t]]));
    const historyWritten = Object.fromEntries(PROJECT_TABLES.map((t) => [t, after.counts[`${t}_history`] - before.counts[`${t}_history`]]));
    const totalRemoved = Object.values(removedRows).reduce((a, b) => a + b, 0);
    const totalHistory = Object.values(historyWritten).reduce((a, b) => a + b, 0);
    const untouched = after.published === before.published && after.rowsMd5 === before.rowsMd5 && after.historyMd5 === before.historyMd5;
    const result = {
      startedAt: started.toISOString(),
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 1e8) / 10, node: process.version, database: database.kind },
      lock: config.redisUrl ? 'redis' : 'postgres-advisory',
      seeded: { drafts: DRAFTS, published: PUBLISHED, seconds: Math.round(seedSeconds * 10) / 10 },
      projectsRemoved: body.data.cleanupAbandonedDrafts.removed,
      rowsRemoved: { ...removedRows, total: totalRemoved },
      historyRecordsWritten: { ...historyWritten, total: totalHistory },
      seconds: Math.round(seconds * 100) / 100,
      projectsPerSecond: Math.round(body.data.cleanupAbandonedDrafts.removed / seconds),
      sqlStatements: body.extensions?.sqlStatements,
      transactions: batches,
      published: { before: before.published, after: after.published, rowsUnchanged: after.rowsMd5 === before.rowsMd5, historyUnchanged: after.historyMd5 === before.historyMd5 },
      batchQueryPlan: planText,
    };
    console.log(
      [
        '',
        `Removed ${result.projectsRemoved} abandoned drafts (${totalRemoved} rows: ${PROJECT_TABLES.map((t) => `${t} ${removedRows[t]}`).join(', ')})`,
        `in ${result.seconds} s (${result.projectsPerSecond} projects/s), ${batches} transactions, ${result.sqlStatements} SQL statements (authentication included)`,
        `history records written: ${totalHistory} (${PROJECT_TABLES.map((t) => `${t} ${historyWritten[t]}`).join(', ')})`,
        `published projects: ${before.published} before, ${after.published} after; rows ${result.published.rowsUnchanged ? 'unchanged' : 'CHANGED'}, history ${result.published.historyUnchanged ? 'unchanged' : 'CHANGED'}`,
        `batch query plan:\n  ${planText.split('\n').join('\n  ')}`,
      ].join('\n'),
    );
    const dir = path.resolve(__dirname, '../../bench/results');
    await mkdir(dir, { recursive: true });
    const stamp = started.toISOString().slice(0, 16).replace('T', '-').replace(':', '');
    const file = path.join(dir, `${stamp}-cleanup.json`);
    await writeFile(file, JSON.stringify(result, null, 2) + '\n');
    say(`results in ${path.relative(process.cwd(), file)}`);
    if (!untouched || result.projectsRemoved !== DRAFTS) {
      process.exitCode = 1;
      say('FAILED: the clean-up did not remove exactly the drafts, or touched published projects');
    }
  } finally {
    await stop?.();
    if (db.isInitialized) await db.destroy();
    await database.dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
