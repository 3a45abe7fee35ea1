import 'reflect-metadata';
import { parseArgs } from 'node:util';
import type { EntityManager } from 'typeorm';
import type { ApiKey } from '../auth/api-key.entity';
import { apiKeyService } from '../auth/api-key.service';
import { Workspace } from '../auth/workspace.entity';
import { loadConfig } from '../config';
import { UserErrorsException } from '../kernel/errors';
import { createLog } from '../logger';
import { openDatabase } from './database';

const USAGE = `usage: npm run apikey -- create --role <VIEWER|EDITOR|ADMIN> --name <name> [--expires <date>] [--workspace <slug>]
       npm run apikey -- list [--workspace <slug>]
       npm run apikey -- revoke <id> [--workspace <slug>]`;

const HELP = `${USAGE}

Manages the API keys of a workspace (default: default).
  create   makes a key and prints its secret on stdout, once (it is never stored: only its SHA-256 is)
           --expires takes a date (YYYY-MM-DD, midnight UTC) or an ISO 8601 time; it must be in the future
  list     every key of the workspace, newest first: id, name, role, prefix, created, expires, revoked, last used
  revoke   revokes a key: it is refused from then on (revoking a revoked key changes nothing)
Uses DATABASE_URL, or the embedded PostgreSQL under .data/ when it is unset; runs pending migrations first.
Exit codes: 0 done, 1 refused or failed (unknown workspace or key), 2 bad command line or input.`;

/** A command line that cannot be run (exit 2, with the usage). */
export class UsageError extends Error {}

/** A parsed `apikey` command line. */
export type ApiKeyCommand =
  | { command: 'help' }
  | { command: 'create'; workspace: string; name: string; role: string; expiresAt: Date | null }
  | { command: 'list'; workspace: string }
  | { command: 'revoke'; workspace: string; id: string };

/** Parses `--expires`: a date (midnight UTC) or an ISO 8601 time with a zone; days that do not exist are refused. */
function parseExpiry(raw: string): Date {
  const m = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.exec(raw);
  const date = m ? new Date(m[2] ? raw : `${raw}T00:00:00Z`) : null;
  if (!m || !date || Number.isNaN(date.getTime()) || new Date(`${m[1]}T00:00:00Z`).toISOString().slice(0, 10) !== m[1]) {
    throw new UsageError(`--expires must be a date (YYYY-MM-DD) or an ISO 8601 time with a zone (got "${raw}")`);
  }
  return date;
}

/** Parses the `apikey` command's arguments. Throws {@link UsageError}. */
export function parseApiKeyArgs(argv: string[]): ApiKeyCommand {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; strict: true; allowPositionals: true; options: typeof OPTIONS }>>;
  try {
    parsed = parseArgs({ args: argv, strict: true, allowPositionals: true, options: OPTIONS });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  const [command, ...rest] = positionals;
  const workspace = values.workspace ?? 'default';
  const only = (allowed: string[]) => {
    const extra = (['name', 'role', 'expires'] as const).filter((o) => values[o] !== undefined && !allowed.includes(o));
    if (extra.length) throw new UsageError(`${command} does not take --${extra[0]}`);
  };
  switch (command) {
    case 'create': {
      only(['name', 'role', 'expires']);
      if (rest.length) throw new UsageError(`create takes no positional arguments (got "${rest[0]}")`);
      if (!values.role) throw new UsageError('create needs --role (VIEWER, EDITOR or ADMIN)');
      if (values.name === undefined) throw new UsageError('create needs --name');
      return { command, workspace, name: values.name, role: values.role.toUpperCase(), expiresAt: values.expires ? parseExpiry(values.expires) : null };
    }
    case 'list':
      only([]);
      if (rest.length) throw new UsageError(`list takes no positional arguments (got "${rest[0]}")`);
      return { command, workspace };
    case 'revoke':
      only([]);
      if (rest.length !== 1) throw new UsageError('revoke needs exactly one key id');
      return { command, workspace, id: rest[0] };
    case undefined:
      throw new UsageError('a command is needed: create, list or revoke');
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

const OPTIONS = {
  workspace: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  expires: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A refusal that is not a bad command line (exit 1). */
class Refused extends Error {}

const time = (d: Date | null) => (d ? d.toISOString() : '-');

/** One line per key, with a header; never the secret or its hash. */
export function formatKeys(keys: ApiKey[]): string {
  const rows = [
    ['id', 'name', 'role', 'prefix', 'created', 'expires', 'revoked', 'last used'],
    ...keys.map((k) => [k.id, k.name, k.role, k.keyPrefix, time(k.createdAt), time(k.expiresAt), time(k.revokedAt), time(k.lastUsedAt)]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

async function run(em: EntityManager, cmd: Exclude<ApiKeyCommand, { command: 'help' }>): Promise<void> {
  const workspace = await em.findOneBy(Workspace, { slug: cmd.workspace });
  if (!workspace) throw new Refused(`workspace "${cmd.workspace}" does not exist`);
  switch (cmd.command) {
    case 'create': {
      const { apiKey, secret } = await apiKeyService.issue(em, workspace.id, { name: cmd.name, role: cmd.role, expiresAt: cmd.expiresAt }, []);
      console.error(
        `Created ${apiKey.role} key "${apiKey.name}" (${apiKey.id}) for workspace "${workspace.slug}"${apiKey.expiresAt ? `, expiring ${apiKey.expiresAt.toISOString()}` : ''}.`,
      );
      console.error('Its secret follows, shown only this once:');
      console.log(secret);
      return;
    }
    case 'list':
      console.log(formatKeys(await apiKeyService.list(em, workspace.id)));
      return;
    case 'revoke': {
      const key = await apiKeyService.revoke(em, workspace.id, cmd.id, null);
      console.log(`Revoked key "${key.name}" (${key.id}) at ${time(key.revokedAt)}.`);
    }
  }
}

/** `npm run apikey -- <command>`: see {@link HELP}. */
async function main(): Promise<void> {
  let cmd: ApiKeyCommand;
  try {
    cmd = parseApiKeyArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`apikey: ${err.message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (cmd.command === 'help') return void console.log(HELP);
  const config = loadConfig();
  const db = await openDatabase(config, createLog(config.logLevel === 'info' ? 'warn' : config.logLevel));
  try {
    await db.dataSource.runMigrations({ transaction: 'each' });
    await db.dataSource.transaction((em) => run(em, cmd));
  } catch (err) {
    if (err instanceof UserErrorsException) {
      const notFound = err.errors.some((e) => e.code === 'NOT_FOUND');
      console.error(`apikey: ${err.errors.map((e) => e.message).join('; ')}`);
      process.exitCode = notFound ? 1 : 2;
    } else if (err instanceof Refused) {
      console.error(`apikey: ${err.message}`);
      process.exitCode = 1;
    } else {
      throw err;
    }
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`apikey failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
