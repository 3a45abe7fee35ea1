/** The benchmark's output: the Markdown table, the ratio lines, and the results file. */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LoadResult } from './load';
import type { MemoryReport } from './processes';

/** One measured run: a scenario on one server at one connection count. */
export interface Row {
  scenario: string;
  title: string;
  server: 'api' | 'floor' | 'api-dataloader-off';
  connections: number;
  /** `extensions.sqlStatements` of one request sent just before the run and one just after. */
  statements: { before: number | null; after: number | null };
  result: LoadResult;
  /** The server's peak resident memory during this run (MB, sampled every 250 ms). */
  serverPeakRssMb: number | null;
  /** The machine's 1-minute load average when the run ended (anything above the core count means other work competed). */
  loadAverage: number;
}

const fmtRate = (v: number) => (!Number.isFinite(v) ? '–' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
const fmtMs = (v: number) => (!Number.isFinite(v) ? '–' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const fmtRatio = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '–');

function statementsCell({ before, after }: Row['statements']): string {
  if (before === null && after === null) return '–';
  if (before === after || after === null) return String(before);
  return `${before} → ${after}`;
}

function errorsCell(r: LoadResult): string {
  const parts: string[] = [];
  if (r.non2xx) parts.push(`${r.non2xx} non-2xx`);
  if (r.graphqlErrors) parts.push(`${r.graphqlErrors} GraphQL`);
  if (r.socketErrors) parts.push(`${r.socketErrors} socket/timeout`);
  return parts.length ? parts.join(', ') : '0';
}

function label(row: Row): string {
  if (row.server === 'floor') return `${row.scenario} floor: one SQL statement, plain http`;
  if (row.server === 'api-dataloader-off') return `${row.scenario} ${row.title}, DataLoader off`;
  return `${row.scenario} ${row.title}`;
}

const ORDER = ['1', '2', '3', '4', '5', '6a', '6b'];
const SERVER_ORDER: Row['server'][] = ['api', 'floor', 'api-dataloader-off'];

/** The results table in Markdown, scenarios in order, each at every connection count. */
export function markdownTable(rows: Row[]): string {
  const sorted = [...rows].sort(
    (a, b) => ORDER.indexOf(a.scenario) - ORDER.indexOf(b.scenario) || SERVER_ORDER.indexOf(a.server) - SERVER_ORDER.indexOf(b.server) || a.connections - b.connections,
  );
  const lines = [
    '| scenario | connections | req/s | p50 ms | p99 ms | SQL statements/request | errors |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...sorted.map(
      (r) =>
        `| ${label(r)} | ${r.connections} | ${fmtRate(r.result.reqPerSec)} | ${fmtMs(r.result.latencyMs.p50)} | ${fmtMs(r.result.latencyMs.p99)} | ${statementsCell(r.statements)} | ${errorsCell(r.result)} |`,
    ),
  ];
  return lines.join('\n');
}

export interface Ratio {
  name: string;
  connections: number;
  value: number;
}

/** API/floor requests/s, DataLoader on/off requests/s, and scenario 3 p50 / scenario 2 p50, at each connection count. */
export function ratios(rows: Row[], connections: number[]): Ratio[] {
  const find = (scenario: string, server: Row['server'], c: number) => rows.find((r) => r.scenario === scenario && r.server === server && r.connections === c)?.result;
  const out: Ratio[] = [];
  for (const c of connections) {
    const api = find('2', 'api', c);
    const floor = find('2', 'floor', c);
    const off = find('2', 'api-dataloader-off', c);
    const deep = find('3', 'api', c);
    if (api && floor) out.push({ name: 'API / floor requests/s (scenario 2)', connections: c, value: api.reqPerSec / floor.reqPerSec });
    if (api && off) out.push({ name: 'DataLoader on / off requests/s (scenario 2)', connections: c, value: api.reqPerSec / off.reqPerSec });
    if (api && deep) out.push({ name: 'scenario 3 p50 / scenario 2 p50 (deep page / first page)', connections: c, value: deep.latencyMs.p50 / api.latencyMs.p50 });
  }
  return out;
}

export function ratioLines(list: Ratio[]): string[] {
  const names = [...new Set(list.map((r) => r.name))];
  return names.map((name) => {
    const parts = list.filter((r) => r.name === name).map((r) => `${fmtRatio(r.value)} at ${r.connections} connection${r.connections === 1 ? '' : 's'}`);
    return `- ${name}: ${parts.join(', ')}`;
  });
}

export function memoryLines(memory: Record<string, MemoryReport | undefined>): string[] {
  return Object.entries(memory)
    .filter((e): e is [string, MemoryReport] => !!e[1])
    .map(([name, m]) => `- ${name}: peak RSS ${m.peakRssMb?.toFixed(0) ?? '–'} MB (sampled every 250 ms, ${m.samples} samples), VmHWM ${m.vmHwmMb?.toFixed(0) ?? '–'} MB`);
}

/** Writes `bench/results/<YYYY-MM-DD>-<HHMM>.json` (local time; `-2`, `-3`… when taken) and returns its path. */
export async function writeResults(dir: string, startedAt: Date, data: unknown): Promise<string> {
  await mkdir(dir, { recursive: true });
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${startedAt.getFullYear()}-${p(startedAt.getMonth() + 1)}-${p(startedAt.getDate())}-${p(startedAt.getHours())}${p(startedAt.getMinutes())}`;
  let file = path.join(dir, `${stamp}.json`);
  for (let i = 2; existsSync(file); i++) file = path.join(dir, `${stamp}-${i}.json`);
  await writeFile(file, JSON.stringify(data, null, 2) + '\n');
  return file;
}
