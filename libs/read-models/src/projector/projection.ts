import type { RecordedEvent } from '@ledger/event-store';
import type { SqlExecutor } from './sql-executor';

/**
 * A read model kept up to date from the global log: `evolve(row | null, event) → row | null` per key,
 * with the event types it handles listed. The projector loads the rows a batch touches, evolves them in
 * memory and saves them with the checkpoint in one transaction.
 */
export interface Projection<Row> {
  readonly name: string;
  readonly handles: readonly string[];
  /** The tables it owns, so a rebuild can build fresh copies and swap them in. */
  readonly tables: readonly string[];
  keyOf(event: RecordedEvent): string | null;
  evolve(row: Row | null, event: RecordedEvent): Row | null;
  load(sql: SqlExecutor, keys: readonly string[], tablePrefix: string): Promise<Map<string, Row>>;
  save(sql: SqlExecutor, rows: ReadonlyMap<string, Row | null>, tablePrefix: string): Promise<void>;
}

/** Applies a batch of events to one projection's rows, in memory. */
export async function applyBatch<Row>(
  projection: Projection<Row>,
  sql: SqlExecutor,
  events: readonly RecordedEvent[],
  tablePrefix = '',
): Promise<number> {
  const relevant = events.filter((event) => projection.handles.includes(event.type));
  if (relevant.length === 0) return 0;
  const keys = [
    ...new Set(
      relevant.map((event) => projection.keyOf(event)).filter((key): key is string => key !== null),
    ),
  ];
  const loaded = await projection.load(sql, keys, tablePrefix);
  const rows = new Map<string, Row | null>();
  for (const key of keys) rows.set(key, loaded.get(key) ?? null);
  for (const event of relevant) {
    const key = projection.keyOf(event);
    if (key === null) continue;
    rows.set(key, projection.evolve(rows.get(key) ?? null, event));
  }
  await projection.save(sql, rows, tablePrefix);
  return relevant.length;
}
