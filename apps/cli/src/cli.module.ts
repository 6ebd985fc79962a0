import { Module, type DynamicModule } from '@nestjs/common';
import { LedgerDatabaseModule, type LedgerConfig } from '@ledger/platform';
import { DigestCommand } from './digest.command';
import { ExportCommand } from './export.command';
import { HistoryCommand } from './history.command';
import { TokenCommand } from './token.command';
import { VerifyCommand } from './verify.command';

const commands = [VerifyCommand, DigestCommand, TokenCommand, ExportCommand, HistoryCommand];

@Module({})
export class CliModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [LedgerDatabaseModule.forRoot(config)],
      providers: [...commands],
    };
  }
}
