import 'reflect-metadata';
import { bootstrapCredentials } from './auth/api-keys';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './app/database';
import { runMigrationsWithoutTimeout } from './db/migrate';
import { createLog } from './logger';
import { createServer } from './app/server';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLog(config.logLevel);
  const db = await openDatabase(config, log);
  const applied = await runMigrationsWithoutTimeout(db.dataSource);
  if (applied.length) log.info('applied migrations', { migrations: applied.map((m) => m.name) });
  const demoKey = await bootstrapCredentials(db.dataSource, config.bootstrapApiKey, log);
  const server = await createServer({ db: db.dataSource, config, log });
  const port = await server.listen(config.port);
  const url = `http://localhost:${port}/graphql`;
  const lines = [
    `Job costing API ready at ${url}${db.embedded ? ' (embedded PostgreSQL in ' + config.dataDir + ')' : ''}`,
    'Open it in a browser for the playground; send "Authorization: Bearer <api key>" with every request.',
  ];
  if (demoKey) lines.push(`Created workspace "default" with an ADMIN API key (shown only this once): ${demoKey}`);
  else if (!config.bootstrapApiKey) lines.push('Use an existing API key, or set BOOTSTRAP_API_KEY to create one.');
  console.log(lines.join('\n'));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    await server.stop();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? `Configuration error: ${err.message}` : err);
  process.exit(1);
});
