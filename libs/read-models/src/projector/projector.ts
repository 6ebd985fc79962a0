import { Client } from 'pg';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { applyBatch, type Projection } from './projection';
import type { ReadModelDatabase } from './read-model-database';

export interface ProjectionStatus {
  readonly name: string;
  readonly position: number;
  /** Set when the projection stopped on an event it could not apply; it never skips it. */
  readonly failedPosition: number | null;
  readonly error: string | null;
  readonly updatedAt: string | null;
}

export interface ProjectorLogger {
  log(message: string): void;
  error(message: string, error?: unknown): void;
}

export interface ProjectorOptions {
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
  /** PostgreSQL connection string: LISTEN for appends from other processes, and hold the advisory lock. */
  readonly postgresUrl?: string | null;
  readonly logger?: ProjectorLogger;
  readonly onBatch?: (applied: number, position: number) => void;
}

const ADVISORY_LOCK_KEY = 74_531_402_881;

/**
 * A projection's rows commit together with its checkpoint, and both are derived from events that were
 * committed durably before the projector could read them. If a power cut or an operating-system crash
 * loses the last of these commits, it loses rows and checkpoint together, and the projector applies
 * those events again from the older checkpoint: never twice, never skipped. So these commits need not
 * wait for the disk (SQLite `synchronous = NORMAL`, PostgreSQL `synchronous_commit = off`, set for the
 * projection's transaction only: appends keep full durability). See `ReadModelDatabase.transaction`.
 */
const REPLAYABLE = { durability: 'replayable' } as const;

/**
 * Reads the global log from each projection's checkpoint and applies it in batches; rows and the
 * checkpoint commit together, so an event is applied exactly once. Woken by in-process appends,
 * PostgreSQL NOTIFY from other processes, and a poll as the fallback. On PostgreSQL only the holder of
 * an advisory lock projects; other instances wait as hot standbys.
 */
export class Projector {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly positions = new Map<string, ProjectionStatus>();
  private readonly waiters = new Set<() => void>();
  private wake: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private stopping = false;
  private lockClient: Client | null = null;
  private listenClient: Client | null = null;
  private unsubscribe: (() => void) | null = null;
  private active = false;
  private lockLost = false;

  constructor(
    private readonly database: ReadModelDatabase,
    private readonly store: EventStore,
    private readonly projections: readonly Projection<unknown>[],
    private readonly options: ProjectorOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 1000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
  }

  get isActive(): boolean {
    return this.active;
  }

  async loadStatus(): Promise<ProjectionStatus[]> {
    const rows = await this.database.query<{
      name: string;
      position: unknown;
      failed_position: unknown;
      last_error: string | null;
      updated_at: unknown;
    }>(
      'SELECT name, position, failed_position, last_error, updated_at FROM projection_checkpoints',
    );
    const byName = new Map(rows.map((row) => [row.name, row]));
    return this.projections.map((projection) => {
      const row = byName.get(projection.name);
      return {
        name: projection.name,
        position: row ? Number(row.position) : 0,
        failedPosition: row && row.failed_position !== null ? Number(row.failed_position) : null,
        error: row?.last_error ?? null,
        updatedAt: row?.updated_at ? new Date(row.updated_at as string).toISOString() : null,
      };
    });
  }

  /** Applies everything currently in the log; returns the number of events read. */
  async catchUp(): Promise<number> {
    if (this.positions.size === 0) {
      // A projection that failed before is retried on start: the fix may have been deployed since.
      for (const status of await this.loadStatus())
        this.positions.set(status.name, { ...status, failedPosition: null, error: null });
    }
    let total = 0;
    for (;;) {
      const live = this.projections.filter(
        (projection) => this.positions.get(projection.name)!.failedPosition === null,
      );
      if (live.length === 0) return total;
      const from = Math.min(
        ...live.map((projection) => this.positions.get(projection.name)!.position),
      );
      const page = await this.store.readAll({ after: from, limit: this.batchSize });
      if (page.events.length === 0) return total;
      for (const projection of live) await this.applyPage(projection, page.events);
      total += page.events.length;
      this.options.onBatch?.(page.events.length, page.events[page.events.length - 1].position);
      this.notifyWaiters();
      if (page.nextAfter === null) return total;
    }
  }

  private async applyPage(
    projection: Projection<unknown>,
    page: readonly RecordedEvent[],
  ): Promise<void> {
    const current = this.positions.get(projection.name)!;
    const events = page.filter((event) => event.position > current.position);
    if (events.length === 0) return;
    try {
      const reached = await this.database.transaction(
        (sql) => applyAfterCheckpoint(projection, sql, events),
        REPLAYABLE,
      );
      this.positions.set(projection.name, {
        ...current,
        position: reached,
        updatedAt: new Date().toISOString(),
      });
    } catch {
      await this.isolateFailure(projection, events);
    }
  }

  /** Applies the batch one event at a time to find and record the exact event that fails. */
  private async isolateFailure(
    projection: Projection<unknown>,
    events: readonly RecordedEvent[],
  ): Promise<void> {
    for (const event of events) {
      const current = this.positions.get(projection.name)!;
      try {
        const reached = await this.database.transaction(
          (sql) => applyAfterCheckpoint(projection, sql, [event]),
          REPLAYABLE,
        );
        this.positions.set(projection.name, {
          ...current,
          position: reached,
          updatedAt: new Date().toISOString(),
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.options.logger?.error(
          `Projection ${projection.name} stopped at position ${event.position} (${event.type}): ${message}`,
          error,
        );
        await this.database
          .transaction((sql) =>
            saveFailure(sql, projection.name, current.position, event.position, message),
          )
          .catch(() => undefined);
        this.positions.set(projection.name, {
          ...current,
          failedPosition: event.position,
          error: message,
        });
        return;
      }
    }
  }

  /** Resolves true once every projection has reached the position, false when the time is up. */
  async waitFor(position: number, timeoutMs: number): Promise<boolean> {
    const reached = async () =>
      (await this.currentPositions()).every((status) => status.position >= position);
    if (await reached()) return true;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(50, Math.max(deadline - Date.now(), 1)));
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      });
      if (await reached()) return true;
    }
    return false;
  }

  /** Checkpoints as this process knows them, or from the table when another process projects. */
  async currentPositions(): Promise<ProjectionStatus[]> {
    if (this.active && this.positions.size === this.projections.length)
      return [...this.positions.values()];
    return this.loadStatus();
  }

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.run().catch((error) =>
      this.options.logger?.error('The projector stopped', error),
    );
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    const { listenClient, lockClient } = this;
    this.listenClient = null;
    this.lockClient = null;
    await listenClient?.end().catch(() => undefined);
    await lockClient?.end().catch(() => undefined);
    this.active = false;
  }

  private async run(): Promise<void> {
    await this.acquireLeadership();
    if (this.stopping) return;
    this.active = true;
    this.unsubscribe = this.store.onAppended(() => this.wake?.());
    await this.listenForOtherProcesses();
    this.positions.clear();
    while (!this.stopping) {
      if (this.lockLost) {
        // The database dropped our session and with it the lock: another instance may be active now.
        this.active = false;
        this.options.logger?.log(
          'Lost the projection lock; standing by until it can be taken again',
        );
        await this.acquireLeadership();
        if (this.stopping) return;
        this.active = true;
        this.positions.clear();
      }
      let applied = 0;
      try {
        applied = await this.catchUp();
      } catch (error) {
        this.options.logger?.error('The projector could not read the log; retrying', error);
      }
      if (applied === 0 && !this.stopping) await this.sleep(this.pollIntervalMs);
    }
  }

  private async acquireLeadership(): Promise<void> {
    if (!this.options.postgresUrl) return;
    let announced = false;
    while (!this.stopping) {
      try {
        if (!this.lockClient) {
          const client = new Client({ connectionString: this.options.postgresUrl });
          client.on('error', () => undefined);
          client.on('end', () => {
            if (this.lockClient === client) {
              this.lockClient = null;
              this.lockLost = true;
            }
          });
          this.lockClient = client;
          await client.connect();
          this.lockLost = false;
        }
        const { rows } = await this.lockClient.query<{ locked: boolean }>(
          'SELECT pg_try_advisory_lock($1) AS locked',
          [ADVISORY_LOCK_KEY],
        );
        if (rows[0].locked) {
          this.lockLost = false;
          this.options.logger?.log('This projector holds the projection lock and is active');
          return;
        }
        if (!announced) this.options.logger?.log('Another projector is active; this one stands by');
        announced = true;
      } catch (error) {
        this.options.logger?.error(
          'Could not reach PostgreSQL for the projection lock; retrying',
          error,
        );
        await this.lockClient?.end().catch(() => undefined);
        this.lockClient = null;
      }
      await this.sleep(this.pollIntervalMs);
    }
  }

  private async listenForOtherProcesses(): Promise<void> {
    if (!this.options.postgresUrl || this.stopping) return;
    const client = new Client({ connectionString: this.options.postgresUrl });
    client.on('error', () => undefined);
    client.on('notification', () => this.wake?.());
    client.on('end', () => {
      if (this.listenClient !== client || this.stopping) return;
      this.listenClient = null;
      // Until LISTEN is back the poll keeps the projector going; try again shortly.
      setTimeout(() => void this.listenForOtherProcesses(), this.pollIntervalMs).unref();
    });
    this.listenClient = client;
    try {
      await client.connect();
      await client.query('LISTEN ledger_appended');
    } catch (error) {
      this.options.logger?.error('LISTEN failed; the projector polls until it is back', error);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.wake = finish;
    });
  }

  private notifyWaiters(): void {
    for (const waiter of [...this.waiters]) {
      this.waiters.delete(waiter);
      waiter();
    }
  }
}

/**
 * Applies only the events past the checkpoint as stored, read and locked in the same transaction:
 * a rebuild may have swapped in tables that are ahead of what this projector remembers, and another
 * projector may have moved on, so the stored checkpoint, not memory, decides what is new.
 */
async function applyAfterCheckpoint(
  projection: Projection<unknown>,
  sql: Parameters<Parameters<ReadModelDatabase['transaction']>[0]>[0],
  events: readonly RecordedEvent[],
): Promise<number> {
  const rows = await sql.query<{ position: unknown }>(
    `SELECT position FROM projection_checkpoints WHERE name = ?${sql.dialect === 'postgres' ? ' FOR UPDATE' : ''}`,
    [projection.name],
  );
  const stored = rows.length > 0 ? Number(rows[0].position) : 0;
  const fresh = events.filter((event) => event.position > stored);
  if (fresh.length === 0) return stored;
  await applyBatch(projection, sql, fresh);
  const last = fresh[fresh.length - 1].position;
  await saveCheckpoint(sql, projection.name, last);
  return last;
}

async function saveCheckpoint(
  sql: Parameters<Parameters<ReadModelDatabase['transaction']>[0]>[0],
  name: string,
  position: number,
): Promise<void> {
  await sql.query(
    `INSERT INTO projection_checkpoints (name, position, updated_at, failed_position, last_error) VALUES (?, ?, ?, NULL, NULL)
     ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at, failed_position = NULL, last_error = NULL`,
    [name, position, new Date().toISOString()],
  );
}

async function saveFailure(
  sql: Parameters<Parameters<ReadModelDatabase['transaction']>[0]>[0],
  name: string,
  position: number,
  failedPosition: number,
  error: string,
): Promise<void> {
  await sql.query(
    `INSERT INTO projection_checkpoints (name, position, updated_at, failed_position, last_error) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET failed_position = excluded.failed_position, last_error = excluded.last_error, updated_at = excluded.updated_at`,
    [name, position, new Date().toISOString(), failedPosition, error.slice(0, 2000)],
  );
}
