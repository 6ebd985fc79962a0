import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { IdempotencyStore, LEDGER_CONFIG, type LedgerConfig } from '@ledger/platform';

/** Often enough that the table never holds much more than the retention, rarely enough to cost nothing. */
const IDEMPOTENCY_PURGE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Forgets Idempotency-Key answers older than LEDGER_IDEMPOTENCY_RETENTION_DAYS: once at start and
 * then every hour, in every API process (the deletes are idempotent, so replicas may overlap).
 */
@Injectable()
export class IdempotencyPurge implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('IdempotencyPurge');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly store: IdempotencyStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.running = this.purge();
    this.timer = setInterval(() => {
      this.running ??= this.purge();
    }, IDEMPOTENCY_PURGE_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async purge(): Promise<void> {
    try {
      const purged = await this.store.purgeExpired(this.config.idempotencyRetentionDays);
      if (purged > 0)
        this.logger.log(
          `Forgot ${purged} Idempotency-Key answers older than ${this.config.idempotencyRetentionDays} days`,
        );
    } catch (error) {
      // A database outage must not stop the process; the next run tries again.
      this.logger.warn(`Could not purge old Idempotency-Key answers: ${String(error)}`);
    } finally {
      this.running = null;
    }
  }
}
