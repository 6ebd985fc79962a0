import type { Database, Statement, Transaction } from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { AppendBatcher } from '../append-batcher';
import {
  planAppends,
  validateAppend,
  type AppendPlan,
  type PlannedAppend,
  type RecordedEventSummary,
} from '../append-planner';
import { AsyncMutex } from '../async-mutex';
import { checkImportedBatch } from '../import-check';
import type {
  AppendListener,
  AppendResult,
  ChainHead,
  EventStore,
  LogPage,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoredEvent,
  StoredPage,
  StreamAppend,
} from '../event-store.port';
import { Upcasters } from '../upcasting';
import { GENESIS_HASH, canonicalJson, metadataJsonOf, toRecordedTime } from '../hash-chain';

interface EventRow {
  position: number;
  stream_id: string;
  version: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  recorded_at: string;
  data_hash: string;
  prev_hash: string;
  hash: string;
}

const COLUMNS =
  'position, stream_id, version, event_id, type, schema_version, data, metadata, recorded_at, data_hash, prev_hash, hash';
const MAX_PAGE = 10_000;

export interface SqliteEventStoreOptions {
  readonly upcasters?: Upcasters;
  readonly clock?: () => Date;
}

/**
 * The embedded event store. better-sqlite3 is synchronous, so an append runs start to finish inside
 * one `BEGIN IMMEDIATE` transaction without yielding; `BEGIN IMMEDIATE` also serialises writers from
 * other processes (the CLI) at the chain head. Async work on the same connection that opens its own
 * transaction (read-model projections) must hold `writeLock`, or an append could land inside it.
 */
export class SqliteEventStore implements EventStore {
  readonly writeLock = new AsyncMutex();
  private readonly db: Database;
  private readonly upcasters: Upcasters;
  private readonly clock: () => Date;
  private readonly listeners = new Set<AppendListener>();
  private readonly batcher: AppendBatcher;
  private readonly commitTransaction: Transaction<
    (requests: readonly (readonly StreamAppend[])[]) => AppendPlan
  >;
  private readonly statements: {
    head: Statement;
    streamVersion: Statement;
    byEventId: Statement;
    insert: Statement;
    updateHead: Statement;
    readAll: Statement;
    readAllAsOf: Statement;
    positionAt: Statement;
  };

  /**
   * On the connection of a TypeORM DataSource (the apps), or on a better-sqlite3 connection of its
   * own (a verification worker, which loads nothing else).
   */
  constructor(source: DataSource | Database, options: SqliteEventStoreOptions = {}) {
    if ('driver' in source) {
      if (source.options.type !== 'better-sqlite3') {
        throw new Error('SqliteEventStore needs a better-sqlite3 DataSource');
      }
      this.db = (source.driver as unknown as { databaseConnection: Database }).databaseConnection;
    } else {
      this.db = source;
    }
    this.upcasters = options.upcasters ?? new Upcasters();
    this.clock = options.clock ?? (() => new Date());
    this.statements = {
      head: this.db.prepare('SELECT position, hash, recorded_at FROM ledger_head WHERE id = 1'),
      streamVersion: this.db
        .prepare('SELECT max(version) FROM ledger_events WHERE stream_id = ?')
        .pluck(),
      byEventId: this.db.prepare(
        'SELECT event_id, stream_id, version, position, type, schema_version, data_hash FROM ledger_events WHERE event_id = ?',
      ),
      insert: this.db.prepare(
        `INSERT INTO ledger_events (${COLUMNS}) VALUES (@position, @streamId, @version, @eventId, @type, @schemaVersion, @data, @metadata, @recordedAt, @dataHash, @prevHash, @hash)`,
      ),
      updateHead: this.db.prepare(
        'UPDATE ledger_head SET position = @position, hash = @hash, recorded_at = @recordedAt WHERE id = 1',
      ),
      // Reads return rows as arrays, in COLUMNS order: objects with column names cost a quarter more.
      readAll: this.db
        .prepare(
          `SELECT ${COLUMNS} FROM ledger_events WHERE position > ? ORDER BY position LIMIT ?`,
        )
        .raw(),
      readAllAsOf: this.db
        .prepare(
          `SELECT ${COLUMNS} FROM ledger_events WHERE position > ? AND recorded_at <= ? ORDER BY position LIMIT ?`,
        )
        .raw(),
      positionAt: this.db
        .prepare('SELECT coalesce(max(position), 0) FROM ledger_events WHERE recorded_at <= ?')
        .pluck(),
    };
    // Made once: better-sqlite3 builds four wrapped functions for every `db.transaction` call, which
    // cost 3.6% of a sequential append.
    this.commitTransaction = this.db.transaction((requests: readonly (readonly StreamAppend[])[]) =>
      this.planAndWrite(requests),
    );
    this.batcher = new AppendBatcher((requests) =>
      this.writeLock.runExclusive(() => this.commit(requests)),
    );
  }

  async append(appends: readonly StreamAppend[]): Promise<AppendResult> {
    validateAppend(appends);
    return this.batcher.submit(appends);
  }

  /** readStream's statements, one per combination of options (at most 16), prepared once. */
  private readonly streamQueries = new Map<string, Statement>();

  private streamQuery(sql: string): Statement {
    let statement = this.streamQueries.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql).raw();
      this.streamQueries.set(sql, statement);
    }
    return statement;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const conditions = ['stream_id = ?'];
    const params: (string | number)[] = [streamId];
    if (options.fromVersion !== undefined) {
      conditions.push('version >= ?');
      params.push(options.fromVersion);
    }
    if (options.toVersion !== undefined) {
      conditions.push('version <= ?');
      params.push(options.toVersion);
    }
    if (options.toPosition !== undefined) {
      conditions.push('position <= ?');
      params.push(options.toPosition);
    }
    if (options.asOf !== undefined) {
      conditions.push('recorded_at <= ?');
      params.push(toRecordedTime(options.asOf));
    }
    const rows = this.streamQuery(
      `SELECT ${COLUMNS} FROM ledger_events WHERE ${conditions.join(' AND ')} ORDER BY version`,
    ).all(...params) as StoredRow[];
    return rows.map((row) => this.upcasters.apply(toRecordedEvent(row)));
  }

  async readAll(options: ReadAllOptions = {}): Promise<LogPage> {
    const after = options.after ?? 0;
    const limit = Math.min(Math.max(options.limit ?? 1000, 1), MAX_PAGE);
    const rows = (
      options.asOf === undefined
        ? this.statements.readAll.all(after, limit)
        : this.statements.readAllAsOf.all(after, toRecordedTime(options.asOf), limit)
    ) as StoredRow[];
    const upcast = options.upcast ?? true;
    const events = rows.map((row) => {
      const event = toRecordedEvent(row);
      return upcast ? this.upcasters.apply(event) : event;
    });
    return {
      events,
      nextAfter: rows.length === limit ? rows[rows.length - 1][0] : null,
    };
  }

  async readStored(after: number, limit: number): Promise<StoredPage> {
    const count = Math.min(Math.max(limit, 1), MAX_PAGE);
    const rows = this.statements.readAll.all(after, count) as StoredRow[];
    return {
      events: rows.map(toStoredEvent),
      nextAfter: rows.length === count ? rows[rows.length - 1][0] : null,
    };
  }

  async readHead(): Promise<ChainHead> {
    return this.readHeadSync();
  }

  async positionAt(asOf: string): Promise<number> {
    return Number(this.statements.positionAt.get(toRecordedTime(asOf)));
  }

  onAppended(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }

  async importRecorded(events: readonly RecordedEvent[]): Promise<ChainHead> {
    const head = await this.writeLock.runExclusive(async () => {
      const run = this.db.transaction(() => {
        const next = checkImportedBatch(
          this.readHeadSync(),
          events,
          (streamId) => (this.statements.streamVersion.get(streamId) as number | null) ?? 0,
        );
        for (const event of events) this.insertRow(event);
        this.statements.updateHead.run(next);
        return next;
      });
      return run.immediate();
    });
    for (const listener of this.listeners) listener(head);
    return head;
  }

  private commit(requests: readonly (readonly StreamAppend[])[]): readonly PlannedAppend[] {
    const plan = this.commitTransaction.immediate(requests);
    if (plan.rows.length > 0) for (const listener of this.listeners) listener(plan.head);
    return plan.outcomes;
  }

  /** Plans and writes a group of appends; run inside `commitTransaction`. */
  private planAndWrite(requests: readonly (readonly StreamAppend[])[]): AppendPlan {
    const head = this.readHeadSync();
    const streamVersions = new Map<string, number>();
    const recorded = new Map<string, RecordedEventSummary>();
    for (const request of requests) {
      for (const append of request) {
        if (!streamVersions.has(append.streamId)) {
          const version = this.statements.streamVersion.get(append.streamId) as number | null;
          streamVersions.set(append.streamId, version ?? 0);
        }
        for (const event of append.events) {
          const row = this.statements.byEventId.get(event.eventId) as
            | Pick<
                EventRow,
                | 'event_id'
                | 'stream_id'
                | 'version'
                | 'position'
                | 'type'
                | 'schema_version'
                | 'data_hash'
              >
            | undefined;
          if (row) {
            recorded.set(row.event_id, {
              eventId: row.event_id,
              streamId: row.stream_id,
              version: row.version,
              position: row.position,
              type: row.type,
              schemaVersion: row.schema_version,
              dataHash: row.data_hash,
            });
          }
        }
      }
    }
    const plan = planAppends(
      { head, streamVersions, recorded, now: this.clock().toISOString() },
      requests,
    );
    for (const row of plan.rows) this.insertRow(row);
    if (plan.rows.length > 0) this.statements.updateHead.run(plan.head);
    return plan;
  }

  /**
   * Data and metadata are stored as their canonical JSON, the texts the hashes cover, so verification
   * can hash them as stored: as the planner made them, or made here for an imported event.
   */
  private insertRow(event: RecordedEvent & { dataJson?: string; metadataJson?: string }): void {
    this.statements.insert.run({
      ...event,
      data: event.dataJson ?? canonicalJson(event.data),
      metadata: event.metadataJson ?? metadataJsonOf(event.metadata),
    });
  }

  private readHeadSync(): ChainHead {
    const row = this.statements.head.get() as
      { position: number; hash: string; recorded_at: string | null } | undefined;
    if (!row) return { position: 0, hash: GENESIS_HASH, recordedAt: null };
    return { position: Number(row.position), hash: row.hash, recordedAt: row.recorded_at };
  }
}

function toRecordedEvent(row: StoredRow): RecordedEvent {
  return {
    position: row[0],
    streamId: row[1],
    version: row[2],
    eventId: row[3],
    type: row[4],
    schemaVersion: row[5],
    data: JSON.parse(row[6]),
    metadata: JSON.parse(row[7]),
    recordedAt: row[8],
    dataHash: row[9],
    prevHash: row[10],
    hash: row[11],
  };
}

type StoredRow = [
  position: number,
  streamId: string,
  version: number,
  eventId: string,
  type: string,
  schemaVersion: number,
  data: string,
  metadata: string,
  recordedAt: string,
  dataHash: string,
  prevHash: string,
  hash: string,
];

function toStoredEvent(row: StoredRow): StoredEvent {
  return {
    position: row[0],
    streamId: row[1],
    version: row[2],
    eventId: row[3],
    type: row[4],
    schemaVersion: row[5],
    dataJson: row[6],
    metadataJson: row[7],
    recordedAt: row[8],
    dataHash: row[9],
    prevHash: row[10],
    hash: row[11],
  };
}
