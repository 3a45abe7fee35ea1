import 'reflect-metadata';
// Before anything loads http, express or pg, so that OpenTelemetry can instrument them (only when configured).
import { startTracing } from './app/tracing';
const tracing = startTracing();
import { bootstrapCredentials } from './auth/api-keys';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './app/database';
import { runMigrationsWithoutTimeout } from './db/migrate';
import { createLog } from './logger';
import { createServer } from './app/server';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLog(config.logLevel, undefined, config.logPretty);
  const db = await openDatabase(config, log);
  const applied = await runMigrationsWithoutTimeout(db.dataSource);
  if (applied.length) log.info('applied migrations', { migrations: applied.map((m) => m.name) });
  const demoKey = await bootstrapCredentials(db.dataSource, config.bootstrapApiKey, log);
  const server = await createServer({ db: db.dataSource, config, log, plugins: tracing ? [tracing.plugin] : [] });
  if (tracing) log.info('tracing: exporting spans over OTLP', { endpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT });
  const port = await server.listen(config.port);
  const url = `http://localhost:${port}/graphql`;
  log.info('ready', {
    url,
    port,
    database: db.embedded ? `embedded PostgreSQL in ${config.dataDir}` : 'DATABASE_URL',
    hint: 'open the URL in a browser for the playground; send an API key in the Authorization header with every request',
  });
  // The one line that is not the logger's: a secret shown once, on the terminal only, never in the log.
  if (demoKey) console.log(`Created workspace "default" with an ADMIN API key (shown only this once): ${demoKey}`);
  else if (!config.bootstrapApiKey) log.info('use an existing API key, or set BOOTSTRAP_API_KEY to create one');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal, drainDelayMs: config.shutdownDrainDelayMs, timeoutMs: config.shutdownTimeoutMs });
    // Past the drain and the in-flight timeout (and a margin for closing), give up waiting.
    setTimeout(
      () => {
        log.error('shutdown did not finish in time; exiting');
        process.exit(1);
      },
      config.shutdownDrainDelayMs + config.shutdownTimeoutMs + 5000,
    ).unref();
    await server.stop();
    await db.close();
    await tracing?.stop();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  // The configuration may be what failed, so this logger has the default settings.
  const log = createLog('info');
  if (err instanceof ConfigError) log.error('configuration error', { message: err.message });
  else log.error('start-up failed', { message: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined });
  process.exit(1);
});
