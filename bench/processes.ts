/**
 * Child processes of the benchmark (the production API build, the floor server): start on a free
 * loopback port, wait for the health check, sample resident memory from /proc, stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { freePort } from '../src/kernel/net';

export { freePort };

/** VmRSS and VmHWM of a process in MB, from /proc/<pid>/status (null when unavailable). */
export function memoryOf(pid: number): { rssMb: number; hwmMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** User + system CPU time a process has used so far, in seconds (null when unavailable). */
export function cpuSecondsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

function cpuTotals(): { busy: number; total: number } | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = cpu[3] + (cpu[4] || 0);
    const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** How busy the whole machine is over `ms` (0–100, all cores), from /proc/stat; null when unavailable. */
export async function machineBusyPercent(ms = 1000): Promise<number | null> {
  const a = cpuTotals();
  await new Promise((r) => setTimeout(r, ms));
  const b = cpuTotals();
  if (!a || !b || b.total === a.total) return null;
  return ((b.busy - a.busy) / (b.total - a.total)) * 100;
}

/** The machine's total CPU seconds (all cores) and the CPU seconds so far of each process that is not the benchmark's. */
export interface CpuSnapshot {
  machineTotal: number;
  others: Map<number, number>;
}

/**
 * A {@link CpuSnapshot}. Not the benchmark's: every user-space process except this one, the given
 * servers, PostgreSQL's backends of `databaseName` and PostgreSQL's own auxiliary processes
 * (checkpointer, WAL writer, parallel workers…), which cannot be told apart per database. Backends
 * of other databases (`postgres: … user db host(port) …`) count as other work.
 */
export function cpuSnapshot(databaseName: string, pids: number[]): CpuSnapshot | null {
  const machine = cpuTotals();
  if (!machine) return null;
  const ours = new Set([process.pid, ...pids]);
  const others = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || ours.has(pid)) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline || cmdline.includes(databaseName)) continue; // kernel thread, or ours
      const argv0 = cmdline.split('\0')[0];
      const postgres = argv0.startsWith('postgres:') || argv0 === 'postgres' || argv0.endsWith('/postgres');
      if (postgres && !/\(\d+\)|\[local\]/.test(cmdline)) continue; // the postmaster or an auxiliary process
      const cpu = cpuSecondsOf(pid);
      if (cpu !== null) others.set(pid, cpu);
    } catch {
      // gone, or not ours to read
    }
  }
  return { machineTotal: machine.total / CLOCK_TICKS, others };
}

/**
 * The share of the whole machine (% of all cores) that other processes used between two snapshots,
 * per process (processes that started in between count whole; ones that ended in between are missed).
 */
export function otherCpuPercent(a: CpuSnapshot | null, b: CpuSnapshot | null): number | null {
  if (!a || !b || b.machineTotal <= a.machineTotal) return null;
  let other = 0;
  for (const [pid, cpu] of b.others) other += Math.max(0, cpu - (a.others.get(pid) ?? 0));
  return Math.min(100, (other / (b.machineTotal - a.machineTotal)) * 100);
}

/** USER_HZ: 100 on every Linux build that matters. */
const CLOCK_TICKS = 100;

export interface MemoryReport {
  /** Highest VmRSS seen by the 250 ms sampler. */
  peakRssMb: number | null;
  /** VmHWM (the kernel's peak RSS) read just before the process was stopped. */
  vmHwmMb: number | null;
  samples: number;
}

export interface Child {
  name: string;
  pid: number;
  port: number;
  proc: ChildProcess;
  /** Lines the child logged at warn or error level (JSON logs), or any stderr line. */
  warnings: string[];
  /** The last few KB of output, for error messages. */
  tail(): string;
  /** Highest VmRSS sampled since the previous call (MB), then starts a new window. */
  takePeakRssMb(): number | null;
  /** Stops the sampler and the process (SIGTERM, then SIGKILL after 10 s); returns the memory figures. */
  stop(): Promise<MemoryReport>;
}

const running = new Set<ChildProcess>();

/** Sends SIGKILL to every child still running (for a signal handler: synchronous, never throws). */
export function killAllChildren(): void {
  for (const proc of running) {
    try {
      proc.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

export interface StartOptions {
  name: string;
  script: string;
  env: Record<string, string>;
  /** Environment variables of this process that the child must not inherit. */
  dropEnv?: string[];
  healthPath: string;
  timeoutMs?: number;
}

/** Starts `node <script>` on a free port (passed as PORT) and resolves once `healthPath` answers 200. */
export async function startChild(opts: StartOptions): Promise<Child> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of opts.dropEnv ?? []) delete env[k];
  Object.assign(env, opts.env, { PORT: String(port) });
  const proc = spawn(process.execPath, [opts.script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  let output = '';
  const warnings: string[] = [];
  let exit: { code: number | null; signal: string | null } | null = null;
  const exited = new Promise<void>((resolve) => {
    proc.once('exit', (code, signal) => {
      exit = { code, signal };
      running.delete(proc);
      resolve();
    });
  });
  const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-8000);
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      if (stream === 'stderr' || /"level":"(warn|error)"/.test(line)) if (warnings.length < 200) warnings.push(line.slice(0, 500));
    }
  };
  proc.stdout!.on('data', collect('stdout'));
  proc.stderr!.on('data', collect('stderr'));

  let peak: number | null = null;
  let windowPeak: number | null = null;
  let samples = 0;
  const sample = () => {
    const mem = proc.pid ? memoryOf(proc.pid) : null;
    if (mem && Number.isFinite(mem.rssMb)) {
      samples++;
      peak = Math.max(peak ?? 0, mem.rssMb);
      windowPeak = Math.max(windowPeak ?? 0, mem.rssMb);
    }
  };
  const takePeakRssMb = () => {
    sample();
    const p = windowPeak;
    windowPeak = null;
    return p;
  };
  const sampler = setInterval(sample, 250);
  sampler.unref();

  const tail = () => output.trim().split('\n').slice(-20).join('\n');
  const stop = async (): Promise<MemoryReport> => {
    clearInterval(sampler);
    sample();
    const hwm = proc.pid ? (memoryOf(proc.pid)?.hwmMb ?? null) : null;
    if (!exit) {
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    return { peakRssMb: peak, vmHwmMb: hwm !== null && Number.isFinite(hwm) ? hwm : null, samples };
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (exit) {
      const e = exit as { code: number | null; signal: string | null };
      throw new Error(`${opts.name} exited during start-up (code ${e.code}, signal ${e.signal}):\n${tail()}`);
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}${opts.healthPath}`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${opts.name} did not answer GET ${opts.healthPath} within ${(opts.timeoutMs ?? 60_000) / 1000} s:\n${tail()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { name: opts.name, pid: proc.pid!, port, proc, warnings, tail, takePeakRssMb, stop };
}
