import { Module, type DynamicModule } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { EVENT_STORE } from '@ledger/event-store';
import { LedgerModule } from '@ledger/ledger';
import {
  ChainVerifier,
  LEDGER_DATABASE,
  LedgerDatabaseModule,
  ReadSideModule,
  type LedgerConfig,
} from '@ledger/platform';
import { BenefitsCommand } from './benefits.command';
import { DemoCommand } from './demo.command';
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
  DemoCommand,
  BenefitsCommand,
];

/** Commands that never touch the database (minting a token, checking an export file). */
export function runsOffline(argv: readonly string[]): boolean {
  const command = argv.find((arg) => !arg.startsWith('-'));
  return (
    command === 'token' ||
    (command === 'verify' && argv.some((arg) => arg === '--file' || arg.startsWith('--file=')))
  );
}

/** Only the demo writes through the ledger's command handlers, so only it loads them. */
export function runsDemo(argv: readonly string[]): boolean {
  return argv.find((arg) => !arg.startsWith('-')) === 'demo';
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
  static forRoot(
    config: LedgerConfig,
    options: { offline?: boolean; demo?: boolean } = {},
  ): DynamicModule {
    const noLedger = [
      { provide: CommandBus, useValue: noDatabase },
      { provide: QueryBus, useValue: noDatabase },
    ];
    if (options.offline) {
      return {
        module: CliModule,
        providers: [
          ...commands,
          LedgerProgram,
          { provide: EVENT_STORE, useValue: noDatabase },
          { provide: LEDGER_DATABASE, useValue: noDatabase },
          { provide: ChainVerifier, useValue: noDatabase },
          ...noLedger,
        ],
      };
    }
    if (options.demo) {
      // The projector stays off: an API started on the same data projects the demo when it starts.
      // The read side is still wired because the ledger's query handlers are built with it.
      return {
        module: CliModule,
        imports: [
          LedgerDatabaseModule.forRoot({ ...config, projector: 'off' }),
          ReadSideModule,
          LedgerModule,
        ],
        providers: [...commands, LedgerProgram],
      };
    }
    return {
      module: CliModule,
      imports: [LedgerDatabaseModule.forRoot(config)],
      providers: [...commands, LedgerProgram, ...noLedger],
    };
  }
}
