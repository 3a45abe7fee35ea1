import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config';
import { createLog } from '../logger';
import { openDatabase } from './database';

const MIGRATIONS_DIR = path.resolve(__dirname, '../../../migrations');

function migrationSource(className: string, up: string[], down: string[]): string {
  const lines = (qs: string[]) => qs.map((q) => `    await queryRunner.query(${JSON.stringify(q)});`).join('\n');
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`;
}

/** Writes a migration with the difference between the entities and the database, and registers it. */
async function generate(name: string | undefined, pending: { up: string[]; down: string[] }): Promise<string> {
  if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) throw new Error('usage: npm run migration:generate -- <PascalCaseName>');
  if (pending.up.length === 0) return 'No changes: the database already matches the entities.';
  // A new audited table joins the audit triggers (see the AuditHistory migration) in the same migration.
  for (const q of [...pending.up]) {
    const m = /^CREATE TABLE "(\w+)_history"/.exec(q);
    if (m) {
      pending.up.push(`SELECT audit_install('${m[1]}')`);
      pending.down.push(`SELECT audit_uninstall('${m[1]}')`);
    }
  }
  // A history table shares its entity's enum types; when both are new, the schema builder emits the
  // type twice. Keep the first CREATE TYPE, and the first DROP TYPE of the not yet reversed down list
  // (which runs last, once every table using the type is gone).
  const once = (qs: string[], re: RegExp) => {
    const seen = new Set<string>();
    return qs.filter((q) => {
      const name = re.exec(q)?.[1];
      if (!name) return true;
      if (seen.has(name)) return false;
      seen.add(name);
      return true;
    });
  };
  pending.up = once(pending.up, /^CREATE TYPE (\S+)/);
  pending.down = once(pending.down, /^DROP TYPE (\S+)/);
  const stamp = Date.now();
  const className = `${name}${stamp}`;
  const file = `${stamp}-${name}`;
  await writeFile(path.join(MIGRATIONS_DIR, `${file}.ts`), migrationSource(className, pending.up, pending.down.reverse()));
  const indexFile = path.join(MIGRATIONS_DIR, 'index.ts');
  let index = await readFile(indexFile, 'utf8');
  index = `import { ${className} } from './${file}';\n` + index;
  index = index.replace(/(export const MIGRATIONS: Function\[\] = \[)([^\]]*)\]/, (_m, head: string, body: string) => {
    const items = body
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .concat(className);
    return `${head}\n  ${items.join(',\n  ')},\n]`;
  });
  await writeFile(indexFile, index);
  return `Wrote migrations/${file}.ts (${pending.up.length} statements). Review it, then run npm run migrate.`;
}

async function main(): Promise<void> {
  const [command, arg] = process.argv.slice(2);
  const config = loadConfig();
  const log = createLog(config.logLevel);
  // A batch job, not a request: no statement timeout.
  const db = await openDatabase({ ...config, statementTimeoutMs: 0 }, log);
  try {
    const ds = db.dataSource;
    switch (command) {
      case 'run': {
        const done = await ds.runMigrations({ transaction: 'each' });
        console.log(done.length ? `Applied ${done.map((m) => m.name).join(', ')}` : 'No pending migrations.');
        break;
      }
      case 'revert':
        await ds.undoLastMigration({ transaction: 'each' });
        console.log('Reverted the last migration.');
        break;
      case 'show':
        console.log((await ds.showMigrations()) ? 'There are pending migrations.' : 'No pending migrations.');
        break;
      case 'generate': {
        const sql = await ds.driver.createSchemaBuilder().log();
        const pending = { up: sql.upQueries.map((q) => q.query), down: sql.downQueries.map((q) => q.query) };
        console.log(await generate(arg, pending));
        break;
      }
      default:
        throw new Error('usage: cli.js run | revert | show | generate <Name>');
    }
  } finally {
    await db.close();
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
