import { createHash } from 'node:crypto';
import { canonicalize } from 'json-canonicalize';
import type { EventMetadata, JsonObject, RecordedEvent } from './event-store.port';

export const GENESIS_HASH = '0'.repeat(64);

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** RFC 8785 canonical JSON, so the same data hashes the same on any adapter and any machine. */
export function canonicalJson(value: unknown): string {
  return canonicalize(value as object);
}

export function dataHashOf(data: JsonObject): string {
  return sha256Hex(canonicalJson(data));
}

export interface ChainedFields {
  readonly position: number;
  readonly streamId: string;
  readonly version: number;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly metadata: EventMetadata;
  readonly recordedAt: string;
  readonly dataHash: string;
}

/**
 * hash = SHA-256(prevHash ‖ canonical JSON of the envelope with `data` replaced by `dataHash`).
 * Chaining the payload's hash rather than the payload lets personal data be redacted later while the
 * chain still verifies.
 */
export function chainHashOf(prevHash: string, fields: ChainedFields): string {
  const envelope = {
    position: fields.position,
    streamId: fields.streamId,
    version: fields.version,
    eventId: fields.eventId,
    type: fields.type,
    schemaVersion: fields.schemaVersion,
    dataHash: fields.dataHash,
    metadata: fields.metadata,
    recordedAt: fields.recordedAt,
  };
  return sha256Hex(prevHash + canonicalJson(envelope));
}

export type ChainCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Checks one stored event against its predecessor: position, link, payload hash, envelope hash. */
export function checkLink(
  event: RecordedEvent,
  expectedPosition: number,
  expectedPrevHash: string,
): ChainCheck {
  if (event.position !== expectedPosition) {
    return {
      ok: false,
      reason:
        event.position > expectedPosition
          ? `position ${expectedPosition} is missing: the log jumps to ${event.position}`
          : `position ${event.position} appears again after ${expectedPosition - 1}`,
    };
  }
  if (event.prevHash !== expectedPrevHash) {
    return { ok: false, reason: 'prevHash does not match the hash of the previous event' };
  }
  const dataHash = dataHashOf(event.data);
  if (dataHash !== event.dataHash) {
    return { ok: false, reason: 'data does not match its dataHash (the payload was altered)' };
  }
  const hash = chainHashOf(event.prevHash, event);
  if (hash !== event.hash) {
    return {
      ok: false,
      reason: 'hash does not match the envelope (an envelope field was altered)',
    };
  }
  return { ok: true };
}

/**
 * Times are compared as instants: any ISO 8601 spelling (an offset, no milliseconds) becomes the
 * stored form, UTC with milliseconds, before it is compared with recorded times.
 */
export function toRecordedTime(instant: string): string {
  const time = Date.parse(instant);
  if (Number.isNaN(time))
    throw new RangeError(`${JSON.stringify(instant)} is not an ISO 8601 time`);
  return new Date(time).toISOString();
}
