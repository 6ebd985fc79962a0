import { DataSource } from 'typeorm';
import {
  PostgresEventStore,
  SqliteEventStore,
  Upcasters,
  type EventStore,
  type NewEvent,
} from '@ledger/event-store';
import { dataSourceOptionsFor } from '@ledger/platform';
import { randomUUID } from 'node:crypto';
import {
  createTestDatabase,
  type DatabaseKindUnderTest,
  type TestDatabase,
} from './test-databases';

export interface StoreOptions {
  readonly clock?: () => Date;
  readonly upcasters?: Upcasters;
  /** PostgreSQL only: planned one-round-trip commits before the locked transaction. */
  readonly plannedAttempts?: number;
}

/**
 * One test database with its schema migrated, from which a test opens as many event stores (each
 * with its own connection or pool) as it needs, and on which it can run raw SQL to tamper with rows.
 */
export class EventStoreHarness {
  private readonly opened: DataSource[] = [];

  private constructor(
    readonly kind: DatabaseKindUnderTest,
    private readonly database: TestDatabase,
    private readonly admin: DataSource,
  ) {}

  static async create(kind: DatabaseKindUnderTest): Promise<EventStoreHarness> {
    const database = await createTestDatabase(kind);
    const admin = new DataSource(dataSourceOptionsFor(database));
    await admin.initialize();
    await admin.runMigrations();
    return new EventStoreHarness(kind, database, admin);
  }

  get config() {
    return { databaseUrl: this.database.databaseUrl, dataDir: this.database.dataDir };
  }

  async open(options: StoreOptions = {}): Promise<EventStore> {
    const dataSource = new DataSource(dataSourceOptionsFor(this.database));
    await dataSource.initialize();
    this.opened.push(dataSource);
    return this.kind === 'postgres'
      ? new PostgresEventStore(dataSource, options)
      : new SqliteEventStore(dataSource, options);
  }

  /** Raw SQL against the event tables, as an attacker with database access would run it. */
  async sql(text: string): Promise<unknown> {
    return this.admin.query(text);
  }

  async dispose(): Promise<void> {
    for (const dataSource of this.opened) if (dataSource.isInitialized) await dataSource.destroy();
    if (this.admin.isInitialized) await this.admin.destroy();
    await this.database.drop();
  }
}

export function anEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'SomethingHappened',
    data: { amount: '125000.00', note: 'a note' },
    metadata: {
      actor: { id: 'user-1', name: 'Alice Officer' },
      roles: ['proposer'],
      correlationId: randomUUID(),
      causationId: null,
    },
    ...overrides,
  };
}

/** A clock the test moves by hand, so reads "as of" a time are exact. */
export function aManualClock(start = '2026-04-01T09:00:00.000Z') {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance(milliseconds: number) {
      now += milliseconds;
    },
    iso: () => new Date(now).toISOString(),
  };
}
