import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalize } from 'json-canonicalize';
import type { EventMetadata, JsonObject, StoredEvent } from './event-store.port';
import {
  GENESIS_HASH,
  chainHashOf,
  chainHashWith,
  checkLink,
  dataHashOf,
  envelopeJson,
  metadataJsonOf,
  sha256Hex,
  type ChainedFields,
} from './hash-chain';

/** Strings with what canonical JSON must escape or keep: quotes, controls, astral, lone surrogates. */
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '',
    '"',
    '\\',
    '\u0000\u001f\u007f',
    '\u2028\u2029',
    '\ud800',
    'a\udc00b',
    '😀',
    'é',
  ),
);
const number = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1e21, 1e-7, 5e-324, Number.MAX_SAFE_INTEGER, Number.MAX_VALUE),
);
const anyJson = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    number,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(text, fc.constantFrom('10', '9', 'a', 'B', 'é', '😀')), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value;
const knownMetadata: fc.Arbitrary<EventMetadata> = fc.record({
  actor: fc.record({ id: text, name: text }),
  roles: fc.array(text, { maxLength: 4 }),
  correlationId: text,
  causationId: fc.option(text, { nil: null }),
  idempotencyKey: fc.option(text, { nil: null }),
});
/** Metadata of the known shape with one key added, removed or given another type. */
const oddMetadata = fc.oneof(
  fc.tuple(knownMetadata, text, anyJson).map(([m, key, value]) => ({ ...m, [key]: value })),
  fc
    .tuple(knownMetadata, fc.constantFrom('actor', 'roles', 'correlationId', 'causationId'))
    .map(([m, key]) => Object.fromEntries(Object.entries(m).filter(([k]) => k !== key))),
  fc
    .tuple(knownMetadata, fc.constantFrom('actor', 'roles', 'correlationId', 'idempotencyKey'))
    .chain(([m, key]) => anyJson.map((value) => ({ ...m, [key]: value }))),
  fc.tuple(knownMetadata, text, anyJson).map(([m, key, value]) => ({
    ...m,
    actor: { ...m.actor, [key]: value },
  })),
  fc.tuple(knownMetadata, anyJson).map(([m, role]) => ({ ...m, roles: [...m.roles, role] })),
  anyJson,
);

function fieldsWith(metadata: fc.Arbitrary<unknown>): fc.Arbitrary<ChainedFields> {
  const field = (usual: fc.Arbitrary<unknown>) =>
    fc.oneof({ weight: 5, arbitrary: usual }, anyJson);
  return fc.record({
    position: field(fc.nat()),
    streamId: field(text),
    version: field(fc.nat()),
    eventId: field(text),
    type: field(text),
    schemaVersion: field(fc.nat()),
    metadata,
    recordedAt: field(text),
    dataHash: field(text),
  }) as fc.Arbitrary<ChainedFields>;
}

/** The definition in DESIGN.md, spelled out with json-canonicalize alone. */
function canonicalEnvelope(fields: ChainedFields): string {
  return canonicalize({
    position: fields.position,
    streamId: fields.streamId,
    version: fields.version,
    eventId: fields.eventId,
    type: fields.type,
    schemaVersion: fields.schemaVersion,
    dataHash: fields.dataHash,
    metadata: fields.metadata,
    recordedAt: fields.recordedAt,
  });
}

function outcome(serialise: () => string): string {
  try {
    return `ok ${serialise()}`;
  } catch {
    return 'throws';
  }
}

const ALICE: EventMetadata = {
  actor: { id: 'user-1', name: 'Alice Officer' },
  causationId: null,
  correlationId: 'correlation-1',
  idempotencyKey: null,
  roles: ['proposer'],
};

/** A stored event hashed over `metadata`, whose stored texts are the given ones. */
function aStoredEvent(
  data: JsonObject,
  dataJson = JSON.stringify(data),
  metadata: EventMetadata = ALICE,
  metadataJson = metadataJsonOf(metadata),
): StoredEvent {
  const fields = {
    position: 1,
    streamId: 'proposal-1',
    version: 1,
    eventId: 'event-1',
    type: 'ProposalDrafted',
    schemaVersion: 1,
    metadata,
    recordedAt: '2026-11-01T09:00:00.000Z',
    dataHash: dataHashOf(data),
  };
  const { metadata: hashed, ...stored } = fields;
  return {
    ...stored,
    dataJson,
    metadataJson,
    prevHash: GENESIS_HASH,
    hash: chainHashOf(GENESIS_HASH, { ...stored, metadata: hashed }),
  };
}

describe('the hash chain', () => {
  it('writes the envelope byte for byte as json-canonicalize does, whatever the metadata', () => {
    fc.assert(
      fc.property(fieldsWith(fc.oneof(knownMetadata, oddMetadata)), (fields) => {
        expect(outcome(() => envelopeJson(fields))).toBe(outcome(() => canonicalEnvelope(fields)));
      }),
      { numRuns: 2000 },
    );
  });

  it('hashes the envelope as SHA-256 of the previous hash and its canonical JSON', () => {
    fc.assert(
      fc.property(fieldsWith(knownMetadata), (fields) => {
        let canonical: string;
        try {
          canonical = canonicalEnvelope(fields);
        } catch {
          // A field JSON cannot hold (a non-finite number such as -Infinity, which the generators
          // sometimes give): the chain must refuse it too, never hash something else in its place.
          expect(() => chainHashOf(GENESIS_HASH, fields)).toThrow();
          return;
        }
        const expected = createHash('sha256')
          .update(GENESIS_HASH + canonical, 'utf8')
          .digest('hex');
        expect(chainHashOf(GENESIS_HASH, fields)).toBe(expected);
      }),
    );
  });

  it('hashes any string as createHash does, lone surrogates included', () => {
    fc.assert(
      fc.property(text, (value) => {
        expect(sha256Hex(value)).toBe(createHash('sha256').update(value, 'utf8').digest('hex'));
      }),
    );
  });

  it('accepts stored data text in any spelling of the hashed data', () => {
    const data = { b: 'two', a: [1, 2], '10': null, '9': 0.5 };
    for (const dataJson of [
      canonicalize(data),
      JSON.stringify(data),
      JSON.stringify(data, null, 2),
    ]) {
      expect(checkLink(aStoredEvent(data, dataJson), 1, GENESIS_HASH)).toEqual({ ok: true });
    }
  });

  it('refuses stored data text that says anything else, or is not JSON', () => {
    const data = { amount: '125000.00' };
    for (const dataJson of [
      '{"amount":"125000.01"}',
      '{"amount":"125000.00","x":1}',
      '{}',
      '{"amount":',
    ]) {
      expect(checkLink(aStoredEvent(data, dataJson), 1, GENESIS_HASH)).toEqual({
        ok: false,
        reason: expect.stringMatching(/payload/),
      });
    }
  });

  it('makes the metadata text the envelope holds, and the same hash from it', () => {
    fc.assert(
      fc.property(fieldsWith(fc.oneof(knownMetadata, oddMetadata)), (fields) => {
        const metadataJson = outcome(() => metadataJsonOf(fields.metadata as EventMetadata));
        expect(metadataJson).toBe(outcome(() => canonicalize(fields.metadata)));
        if (metadataJson === 'throws') return;
        expect(outcome(() => chainHashWith(GENESIS_HASH, fields, metadataJson.slice(3)))).toBe(
          outcome(() => chainHashOf(GENESIS_HASH, fields)),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts stored metadata text in any spelling of the hashed metadata', () => {
    const data = { title: 'Replace the housing repairs system' };
    for (const metadataJson of [
      metadataJsonOf(ALICE),
      JSON.stringify(ALICE),
      JSON.stringify(ALICE, null, 2),
      '{"roles":["proposer"],"idempotencyKey":null,"correlationId":"correlation-1","causationId":null,"actor":{"name":"Alice Officer","id":"user-1"}}',
    ]) {
      expect(
        checkLink(aStoredEvent(data, undefined, ALICE, metadataJson), 1, GENESIS_HASH),
      ).toEqual({ ok: true });
    }
  });

  it('refuses stored metadata text that says anything else, or is not JSON', () => {
    fc.assert(
      fc.property(knownMetadata, knownMetadata, (hashed, stored) => {
        fc.pre(metadataJsonOf(hashed) !== metadataJsonOf(stored));
        expect(
          checkLink(aStoredEvent({}, '{}', hashed, metadataJsonOf(stored)), 1, GENESIS_HASH),
        ).toEqual({ ok: false, reason: expect.stringMatching(/envelope/) });
      }),
    );
    for (const metadataJson of ['{', '', 'null', '{"actor":{"id":"user-1"}}']) {
      expect(checkLink(aStoredEvent({}, '{}', ALICE, metadataJson), 1, GENESIS_HASH)).toEqual({
        ok: false,
        reason: expect.stringMatching(/envelope/),
      });
    }
  });

  it('cannot be fooled by metadata text that takes over the fields after it', () => {
    // The metadata text is spliced into the envelope as stored; a forger who moves the envelope's
    // next fields into it, and alters those fields to keep the text the same, must still fail.
    const event = aStoredEvent({}, '{}');
    const metadataJson = `${event.metadataJson},"position":1,"recordedAt":"2026-11-01T09:00:00.000Z"`;
    for (const forged of [
      { ...event, metadataJson, position: 2 },
      { ...event, metadataJson: `${event.metadataJson.slice(0, -1)}`, recordedAt: '}' },
      { ...event, metadataJson: `${event.metadataJson},"position":1`, position: Number.NaN },
    ]) {
      expect(checkLink(forged, forged.position, GENESIS_HASH).ok).toBe(false);
    }
  });
});
