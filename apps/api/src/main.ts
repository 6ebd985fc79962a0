import 'reflect-metadata';
import { ConfigError, loadConfig, type LedgerConfig } from '@ledger/platform';
import { Logger } from 'nestjs-pino';
import { createApp } from './create-app';

async function main(): Promise<void> {
  let config: LedgerConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  const url = `http://localhost:${config.port}`;
  app
    .get(Logger)
    .log(
      `Ledger listening on ${url}: API ${url}/api/v1, docs ${url}/docs, health ${url}/health, metrics ${url}/metrics`,
      'Bootstrap',
    );
}

main().catch((error: unknown) => {
  process.stderr.write(`The ledger could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
