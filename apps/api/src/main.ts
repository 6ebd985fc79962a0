import 'reflect-metadata';
import {
  AccessTokens,
  ConfigError,
  PrioritySolver,
  loadConfig,
  type LedgerConfig,
} from '@ledger/platform';
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
  const logger = app.get(Logger);
  const secret = app.get(AccessTokens).secretSource;
  if (secret?.file) {
    logger.log(
      `${secret.generatedAt ? 'Generated a' : 'Using the'} development token secret in ${secret.file}. ` +
        'Mint a token with: npm run ledger -- token --sub alice --name "Alice Smith" --roles proposer',
      'Bootstrap',
    );
  }
  // Compiling the solver's WebAssembly takes seconds: its worker thread does it now rather than on
  // the board's first request, while this thread answers requests.
  void app
    .get(PrioritySolver)
    .preload()
    .catch(() => undefined);
  logger.log(
    `Ledger listening on ${url}: API ${url}/api/v1, docs ${url}/docs, health ${url}/health, metrics ${url}/metrics`,
    'Bootstrap',
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
  process.stderr.write(
    `The ledger could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
