import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { AppendBatcher } from '../append-batcher';
import {
  eventIdsOf,
  planAppends,
  streamIdsOf,
  validateAppend,
  type AppendContext,
  type AppendPlan,
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
  StoredEvent,
  StoredPage,
  StreamAppend,
} from '../event-store.port';
import { StoreUnavailable } from '../event-store.errors';
import { envelopePartsOf } from '../envelope-parts';
import {
  GENESIS_HASH,
  canonicalJson,
  chainHashWith,
  metadataJsonOf,
  toRecordedTime,
} from '../hash-chain';
import { checkImportedBatch } from '../import-check';
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
  recorded_at: string;
  data_hash: string;
  prev_hash: string;
  hash: string;
}

const COLUMN_NAMES =
  'position, stream_id, version, event_id, type, schema_version, data, metadata, recorded_at, data_hash, prev_hash, hash';
/** The form the ledger writes and hashes times in: ISO 8601, UTC, milliseconds. */
const HASHED_TIME = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
/** recorded_at as the ledger writes it, which spares a Date per event. */
const RECORDED_AT = `to_char(recorded_at AT TIME ZONE 'UTC', ${HASHED_TIME}) AS recorded_at`;
const COLUMNS = COLUMN_NAMES.replace('recorded_at', RECORDED_AT);
const MAX_PAGE = 10_000;
export const APPENDED_CHANNEL = 'ledger_appended';
/** Planned commits tried before falling back to a transaction that reads the state under the lock. */
const PLANNED_ATTEMPTS = 3;
/** The least time between two announcements of new events to other processes (ms). */
const ANNOUNCE_GAP_MS = 10;
/** How many streams' last known versions a store remembers to plan the next commit with. */
const REMEMBERED_STREAMS = 10_000;

/** What `ledger_append_chained` returns when the streams were not in the state planned for. */
interface FoundState {
  readonly head: { position: number | string; hash: string; recordedAt: string | null };
  readonly streams: readonly { streamId: string; version: number }[];
  readonly recorded: readonly RecordedEventSummary[];
}

/** What it returns when it chained the rows after a head another process had moved. */
interface ChainedOnServer {
  readonly chained: {
    /** The head the rows were chained after. */
    readonly position: number | string;
    readonly hash: string;
    /** The recorded time written: the planned one, or the head's if that was later. */
    readonly recordedAt: string;
    /** The hash of the last row as the server computed it. */
    readonly lastHash: string;
  };
}

/** How this store's commits went, counted since it was opened (for tests and the bench). */
export interface PostgresCommitCounts {
  /** Written at the positions and with the hashes planned (or only refusals and retries). */
  planned: number;
  /** Chained by the server after a head another process had moved, in the same round trip. */
  chainedOnServer: number;
  /** Round trips that found a stream or event id other than planned and wrote nothing. */
  replanned: number;
  /** Commits that fell back to the transaction that reads the state under the lock. */
  locked: number;
}

export interface PostgresEventStoreOptions {
  readonly upcasters?: Upcasters;
  readonly clock?: () => Date;
  /**
   * Planned one-round-trip commits tried before the locked transaction (default 3). 0 always takes
   * the locked transaction: the tests use it to prove both paths keep the same guarantees.
   */
  readonly plannedAttempts?: number;
}

/**
 * The production event store. Every commit takes a row lock on the chain head, assigns positions
 * under it and commits before releasing it, so positions are gap-free and in commit order: a reader
 * that has seen position N can never later find a new event below N. Concurrent appends in this
 * process share one transaction (group commit); other processes queue on the head lock.
 *
 * A commit is one round trip: the store plans it against the state it expects (the head it last
 * wrote or saw, each stream at the version the caller expects) and `ledger_append_chained` checks
 * the streams and writes under the head lock. When another process moved the head, the function
 * chains the rows after the head it finds in the same call (the server hashes texts this store
 * made, and this store recomputes the result in TypeScript); only a stream or event id other than
 * planned sends the state back to plan again. After a few such misses the store falls back to a
 * transaction that reads the state under the lock, so a busy neighbour cannot starve it.
 */
export class PostgresEventStore implements EventStore {
  private readonly pool: Pool;
  private readonly upcasters: Upcasters;
  private readonly clock: () => Date;
  private readonly listeners = new Set<AppendListener>();
  private readonly batcher: AppendBatcher;
  /** The chain head as this store last wrote or saw it; null until the first commit. */
  private knownHead: ChainHead | null = null;
  private readonly knownVersions = new Map<string, number>();
  private readonly plannedAttempts: number;
  /** Whether the server may chain a commit after a moved head (off once it hashed differently). */
  private chainOnServer = true;
  readonly commitCounts: PostgresCommitCounts = {
    planned: 0,
    chainedOnServer: 0,
    replanned: 0,
    locked: 0,
  };
  /** The newest head position still to announce, and the announcement in flight. */
  private announcing: number | null = null;
  private announcement: Promise<void> | null = null;
  /** When the last announcement was sent (ms since the epoch). */
  private announcedAt = 0;

  /**
   * On the pool of a TypeORM DataSource (the apps), or on a pg pool of its own (a verification
   * worker, which loads nothing else).
   */
  constructor(source: DataSource | Pool, options: PostgresEventStoreOptions = {}) {
    if ('driver' in source) {
      if (source.options.type !== 'postgres') {
        throw new Error('PostgresEventStore needs a postgres DataSource');
      }
      this.pool = (source.driver as unknown as { master: Pool }).master;
    } else {
      this.pool = source;
    }
    this.upcasters = options.upcasters ?? new Upcasters();
    this.clock = options.clock ?? (() => new Date());
    this.plannedAttempts = options.plannedAttempts ?? PLANNED_ATTEMPTS;
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
    const rows =
      options.asOf === undefined
        ? await this.pageAfter<EventRow>(COLUMNS, after, limit)
        : (
            await this.query<EventRow>(
              `SELECT ${COLUMNS} FROM ledger_events WHERE position > $1 AND recorded_at <= $2 ORDER BY position LIMIT $3`,
              [after, toRecordedTime(options.asOf), limit],
            )
          ).rows;
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

  async readStored(after: number, limit: number): Promise<StoredPage> {
    const count = Math.min(Math.max(limit, 1), MAX_PAGE);
    const rows = await this.pageAfter<StoredRow>(STORED_COLUMNS, after, count);
    return {
      events: rows.map(toStoredEvent),
      nextAfter: rows.length === count ? Number(rows[rows.length - 1].position) : null,
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
    await this.announcement;
  }

  /**
   * The first `limit` events after position `after`, in order. Positions are gap-free, so these are
   * the range (after, after + limit]: a range PostgreSQL reads through the primary key even before
   * the table has statistics. Without them it takes `position > $1` to match a third of the table
   * and sorts a sequential scan of it (a freshly restored or imported log read at half the speed,
   * and each poll at the head scanning the whole table). The range is put in order here, not by
   * the server: without statistics it reads a range through a bitmap, in table order, and sorting
   * 10,000 rows there spilled to disk (60 ms against 18 ms for the read).
   *
   * A short range is the end of the log, or a hole in it (events deleted behind the ledger's back,
   * which verify must walk past and report): the stored positions up to the highest one are then
   * read on, range by range. Every position up to the highest one seen is committed, since
   * positions are assigned under the head lock in commit order, so those ranges can be read whole.
   */
  private async pageAfter<Row extends { position: string }>(
    columns: string,
    after: number,
    limit: number,
  ): Promise<Row[]> {
    const range = `SELECT ${columns} FROM ledger_events WHERE position > $1 AND position <= $2`;
    const read = async (from: number, to: number) =>
      inPositionOrder((await this.query<Row>(range, [from, to])).rows);
    const rows = await read(after, after + limit);
    if (rows.length === limit) return rows;
    const { rows: found } = await this.query<{ last: string }>(
      'SELECT coalesce(max(position), 0) AS last FROM ledger_events',
    );
    const last = Number(found[0].last);
    let from = rows.length > 0 ? Number(rows[rows.length - 1].position) : after;
    while (rows.length < limit && from < last) {
      // At least a page's width at a time, so a one-event read past a long hole stays one query.
      const to = Math.min(from + Math.max(limit, MAX_PAGE), last);
      const more = await read(from, to);
      rows.push(...more.slice(0, limit - rows.length));
      from = to;
    }
    return rows;
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
    let context = this.expectedContext(requests);
    for (let attempt = 0; attempt < this.plannedAttempts; attempt += 1) {
      const plan = planAppends(context, requests);
      const answer = await this.commitPlanned(requests, context, plan);
      if (answer === null) {
        this.commitCounts.planned += 1;
        this.committed(plan);
        return plan.outcomes;
      }
      if ('chained' in answer) {
        this.commitCounts.chainedOnServer += 1;
        const moved = this.chainedAfter(context.head, plan, answer.chained);
        this.committed(moved);
        return moved.outcomes;
      }
      this.commitCounts.replanned += 1;
      context = this.contextFrom(answer);
    }
    this.commitCounts.locked += 1;
    return this.commitUnderLock(requests);
  }

  /**
   * The state the log is most likely in: the head this store last knew (the empty log before its
   * first commit), each stream at the version its first append in the batch expects (else the last
   * version seen here, else new), and none of the event ids recorded yet. A wrong head costs
   * nothing (the server chains after the true one); a wrong stream version or event id costs one
   * more round trip, never a wrong write.
   */
  private expectedContext(requests: readonly (readonly StreamAppend[])[]): AppendContext {
    const streamVersions = new Map<string, number>();
    for (const request of requests) {
      for (const append of request) {
        if (streamVersions.has(append.streamId)) continue;
        const expected = append.expectedVersion;
        streamVersions.set(
          append.streamId,
          typeof expected === 'number'
            ? expected
            : expected === 'no-stream'
              ? 0
              : (this.knownVersions.get(append.streamId) ?? 0),
        );
      }
    }
    const head = this.knownHead ?? { position: 0, hash: GENESIS_HASH, recordedAt: null };
    return { head, streamVersions, recorded: new Map(), now: this.now() };
  }

  private contextFrom(found: FoundState): AppendContext {
    const head = {
      position: Number(found.head.position),
      hash: found.head.hash,
      recordedAt: found.head.recordedAt === null ? null : toRecordedTime(found.head.recordedAt),
    };
    this.knownHead = head;
    const streamVersions = new Map(found.streams.map((s) => [s.streamId, Number(s.version)]));
    const recorded = new Map(
      found.recorded.map((event) => [
        event.eventId,
        {
          ...event,
          version: Number(event.version),
          position: Number(event.position),
          schemaVersion: Number(event.schemaVersion),
        },
      ]),
    );
    return { head, streamVersions, recorded, now: this.now() };
  }

  /**
   * One call of `ledger_append_chained`: writes the plan and returns null, or writes it chained
   * after the head another process moved and says where, or writes nothing and returns the state
   * found. With nothing to write (only refusals and retries) it only checks the streams and ids.
   */
  private async commitPlanned(
    requests: readonly (readonly StreamAppend[])[],
    context: AppendContext,
    plan: AppendPlan,
  ): Promise<FoundState | ChainedOnServer | null> {
    const streamIds = streamIdsOf(requests);
    const rows = plan.rows;
    const before: string[] = [];
    const after: string[] = [];
    if (this.chainOnServer) {
      for (const row of rows) {
        const parts = envelopePartsOf(row, row.metadataJson);
        before.push(parts.before);
        after.push(parts.after);
      }
    }
    const { rows: result } = await this.query<{ answer: FoundState | ChainedOnServer | null }>(
      `SELECT ledger_append_chained($1, $2, $3::text[], $4::int[], $5::text[], $6, $7::text[],
         $8::int[], $9::text[], $10::text[], $11::int[], $12::json[], $13::json[], $14::text[],
         $15::text[], $16::text[], $17::text[], $18) AS answer`,
      [
        context.head.position,
        context.head.hash,
        streamIds,
        streamIds.map((id) => context.streamVersions.get(id) ?? 0),
        eventIdsOf(requests),
        context.recorded.size,
        rows.map((row) => row.streamId),
        rows.map((row) => row.version),
        rows.map((row) => row.eventId),
        rows.map((row) => row.type),
        rows.map((row) => row.schemaVersion),
        rows.map((row) => row.dataJson),
        rows.map((row) => row.metadataJson),
        rows.map((row) => row.dataHash),
        rows.map((row) => row.hash),
        // Without the envelope texts the server cannot chain, and sends the state back instead.
        this.chainOnServer ? before : null,
        this.chainOnServer ? after : null,
        plan.head.recordedAt,
      ],
    );
    return result[0].answer;
  }

  /**
   * The plan as the server wrote it after the head it found: every position moved by the same
   * distance, the recorded time possibly later, the hashes recomputed here in TypeScript from the
   * planned rows. The server's last hash must be the one recomputed; if it is not, the events are
   * written with hashes `verify` will refuse, so the append fails loudly and this store stops
   * letting the server chain (a moved head then costs a round trip again, as before).
   */
  private chainedAfter(
    expected: ChainHead,
    plan: AppendPlan,
    chained: ChainedOnServer['chained'],
  ): AppendPlan {
    const base = Number(chained.position);
    const shift = base - expected.position;
    let hash = chained.hash;
    for (const row of plan.rows) {
      hash = chainHashWith(
        hash,
        { ...row, position: row.position + shift, recordedAt: chained.recordedAt },
        row.metadataJson,
      );
    }
    if (hash !== chained.lastHash) {
      this.chainOnServer = false;
      throw new Error(
        `PostgreSQL chained events ${base + 1}-${base + plan.rows.length} with hashes that differ ` +
          "from this writer's; they are written and `verify` will report them. This process no " +
          'longer lets the server chain its commits.',
      );
    }
    return {
      rows: plan.rows,
      head: { position: base + plan.rows.length, hash, recordedAt: chained.recordedAt },
      outcomes: plan.outcomes.map((outcome) =>
        outcome.ok && !outcome.result.duplicate
          ? {
              ok: true,
              result: {
                ...outcome.result,
                firstPosition: outcome.result.firstPosition + shift,
                lastPosition: outcome.result.lastPosition + shift,
              },
            }
          : outcome,
      ),
    };
  }

  private committed(plan: AppendPlan): void {
    this.knownHead = plan.head;
    if (this.knownVersions.size > REMEMBERED_STREAMS) this.knownVersions.clear();
    for (const row of plan.rows) this.knownVersions.set(row.streamId, row.version);
    if (plan.rows.length === 0) return;
    for (const listener of this.listeners) listener(plan.head);
    this.announce(plan.head.position);
  }

  /**
   * Tells projectors in other processes that the log grew (NOTIFY on APPENDED_CHANNEL), after the
   * commit rather than inside it: a NOTIFY in the appending transaction serialised every commit on
   * the server's notification queue (a quarter of a sequential append's time). It is only a wake-up
   * (projectors also poll), so while one is in flight later ones collapse into one more, and one
   * follows another no sooner than ANNOUNCE_GAP_MS: a writer appending one event at a time sent a
   * NOTIFY per append, a second round trip and transaction that cost about as much server and
   * client CPU as a third of the append itself. The newest position is always announced, at most
   * ANNOUNCE_GAP_MS late.
   */
  private announce(position: number): void {
    this.announcing = Math.max(this.announcing ?? 0, position);
    if (this.announcement) return;
    const send = async (): Promise<void> => {
      while (this.announcing !== null) {
        const wait = this.announcedAt + ANNOUNCE_GAP_MS - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const latest = this.announcing;
        this.announcing = null;
        this.announcedAt = Date.now();
        await this.pool
          .query('SELECT pg_notify($1, $2)', [APPENDED_CHANNEL, String(latest)])
          .catch(() => undefined);
      }
      this.announcement = null;
    };
    this.announcement = send();
  }

  private now(): string {
    return this.clock().toISOString();
  }

  async importRecorded(events: readonly RecordedEvent[]): Promise<ChainHead> {
    const head = await this.inTransaction(async (client) => {
      const current = toHead(
        (
          await client.query<{ position: string; hash: string; recorded_at: Date | null }>(
            'SELECT position, hash, recorded_at FROM ledger_head WHERE id = 1 FOR UPDATE',
          )
        ).rows[0],
      );
      const { rows: versions } = await client.query<{ stream_id: string; version: number }>(
        'SELECT stream_id, max(version) AS version FROM ledger_events WHERE stream_id = ANY($1::text[]) GROUP BY stream_id',
        [[...new Set(events.map((event) => event.streamId))]],
      );
      const known = new Map(versions.map((row) => [row.stream_id, Number(row.version)]));
      const next = checkImportedBatch(current, events, (streamId) => known.get(streamId) ?? 0);
      await client.query(
        `INSERT INTO ledger_events (${COLUMN_NAMES})
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::text[], $6::int[],
                              $7::json[], $8::json[], $9::timestamptz[], $10::text[], $11::text[], $12::text[])`,
        insertColumns(events),
      );
      await client.query(
        'UPDATE ledger_head SET position = $1, hash = $2, recorded_at = $3 WHERE id = 1',
        [next.position, next.hash, next.recordedAt],
      );
      return next;
    });
    this.knownHead = head;
    for (const listener of this.listeners) listener(head);
    this.announce(head.position);
    return head;
  }

  /** The fallback: a transaction that reads the state under the head lock, then plans and writes. */
  private async commitUnderLock(
    requests: readonly (readonly StreamAppend[])[],
  ): Promise<readonly PlannedAppend[]> {
    const plan = await this.inTransaction(async (client) => {
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
      const planned = planAppends({ head, streamVersions, recorded, now: this.now() }, requests);
      if (planned.rows.length === 0) return planned;
      await client.query(
        `INSERT INTO ledger_events (${COLUMN_NAMES})
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::text[], $6::int[],
                              $7::json[], $8::json[], $9::timestamptz[], $10::text[], $11::text[], $12::text[])`,
        insertColumns(planned.rows),
      );
      await client.query(
        'UPDATE ledger_head SET position = $1, hash = $2, recorded_at = $3 WHERE id = 1',
        [planned.head.position, planned.head.hash, planned.head.recordedAt],
      );
      return planned;
    });
    this.committed(plan);
    return plan.outcomes;
  }

  /** Runs `work` in a transaction on one pooled client, committed when it returns. */
  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
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
      const result = await work(client);
      await client.query('COMMIT');
      return result;
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

/**
 * The rows as one array per column, in the order of COLUMNS, for an unnest insert. Data and metadata
 * are stored as their canonical JSON, the texts the hashes cover (json columns keep text as given),
 * so verification can hash them as stored.
 */
function insertColumns(
  rows: readonly (RecordedEvent & { dataJson?: string; metadataJson?: string })[],
): unknown[] {
  return [
    rows.map((row) => row.position),
    rows.map((row) => row.streamId),
    rows.map((row) => row.version),
    rows.map((row) => row.eventId),
    rows.map((row) => row.type),
    rows.map((row) => row.schemaVersion),
    rows.map((row) => row.dataJson ?? canonicalJson(row.data)),
    rows.map((row) => row.metadataJson ?? metadataJsonOf(row.metadata)),
    rows.map((row) => row.recordedAt),
    rows.map((row) => row.dataHash),
    rows.map((row) => row.prevHash),
    rows.map((row) => row.hash),
  ];
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

/** Rows of a range in position order; a range read in table order usually already is. */
function inPositionOrder<Row extends { position: string }>(rows: Row[]): Row[] {
  for (let i = 1; i < rows.length; i += 1) {
    if (Number(rows[i].position) < Number(rows[i - 1].position)) {
      return rows.sort((a, b) => Number(a.position) - Number(b.position));
    }
  }
  return rows;
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
    recordedAt: row.recorded_at,
    dataHash: row.data_hash,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

type StoredRow = Omit<EventRow, 'data' | 'metadata' | 'recorded_at'> & {
  data: string;
  metadata: string;
  recorded_at: string;
};

// recorded_at keeps microseconds but the ledger writes and hashes milliseconds. The time is written
// out by the server in the form the ledger hashes (ISO 8601, UTC, milliseconds), which spares a
// Date per event; a time with microseconds no append wrote is shown with all six digits, so its
// envelope hash fails rather than the change being rounded away. A json column keeps the text it
// was given, so ::text is the stored text, unparsed.
const STORED_COLUMNS =
  'position, stream_id, version, event_id, type, schema_version, data::text AS data, metadata::text AS metadata, ' +
  `to_char(recorded_at AT TIME ZONE 'UTC', CASE WHEN extract(microseconds FROM recorded_at)::bigint % 1000 = 0 ` +
  `THEN ${HASHED_TIME} ELSE 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"' END) AS recorded_at, ` +
  'data_hash, prev_hash, hash';

function toStoredEvent(row: StoredRow): StoredEvent {
  return {
    position: Number(row.position),
    streamId: row.stream_id,
    version: Number(row.version),
    eventId: row.event_id,
    type: row.type,
    schemaVersion: Number(row.schema_version),
    dataJson: row.data,
    metadataJson: row.metadata,
    recordedAt: row.recorded_at,
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
