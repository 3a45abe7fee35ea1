// `npm run dev`: tsc compiles on every change (keeping decorator metadata, which TypeORM and
// class-validator need and esbuild-based runners drop), and once the first build is done, node
// restarts the API whenever the compiled code or schema.graphql changes. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const tscBin = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const tsc = spawn(process.execPath, [tscBin, '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let api;

tsc.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  // The first clean build starts the API; later builds only rewrite dist/, which node watches.
  if (!api && /Found 0 errors\. Watching for file changes/.test(chunk.toString())) {
    api = spawn(process.execPath, ['--watch-path=dist', '--watch-path=schema.graphql', '--watch-preserve-output', 'dist/src/main.js'], {
      stdio: 'inherit',
    });
    api.on('exit', (code) => stop(code ?? 0));
  }
});
tsc.on('exit', (code) => stop(code ?? 0));

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  tsc.kill('SIGTERM');
  if (api && api.exitCode === null) {
    api.once('exit', () => process.exit(code));
    api.kill('SIGTERM');
  } else {
    process.exit(code);
  }
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
