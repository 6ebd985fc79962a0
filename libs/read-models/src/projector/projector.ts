import type { EventStore } from '@ledger/event-store';
import { CheckpointedBatches } from './checkpointed-batches';
import type { Projection } from './projection';
import { loadCheckpoints, type ProjectionStatus } from './projection-checkpoints';
import {
  SOLE_PROJECTOR,
  type AppendSignals,
  type ProjectorLeadership,
  type ProjectorLogger,
} from './projector-ports';
import type { ReadModelDatabase } from './read-model-database';

export type { ProjectionStatus } from './projection-checkpoints';

export interface ProjectorOptions {
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
  /** Who may project when several processes could; by default this one always may. */
  readonly leadership?: ProjectorLeadership;
  /** Appends by other processes (PostgreSQL LISTEN); without it they are found by the poll. */
  readonly appendSignals?: AppendSignals;
  readonly logger?: ProjectorLogger;
  readonly onBatch?: (applied: number, position: number) => void;
}

/**
 * Keeps the read models up to date: while it leads, it applies the log in checkpointed batches, woken
 * by in-process appends, by signals of appends elsewhere, and by a poll as the fallback. Its parts
 * are separate: `CheckpointedBatches` (applying, with `isolateFailure` for a failing event), a
 * `ProjectorLeadership` and `AppendSignals` (on PostgreSQL, the platform's advisory lock and LISTEN).
 */
export class Projector {
  private readonly batches: CheckpointedBatches;
  private readonly leadership: ProjectorLeadership;
  private readonly waiters = new Set<() => void>();
  private wake: (() => void) | null = null;
  private running: { readonly done: Promise<void>; readonly stop: AbortController } | null = null;
  private active = false;

  constructor(
    private readonly database: ReadModelDatabase,
    private readonly store: EventStore,
    private readonly projections: readonly Projection<unknown>[],
    private readonly options: ProjectorOptions = {},
  ) {
    this.leadership = options.leadership ?? SOLE_PROJECTOR;
    this.batches = new CheckpointedBatches(database, store, projections, {
      batchSize: options.batchSize,
      logger: options.logger,
      onBatch: (applied, position) => {
        options.onBatch?.(applied, position);
        this.notifyWaiters();
      },
    });
  }

  get isActive(): boolean {
    return this.active;
  }

  loadStatus(): Promise<ProjectionStatus[]> {
    return loadCheckpoints(this.database, this.projections);
  }

  /** Applies everything currently in the log; returns the number of events read. */
  catchUp(): Promise<number> {
    return this.batches.catchUp();
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
    const known = this.active ? this.batches.statuses() : null;
    return known ?? this.loadStatus();
  }

  start(): void {
    if (this.running) return;
    const stop = new AbortController();
    const done = this.run(stop.signal).catch((error) =>
      this.options.logger?.error('The projector stopped', error),
    );
    this.running = { done, stop };
  }

  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.stop.abort();
    this.wake?.();
    await running.done;
    this.running = null;
    this.active = false;
  }

  private async run(stopping: AbortSignal): Promise<void> {
    const unsubscribe = this.store.onAppended(() => this.wake?.());
    try {
      await this.leadership.acquire(stopping);
      if (stopping.aborted) return;
      await this.options.appendSignals?.open(() => this.wake?.());
      this.lead();
      while (!stopping.aborted) {
        if (this.leadership.lost) {
          // The database dropped our session and with it the lock: another instance may be active now.
          this.active = false;
          this.options.logger?.log(
            'Lost the projection lock; standing by until it can be taken again',
          );
          await this.leadership.acquire(stopping);
          if (stopping.aborted) return;
          this.lead();
        }
        let applied = 0;
        try {
          applied = await this.batches.catchUp();
        } catch (error) {
          this.options.logger?.error('The projector could not read the log; retrying', error);
        }
        if (applied === 0 && !stopping.aborted)
          await this.sleep(this.options.pollIntervalMs ?? 1000);
      }
    } finally {
      unsubscribe();
      await this.options.appendSignals?.close().catch(() => undefined);
      await this.leadership.release().catch(() => undefined);
    }
  }

  /** Takes up the work from the stored checkpoints, which another leader may have moved on. */
  private lead(): void {
    this.batches.reset();
    this.active = true;
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
