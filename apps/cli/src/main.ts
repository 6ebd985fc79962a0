import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { ConfigError, loadConfig } from '@ledger/platform';
import { CliModule, runsDemo, runsOffline } from './cli.module';
import { LedgerProgram } from './ledger-program';

async function main(): Promise<void> {
  const config = loadConfig();
  const argv = process.argv.slice(2);
  const app = await CommandFactory.createWithoutRunning(
    CliModule.forRoot(config, { offline: runsOffline(argv), demo: runsDemo(argv) }),
    {
      logger:
        config.logLevel === 'debug' || config.logLevel === 'trace'
          ? ['error', 'warn', 'log', 'debug']
          : false,
      cliName: 'ledger',
      // A wiring error is thrown to fail() and printed, rather than ending the process silently.
      abortOnError: false,
      errorHandler: (error) => fail(error),
      serviceErrorHandler: (error) => fail(error),
    },
  );
  app.get(LedgerProgram).finish(fail);
  try {
    await CommandFactory.runApplication(app);
  } finally {
    await app.close();
  }
}

function fail(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  if (
    code === 'commander.helpDisplayed' ||
    code === 'commander.version' ||
    code === 'commander.help'
  )
    process.exit(0);
  // commander has already printed its own usage errors
  if (code?.startsWith('commander.')) process.exit(2);
  process.stderr.write(`${message.startsWith('error:') ? message : `error: ${message}`}\n`);
  process.exit(error instanceof ConfigError ? 78 : 2);
}

main().catch(fail);
