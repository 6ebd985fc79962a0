import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { EVENT_STORE } from '@ledger/event-store';
import { openDatabase, type LedgerDatabase } from './database';
import { loadConfig, type LedgerConfig } from './ledger.config';
import { LedgerMetrics, MeasuredEventStore } from './ledger.metrics';
import { LEDGER_CONFIG, LEDGER_DATABASE } from './ledger-tokens';
import { PrioritySolver } from './priorities/priority-solver';
import { ChainVerifier } from './verification/chain-verifier';

export { LEDGER_CONFIG, LEDGER_DATABASE };

class DatabaseCloser implements OnApplicationShutdown {
  constructor(@Inject(LEDGER_DATABASE) private readonly database: LedgerDatabase) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}

/** The configuration, the database (migrated at start) and the event store, for any process. */
@Global()
@Module({})
export class LedgerDatabaseModule {
  static forRoot(config: LedgerConfig = loadConfig()): DynamicModule {
    return {
      module: LedgerDatabaseModule,
      providers: [
        { provide: LEDGER_CONFIG, useValue: config },
        LedgerMetrics,
        { provide: LEDGER_DATABASE, useFactory: () => openDatabase(config) },
        {
          provide: EVENT_STORE,
          inject: [LEDGER_DATABASE, LedgerMetrics],
          useFactory: (database: LedgerDatabase, metrics: LedgerMetrics) =>
            new MeasuredEventStore(database.eventStore, metrics),
        },
        ChainVerifier,
        PrioritySolver,
        DatabaseCloser,
      ],
      exports: [
        LEDGER_CONFIG,
        LEDGER_DATABASE,
        EVENT_STORE,
        LedgerMetrics,
        ChainVerifier,
        PrioritySolver,
      ],
    };
  }
}
