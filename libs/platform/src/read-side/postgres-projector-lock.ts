import { Client } from 'pg';
import type { ProjectorLeadership, ProjectorLogger } from '@ledger/read-models';

const ADVISORY_LOCK_KEY = 74_531_402_881;

/**
 * Leadership among projector processes on one PostgreSQL database: a session advisory lock, held on
 * a connection of its own. Whoever holds it projects; the others retry and stand by. The lock lives as
 * long as the session, so when the connection ends (the server restarted, the network dropped) the
 * lock is gone and `lost` turns true: the projector stops writing until it acquires it again.
 */
export class PostgresProjectorLock implements ProjectorLeadership {
  private client: Client | null = null;
  private lostLock = false;

  constructor(
    private readonly connectionString: string,
    private readonly options: { readonly retryMs?: number; readonly logger?: ProjectorLogger } = {},
  ) {}

  get lost(): boolean {
    return this.lostLock;
  }

  async acquire(signal: AbortSignal): Promise<void> {
    const { logger } = this.options;
    let announced = false;
    while (!signal.aborted) {
      try {
        const client = this.client ?? (await this.connect());
        const { rows } = await client.query<{ locked: boolean }>(
          'SELECT pg_try_advisory_lock($1) AS locked',
          [ADVISORY_LOCK_KEY],
        );
        if (rows[0].locked) {
          this.lostLock = false;
          logger?.log('This projector holds the projection lock and is active');
          return;
        }
        if (!announced) logger?.log('Another projector is active; this one stands by');
        announced = true;
      } catch (error) {
        logger?.error('Could not reach PostgreSQL for the projection lock; retrying', error);
        await this.release();
      }
      await pause(this.options.retryMs ?? 1000, signal);
    }
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = null;
    // Ending the session releases the lock.
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<Client> {
    const client = new Client({ connectionString: this.connectionString });
    client.on('error', () => undefined);
    client.on('end', () => {
      if (this.client !== client) return;
      this.client = null;
      this.lostLock = true;
    });
    this.client = client;
    await client.connect();
    this.lostLock = false;
    return client;
  }
}

/** Waits `ms`, or less if `signal` aborts first. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
