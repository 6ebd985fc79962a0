import { createHash } from 'node:crypto';
import {
  ANY,
  ErrorType,
  NO_STREAM,
  STREAM_EXISTS,
  binaryEvent,
  jsonEvent,
  type AppendStreamRequest,
  type AppendStreamState,
  type CurrentStreamState,
  type EventData,
} from './kurrentdb-client';
import type {
  EventMetadata,
  ExpectedVersion,
  JsonObject,
  RecordedEvent,
  StreamAppend,
} from '../event-store.port';
import { InvalidAppend, StoreUnavailable, StreamVersionConflict } from '../event-store.errors';

/**
 * Pure translation between the ledger's port and KurrentDB's vocabulary. Nothing here talks to a
 * server, so every branch is unit-tested without one.
 */

/** Multi-stream append (AppendSession) and property metadata arrived in KurrentDB 25.1. */
export const MIN_SERVER_VERSION = { major: 25, minor: 1 } as const;

/** The one metadata property the adapter owns; KurrentDB adds its own `$schema.*` keys beside it. */
export const LEDGER_METADATA_KEY = 'ledger';
const LINK_EVENT_TYPE = '$>';
const LEDGER_FORMAT = 1;

// ---------------------------------------------------------------------------------------------
// Stream names

export interface LedgerStreamNames {
  readonly namespace: string;
  /** One link per ledger event, in position order: its revision + 1 is the ledger position. */
  readonly chain: string;
  /** The KurrentDB stream that holds a ledger stream's events. */
  stream(streamId: string): string;
  /** A one-event stream per event id: KurrentDB has no lookup by id, and retries need one. */
  eventIndex(eventId: string): string;
}

const NAMESPACE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

export function ledgerStreamNames(namespace: string): LedgerStreamNames {
  // A namespace lets several ledgers (or test runs) share one cluster without seeing each other.
  if (!NAMESPACE.test(namespace)) {
    throw new Error(
      `KurrentDB ledger namespace "${namespace}" must start with a letter and hold only letters, digits and _`,
    );
  }
  return {
    namespace,
    chain: `${namespace}-chain`,
    stream: (streamId) => `${namespace}/${streamId}`,
    eventIndex: (eventId) => `${namespace}-event-${recordIdFor(eventId)}`,
  };
}

/** The ledger stream id behind a KurrentDB stream name, or null for the adapter's own streams. */
export function streamIdOf(names: LedgerStreamNames, streamName: string): string | null {
  const prefix = `${names.namespace}/`;
  return streamName.startsWith(prefix) ? streamName.slice(prefix.length) : null;
}

/**
 * KurrentDB refuses two streams in one append session whose names differ only by case, so such an
 * append is refused up front with a clear reason instead of as an opaque server error.
 */
export function assertStreamNamesDistinctIgnoringCase(request: readonly StreamAppend[]): void {
  const seen = new Map<string, string>();
  for (const { streamId } of request) {
    const folded = streamId.toLowerCase();
    const other = seen.get(folded);
    if (other !== undefined && other !== streamId) {
      throw new InvalidAppend(
        `Streams ${other} and ${streamId} differ only by case, which KurrentDB cannot append together`,
      );
    }
    seen.set(folded, streamId);
  }
}

/** Whether the requests of one group commit can share one append session (see above). */
export function haveCaseCollision(requests: readonly (readonly StreamAppend[])[]): boolean {
  const seen = new Map<string, string>();
  for (const request of requests) {
    for (const { streamId } of request) {
      const other = seen.get(streamId.toLowerCase());
      if (other !== undefined && other !== streamId) return true;
      seen.set(streamId.toLowerCase(), streamId);
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Ids

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * KurrentDB record ids must be GUIDs and come back lower-cased, while the port accepts any string.
 * A canonical UUID is used as it is; anything else gets a stable name-based UUID (version 8), so a
 * retry of the same event id always maps to the same record. The original id travels in metadata.
 */
export function recordIdFor(eventId: string, purpose = 'event'): string {
  if (purpose === 'event' && CANONICAL_UUID.test(eventId)) return eventId;
  const digest = createHash('sha256').update(`ledger:${purpose}\n${eventId}`, 'utf8').digest();
  digest[6] = (digest[6] & 0x0f) | 0x80;
  digest[8] = (digest[8] & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

// ---------------------------------------------------------------------------------------------
// Versions, revisions and stream states

/** Port versions count events from 1; KurrentDB revisions count them from 0. */
export function versionOfRevision(revision: bigint): number {
  if (revision < 0n) throw new RangeError(`Revision ${revision} is not an event revision`);
  const version = Number(revision) + 1;
  if (!Number.isSafeInteger(version)) {
    throw new RangeError(`Revision ${revision} is beyond the ledger's version range`);
  }
  return version;
}

export function revisionOfVersion(version: number): bigint {
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new RangeError(`Version ${version} has no KurrentDB revision`);
  }
  return BigInt(version - 1);
}

/** The exact state a stream must be in for the append planned against `currentVersion`. */
export function streamStateForVersion(currentVersion: number): AppendStreamState {
  return currentVersion === 0 ? NO_STREAM : revisionOfVersion(currentVersion);
}

export function toStreamState(expected: ExpectedVersion): AppendStreamState {
  if (expected === 'any') return ANY;
  if (expected === 'no-stream') return NO_STREAM;
  if (expected === 'exists') return STREAM_EXISTS;
  return streamStateForVersion(expected);
}

export function fromStreamState(state: AppendStreamState): ExpectedVersion {
  if (state === ANY) return 'any';
  if (state === NO_STREAM) return 'no-stream';
  if (state === STREAM_EXISTS) return 'exists';
  return versionOfRevision(state);
}

/** A stream's current state as KurrentDB reports it in a conflict, as a port version. */
export function versionOfCurrentState(state: CurrentStreamState): number {
  // Deleted (-5) and tombstoned (-6) streams hold no readable events, so they count as empty.
  if (state === NO_STREAM || state < 0n) return 0;
  return versionOfRevision(state);
}

// ---------------------------------------------------------------------------------------------
// Server version

export interface ServerVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

export function parseServerVersion(text: string): ServerVersion | null {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  if (!match) return null;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
}

export function isSupportedServerVersion(version: ServerVersion | null): boolean {
  if (!version) return false;
  return (
    version.major > MIN_SERVER_VERSION.major ||
    (version.major === MIN_SERVER_VERSION.major && version.minor >= MIN_SERVER_VERSION.minor)
  );
}

/** Why a server cannot host the ledger, or null when it can. */
export function serverRefusal(found: string, supportsAppendSession: boolean): string | null {
  const wanted = `${MIN_SERVER_VERSION.major}.${MIN_SERVER_VERSION.minor}`;
  if (!isSupportedServerVersion(parseServerVersion(found))) {
    return (
      `The KurrentDB server at KURRENTDB_URL reports version ${found || 'unknown'}, but the ledger ` +
      `needs KurrentDB ${wanted} or later for atomic multi-stream appends. Upgrade the server or ` +
      `point KURRENTDB_URL at a ${wanted}+ cluster.`
    );
  }
  if (!supportsAppendSession) {
    return (
      `The KurrentDB server at KURRENTDB_URL (version ${found}) does not offer the AppendSession ` +
      `API that @kurrent/kurrentdb-client uses for multi-stream appends. Point KURRENTDB_URL at a ` +
      `server that does.`
    );
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Metadata: what each record carries besides the domain data

/** Everything of a recorded event except its data, as stored in the `ledger` property. */
export type LedgerFields = Omit<RecordedEvent, 'data'>;

/** What a chain link carries, so the head is known even if the linked event became unreadable. */
export interface ChainLinkFields {
  readonly position: number;
  readonly hash: string;
  readonly recordedAt: string;
}

export class CorruptLedgerRecord extends Error {
  constructor(where: string, reason: string) {
    super(`The KurrentDB record ${where} is not a valid ledger record: ${reason}`);
    this.name = 'CorruptLedgerRecord';
  }
}

export function packEventMetadata(row: RecordedEvent): Record<string, string> {
  const { data: _data, ...fields } = row;
  const packed: Record<string, string> = {
    [LEDGER_METADATA_KEY]: JSON.stringify({ format: LEDGER_FORMAT, ...fields }),
    // KurrentDB's own projections ($by_correlation_id) read these two keys.
    $correlationId: row.metadata.correlationId,
  };
  if (row.metadata.causationId) packed.$causationId = row.metadata.causationId;
  return packed;
}

export function packChainLinkMetadata(row: RecordedEvent): Record<string, string> {
  const fields: ChainLinkFields = {
    position: row.position,
    hash: row.hash,
    recordedAt: row.recordedAt,
  };
  return { [LEDGER_METADATA_KEY]: JSON.stringify({ format: LEDGER_FORMAT, ...fields }) };
}

/**
 * The ledger fields of a record, or null when the record was not written by the ledger (it has no
 * `ledger` property). A `ledger` property that does not parse is corruption, never silently skipped.
 */
export function unpackEventMetadata(metadata: unknown, where: string): LedgerFields | null {
  const raw = ledgerPropertyOf(metadata);
  if (raw === null) return null;
  const parsed = parseLedgerJson(raw, where);
  const fail = (reason: string): never => {
    throw new CorruptLedgerRecord(where, reason);
  };
  const position = positiveInteger(parsed.position) ?? fail('position');
  const version = positiveInteger(parsed.version) ?? fail('version');
  const schemaVersion = positiveInteger(parsed.schemaVersion) ?? fail('schemaVersion');
  const text = (key: string): string =>
    typeof parsed[key] === 'string' ? (parsed[key] as string) : fail(key);
  return {
    position,
    streamId: text('streamId'),
    version,
    eventId: text('eventId'),
    type: text('type'),
    schemaVersion,
    metadata: eventMetadataOf(parsed.metadata) ?? fail('metadata'),
    recordedAt: text('recordedAt'),
    dataHash: text('dataHash'),
    prevHash: text('prevHash'),
    hash: text('hash'),
  };
}

export function unpackChainLinkMetadata(metadata: unknown, where: string): ChainLinkFields {
  const raw = ledgerPropertyOf(metadata);
  if (raw === null) throw new CorruptLedgerRecord(where, 'the chain link has no ledger property');
  const parsed = parseLedgerJson(raw, where);
  const position = positiveInteger(parsed.position);
  if (position === null) throw new CorruptLedgerRecord(where, 'position');
  if (typeof parsed.hash !== 'string') throw new CorruptLedgerRecord(where, 'hash');
  if (typeof parsed.recordedAt !== 'string') throw new CorruptLedgerRecord(where, 'recordedAt');
  return { position, hash: parsed.hash, recordedAt: parsed.recordedAt };
}

export function toRecordedEvent(fields: LedgerFields, data: unknown, where: string): RecordedEvent {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new CorruptLedgerRecord(where, 'its data is not a JSON object');
  }
  return { ...fields, data: data as JsonObject };
}

function ledgerPropertyOf(metadata: unknown): string | null {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) return null;
  if (metadata instanceof Uint8Array) return null;
  const value = (metadata as Record<string, unknown>)[LEDGER_METADATA_KEY];
  return typeof value === 'string' ? value : null;
}

function parseLedgerJson(raw: string, where: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new CorruptLedgerRecord(where, 'its ledger property is not JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new CorruptLedgerRecord(where, 'its ledger property is not an object');
  }
  const record = parsed as Record<string, unknown>;
  if (record.format !== LEDGER_FORMAT) {
    throw new CorruptLedgerRecord(where, `unknown ledger format ${String(record.format)}`);
  }
  return record;
}

function positiveInteger(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 ? value : null;
}

function eventMetadataOf(value: unknown): EventMetadata | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const m = value as Record<string, unknown>;
  const actor = m.actor as Record<string, unknown> | null | undefined;
  const nullableString = (v: unknown) => v === null || typeof v === 'string';
  if (
    !actor ||
    typeof actor !== 'object' ||
    typeof actor.id !== 'string' ||
    typeof actor.name !== 'string' ||
    !Array.isArray(m.roles) ||
    !m.roles.every((role) => typeof role === 'string') ||
    typeof m.correlationId !== 'string' ||
    !nullableString(m.causationId) ||
    !(m.idempotencyKey === undefined || nullableString(m.idempotencyKey))
  ) {
    return null;
  }
  // Rebuilt key by key so the envelope that is hashed holds exactly what was stored.
  return {
    actor: { id: actor.id, name: actor.name },
    roles: [...(m.roles as string[])],
    correlationId: m.correlationId,
    causationId: m.causationId as string | null,
    ...(m.idempotencyKey === undefined
      ? {}
      : { idempotencyKey: m.idempotencyKey as string | null }),
  };
}

// ---------------------------------------------------------------------------------------------
// Links

export function linkData(revision: bigint, streamName: string): Uint8Array {
  return Buffer.from(`${revision}@${streamName}`, 'utf8');
}

export function isLinkType(type: string): boolean {
  return type === LINK_EVENT_TYPE;
}

// ---------------------------------------------------------------------------------------------
// The one multi-stream append of a group commit

/**
 * Turns the rows planned for one commit into one atomic AppendSession:
 * - each ledger stream gets its rows, at the exact revision the plan was made against, so the
 *   revisions the links point at are known before the write;
 * - the chain stream gets one link per row, in position order, at the revision of the head the plan
 *   was chained to: a writer that planned against a stale head loses here and plans again;
 * - each event id gets a one-event index stream that must not exist yet.
 */
export function buildAppendSession(
  names: LedgerStreamNames,
  rows: readonly RecordedEvent[],
  chainVersion: number,
  versionsBefore: ReadonlyMap<string, number>,
): AppendStreamRequest[] {
  const byStream = new Map<string, RecordedEvent[]>();
  for (const row of rows) {
    const list = byStream.get(row.streamId);
    if (list) list.push(row);
    else byStream.set(row.streamId, [row]);
  }
  const streams: AppendStreamRequest[] = [...byStream].map(([streamId, streamRows]) => ({
    streamName: names.stream(streamId),
    expectedState: streamStateForVersion(versionsBefore.get(streamId) ?? 0),
    events: streamRows.map((row) => domainEvent(row)),
  }));
  const chain: AppendStreamRequest = {
    streamName: names.chain,
    expectedState: streamStateForVersion(chainVersion),
    events: rows.map((row) =>
      binaryEvent({
        id: recordIdFor(row.eventId, 'chain'),
        type: LINK_EVENT_TYPE,
        data: linkData(revisionOfVersion(row.version), names.stream(row.streamId)),
        metadata: packChainLinkMetadata(row),
      }),
    ),
  };
  const indexes: AppendStreamRequest[] = rows.map((row) => ({
    streamName: names.eventIndex(row.eventId),
    expectedState: NO_STREAM,
    events: [
      binaryEvent({
        id: recordIdFor(row.eventId, 'index'),
        type: LINK_EVENT_TYPE,
        data: linkData(revisionOfVersion(row.version), names.stream(row.streamId)),
      }),
    ],
  }));
  return [...streams, chain, ...indexes];
}

function domainEvent(row: RecordedEvent): EventData {
  return jsonEvent({
    id: recordIdFor(row.eventId),
    type: row.type,
    data: row.data,
    metadata: packEventMetadata(row),
  });
}

// ---------------------------------------------------------------------------------------------
// Errors

const UNAVAILABLE_TYPES = new Set<string>([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.CANCELLED,
  ErrorType.NOT_LEADER,
]);
const UNAVAILABLE_CODES = new Set<unknown>([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  // gRPC status codes, as raw ServiceErrors carry them: DEADLINE_EXCEEDED and UNAVAILABLE.
  4,
  14,
]);

/** The client's error classes are matched by their `type`, which survives duplicated installs. */
export function errorTypeOf(error: unknown): string | undefined {
  const type = (error as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : undefined;
}

export function isWrongExpectedVersion(error: unknown): error is {
  streamName: string;
  expectedState: AppendStreamState;
  actualState: CurrentStreamState;
} {
  return errorTypeOf(error) === ErrorType.WRONG_EXPECTED_VERSION;
}

export function isStreamNotFound(error: unknown): boolean {
  return errorTypeOf(error) === ErrorType.STREAM_NOT_FOUND;
}

export function isUnavailable(error: unknown): boolean {
  const type = errorTypeOf(error);
  if (type !== undefined) return UNAVAILABLE_TYPES.has(type);
  return UNAVAILABLE_CODES.has((error as { code?: unknown } | null)?.code);
}

export interface ConflictContext {
  readonly names: LedgerStreamNames;
  /** The expected version the caller gave for a ledger stream in the failed append. */
  readonly expectedFor: (streamId: string) => ExpectedVersion;
}

/**
 * KurrentDB errors in the port's terms. A wrong expected version on a ledger stream names that
 * stream with the caller's expectation and the version KurrentDB found; one on the adapter's own
 * streams (the chain head kept moving) is contention the caller can only retry, so it is reported
 * as unavailability. Connection failures become StoreUnavailable; anything else passes unchanged.
 */
export function translateError(error: unknown, context?: ConflictContext): unknown {
  if (isWrongExpectedVersion(error)) {
    const streamId = context ? streamIdOf(context.names, error.streamName) : null;
    if (context && streamId !== null) {
      return new StreamVersionConflict(
        streamId,
        context.expectedFor(streamId),
        versionOfCurrentState(error.actualState),
      );
    }
    return new StoreUnavailable(
      `Other writers kept moving the KurrentDB ledger head (${error.streamName}); retry the append`,
      error,
    );
  }
  if (isUnavailable(error)) {
    return new StoreUnavailable('The KurrentDB event store is unreachable', error);
  }
  return error;
}
