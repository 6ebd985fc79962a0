import { Module, type DynamicModule } from '@nestjs/common';
import { EVENT_STORE } from '@ledger/event-store';
import {
  ChainVerifier,
  LEDGER_DATABASE,
  LedgerDatabaseModule,
  type LedgerConfig,
} from '@ledger/platform';
import { DigestCommand } from './digest.command';
import { ExportCommand } from './export.command';
import { HistoryCommand } from './history.command';
import { ImportCommand } from './import.command';
import { LedgerProgram } from './ledger-program';
import { RebuildCommand } from './rebuild.command';
import { ReplayCommand } from './replay.command';
import { TokenCommand } from './token.command';
import { VerifyCommand } from './verify.command';

const commands = [
  VerifyCommand,
  DigestCommand,
  TokenCommand,
  ExportCommand,
  ImportCommand,
  HistoryCommand,
  RebuildCommand,
  ReplayCommand,
];

/** Commands that never touch the database (minting a token, checking an export file). */
export function runsOffline(argv: readonly string[]): boolean {
  const command = argv.find((arg) => !arg.startsWith('-'));
  return (
    command === 'token' ||
    (command === 'verify' && argv.some((arg) => arg === '--file' || arg.startsWith('--file=')))
  );
}

const noDatabase = new Proxy(
  {},
  {
    get(_target, property) {
      if (typeof property === 'symbol' || property === 'then' || property.startsWith('on'))
        return undefined;
      return () => {
        throw new Error('This command runs without a database');
      };
    },
  },
);

@Module({})
export class CliModule {
  static forRoot(config: LedgerConfig, options: { offline?: boolean } = {}): DynamicModule {
    if (options.offline) {
      return {
        module: CliModule,
        providers: [
          ...commands,
          LedgerProgram,
          { provide: EVENT_STORE, useValue: noDatabase },
          { provide: LEDGER_DATABASE, useValue: noDatabase },
          { provide: ChainVerifier, useValue: noDatabase },
        ],
      };
    }
    return {
      module: CliModule,
      imports: [LedgerDatabaseModule.forRoot(config)],
      providers: [...commands, LedgerProgram],
    };
  }
}
