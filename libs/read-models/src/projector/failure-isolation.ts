import type { RecordedEvent } from '@ledger/event-store';
import type { Projection } from './projection';
import { applyAfterCheckpoint, saveFailure, type ProjectionStatus } from './projection-checkpoints';
import type { ReadModelDatabase } from './read-model-database';
import type { ProjectorLogger } from './projector-ports';

/** See `Projector`: projection commits are rebuilt from the log if a crash loses them. */
const REPLAYABLE = { durability: 'replayable' } as const;

/**
 * After a batch failed as a whole, applies its events one at a time to find the exact event that
 * fails: every event before it is applied and checkpointed, and the failure is recorded with its
 * position and message, so the projection stops there instead of skipping it. Returns the status the
 * projection ends with.
 */
export async function isolateFailure(
  database: ReadModelDatabase,
  projection: Projection<unknown>,
  events: readonly RecordedEvent[],
  status: ProjectionStatus,
  logger?: ProjectorLogger,
): Promise<ProjectionStatus> {
  let current = status;
  for (const event of events) {
    try {
      const reached = await database.transaction(
        (sql) => applyAfterCheckpoint(projection, sql, [event]),
        REPLAYABLE,
      );
      current = { ...current, position: reached, updatedAt: new Date().toISOString() };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger?.error(
        `Projection ${projection.name} stopped at position ${event.position} (${event.type}): ${message}`,
        error,
      );
      await database
        .transaction((sql) =>
          saveFailure(sql, projection.name, current.position, event.position, message),
        )
        .catch(() => undefined);
      return { ...current, failedPosition: event.position, error: message };
    }
  }
  return current;
}
