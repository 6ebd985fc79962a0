import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { isolateFailure } from './failure-isolation';
import type { Projection } from './projection';
import {
  applyAfterCheckpoint,
  loadCheckpoints,
  type ProjectionStatus,
} from './projection-checkpoints';
import type { ProjectorLogger } from './projector-ports';
import type { ReadModelDatabase } from './read-model-database';

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
 * Reads the global log from the lowest checkpoint of the projections still running and applies it
 * page by page, each projection's share of a page in one transaction with its checkpoint. A page that
 * fails is handed to `isolateFailure`, which stops that projection on the exact event; the others
 * carry on.
 */
export class CheckpointedBatches {
  /** Per projection, where it stands as this process knows it; empty until first loaded. */
  private readonly positions = new Map<string, ProjectionStatus>();

  constructor(
    private readonly database: ReadModelDatabase,
    private readonly store: EventStore,
    private readonly projections: readonly Projection<unknown>[],
    private readonly options: {
      readonly batchSize?: number;
      readonly logger?: ProjectorLogger;
      readonly onBatch?: (applied: number, position: number) => void;
    } = {},
  ) {}

  /** Where each projection stands, once `catchUp` has loaded the checkpoints; else null. */
  statuses(): ProjectionStatus[] | null {
    return this.positions.size === this.projections.length ? [...this.positions.values()] : null;
  }

  /** Forgets what it knows, so the next `catchUp` starts from the stored checkpoints. */
  reset(): void {
    this.positions.clear();
  }

  /** Applies everything currently in the log; returns the number of events read. */
  async catchUp(): Promise<number> {
    if (this.positions.size === 0) {
      // A projection that failed before is retried on start: the fix may have been deployed since.
      for (const status of await loadCheckpoints(this.database, this.projections))
        this.positions.set(status.name, { ...status, failedPosition: null, error: null });
    }
    const batchSize = this.options.batchSize ?? 1000;
    let total = 0;
    for (;;) {
      const live = this.projections.filter(
        (projection) => this.positions.get(projection.name)!.failedPosition === null,
      );
      if (live.length === 0) return total;
      const from = Math.min(
        ...live.map((projection) => this.positions.get(projection.name)!.position),
      );
      const page = await this.store.readAll({ after: from, limit: batchSize });
      if (page.events.length === 0) return total;
      for (const projection of live) await this.applyPage(projection, page.events);
      total += page.events.length;
      this.options.onBatch?.(page.events.length, page.events[page.events.length - 1].position);
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
    let next: ProjectionStatus;
    try {
      const reached = await this.database.transaction(
        (sql) => applyAfterCheckpoint(projection, sql, events),
        REPLAYABLE,
      );
      next = { ...current, position: reached, updatedAt: new Date().toISOString() };
    } catch {
      next = await isolateFailure(this.database, projection, events, current, this.options.logger);
    }
    this.positions.set(projection.name, next);
  }
}
