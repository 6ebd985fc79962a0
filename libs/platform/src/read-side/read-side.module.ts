import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { PRIORITY_SOLVER } from '@ledger/ledger';
import { PROJECTIONS, Projector, ReadModelDatabase } from '@ledger/read-models';
import type { LedgerDatabase } from '../database';
import type { LedgerConfig } from '../ledger.config';
import { LedgerMetrics } from '../ledger.metrics';
import { LEDGER_CONFIG, LEDGER_DATABASE } from '../ledger-tokens';
import { PrioritySolver } from '../priorities/priority-solver';
import { PostgresAppendSignals } from './postgres-append-signals';
import { PostgresProjectorLock } from './postgres-projector-lock';

/** Starts the projector with the process when configured to run in it, and stops it on shutdown. */
@Injectable()
export class ProjectorLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly projector: Projector,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.projector === 'in-process') this.projector.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projector.stop();
  }
}

/**
 * The read side for any process that needs it (the API, the projector): the read-model database,
 * the projector, and the platform's implementations of the ledger's read-side ports. Global, so the
 * ledger's query handlers receive them without the ledger importing the platform.
 */
@Global()
@Module({
  providers: [
    {
      provide: ReadModelDatabase,
      inject: [LEDGER_DATABASE],
      useFactory: (database: LedgerDatabase) =>
        new ReadModelDatabase(database.readModelDataSource, database.eventStore),
    },
    {
      provide: Projector,
      inject: [ReadModelDatabase, LEDGER_DATABASE, LEDGER_CONFIG, LedgerMetrics],
      useFactory: (
        readModels: ReadModelDatabase,
        database: LedgerDatabase,
        config: LedgerConfig,
        metrics: LedgerMetrics,
      ) => {
        const nestLogger = new Logger('Projector');
        const logger = {
          log: (message: string) => nestLogger.log(message),
          error: (message: string, error?: unknown) => nestLogger.error({ err: error }, message),
        };
        const url = config.databaseUrl;
        const projector = new Projector(readModels, database.eventStore, PROJECTIONS, {
          logger,
          ...(url
            ? {
                leadership: new PostgresProjectorLock(url, { logger }),
                appendSignals: new PostgresAppendSignals(url, { logger }),
              }
            : {}),
        });
        metrics.observeProjections(async () => {
          const [statuses, head] = await Promise.all([
            projector.currentPositions(),
            database.eventStore.readHead(),
          ]);
          return statuses.map((status) => ({
            ...status,
            headPosition: head.position,
            headRecordedAt: head.recordedAt,
          }));
        });
        return projector;
      },
    },
    ProjectorLifecycle,
    { provide: PRIORITY_SOLVER, useExisting: PrioritySolver },
  ],
  exports: [ReadModelDatabase, Projector, PRIORITY_SOLVER],
})
export class ReadSideModule {}
