import pg from 'pg';

export default async function globalTeardown() {
  const adminUrl = process.env.JOBCOST_TEST_ADMIN_URL;
  const name = process.env.JOBCOST_TEST_DB_NAME;
  if (adminUrl && name) {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  }
  await globalThis.__EMBEDDED_PG__?.stop();
}
