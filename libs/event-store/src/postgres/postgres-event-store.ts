import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { AppendBatcher } from '../append-batcher';
import {
  eventIdsOf,
  planAppends,
  streamIdsOf,
  validateAppend,
  type PlannedAppend,
  type RecordedEventSummary,
} from '../append-planner';
import type {
  AppendListener,
  AppendResult,
  ChainHead,
  EventStore,
  LogPage,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
} from '../event-store.port';
import { StoreUnavailable } from '../event-store.errors';
import { GENESIS_HASH, toRecordedTime } from '../hash-chain';
import { Upcasters } from '../upcasting';

interface EventRow {
  position: string;
  stream_id: string;
  version: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: RecordedEvent['data'];
  metadata: RecordedEvent['metadata'];
  recorded_at: Date;
  data_hash: string;
  prev_hash: string;
  hash: string;
}

const COLUMNS =
  'position, stream_id, version, event_id, type, schema_version, data, metadata, recorded_at, data_hash, prev_hash, hash';
const MAX_PAGE = 10_000;
export const APPENDED_CHANNEL = 'ledger_appended';

export interface PostgresEventStoreOptions {
  readonly upcasters?: Upcasters;
  readonly clock?: () => Date;
}

/**
 * The production event store. Every commit takes a row lock on the chain head, assigns positions
 * under it and commits before releasing it, so positions are gap-free and in commit order: a reader
 * that has seen position N can never later find a new event below N. Concurrent appends in this
 * process share one transaction (group commit); other processes queue on the head lock.
 */
export class PostgresEventStore implements EventStore {
  private readonly pool: Pool;
  private readonly upcasters: Upcasters;
  private readonly clock: () => Date;
  private readonly listeners = new Set<AppendListener>();
  private readonly batcher: AppendBatcher;

  constructor(dataSource: DataSource, options: PostgresEventStoreOptions = {}) {
    if (dataSource.options.type !== 'postgres') {
      throw new Error('PostgresEventStore needs a postgres DataSource');
    }
    this.pool = (dataSource.driver as unknown as { master: Pool }).master;
    this.upcasters = options.upcasters ?? new Upcasters();
    this.clock = options.clock ?? (() => new Date());
    this.batcher = new AppendBatcher((requests) => this.commit(requests));
  }

  async append(appends: readonly StreamAppend[]): Promise<AppendResult> {
    validateAppend(appends);
    return this.batcher.submit(appends);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const conditions = ['stream_id = $1'];
    const params: (string | number)[] = [streamId];
    const add = (sql: string, value: string | number) => {
      params.push(value);
      conditions.push(`${sql} $${params.length}`);
    };
    if (options.fromVersion !== undefined) add('version >=', options.fromVersion);
    if (options.toVersion !== undefined) add('version <=', options.toVersion);
    if (options.toPosition !== undefined) add('position <=', options.toPosition);
    if (options.asOf !== undefined) add('recorded_at <=', toRecordedTime(options.asOf));
    const { rows } = await this.query<EventRow>(
      `SELECT ${COLUMNS} FROM ledger_events WHERE ${conditions.join(' AND ')} ORDER BY version`,
      params,
    );
    return rows.map((row) => this.upcasters.apply(toRecordedEvent(row)));
  }

  async readAll(options: ReadAllOptions = {}): Promise<LogPage> {
    const after = options.after ?? 0;
    const limit = Math.min(Math.max(options.limit ?? 1000, 1), MAX_PAGE);
    const { rows } =
      options.asOf === undefined
        ? await this.query<EventRow>(
            `SELECT ${COLUMNS} FROM ledger_events WHERE position > $1 ORDER BY position LIMIT $2`,
            [after, limit],
          )
        : await this.query<EventRow>(
            `SELECT ${COLUMNS} FROM ledger_events WHERE position > $1 AND recorded_at <= $2 ORDER BY position LIMIT $3`,
            [after, toRecordedTime(options.asOf), limit],
          );
    const upcast = options.upcast ?? true;
    const events = rows.map((row) => {
      const event = toRecordedEvent(row);
      return upcast ? this.upcasters.apply(event) : event;
    });
    return {
      events,
      nextAfter: rows.length === limit ? Number(rows[rows.length - 1].position) : null,
    };
  }

  async readHead(): Promise<ChainHead> {
    const { rows } = await this.query<{ position: string; hash: string; recorded_at: Date | null }>(
      'SELECT position, hash, recorded_at FROM ledger_head WHERE id = 1',
    );
    return toHead(rows[0]);
  }

  async positionAt(asOf: string): Promise<number> {
    const { rows } = await this.query<{ position: string }>(
      'SELECT coalesce(max(position), 0) AS position FROM ledger_events WHERE recorded_at <= $1',
      [toRecordedTime(asOf)],
    );
    return Number(rows[0].position);
  }

  onAppended(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }

  private async query<Row extends object>(sql: string, params: unknown[] = []) {
    try {
      return await this.pool.query<Row>(sql, params);
    } catch (error) {
      throw translate(error);
    }
  }

  private async commit(
    requests: readonly (readonly StreamAppend[])[],
  ): Promise<readonly PlannedAppend[]> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw translate(error);
    }
    let released = false;
    // pg's pool stops listening for errors on a client it has handed out; without a listener a
    // server restart between two statements would crash the process instead of failing this commit.
    const ignoreError = () => undefined;
    client.on('error', ignoreError);
    try {
      await client.query('BEGIN');
      const headResult = await client.query(
        'SELECT position, hash, recorded_at FROM ledger_head WHERE id = 1 FOR UPDATE',
      );
      const head = toHead(headResult.rows[0]);
      const [versions, recordedRows] = await Promise.all([
        client.query<{ stream_id: string; version: number }>(
          'SELECT stream_id, max(version) AS version FROM ledger_events WHERE stream_id = ANY($1::text[]) GROUP BY stream_id',
          [streamIdsOf(requests)],
        ),
        client.query<{
          event_id: string;
          stream_id: string;
          version: number;
          position: string;
          type: string;
          schema_version: number;
          data_hash: string;
        }>(
          'SELECT event_id, stream_id, version, position, type, schema_version, data_hash FROM ledger_events WHERE event_id = ANY($1::text[])',
          [eventIdsOf(requests)],
        ),
      ]);
      const streamVersions = new Map(
        versions.rows.map((row) => [row.stream_id, Number(row.version)]),
      );
      const recorded = new Map<string, RecordedEventSummary>(
        recordedRows.rows.map((row) => [
          row.event_id,
          {
            eventId: row.event_id,
            streamId: row.stream_id,
            version: Number(row.version),
            position: Number(row.position),
            type: row.type,
            schemaVersion: Number(row.schema_version),
            dataHash: row.data_hash,
          },
        ]),
      );
      const plan = planAppends(
        { head, streamVersions, recorded, now: this.clock().toISOString() },
        requests,
      );
      if (plan.rows.length === 0) {
        await client.query('ROLLBACK');
        return plan.outcomes;
      }
      const rows = plan.rows;
      await client.query(
        `INSERT INTO ledger_events (${COLUMNS})
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::text[], $6::int[],
                              $7::json[], $8::json[], $9::timestamptz[], $10::text[], $11::text[], $12::text[])`,
        [
          rows.map((row) => row.position),
          rows.map((row) => row.streamId),
          rows.map((row) => row.version),
          rows.map((row) => row.eventId),
          rows.map((row) => row.type),
          rows.map((row) => row.schemaVersion),
          rows.map((row) => JSON.stringify(row.data)),
          rows.map((row) => JSON.stringify(row.metadata)),
          rows.map((row) => row.recordedAt),
          rows.map((row) => row.dataHash),
          rows.map((row) => row.prevHash),
          rows.map((row) => row.hash),
        ],
      );
      await client.query(
        'UPDATE ledger_head SET position = $1, hash = $2, recorded_at = $3 WHERE id = 1',
        [plan.head.position, plan.head.hash, plan.head.recordedAt],
      );
      await client.query('SELECT pg_notify($1, $2)', [
        APPENDED_CHANNEL,
        String(plan.head.position),
      ]);
      await client.query('COMMIT');
      for (const listener of this.listeners) listener(plan.head);
      return plan.outcomes;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        client.release(true);
        released = true;
      });
      throw translate(error);
    } finally {
      client.removeListener('error', ignoreError);
      if (!released) client.release();
    }
  }
}

function toHead(
  row: { position: string; hash: string; recorded_at: Date | null } | undefined,
): ChainHead {
  if (!row) return { position: 0, hash: GENESIS_HASH, recordedAt: null };
  return {
    position: Number(row.position),
    hash: row.hash,
    recordedAt: row.recorded_at ? row.recorded_at.toISOString() : null,
  };
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    position: Number(row.position),
    streamId: row.stream_id,
    version: Number(row.version),
    eventId: row.event_id,
    type: row.type,
    schemaVersion: Number(row.schema_version),
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at.toISOString(),
    dataHash: row.data_hash,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

function translate(error: unknown): unknown {
  const code = (error as { code?: string } | null)?.code;
  if (code && UNAVAILABLE_CODES.has(code)) {
    return new StoreUnavailable('The PostgreSQL event store is unreachable', error);
  }
  if (error instanceof Error && /Connection terminated|connection timeout/i.test(error.message)) {
    return new StoreUnavailable('The PostgreSQL event store is unreachable', error);
  }
  return error;
}
