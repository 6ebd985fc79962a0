import type { EventStore } from '@ledger/event-store';
import { projectionIndexesDdl, projectionTablesDdl } from '../read-model.tables';
import { applyBatch, RebuildRowCache, type Projection } from './projection';
import { saveCheckpoint } from './projection-checkpoints';
import type { ReadModelDatabase } from './read-model-database';
import type { SqlExecutor } from './sql-executor';

const PREFIX = 'rebuild_';

export interface RebuildProgress {
  readonly applied: number;
  readonly position: number;
  readonly headPosition: number;
}

/**
 * Rebuilds projections from the whole log into fresh tables while the live ones keep serving reads,
 * then swaps them in within one transaction that first catches the fresh tables up to the live
 * checkpoint, so readers never see a half-built read model and no event is lost or applied twice.
 */
export async function rebuildProjections(
  database: ReadModelDatabase,
  store: EventStore,
  projections: readonly Projection<unknown>[],
  options: { batchSize?: number; onProgress?: (progress: RebuildProgress) => void } = {},
): Promise<{ applied: number; position: number }> {
  // 1,000 events a batch: on SQLite 2,000 left more of each page to be promoted out of V8's young
  // generation (300,000 events: 82k -> 91-94k events/s); on PostgreSQL the two are level.
  const batchSize = options.batchSize ?? 1000;
  const tables = projections.flatMap((projection) => projection.tables);
  await database.transaction(async (sql) => {
    for (const table of tables) await sql.query(`DROP TABLE IF EXISTS ${PREFIX}${table}`);
    for (const statement of ddlFor(database.dialect, PREFIX, tables)) await sql.query(statement);
  });

  // Nothing else writes the fresh tables, so the rows saved lately are kept to be evolved again
  // without loading and decoding them, and keys never saved are known to be absent.
  const cache = new RebuildRowCache();
  const readPage = (after: number) => {
    const read = Promise.all([store.readHead(), store.readAll({ after, limit: batchSize })]);
    read.catch(() => undefined); // awaited below; this only keeps an abandoned read from being "unhandled"
    return read;
  };
  let position = 0;
  let applied = 0;
  let next = readPage(position);
  for (;;) {
    const [head, page] = await next;
    if (page.events.length === 0) break;
    // Read the next page while this one is applied (on PostgreSQL the two overlap).
    next = readPage(page.events[page.events.length - 1].position);
    // The fresh tables are invisible until the swap and a rebuild that fails starts again, so these
    // commits need not wait for the disk; the swap below is fully durable (see `transaction`).
    await database.transaction(
      async (sql) => {
        for (const projection of projections)
          await applyBatch(projection, sql, page.events, PREFIX, cache);
      },
      { durability: 'replayable' },
    );
    position = page.events[page.events.length - 1].position;
    applied += page.events.length;
    options.onProgress?.({ applied, position, headPosition: head.position });
  }

  return database.transaction(async (sql) => {
    // Same lock order as a projector's transaction (checkpoint row, then tables), so they never deadlock.
    const live = await liveCheckpoint(sql, projections);
    if (sql.dialect === 'postgres') {
      await sql.query(`LOCK TABLE ${tables.join(', ')} IN ACCESS EXCLUSIVE MODE`);
    }
    while (position < live) {
      const page = await store.readAll({
        after: position,
        limit: Math.min(batchSize, live - position),
      });
      if (page.events.length === 0) break;
      for (const projection of projections)
        await applyBatch(projection, sql, page.events, PREFIX, cache);
      position = page.events[page.events.length - 1].position;
      applied += page.events.length;
    }
    for (const table of tables) {
      await sql.query(`DROP TABLE ${table}`);
      await sql.query(`ALTER TABLE ${PREFIX}${table} RENAME TO ${table}`);
      // PostgreSQL names the primary key after the table it was created on; left as rebuild_…_pkey
      // it would differ from a migrated database and collide with the next rebuild's fresh table.
      if (sql.dialect === 'postgres')
        await sql.query(
          `ALTER TABLE ${table} RENAME CONSTRAINT ${PREFIX}${table}_pkey TO ${table}_pkey`,
        );
    }
    for (const statement of projectionIndexesDdl().filter((ddl) =>
      tables.some((table) => ddl.includes(` ON ${table} `)),
    )) {
      await sql.query(statement);
    }
    for (const projection of projections) await saveCheckpoint(sql, projection.name, position);
    return { applied, position };
  });
}

/** The position the live projections had reached: the rebuilt tables must reach it before the swap. */
async function liveCheckpoint(
  sql: SqlExecutor,
  projections: readonly Projection<unknown>[],
): Promise<number> {
  const rows = await sql.query<{ name: string; position: unknown }>(
    `SELECT name, position FROM projection_checkpoints ORDER BY name${sql.dialect === 'postgres' ? ' FOR UPDATE' : ''}`,
  );
  const positions = rows
    .filter((row) => projections.some((projection) => projection.name === row.name))
    .map((row) => Number(row.position));
  return positions.length === 0 ? 0 : Math.max(...positions);
}

function ddlFor(
  dialect: 'sqlite' | 'postgres',
  prefix: string,
  tables: readonly string[],
): string[] {
  return projectionTablesDdl(dialect, prefix).filter((ddl) =>
    tables.some((table) => ddl.includes(`CREATE TABLE ${prefix}${table} `)),
  );
}
