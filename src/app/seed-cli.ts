import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { loadConfig } from '../config';
import { createLog } from '../logger';
import { openDatabase } from './database';
import { checkSeedOptions, SEED_TABLES, seed, SeedOptionsError, SeedRefusedError, type SeedOptions, type SeedProgress, type SeedResult } from './seed';

const USAGE = 'usage: npm run seed -- [--workspace <slug>] [--jobs <n>] [--lines <n>] [--seed <n>] [--api-key <secret>] [--append] [--help]';

const HELP = `${USAGE}

Fills a workspace with realistic data in every table, with its audit history.
  --workspace <slug>   workspace to fill, created when missing (default: default)
  --jobs <n>           number of jobs (default: 200); staff, clients, suppliers and orders scale with it
  --lines <n>          about this many lines per cost set (default: 5)
  --seed <n>           random seed: the same options give the same data (default: 1)
  --api-key <secret>   make sure an ADMIN key with exactly this secret (16+ characters) exists for the workspace
  --append             add to a workspace that already has jobs, continuing its numbering
Uses DATABASE_URL, or the embedded PostgreSQL under .data/ when it is unset; runs pending migrations first.`;

/** A command line that cannot be run (exit 2, with the usage line). */
export class UsageError extends Error {}

/** Parses the seed command's arguments; 'help' for --help. Throws {@link UsageError}. */
export function parseSeedArgs(argv: string[]): SeedOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        workspace: { type: 'string' },
        jobs: { type: 'string' },
        lines: { type: 'string' },
        seed: { type: 'string' },
        'api-key': { type: 'string' },
        append: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return 'help';
  const whole = (name: string, fallback: number): number => {
    const raw = values[name] as string | undefined;
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a whole number (got "${raw}")`);
    return Number(raw);
  };
  const options: SeedOptions = {
    workspace: (values.workspace as string | undefined) ?? 'default',
    jobs: whole('jobs', 200),
    linesPerCostSet: whole('lines', 5),
    seed: whole('seed', 1),
    apiKey: values['api-key'] as string | undefined,
    append: Boolean(values.append),
  };
  try {
    checkSeedOptions(options);
  } catch (err) {
    if (err instanceof SeedOptionsError) throw new UsageError(`--${err.message}`);
    throw err;
  }
  return options;
}

/** A progress bar on a terminal; otherwise a line at every 10% of each phase (for logs and CI). */
function progressReporter(tty: boolean): { update: SeedProgress; stop(): void } {
  let phase = '';
  let bar: SingleBar | null = null;
  let lastTenth = -1;
  return {
    update(p, done, total) {
      if (p !== phase) {
        bar?.stop();
        bar = null;
        phase = p;
        lastTenth = -1;
        if (tty) {
          bar = new SingleBar({ format: `${p.padEnd(9)} [{bar}] {percentage}% | {value}/{total} | {duration}s`, hideCursor: true }, Presets.shades_classic);
          bar.start(total, done);
        }
      }
      if (bar) return bar.update(done);
      const tenth = Math.floor((done / total) * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        console.log(`seed: ${p} ${done}/${total} (${tenth * 10}%)`);
      }
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}

function summary(options: SeedOptions, result: SeedResult): string {
  const rows = [...SEED_TABLES, 'history', 'workspace_counters', 'api_keys'] as const;
  const label = (t: string) => (t === 'history' ? 'history records' : t);
  return [
    `Seeded workspace "${options.workspace}" (${result.workspaceId}): jobs ${result.firstJobNumber} to ${result.lastJobNumber}`,
    ...rows.map((t) => `  ${label(t).padEnd(28)}${String(result.counts[t]).padStart(10)}`),
    `  ${'total rows'.padEnd(28)}${String(rows.reduce((a, t) => a + result.counts[t], 0)).padStart(10)}`,
    `Done in ${(result.ms / 1000).toFixed(1)} s`,
  ].join('\n');
}

/** `npm run seed -- [options]`: see {@link HELP}. Exits 2 on a bad command line, 1 when refused or failed. */
async function main(): Promise<void> {
  let parsed: SeedOptions | 'help';
  try {
    parsed = parseSeedArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`seed: ${err.message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (parsed === 'help') return void console.log(HELP);
  const options = parsed;
  const config = loadConfig();
  // Slow-statement warnings are expected here (statements insert thousands of rows): only errors are logged.
  // A batch job, not a request: no statement timeout.
  const db = await openDatabase({ ...config, statementTimeoutMs: 0 }, createLog(config.logLevel === 'info' ? 'error' : config.logLevel));
  const progress = progressReporter(Boolean(process.stdout.isTTY));
  try {
    const applied = await db.dataSource.runMigrations({ transaction: 'each' });
    if (applied.length) console.log(`Applied migrations: ${applied.map((m) => m.name).join(', ')}`);
    const result = await seed(db.dataSource, { ...options, markupPercent: config.stockMarkupPercent }, progress.update);
    progress.stop();
    console.log(summary(options, result));
  } finally {
    progress.stop();
    await db.close();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    console.error(err instanceof SeedRefusedError ? `seed: ${message}` : `seed failed: ${message}`);
    process.exit(1);
  });
}
