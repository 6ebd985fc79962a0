import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, type LedgerConfig } from '@ledger/platform';
import { createTestDatabase, type DatabaseKindUnderTest, type TestDatabase } from './test-databases';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly config: LedgerConfig;
  readonly database: TestDatabase;
  close(): Promise<void>;
}

/** The real HTTP application on a fresh database of the given kind, listening on a random port. */
export async function startTestApp(
  kind: DatabaseKindUnderTest,
  createApp: (config: LedgerConfig) => Promise<NestFastifyApplication>,
  env: NodeJS.ProcessEnv = {},
): Promise<TestApp> {
  const database = await createTestDatabase(kind);
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
