import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, type LedgerConfig } from '@ledger/platform';
import {
  createTestDatabase,
  type DatabaseKindUnderTest,
  type TestDatabase,
} from './test-databases';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly config: LedgerConfig;
  readonly database: TestDatabase;
  close(): Promise<void>;
}

export type CreateApp = (config: LedgerConfig) => Promise<NestFastifyApplication>;

/** The real HTTP application on a fresh database of the given kind, listening on a random port. */
export async function startTestApp(
  kind: DatabaseKindUnderTest,
  createApp: CreateApp,
  env: NodeJS.ProcessEnv = {},
): Promise<TestApp> {
  return startTestAppOn(await createTestDatabase(kind), createApp, env);
}

/**
 * The real HTTP application on a database that already exists, e.g. one a closed app left behind,
 * so a test can restart the process and see what survives it. `close()` drops the database; to keep
 * it for another start, close only `app`.
 */
export async function startTestAppOn(
  database: TestDatabase,
  createApp: CreateApp,
  env: NodeJS.ProcessEnv = {},
): Promise<TestApp> {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    LEDGER_DATA_DIR: database.dataDir,
    ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    ...env,
  });
  const app = await createApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    config,
    database,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
