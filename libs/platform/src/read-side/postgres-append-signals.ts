import { Client } from 'pg';
import { APPENDED_CHANNEL } from '@ledger/event-store';
import type { AppendSignals, ProjectorLogger } from '@ledger/read-models';

/**
 * Appends by other processes, heard with LISTEN on a connection of its own. When the connection
 * ends it connects and listens again after `retryMs`, as often as it takes; until then the
 * projector's poll finds the appends, only later.
 */
export class PostgresAppendSignals implements AppendSignals {
  private client: Client | null = null;
  private onAppend: (() => void) | null = null;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly connectionString: string,
    private readonly options: { readonly retryMs?: number; readonly logger?: ProjectorLogger } = {},
  ) {}

  async open(onAppend: () => void): Promise<void> {
    this.onAppend = onAppend;
    await this.listen();
  }

  async close(): Promise<void> {
    this.onAppend = null;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    if (!this.onAppend) return;
    const client = new Client({ connectionString: this.connectionString });
    client.on('error', () => undefined);
    client.on('notification', () => this.onAppend?.());
    client.on('end', () => {
      if (this.client === client) this.listenAgain();
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${APPENDED_CHANNEL}`);
    } catch (error) {
      this.options.logger?.error('LISTEN failed; the projector polls until it is back', error);
      if (this.client === client) {
        this.listenAgain();
        await client.end().catch(() => undefined);
      }
    }
  }

  private listenAgain(): void {
    this.client = null;
    if (!this.onAppend || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.listen();
    }, this.options.retryMs ?? 1000);
    this.retry.unref();
  }
}
