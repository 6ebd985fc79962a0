import type { RecordedEvent } from '@ledger/event-store';
import { applyBatch, type Projection } from './projection';
import type { ReadModelDatabase } from './read-model-database';
import type { SqlExecutor } from './sql-executor';

export interface ProjectionStatus {
  readonly name: string;
  readonly position: number;
  /** Set when the projection stopped on an event it could not apply; it never skips it. */
  readonly failedPosition: number | null;
  readonly error: string | null;
  readonly updatedAt: string | null;
}

/** Each projection's checkpoint as stored; a projection never applied is at position 0. */
export async function loadCheckpoints(
  database: ReadModelDatabase,
  projections: readonly Projection<unknown>[],
): Promise<ProjectionStatus[]> {
  const rows = await database.query<{
    name: string;
    position: unknown;
    failed_position: unknown;
    last_error: string | null;
    updated_at: unknown;
  }>('SELECT name, position, failed_position, last_error, updated_at FROM projection_checkpoints');
  const byName = new Map(rows.map((row) => [row.name, row]));
  return projections.map((projection) => {
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

/**
 * Applies only the events past the checkpoint as stored, read and locked in the same transaction:
 * a rebuild may have swapped in tables that are ahead of what a projector remembers, and another
 * projector may have moved on, so the stored checkpoint, not memory, decides what is new. Returns
 * the checkpoint reached.
 */
export async function applyAfterCheckpoint(
  projection: Projection<unknown>,
  sql: SqlExecutor,
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

export async function saveCheckpoint(
  sql: SqlExecutor,
  name: string,
  position: number,
): Promise<void> {
  await sql.query(
    `INSERT INTO projection_checkpoints (name, position, updated_at, failed_position, last_error) VALUES (?, ?, ?, NULL, NULL)
     ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at, failed_position = NULL, last_error = NULL`,
    [name, position, new Date().toISOString()],
  );
}

/** Records where a projection stopped and why, keeping its checkpoint where it was. */
export async function saveFailure(
  sql: SqlExecutor,
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
