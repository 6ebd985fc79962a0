import fc from 'fast-check';
import { canonicalize } from 'json-canonicalize';
import { envelopeFromParts, envelopePartsOf } from './envelope-parts';
import { envelopeJson, metadataJsonOf, type ChainedFields } from './hash-chain';

/** Strings canonical JSON must escape or keep as they are: quotes, controls, astral, surrogates. */
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', '"', '\\', '\u0000\u001f\u007f', '\u2028\u2029', '\ud800', '😀', 'é'),
);
/** Times as the planner writes them (toISOString), from year 0 to 9999. */
const time = fc
  .integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 })
  .map((ms) => new Date(ms).toISOString());

const fields: fc.Arbitrary<ChainedFields> = fc.record({
  position: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
  streamId: text,
  version: fc.nat({ max: 2 ** 31 - 1 }),
  eventId: text,
  type: text,
  schemaVersion: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  metadata: fc.record({
    actor: fc.record({ id: text, name: text }),
    roles: fc.array(text, { maxLength: 4 }),
    correlationId: text,
    causationId: fc.option(text, { nil: null }),
    idempotencyKey: fc.option(text, { nil: null }),
  }),
  recordedAt: time,
  dataHash: fc.stringMatching(/^[0-9a-f]{64}$/),
});

describe('the envelope around the values a server assigns', () => {
  it('puts back together, with the position and time, the canonical envelope the chain hashes', () => {
    fc.assert(
      fc.property(fields, (event) => {
        const parts = envelopePartsOf(event, metadataJsonOf(event.metadata));
        const joined = envelopeFromParts(parts, event.position, event.recordedAt);
        expect(joined).toBe(envelopeJson(event));
        expect(joined).toBe(
          canonicalize({
            position: event.position,
            streamId: event.streamId,
            version: event.version,
            eventId: event.eventId,
            type: event.type,
            schemaVersion: event.schemaVersion,
            dataHash: event.dataHash,
            metadata: event.metadata,
            recordedAt: event.recordedAt,
          }),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves the position and the recorded time out of both parts', () => {
    const event = {
      position: 41,
      streamId: 'proposal-1',
      version: 3,
      eventId: 'e-1',
      type: 'ProposalSubmitted',
      schemaVersion: 1,
      dataHash: 'a'.repeat(64),
    };
    const parts = envelopePartsOf(event, '{"actor":{"id":"u","name":"U"}}');
    expect(parts.before).toBe(
      `{"dataHash":"${'a'.repeat(64)}","eventId":"e-1","metadata":{"actor":{"id":"u","name":"U"}},"position":`,
    );
    expect(parts.after).toBe(
      ',"schemaVersion":1,"streamId":"proposal-1","type":"ProposalSubmitted","version":3}',
    );
  });
});
