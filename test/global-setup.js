// Checks once whether PostgreSQL is reachable, so suites can run on it or skip visibly.
const { Client } = require('pg');

module.exports = async function globalSetup() {
  const url = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  let available = false;
  try {
    await client.connect();
    await client.query('SELECT 1');
    available = true;
  } catch (error) {
    if (process.env.CI === 'true') {
      throw new Error(
        `PostgreSQL is not reachable at ${url} and CI=true requires it: ${error.message}`,
        { cause: error },
      );
    }
    console.warn(`\nPostgreSQL is not reachable at ${url}: suites that need it are SKIPPED.\n`);
  } finally {
    await client.end().catch(() => undefined);
  }
  process.env.LEDGER_TEST_POSTGRES = available ? 'available' : 'unavailable';
};
