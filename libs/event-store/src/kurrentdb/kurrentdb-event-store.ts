/*
 * KurrentDB event store: design
 *
 * KurrentDB orders `$all` itself, with `{ commit, prepare }` positions that have gaps and are shared
 * with system events, so `$all` cannot be the ledger's log: the port promises gap-free positions
 * 1..n, increasing in commit order, and a hash chain in that order. This adapter therefore keeps the
 * ledger's own order in one stream per ledger, `<ns>-chain`, and makes appends take turns on it.
 *
 * Streams (ns is a namespace, `ledger` by default, so ledgers and test runs can share a cluster):
 * - `<ns>/<streamId>`   a ledger stream's events. Stream version = KurrentDB revision + 1. Each
 *                       event's data is the domain data; its metadata property `ledger` holds the
 *                       rest of the envelope as JSON: position, streamId, version, eventId, type,
 *                       schemaVersion, metadata, recordedAt, dataHash, prevHash, hash.
 * - `<ns>-chain`        one link event (`$>`) per ledger event, in position order, pointing at it.
 *                       Ledger position = chain revision + 1, so positions are gap-free by
 *                       construction. Each link's metadata repeats position, hash and recordedAt,
 *                       so the head is known even if the event it points at is later deleted.
 *                       One link per event rather than one summary event per commit: a page of the
 *                       log is then a single read with link resolution, and the position needs no
 *                       mapping table.
 * - `<ns>-event-<uuid>` one link per event id. KurrentDB has no lookup by event id; idempotent
 *                       retries and "id already used elsewhere" need one, and appending it with
 *                       NO_STREAM makes KurrentDB itself refuse a second event with the same id.
 *
 * Appending (one group commit of concurrent appends in this process, see AppendBatcher):
 * 1. read the chain's last link (the head: position, hash, recordedAt) FIRST, then the current
 *    version of every stream named and the index entry of every event id;
 * 2. plan with the shared planAppends (expected versions, retries, positions, prevHash, hash);
 * 3. write everything in ONE multiStreamAppend (KurrentDB 25.1+, atomic across streams): the ledger
 *    streams at their exact current revisions, the chain links at the chain's exact revision, and
 *    the index streams at NO_STREAM. A writer that planned against a stale head (another process
 *    committed in between) gets WrongExpectedVersion on the chain and goes back to 1; nothing it
 *    planned was written. Every writer of the ledger is thus serialised at the chain head, the way
 *    PostgreSQL serialises on the head row lock, and a reader that has seen position N can never
 *    find a new event below N: position N+1 only exists once the commit that holds it is durable.
 *    A caller's expected version is checked by the planner against state read in step 1; exact
 *    revisions are sent to KurrentDB regardless, so the links' targets are known before the write.
 *
 * Reading: readAll pages through the chain with link resolution (one read per page); readStream reads
 * `<ns>/<streamId>`; readHead reads the chain's last link; positionAt binary-searches the chain by
 * recordedAt, which the planner never lets go backwards. `$all` and its positions are not used.
 *
 * Verification (verifyChain) works unchanged. KurrentDB events are immutable, so the attacks left are
 * deleting or truncating streams (the chain then has links that do not resolve: positions go
 * missing) and appending forged records (they break prevHash/hash or repeat a position). Grant write
 * and delete on `<ns>*` streams to the ledger's user only, and keep digests (logHoldsDigest).
 *
 * Limits: one multiStreamAppend carries 3 records per ledger event (event, chain link, index link)
 * and must fit KurrentDB's max append size; only this adapter may write `<ns>` streams; two streams
 * whose ids differ only by case cannot be appended together (KurrentDB refuses it).
 */
import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  connectionString,
  type KurrentClient,
  type KurrentReadOptions,
  type KurrentRecord,
  type ResolvedEvent,
} from './kurrentdb-client';
import { AppendBatcher } from '../append-batcher';
import {
  eventIdsOf,
  planAppends,
  streamIdsOf,
  validateAppend,
  type AppendContext,
  type PlannedAppend,
  type RecordedEventSummary,
} from '../append-planner';
import type {
  AppendListener,
  AppendResult,
  ChainHead,
  EventStore,
  ExpectedVersion,
  LogPage,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
} from '../event-store.port';
import { EventIdConflict, EventStoreError, StoreUnavailable } from '../event-store.errors';
import { GENESIS_HASH } from '../hash-chain';
import { Upcasters } from '../upcasting';
import {
  CorruptLedgerRecord,
  assertStreamNamesDistinctIgnoringCase,
  buildAppendSession,
  haveCaseCollision,
  isLinkType,
  isStreamNotFound,
  isWrongExpectedVersion,
  ledgerStreamNames,
  revisionOfVersion,
  serverRefusal,
  toRecordedEvent,
  translateError,
  unpackChainLinkMetadata,
  unpackEventMetadata,
  versionOfRevision,
  type LedgerStreamNames,
} from './kurrentdb-mapping';

export { MIN_SERVER_VERSION } from './kurrentdb-mapping';

export interface KurrentDbEventStoreOptions {
  /** Prefix of every stream this ledger owns; `ledger` unless several ledgers share a cluster. */
  readonly namespace?: string;
  readonly upcasters?: Upcasters;
  readonly clock?: () => Date;
  /** How many times a commit re-plans after losing the chain head to another writer. */
  readonly maxAttempts?: number;
}

export interface KurrentDbServerInfo {
  readonly version: string;
  readonly supportsMultiStreamAppend: boolean;
}

const MAX_PAGE = 10_000;
// Each event costs three records (about 1.5 KB with typical data) in one append session, which
// KurrentDB caps at MaxAppendSize (1 MiB by default); group commits stay well below that.
const MAX_EVENTS_PER_COMMIT = 200;
const READ_CONCURRENCY = 16;
const APPEND_SESSION_PATH = '/kurrentdb.protocol.v2.streams.StreamsService/AppendSession';

export class KurrentDbEventStore implements EventStore {
  readonly names: LedgerStreamNames;
  private readonly client: KurrentClient;
  private readonly ownsClient: boolean;
  private readonly upcasters: Upcasters;
  private readonly clock: () => Date;
  private readonly maxAttempts: number;
  private readonly listeners = new Set<AppendListener>();
  private readonly batcher: AppendBatcher;

  /** A connection string gives the store its own client, which close() disposes of. */
  constructor(connection: string | KurrentClient, options: KurrentDbEventStoreOptions = {}) {
    this.ownsClient = typeof connection === 'string';
    this.client = typeof connection === 'string' ? connectionString(connection) : connection;
    this.names = ledgerStreamNames(options.namespace ?? 'ledger');
    this.upcasters = options.upcasters ?? new Upcasters();
    this.clock = options.clock ?? (() => new Date());
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 50);
    this.batcher = new AppendBatcher((requests) => this.commit(requests), MAX_EVENTS_PER_COMMIT);
  }

  /** Connects and refuses a server that cannot give the guarantees (older than 25.1). */
  static async connect(
    url: string,
    options: KurrentDbEventStoreOptions = {},
  ): Promise<KurrentDbEventStore> {
    const store = new KurrentDbEventStore(url, options);
    try {
      const server = await store.serverInfo();
      const refusal = serverRefusal(server.version, server.supportsMultiStreamAppend);
      if (refusal) throw new Error(refusal);
      return store;
    } catch (error) {
      await store.close();
      throw error;
    }
  }

  /**
   * The client has no public call for the server's version; its feature probe (the ServerFeatures
   * gRPC service, which it caches) is the only source, so it is read through a narrow shape check.
   */
  async serverInfo(): Promise<KurrentDbServerInfo> {
    let features: unknown;
    try {
      features = await (this.client as unknown as { capabilities: Promise<unknown> }).capabilities;
    } catch (error) {
      throw new StoreUnavailable(
        `Cannot reach the KurrentDB server at KURRENTDB_URL: ${(error as Error).message}`,
        error,
      );
    }
    const probe = features as { serverVersion?: unknown; supports?: unknown } | null;
    const version = typeof probe?.serverVersion === 'string' ? probe.serverVersion : 'unknown';
    const supports =
      typeof probe?.supports === 'function'
        ? (probe.supports as (method: { path: string }) => boolean)({ path: APPEND_SESSION_PATH })
        : false;
    return { version, supportsMultiStreamAppend: supports };
  }

  async append(appends: readonly StreamAppend[]): Promise<AppendResult> {
    validateAppend(appends);
    assertStreamNamesDistinctIgnoringCase(appends);
    return this.batcher.submit(appends);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const fromVersion = Math.max(1, Math.ceil(options.fromVersion ?? 1));
    const toVersion = options.toVersion === undefined ? undefined : Math.floor(options.toVersion);
    if (toVersion !== undefined && toVersion < fromVersion) return [];
    const asOf = options.asOf === undefined ? undefined : timeOf(options.asOf);
    const records = await this.read(this.names.stream(streamId), {
      fromRevision: fromVersion > 1 ? revisionOfVersion(fromVersion) : START,
      ...(toVersion === undefined ? {} : { maxCount: toVersion - fromVersion + 1 }),
    });
    const events: RecordedEvent[] = [];
    for (const { event: record } of records) {
      const event = record && this.recordedEventOf(record);
      if (!event) continue;
      // Versions, positions and recorded times all rise along a stream, so the first one past a
      // bound ends the read.
      if (toVersion !== undefined && event.version > toVersion) break;
      if (options.toPosition !== undefined && event.position > options.toPosition) break;
      if (asOf !== undefined && timeOf(event.recordedAt) > asOf) break;
      events.push(this.upcasters.apply(event));
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<LogPage> {
    const after = Math.max(0, Math.floor(options.after ?? 0));
    const limit = Math.min(Math.max(Math.floor(options.limit ?? 1000), 1), MAX_PAGE);
    const asOf = options.asOf === undefined ? undefined : timeOf(options.asOf);
    const upcast = options.upcast ?? true;
    const links = await this.read(this.names.chain, {
      fromRevision: BigInt(after),
      maxCount: limit,
      resolveLinkTos: true,
    });
    const events: RecordedEvent[] = [];
    for (const link of links) {
      const target = linkTarget(link);
      // A link whose event was deleted is left out, so verification reports that position missing.
      const event = target && this.recordedEventOf(target);
      if (!event) continue;
      if (asOf !== undefined && timeOf(event.recordedAt) > asOf) {
        return { events, nextAfter: null };
      }
      events.push(upcast ? this.upcasters.apply(event) : event);
    }
    const last = links[links.length - 1];
    return {
      events,
      nextAfter: links.length === limit ? versionOfRevision(chainRecordOf(last).revision) : null,
    };
  }

  async readHead(): Promise<ChainHead> {
    return (await this.readChainTip()).head;
  }

  async positionAt(asOf: string): Promise<number> {
    const bound = timeOf(asOf);
    const tip = await this.readChainTip();
    if (tip.head.recordedAt === null || timeOf(tip.head.recordedAt) <= bound) {
      return tip.head.position;
    }
    // recordedAt never decreases along the chain, so the last position at or before `asOf` is found
    // by bisection, reading one link per step.
    let low = 0;
    let high = tip.head.position - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (timeOf((await this.readChainLink(middle)).recordedAt) <= bound) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  onAppended(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async ping(): Promise<void> {
    await this.readChainTip();
  }

  async close(): Promise<void> {
    this.listeners.clear();
    if (this.ownsClient) await this.client.dispose();
  }

  private async commit(
    requests: readonly (readonly StreamAppend[])[],
  ): Promise<readonly PlannedAppend[]> {
    if (requests.length === 1 || !haveCaseCollision(requests)) return this.commitGroup(requests);
    const outcomes: PlannedAppend[] = [];
    for (const request of requests) {
      try {
        outcomes.push(...(await this.commitGroup([request])));
      } catch (error) {
        if (!(error instanceof EventStoreError)) throw error;
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  }

  private async commitGroup(
    requests: readonly (readonly StreamAppend[])[],
  ): Promise<readonly PlannedAppend[]> {
    let conflict: unknown;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      const context = await this.readAppendContext(requests);
      const plan = planAppends(context, requests);
      if (plan.rows.length === 0) return plan.outcomes;
      try {
        await this.client.multiStreamAppend(
          buildAppendSession(this.names, plan.rows, context.head.position, context.streamVersions),
        );
      } catch (error) {
        if (!isWrongExpectedVersion(error)) throw translateError(error);
        conflict = error;
        await backOff(attempt);
        continue;
      }
      for (const listener of this.listeners) listener(plan.head);
      return plan.outcomes;
    }
    throw translateError(conflict, {
      names: this.names,
      expectedFor: (streamId) => expectedVersionIn(requests, streamId),
    });
  }

  /**
   * The chain head is read before anything else: whatever committed before that read is visible to
   * the reads that follow, and whatever commits after it moves the chain, so the append planned from
   * these reads fails on the chain's expected revision and is planned again.
   */
  private async readAppendContext(
    requests: readonly (readonly StreamAppend[])[],
  ): Promise<AppendContext> {
    const tip = await this.readChainTip();
    const streamIds = streamIdsOf(requests);
    const eventIds = eventIdsOf(requests);
    const [versions, summaries] = await Promise.all([
      mapLimited(streamIds, (streamId) => this.streamVersion(streamId)),
      mapLimited(eventIds, (eventId) => this.recordedSummary(eventId)),
    ]);
    const recorded = new Map<string, RecordedEventSummary>();
    summaries.forEach((summary) => summary && recorded.set(summary.eventId, summary));
    return {
      head: tip.head,
      streamVersions: new Map(streamIds.map((streamId, i) => [streamId, versions[i]])),
      recorded,
      now: this.clock().toISOString(),
    };
  }

  private async readChainTip(): Promise<{ head: ChainHead }> {
    const [last] = await this.read(this.names.chain, {
      direction: BACKWARDS,
      fromRevision: END,
      maxCount: 1,
      requiresLeader: true,
    });
    if (!last) return { head: { position: 0, hash: GENESIS_HASH, recordedAt: null } };
    const link = chainRecordOf(last);
    const fields = unpackChainLinkMetadata(link.metadata, whereOf(link));
    if (fields.position !== versionOfRevision(link.revision)) {
      throw new CorruptLedgerRecord(
        whereOf(link),
        `the link at revision ${link.revision} claims position ${fields.position}`,
      );
    }
    return { head: fields };
  }

  private async readChainLink(position: number) {
    const [entry] = await this.read(this.names.chain, {
      fromRevision: revisionOfVersion(position),
      maxCount: 1,
    });
    if (!entry) throw new CorruptLedgerRecord(this.names.chain, `position ${position} is missing`);
    const link = chainRecordOf(entry);
    return unpackChainLinkMetadata(link.metadata, whereOf(link));
  }

  private async streamVersion(streamId: string): Promise<number> {
    const [last] = await this.read(this.names.stream(streamId), {
      direction: BACKWARDS,
      fromRevision: END,
      maxCount: 1,
      requiresLeader: true,
    });
    return last?.event ? versionOfRevision(last.event.revision) : 0;
  }

  private async recordedSummary(eventId: string): Promise<RecordedEventSummary | null> {
    const [entry] = await this.read(this.names.eventIndex(eventId), {
      maxCount: 1,
      resolveLinkTos: true,
      requiresLeader: true,
    });
    if (!entry) return null;
    const target = linkTarget(entry);
    const event = target && this.recordedEventOf(target);
    if (!event) {
      throw new EventIdConflict(eventId, 'it is indexed, but the event it names was deleted');
    }
    if (event.eventId !== eventId) return null;
    return {
      eventId,
      streamId: event.streamId,
      version: event.version,
      position: event.position,
      type: event.type,
      schemaVersion: event.schemaVersion,
      dataHash: event.dataHash,
    };
  }

  private recordedEventOf(record: KurrentRecord): RecordedEvent | null {
    const where = whereOf(record);
    const fields = unpackEventMetadata(record.metadata, where);
    return fields && toRecordedEvent(fields, record.data, where);
  }

  private async read(streamName: string, options: KurrentReadOptions): Promise<ResolvedEvent[]> {
    const entries: ResolvedEvent[] = [];
    try {
      for await (const entry of this.client.readStream(streamName, {
        direction: FORWARDS,
        ...options,
      })) {
        entries.push(entry);
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw translateError(error);
    }
    return entries;
  }
}

/** The event a chain or index link points at, or null when it does not resolve (deleted). */
function linkTarget(entry: ResolvedEvent): KurrentRecord | null {
  if (!entry.link || !entry.event || isLinkType(entry.event.type)) return null;
  return entry.event;
}

function chainRecordOf(entry: ResolvedEvent): KurrentRecord {
  const record = entry.link ?? entry.event;
  if (!record) throw new CorruptLedgerRecord('on the chain', 'an entry has neither link nor event');
  return record as KurrentRecord;
}

function whereOf(record: KurrentRecord): string {
  return `${record.revision}@${record.streamId}`;
}

function timeOf(iso: string): number {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) throw new RangeError(`${iso} is not an ISO 8601 time`);
  return time;
}

function expectedVersionIn(
  requests: readonly (readonly StreamAppend[])[],
  streamId: string,
): ExpectedVersion {
  for (const request of requests) {
    const append = request.find((candidate) => candidate.streamId === streamId);
    if (append) return append.expectedVersion;
  }
  return 'any';
}

async function mapLimited<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, items.length) }, worker));
  return results;
}

/** Jittered, so writers that lost the chain head together do not collide again in lockstep. */
function backOff(attempt: number): Promise<void> {
  const ceiling = Math.min(100, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}
