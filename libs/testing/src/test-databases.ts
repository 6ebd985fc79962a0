import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** Where tests reach PostgreSQL as a superuser, to create and drop their own databases. */
export const POSTGRES_ADMIN_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** For `LedgerConfig`: a postgres URL, or null for SQLite under `dataDir`. */
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  drop(): Promise<void>;
}

export function createSqliteTestDatabase(): TestDatabase {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-test-'));
  return {
    databaseUrl: null,
    dataDir,
    async drop() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function createPostgresTestDatabase(): Promise<TestDatabase> {
  const name = `ledger_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-test-'));
  return {
    databaseUrl: url.toString(),
    dataDir,
    async drop() {
      rmSync(dataDir, { recursive: true, force: true });
      const client = new Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Suites that need PostgreSQL run whenever it is reachable (test/global-setup.js checks once). Outside
 * CI an unreachable server skips them with a visible warning; under CI=true the global setup fails
 * the run instead, so a green CI always means they ran.
 */
export const postgresIsAvailable = process.env.LEDGER_TEST_POSTGRES === 'available';

export function describeWithPostgres(name: string, body: () => void): void {
  if (postgresIsAvailable) {
    describe(name, body);
  } else {
    console.warn(`SKIPPED "${name}": PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL}`);
    describe.skip(name, body);
  }
}

/** The database kinds a suite runs on: SQLite always, PostgreSQL when reachable. */
export const databaseKindsUnderTest: readonly DatabaseKindUnderTest[] = postgresIsAvailable
  ? ['sqlite', 'postgres']
  : ['sqlite'];

export type DatabaseKindUnderTest = 'sqlite' | 'postgres';

export async function createTestDatabase(kind: DatabaseKindUnderTest): Promise<TestDatabase> {
  return kind === 'postgres' ? createPostgresTestDatabase() : createSqliteTestDatabase();
}
