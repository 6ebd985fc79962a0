import type { ChainedFields } from './hash-chain';

/**
 * The canonical envelope of an event (see `envelopeJson` in hash-chain.ts) in the two texts around
 * the values a server assigns when it chains the event after whatever head it finds: the position,
 * and the recorded time that follows it. In RFC 8785 key order those two are adjacent, so
 *
 *     envelopeJson(fields) === before + position + RECORDED_AT_KEY + '"' + recordedAt + '"' + after
 *
 * for every event the planner writes (times are ISO 8601 strings, which JSON never escapes). The
 * writer makes these texts, with all the canonicalisation; the server only concatenates them with
 * the previous hash and the two values, and hashes the UTF-8 bytes. hash-chain.unit.spec.ts checks
 * the identity above for any fields, and the PostgreSQL tests check the server's hashes against
 * chainHashOf.
 */
export interface EnvelopeParts {
  /** `{"dataHash":…,"eventId":…,"metadata":…,"position":` */
  readonly before: string;
  /** `,"schemaVersion":…,"streamId":…,"type":…,"version":…}` */
  readonly after: string;
}

/** What comes between the position and the recorded time's opening quote. */
export const RECORDED_AT_KEY = ',"recordedAt":';

export function envelopePartsOf(
  fields: Omit<ChainedFields, 'metadata' | 'position' | 'recordedAt'>,
  metadataJson: string,
): EnvelopeParts {
  return {
    before:
      `{"dataHash":${JSON.stringify(fields.dataHash)},"eventId":${JSON.stringify(fields.eventId)}` +
      `,"metadata":${metadataJson},"position":`,
    after:
      `,"schemaVersion":${fields.schemaVersion}` +
      `,"streamId":${JSON.stringify(fields.streamId)},"type":${JSON.stringify(fields.type)}` +
      `,"version":${fields.version}}`,
  };
}

/** The envelope from its parts, as the server puts it together (a time is never escaped). */
export function envelopeFromParts(parts: EnvelopeParts, position: number, recordedAt: string) {
  return `${parts.before}${position}${RECORDED_AT_KEY}"${recordedAt}"${parts.after}`;
}
