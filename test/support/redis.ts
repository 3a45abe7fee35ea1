import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { freePort } from './app';

export { freePort };

/** The shared Redis of the machine (`REDIS_URL`), or undefined: tests that need it are skipped, and say so. */
export const SHARED_REDIS_URL = process.env.REDIS_URL || undefined;

/** `describe` when `REDIS_URL` is set, otherwise a skipped block that logs why. */
export function describeWithRedis(name: string, fn: () => void): void {
  if (SHARED_REDIS_URL) return describe(name, fn);
  console.warn(`SKIPPED "${name}": REDIS_URL is not set (these tests need the shared Redis, e.g. REDIS_URL=redis://127.0.0.1:6379)`);
  describe.skip(name, fn);
}

/** Whether the `redis-server` binary is on the PATH (tests that start and stop their own Redis need it). */
export const HAS_REDIS_SERVER = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

/** `test` when `redis-server` can be started here, otherwise a skipped test that logs why. */
export function testWithRedisServer(name: string, fn: () => Promise<void>, timeout?: number): void {
  if (HAS_REDIS_SERVER) return test(name, fn, timeout);
  console.warn(`SKIPPED "${name}": the redis-server binary is not installed (apt-get install redis-server)`);
  test.skip(name, fn);
}

/** A Redis server of the test's own (no persistence), on a free port; `stop()` kills it. */
export interface OwnRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.write('PING\r\n');
      socket.once('data', (d) => {
        socket.destroy();
        resolve(d.toString().startsWith('+PONG'));
      });
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts `redis-server` on a free port (or on `port`), resolving once it answers PING. */
export async function startOwnRedis(port?: number): Promise<OwnRedis> {
  const p = port ?? (await freePort());
  const child: ChildProcess = spawn('redis-server', ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !(await answers(p)); i++) await new Promise((r) => setTimeout(r, 50));
  if (!(await answers(p))) throw new Error(`redis-server did not start on port ${p}`);
  return {
    url: `redis://127.0.0.1:${p}`,
    port: p,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
