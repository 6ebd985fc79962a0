import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, type DataSourceOptions, type MigrationInterface } from 'typeorm';
import {
  KurrentDbEventStore,
  PostgresAppendChained1797300000000,
  PostgresAppendFunction1764500000000,
  PostgresEventLog1764340000000,
  PostgresEventStore,
  SqliteEventLog1764340000000,
  SqliteEventStore,
  Upcasters,
  type EventStore,
} from '@ledger/event-store';
import {
  PostgresIdempotency1764340100000,
  SqliteIdempotency1764340100000,
} from './idempotency/idempotency.migration';
import { READ_MODEL_ENTITIES, READ_MODEL_MIGRATIONS } from '@ledger/read-models';
import type { LedgerConfig } from './ledger.config';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface LedgerDatabase {
  readonly kind: DatabaseKind;
  readonly dataSource: DataSource;
  /**
   * Where the read models (projections and their checkpoints) are written. On PostgreSQL it is
   * `dataSource`; on SQLite a second connection to the same file, see `openReadModelConnection`.
   */
  readonly readModelDataSource: DataSource;
  readonly eventStore: EventStore;
  /** Where the data lives, for logs: the SQLite file or the PostgreSQL host and database. */
  readonly location: string;
  close(): Promise<void>;
}

type MigrationClass = new () => MigrationInterface;

/** Migrations per database kind; later layers (read models) add theirs with `registerMigrations`. */
const migrations: Record<DatabaseKind, MigrationClass[]> = {
  sqlite: [
    SqliteEventLog1764340000000,
    SqliteIdempotency1764340100000,
    ...READ_MODEL_MIGRATIONS.sqlite,
  ],
  postgres: [
    PostgresEventLog1764340000000,
    PostgresIdempotency1764340100000,
    PostgresAppendFunction1764500000000,
    ...READ_MODEL_MIGRATIONS.postgres,
    PostgresAppendChained1797300000000,
  ],
};
const entities: unknown[] = [...READ_MODEL_ENTITIES];

export function registerMigrations(kind: DatabaseKind, ...classes: MigrationClass[]): void {
  for (const migration of classes)
    if (!migrations[kind].includes(migration)) migrations[kind].push(migration);
}

export function registerEntities(...classes: unknown[]): void {
  for (const entity of classes) if (!entities.includes(entity)) entities.push(entity);
}

export function sqliteFileOf(config: Pick<LedgerConfig, 'dataDir'>): string {
  return join(config.dataDir, 'ledger.sqlite');
}

export function dataSourceOptionsFor(
  config: Pick<LedgerConfig, 'dataDir' | 'databaseUrl'>,
  synchronous: 'FULL' | 'NORMAL' = 'FULL',
): DataSourceOptions {
  if (config.databaseUrl) {
    return {
      type: 'postgres',
      url: config.databaseUrl,
      entities: [...entities] as DataSourceOptions['entities'],
      migrations: [...migrations.postgres],
      migrationsTableName: 'ledger_migrations',
      migrationsTransactionMode: 'each',
      synchronize: false,
      extra: { max: 10, connectionTimeoutMillis: 5000 },
    };
  }
  return {
    type: 'better-sqlite3',
    database: sqliteFileOf(config),
    entities: [...entities] as DataSourceOptions['entities'],
    migrations: [...migrations.sqlite],
    migrationsTableName: 'ledger_migrations',
    synchronize: false,
    timeout: 5000,
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      // FULL: an acknowledged append survives power loss, not only a process crash.
      db.pragma(`synchronous = ${synchronous}`);
    },
  };
}

/** Opens the configured database, runs pending migrations, and builds the event store on it. */
export async function openDatabase(
  config: Pick<LedgerConfig, 'dataDir' | 'databaseUrl'> &
    Partial<Pick<LedgerConfig, 'eventStore' | 'kurrentdbUrl'>>,
  options: { upcasters?: Upcasters; runMigrations?: boolean } = {},
): Promise<LedgerDatabase> {
  if (!config.databaseUrl) mkdirSync(config.dataDir, { recursive: true });
  const dataSource = new DataSource(dataSourceOptionsFor(config));
  await dataSource.initialize();
  try {
    if (options.runMigrations ?? true) await migrate(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  const upcasters = options.upcasters ?? new Upcasters();
  const kind: DatabaseKind = config.databaseUrl ? 'postgres' : 'sqlite';
  let readModelDataSource = dataSource;
  if (kind === 'sqlite') {
    try {
      readModelDataSource = await openReadModelConnection(config);
    } catch (error) {
      await dataSource.destroy();
      throw error;
    }
  }
  let eventStore: EventStore;
  if (config.eventStore === 'kurrentdb') {
    // The log lives in KurrentDB; PostgreSQL keeps the read models, checkpoints and idempotency keys.
    try {
      eventStore = await KurrentDbEventStore.connect(config.kurrentdbUrl!, { upcasters });
    } catch (error) {
      if (readModelDataSource !== dataSource) await readModelDataSource.destroy();
      await dataSource.destroy();
      throw error;
    }
  } else {
    eventStore =
      kind === 'postgres'
        ? new PostgresEventStore(dataSource, { upcasters })
        : new SqliteEventStore(dataSource, { upcasters });
  }
  return {
    kind,
    dataSource,
    readModelDataSource,
    eventStore,
    location: config.databaseUrl ? describeUrl(config.databaseUrl) : sqliteFileOf(config),
    async close() {
      await eventStore.close();
      if (readModelDataSource !== dataSource && readModelDataSource.isInitialized)
        await readModelDataSource.destroy();
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}

/**
 * The read models' own connection to the SQLite file, with `synchronous = NORMAL`. In WAL mode that
 * skips the fsync at each projection commit (on the shared connection every projector transaction
 * blocked the process for a disk flush, more of them than there were appends). Nothing acknowledged
 * depends on it: every later append's FULL commit flushes the same WAL file, projection frames
 * included, and what a power cut could still take is rows and checkpoints committed together, which
 * the projector applies again from the log. Writes on it must hold the event store's write lock
 * (`ReadModelDatabase` does), or they would wait on SQLite's busy timeout inside this one thread.
 */
async function openReadModelConnection(
  config: Pick<LedgerConfig, 'dataDir' | 'databaseUrl'>,
): Promise<DataSource> {
  const dataSource = new DataSource({ ...dataSourceOptionsFor(config, 'NORMAL'), migrations: [] });
  await dataSource.initialize();
  return dataSource;
}

function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `postgres://${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}

const MIGRATION_LOCK_KEY = 74_531_402_880;

/**
 * Several API replicas and projectors may start at once on a fresh PostgreSQL database; a session
 * advisory lock lets one run the migrations while the others wait and then find nothing pending.
 */
async function migrate(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'postgres') {
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    await runner.release();
  }
}
