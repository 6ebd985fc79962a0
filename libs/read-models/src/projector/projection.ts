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
  /**
   * Optional: applies one key's events of a batch at once, with the same result as calling `evolve`
   * for each in turn, but free to skip work whose result a later event replaces (derived columns).
   * It names the `evolve` it stands for and is used only while that is still the projection's
   * `evolve`, so a projection copied with another `evolve` (a wrapper) never has it bypassed.
   */
  readonly fold?: {
    readonly evolve: (row: Row | null, event: RecordedEvent) => Row | null;
    apply(row: Row | null, events: readonly RecordedEvent[]): Row | null;
  };
  load(sql: SqlExecutor, keys: readonly string[], tablePrefix: string): Promise<Map<string, Row>>;
  save(sql: SqlExecutor, rows: ReadonlyMap<string, Row | null>, tablePrefix: string): Promise<void>;
}

/**
 * What a rebuild knows about the rows of its own fresh tables, which nothing else writes until they
 * are swapped in: the rows it saved recently (so it need not load and decode them again) and, up to a
 * bound, every key it ever saved (so a key it never saved is known to be absent without a query).
 * Only valid for tables that this process alone writes; the live projector never uses one.
 */
export class RebuildRowCache {
  private readonly rows = new Map<string, Map<string, unknown>>();
  /** Per projection, every key saved so far, or null once there were too many to keep. */
  private readonly saved = new Map<string, Set<string> | null>();

  constructor(
    private readonly maxRows = 5_000,
    private readonly maxKeys = 2_000_000,
  ) {}

  /** The cached row, `null` when known to be absent, `undefined` when it must be loaded. */
  get<Row>(projection: string, key: string): Row | null | undefined {
    const row = this.rows.get(projection)?.get(key);
    if (row !== undefined) return row as Row;
    const saved = this.saved.get(projection);
    return saved === null ? undefined : saved?.has(key) ? undefined : null;
  }

  remember<Row>(projection: string, rows: ReadonlyMap<string, Row | null>): void {
    let cached = this.rows.get(projection);
    if (!cached) this.rows.set(projection, (cached = new Map()));
    let saved = this.saved.get(projection);
    if (saved === undefined) this.saved.set(projection, (saved = new Set()));
    for (const [key, row] of rows) {
      cached.delete(key);
      // `save` writes present rows only: a null leaves whatever the table holds, so forget the key.
      if (row === null) continue;
      cached.set(key, row);
      if (saved) saved.add(key);
    }
    // Oldest first: Map keeps insertion order, and a touched key was re-inserted above.
    for (const key of cached.keys()) {
      if (cached.size <= this.maxRows) break;
      cached.delete(key);
    }
    // Past the bound, stop claiming to know every key: missing rows are then looked up again.
    if (saved && saved.size > this.maxKeys) this.saved.set(projection, null);
  }
}

const handledTypes = new WeakMap<Projection<unknown>, ReadonlySet<string>>();

function handledBy<Row>(projection: Projection<Row>): ReadonlySet<string> {
  let types = handledTypes.get(projection as Projection<unknown>);
  if (!types) {
    types = new Set(projection.handles);
    handledTypes.set(projection as Projection<unknown>, types);
  }
  return types;
}

/** Applies a batch of events to one projection's rows, in memory, and saves the rows it changed. */
export async function applyBatch<Row>(
  projection: Projection<Row>,
  sql: SqlExecutor,
  events: readonly RecordedEvent[],
  tablePrefix = '',
  cache?: RebuildRowCache,
): Promise<number> {
  const types = handledBy(projection);
  // Each key's events in log order; keys are independent, so they can be folded one after another.
  const byKey = new Map<string, RecordedEvent[]>();
  let relevant = 0;
  for (const event of events) {
    if (!types.has(event.type)) continue;
    relevant++;
    const key = projection.keyOf(event);
    if (key === null) continue;
    const list = byKey.get(key);
    if (list) list.push(event);
    else byKey.set(key, [event]);
  }
  if (relevant === 0) return 0;
  const rows = new Map<string, Row | null>();
  const missing: string[] = [];
  for (const key of byKey.keys()) {
    const known = cache?.get<Row>(projection.name, key);
    if (known === undefined) missing.push(key);
    else rows.set(key, known);
  }
  if (missing.length > 0) {
    const loaded = await projection.load(sql, missing, tablePrefix);
    for (const key of missing) rows.set(key, loaded.get(key) ?? null);
  }
  const fold = projection.fold?.evolve === projection.evolve ? projection.fold : undefined;
  for (const [key, keyEvents] of byKey) {
    let row: Row | null = rows.get(key) ?? null;
    if (fold) row = fold.apply(row, keyEvents);
    else for (const event of keyEvents) row = projection.evolve(row, event);
    rows.set(key, row);
  }
  await projection.save(sql, rows, tablePrefix);
  cache?.remember(projection.name, rows);
  return relevant;
}
