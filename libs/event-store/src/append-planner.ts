import type {
  AppendResult,
  ChainHead,
  ExpectedVersion,
  RecordedEvent,
  StreamAppend,
} from './event-store.port';
import {
  EventIdConflict,
  EventStoreError,
  InvalidAppend,
  StreamVersionConflict,
} from './event-store.errors';
import { canonicalJson, chainHashWith, dataHashOf, metadataJsonOf, sha256Hex } from './hash-chain';

/** What the planner needs to know of an event that is already recorded, to recognise a retry. */
export interface RecordedEventSummary {
  readonly eventId: string;
  readonly streamId: string;
  readonly version: number;
  readonly position: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly dataHash: string;
}

/** The state an adapter reads under the chain-head lock before planning a group of appends. */
export interface AppendContext {
  readonly head: ChainHead;
  readonly streamVersions: ReadonlyMap<string, number>;
  readonly recorded: ReadonlyMap<string, RecordedEventSummary>;
  readonly now: string;
}

export type PlannedAppend =
  | { readonly ok: true; readonly result: AppendResult }
  | { readonly ok: false; readonly error: Error };

/**
 * A row to insert: the event as it will be recorded, with its data and metadata as the canonical
 * texts the hashes cover.
 */
export interface PlannedRow extends RecordedEvent {
  readonly dataJson: string;
  readonly metadataJson: string;
}

export interface AppendPlan {
  readonly outcomes: readonly PlannedAppend[];
  /** Rows to insert, in position order, for every accepted append that is not a retry. */
  readonly rows: readonly PlannedRow[];
  readonly head: ChainHead;
}

export function streamIdsOf(requests: readonly (readonly StreamAppend[])[]): string[] {
  return [...new Set(requests.flatMap((request) => request.map((append) => append.streamId)))];
}

export function eventIdsOf(requests: readonly (readonly StreamAppend[])[]): string[] {
  return [
    ...new Set(
      requests.flatMap((request) =>
        request.flatMap((append) => append.events.map((e) => e.eventId)),
      ),
    ),
  ];
}

/**
 * Plans a group of appends that will share one transaction at the chain head (group commit). Each
 * request is checked against the state left by the requests before it, so one that fails its version
 * check is refused alone while the others still commit, in order, with gap-free positions.
 */
export function planAppends(
  context: AppendContext,
  requests: readonly (readonly StreamAppend[])[],
): AppendPlan {
  const versions = new Map(context.streamVersions);
  const recorded = new Map(context.recorded);
  const rows: PlannedRow[] = [];
  const outcomes: PlannedAppend[] = [];
  let head = context.head;
  const recordedAt =
    head.recordedAt !== null && head.recordedAt > context.now ? head.recordedAt : context.now;

  for (const request of requests) {
    try {
      const retry = matchRetry(request, recorded);
      if (retry) {
        outcomes.push({ ok: true, result: retry });
        continue;
      }
      for (const append of request) {
        checkExpectedVersion(
          append.streamId,
          append.expectedVersion,
          versions.get(append.streamId) ?? 0,
        );
      }
      const planned: PlannedRow[] = [];
      let prevHash = head.hash;
      let position = head.position;
      const streamVersions: { streamId: string; version: number }[] = [];
      for (const append of request) {
        let version = versions.get(append.streamId) ?? 0;
        for (const event of append.events) {
          position += 1;
          version += 1;
          const dataJson = canonicalJson(event.data);
          const metadata = normaliseMetadata(event.metadata);
          const metadataJson = metadataJsonOf(metadata);
          const fields = {
            position,
            streamId: append.streamId,
            version,
            eventId: event.eventId,
            type: event.type,
            schemaVersion: event.schemaVersion ?? 1,
            metadata,
            recordedAt,
            dataHash: sha256Hex(dataJson),
          };
          const hash = chainHashWith(prevHash, fields, metadataJson);
          // SQL adapters store dataJson and metadataJson, the very texts the hashes cover, so
          // verification can hash the stored text without parsing it.
          planned.push({ ...fields, data: event.data, dataJson, metadataJson, prevHash, hash });
          prevHash = hash;
        }
        streamVersions.push({ streamId: append.streamId, version });
      }
      for (const { streamId, version } of streamVersions) versions.set(streamId, version);
      for (const row of planned) recorded.set(row.eventId, row);
      rows.push(...planned);
      head = { position, hash: prevHash, recordedAt };
      outcomes.push({
        ok: true,
        result: {
          streams: streamVersions,
          firstPosition: planned[0].position,
          lastPosition: position,
          duplicate: false,
        },
      });
    } catch (error) {
      if (!(error instanceof EventStoreError)) throw error;
      outcomes.push({ ok: false, error });
    }
  }
  return { outcomes, rows, head };
}

/** Rejects requests no adapter should accept, before any database work. */
export function validateAppend(request: readonly StreamAppend[]): void {
  if (request.length === 0) throw new InvalidAppend('An append needs at least one stream');
  const streams = new Set<string>();
  const ids = new Set<string>();
  for (const append of request) {
    if (typeof append.streamId !== 'string' || append.streamId.length === 0) {
      throw new InvalidAppend('A stream id must be a non-empty string');
    }
    if (streams.has(append.streamId)) {
      throw new InvalidAppend(`Stream ${append.streamId} appears twice in one append`);
    }
    streams.add(append.streamId);
    const expected = append.expectedVersion;
    if (
      expected !== 'any' &&
      expected !== 'no-stream' &&
      expected !== 'exists' &&
      !(Number.isSafeInteger(expected) && expected >= 0)
    ) {
      throw new InvalidAppend(`Expected version ${String(expected)} is not valid`);
    }
    if (append.events.length === 0) {
      throw new InvalidAppend(`The append to ${append.streamId} has no events`);
    }
    for (const event of append.events) {
      if (typeof event.eventId !== 'string' || event.eventId.length === 0) {
        throw new InvalidAppend('Every event needs an id');
      }
      if (ids.has(event.eventId)) {
        throw new InvalidAppend(`Event id ${event.eventId} appears twice in one append`);
      }
      ids.add(event.eventId);
      if (typeof event.type !== 'string' || event.type.length === 0) {
        throw new InvalidAppend('Every event needs a type');
      }
      const schemaVersion = event.schemaVersion ?? 1;
      if (!Number.isSafeInteger(schemaVersion) || schemaVersion < 1) {
        throw new InvalidAppend(`Schema version of ${event.type} must be a positive integer`);
      }
      if (event.data === null || typeof event.data !== 'object' || Array.isArray(event.data)) {
        throw new InvalidAppend(`The data of ${event.type} must be a JSON object`);
      }
    }
  }
}

function checkExpectedVersion(streamId: string, expected: ExpectedVersion, actual: number): void {
  const ok =
    expected === 'any' ||
    (expected === 'no-stream' && actual === 0) ||
    (expected === 'exists' && actual > 0) ||
    expected === actual;
  if (!ok) throw new StreamVersionConflict(streamId, expected, actual);
}

/**
 * A retry repeats the same event ids with the same content: it succeeds with the first answer and
 * writes nothing. Reusing an id for other content, or only some of the ids, is refused.
 */
function matchRetry(
  request: readonly StreamAppend[],
  recorded: ReadonlyMap<string, RecordedEventSummary>,
): AppendResult | null {
  const events = request.flatMap((append) => append.events.map((event) => ({ append, event })));
  const found = events.filter(({ event }) => recorded.has(event.eventId));
  if (found.length === 0) return null;
  if (found.length !== events.length) {
    throw new EventIdConflict(
      found[0].event.eventId,
      'only part of this append was recorded before',
    );
  }
  const streams: { streamId: string; version: number }[] = [];
  let first = Number.MAX_SAFE_INTEGER;
  let last = 0;
  for (const append of request) {
    let version = 0;
    for (const event of append.events) {
      const existing = recorded.get(event.eventId)!;
      const difference =
        existing.streamId !== append.streamId
          ? `it belongs to stream ${existing.streamId}`
          : existing.type !== event.type
            ? `its type is ${existing.type}`
            : existing.schemaVersion !== (event.schemaVersion ?? 1)
              ? `its schema version is ${existing.schemaVersion}`
              : existing.dataHash !== dataHashOf(event.data)
                ? 'its data differs'
                : null;
      if (difference) throw new EventIdConflict(event.eventId, difference);
      version = Math.max(version, existing.version);
      first = Math.min(first, existing.position);
      last = Math.max(last, existing.position);
    }
    streams.push({ streamId: append.streamId, version });
  }
  return { streams, firstPosition: first, lastPosition: last, duplicate: true };
}

function normaliseMetadata(metadata: RecordedEvent['metadata']): RecordedEvent['metadata'] {
  return {
    actor: { id: metadata.actor.id, name: metadata.actor.name },
    roles: [...metadata.roles],
    correlationId: metadata.correlationId,
    causationId: metadata.causationId ?? null,
    idempotencyKey: metadata.idempotencyKey ?? null,
  };
}
