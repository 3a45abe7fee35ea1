import 'reflect-metadata';
import { loadConfig } from '../config';
import { verifyHistory } from '../audit/verify';
import { createLog } from '../logger';
import { openDatabase } from './database';

/** `npm run audit:verify`: checks every history hash chain; exits 1 and names the first broken record. */
async function main(): Promise<void> {
  const config = loadConfig();
  // A batch job, not a request: no statement timeout.
  const db = await openDatabase({ ...config, statementTimeoutMs: 0 }, createLog(config.logLevel === 'info' ? 'warn' : config.logLevel));
  try {
    const { checked, broken } = await verifyHistory(db.dataSource);
    for (const [table, n] of Object.entries(checked)) {
      const bad = broken.find((b) => b.table === table);
      console.log(
        bad ? `BROKEN ${table}: record ${bad.historyId} (entity ${bad.entityId}, version ${bad.version}): ${bad.problem}` : `ok     ${table}: ${n} records, every chain intact`,
      );
    }
    process.exitCode = broken.length ? 1 : 0;
  } finally {
    await db.close();
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(2);
});
