import fc from 'fast-check';
import { dataHashOf, GENESIS_HASH } from '../hash-chain';
import { InvalidAppend, StoreUnavailable, StreamVersionConflict } from '../event-store.errors';
import type { ExpectedVersion, JsonObject, RecordedEvent } from '../event-store.port';
import * as client from './kurrentdb-client';
import { NO_STREAM, kurrentClientModule } from './kurrentdb-client';
import {
  CorruptLedgerRecord,
  LEDGER_METADATA_KEY,
  MIN_SERVER_VERSION,
  assertStreamNamesDistinctIgnoringCase,
  buildAppendSession,
  errorTypeOf,
  fromStreamState,
  haveCaseCollision,
  isLinkType,
  isStreamNotFound,
  isSupportedServerVersion,
  isUnavailable,
  isWrongExpectedVersion,
  ledgerStreamNames,
  linkData,
  packChainLinkMetadata,
  packEventMetadata,
  parseServerVersion,
  recordIdFor,
  revisionOfVersion,
  serverRefusal,
  streamIdOf,
  streamStateForVersion,
  toRecordedEvent,
  toStreamState,
  translateError,
  unpackChainLinkMetadata,
  unpackEventMetadata,
  versionOfCurrentState,
  versionOfRevision,
} from './kurrentdb-mapping';

const {
  AccessDeniedError,
  DeadlineExceededError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} = kurrentClientModule();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const names = ledgerStreamNames('ledger');

function aRow(overrides: Partial<RecordedEvent> = {}): RecordedEvent {
  return {
    position: 7,
    streamId: 'proposal-1',
    version: 3,
    eventId: '0b6a1f7e-3c2d-4e5f-8a9b-0c1d2e3f4a5b',
    type: 'ProposalDrafted',
    schemaVersion: 2,
    data: { title: 'Replace the payroll system', amount: '125000.00' },
    metadata: {
      actor: { id: 'user-1', name: 'Alice Officer' },
      roles: ['proposer'],
      correlationId: 'corr-1',
      causationId: 'cause-1',
      idempotencyKey: null,
    },
    recordedAt: '2026-04-01T09:00:00.000Z',
    dataHash: 'd'.repeat(64),
    prevHash: GENESIS_HASH,
    hash: 'h'.repeat(64),
    ...overrides,
  };
}

const metadataArbitrary = fc.record({
  actor: fc.record({ id: fc.string(), name: fc.string() }),
  roles: fc.array(fc.string(), { maxLength: 4 }),
  correlationId: fc.string(),
  causationId: fc.option(fc.string(), { nil: null }),
  idempotencyKey: fc.option(fc.string(), { nil: null }),
});

const hex64 = fc.string({
  unit: fc.constantFrom(...'0123456789abcdef'),
  minLength: 64,
  maxLength: 64,
});

const rowArbitrary = fc.record({
  position: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  streamId: fc.string({ minLength: 1 }),
  version: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  eventId: fc.string({ minLength: 1 }),
  type: fc.string({ minLength: 1 }),
  schemaVersion: fc.integer({ min: 1, max: 1000 }),
  data: fc.dictionary(fc.string(), fc.jsonValue()) as fc.Arbitrary<JsonObject>,
  metadata: metadataArbitrary,
  recordedAt: fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  dataHash: hex64,
  prevHash: hex64,
  hash: hex64,
});

/** What the server hands back: the properties as JSON, with KurrentDB's own `$schema.*` beside them. */
function asStored(metadata: Record<string, string>, type = 'ProposalDrafted'): unknown {
  return JSON.parse(
    JSON.stringify({ ...metadata, '$schema.name': type, '$schema.format': 'Json' }),
  );
}

describe('the client facade', () => {
  it('matches the real module: constants, error types and functions', () => {
    const real = kurrentClientModule();
    expect([client.ANY, client.NO_STREAM, client.STREAM_EXISTS]).toEqual([
      real.ANY,
      real.NO_STREAM,
      real.STREAM_EXISTS,
    ]);
    expect([client.START, client.END, client.FORWARDS, client.BACKWARDS]).toEqual([
      real.START,
      real.END,
      real.FORWARDS,
      real.BACKWARDS,
    ]);
    expect(real.ErrorType).toMatchObject(client.ErrorType);
    expect(client.jsonEvent({ id: 'x', type: 't', data: { a: 1 }, metadata: { k: 'v' } })).toEqual({
      id: 'x',
      contentType: 'application/json',
      type: 't',
      data: { a: 1 },
      metadata: { k: 'v' },
    });
    expect(client.binaryEvent({ id: 'y', type: '$>', data: linkData(0n, 's') })).toMatchObject({
      id: 'y',
      contentType: 'application/octet-stream',
      type: '$>',
    });
  });

  it('builds a client from a connection string with the calls the adapter makes, without connecting', async () => {
    const kurrent = client.connectionString('kurrentdb://127.0.0.1:1?tls=false');
    expect(typeof kurrent.readStream).toBe('function');
    expect(typeof kurrent.multiStreamAppend).toBe('function');
    expect(typeof kurrent.dispose).toBe('function');
    // Read without calling it: the getter starts a server round trip.
    const probe = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(kurrent), 'capabilities');
    expect(typeof probe?.get).toBe('function');
    await kurrent.dispose();
  });
});

describe('stream names', () => {
  it('puts ledger streams, the chain and the id index under one namespace', () => {
    expect(names.chain).toBe('ledger-chain');
    expect(names.stream('proposal-1')).toBe('ledger/proposal-1');
    expect(names.eventIndex('0b6a1f7e-3c2d-4e5f-8a9b-0c1d2e3f4a5b')).toBe(
      'ledger-event-0b6a1f7e-3c2d-4e5f-8a9b-0c1d2e3f4a5b',
    );
  });

  it('refuses a namespace that could clash with system streams or with another prefix', () => {
    for (const bad of ['', '$ledger', '1ledger', 'led/ger', 'led-ger', 'a'.repeat(65)]) {
      expect(() => ledgerStreamNames(bad)).toThrow(/namespace/);
    }
    expect(ledgerStreamNames('t_0123abc').chain).toBe('t_0123abc-chain');
  });

  it('maps any stream id to a stream name and back, and the adapter’s own streams to null', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (streamId) => {
        expect(streamIdOf(names, names.stream(streamId))).toBe(streamId);
      }),
    );
    expect(streamIdOf(names, names.chain)).toBeNull();
    expect(streamIdOf(names, names.eventIndex('e'))).toBeNull();
    expect(streamIdOf(names, 'other/proposal-1')).toBeNull();
  });

  it('refuses streams that differ only by case in one append, which KurrentDB cannot take together', () => {
    const append = (streamId: string) => ({
      streamId,
      expectedVersion: 'any' as const,
      events: [],
    });
    expect(() => assertStreamNamesDistinctIgnoringCase([append('a'), append('b')])).not.toThrow();
    expect(() =>
      assertStreamNamesDistinctIgnoringCase([append('Budget'), append('budget')]),
    ).toThrow(InvalidAppend);
    expect(haveCaseCollision([[append('a')], [append('a')], [append('b')]])).toBe(false);
    expect(haveCaseCollision([[append('a')], [append('A')]])).toBe(true);
  });
});

describe('record ids', () => {
  it('keeps a canonical UUID as the KurrentDB record id', () => {
    expect(recordIdFor('0b6a1f7e-3c2d-4e5f-8a9b-0c1d2e3f4a5b')).toBe(
      '0b6a1f7e-3c2d-4e5f-8a9b-0c1d2e3f4a5b',
    );
  });

  it('gives any other id a stable name-based UUID, different per purpose', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (eventId) => {
        const id = recordIdFor(eventId, 'chain');
        expect(id).toMatch(UUID);
        expect(id[14]).toBe('8');
        expect(recordIdFor(eventId, 'chain')).toBe(id);
        expect(recordIdFor(eventId, 'index')).not.toBe(id);
      }),
    );
    const upper = '0B6A1F7E-3C2D-4E5F-8A9B-0C1D2E3F4A5B';
    expect(recordIdFor(upper)).toMatch(UUID);
    expect(recordIdFor(upper)).not.toBe(upper.toLowerCase());
    expect(recordIdFor('evt-1')).toBe(recordIdFor('evt-1'));
  });
});

describe('versions, revisions and stream states', () => {
  it('maps revisions to versions and back for every safe version', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (version) => {
        expect(versionOfRevision(revisionOfVersion(version))).toBe(version);
      }),
    );
    expect(versionOfRevision(0n)).toBe(1);
    expect(revisionOfVersion(1)).toBe(0n);
  });

  it('refuses revisions and versions that have no counterpart', () => {
    expect(() => versionOfRevision(-1n)).toThrow(RangeError);
    expect(() => versionOfRevision(BigInt(Number.MAX_SAFE_INTEGER))).toThrow(RangeError);
    expect(() => revisionOfVersion(0)).toThrow(RangeError);
    expect(() => revisionOfVersion(1.5)).toThrow(RangeError);
  });

  it('expects an empty stream as no_stream and a stream at version n at revision n-1', () => {
    expect(streamStateForVersion(0)).toBe('no_stream');
    expect(streamStateForVersion(5)).toBe(4n);
  });

  it('maps every expected version to a stream state and back', () => {
    expect(toStreamState('any')).toBe('any');
    expect(toStreamState('no-stream')).toBe('no_stream');
    expect(toStreamState('exists')).toBe('stream_exists');
    expect(toStreamState(0)).toBe('no_stream');
    expect(toStreamState(3)).toBe(2n);
    expect(fromStreamState('any')).toBe('any');
    expect(fromStreamState('no_stream')).toBe('no-stream');
    expect(fromStreamState('stream_exists')).toBe('exists');
    expect(fromStreamState(2n)).toBe(3);
    const expected: fc.Arbitrary<ExpectedVersion> = fc.oneof(
      fc.constantFrom<ExpectedVersion>('any', 'no-stream', 'exists'),
      fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    );
    fc.assert(
      fc.property(expected, (version) => {
        expect(fromStreamState(toStreamState(version))).toBe(version);
      }),
    );
  });

  it('reads a conflicting stream’s current state as a port version', () => {
    expect(versionOfCurrentState('no_stream')).toBe(0);
    expect(versionOfCurrentState(-5n)).toBe(0);
    expect(versionOfCurrentState(-6n)).toBe(0);
    expect(versionOfCurrentState(0n)).toBe(1);
    expect(versionOfCurrentState(41n)).toBe(42);
  });
});

describe('server version', () => {
  it('parses the versions KurrentDB reports', () => {
    expect(parseServerVersion('25.1.0.1234')).toEqual({ major: 25, minor: 1, patch: 0 });
    expect(parseServerVersion('v26.0')).toEqual({ major: 26, minor: 0, patch: 0 });
    expect(parseServerVersion(' 24.10.3-preview ')).toEqual({ major: 24, minor: 10, patch: 3 });
    expect(parseServerVersion('unknown')).toBeNull();
  });

  it(`accepts ${MIN_SERVER_VERSION.major}.${MIN_SERVER_VERSION.minor} and later only`, () => {
    expect(isSupportedServerVersion(null)).toBe(false);
    expect(isSupportedServerVersion({ major: 24, minor: 10, patch: 0 })).toBe(false);
    expect(isSupportedServerVersion({ major: 25, minor: 0, patch: 9 })).toBe(false);
    expect(isSupportedServerVersion({ major: 25, minor: 1, patch: 0 })).toBe(true);
    expect(isSupportedServerVersion({ major: 26, minor: 0, patch: 0 })).toBe(true);
  });

  it('explains a refusal naming KURRENTDB_URL and the version found', () => {
    expect(serverRefusal('24.10.0', true)).toMatch(/KURRENTDB_URL.*24\.10\.0.*25\.1 or later/s);
    expect(serverRefusal('', true)).toMatch(/version unknown/);
    expect(serverRefusal('25.1.0', false)).toMatch(/KURRENTDB_URL.*25\.1\.0.*AppendSession/s);
    expect(serverRefusal('25.1.0', true)).toBeNull();
  });
});

describe('event metadata', () => {
  it('packs the envelope into string properties only, as multi-stream append requires', () => {
    const packed = packEventMetadata(aRow());
    expect(Object.values(packed).every((value) => typeof value === 'string')).toBe(true);
    expect(packed).toMatchObject({ $correlationId: 'corr-1', $causationId: 'cause-1' });
    const withoutCause = packEventMetadata(
      aRow({ metadata: { ...aRow().metadata, causationId: null } }),
    );
    expect(withoutCause).not.toHaveProperty('$causationId');
  });

  it('round-trips every envelope through the stored JSON, beside KurrentDB’s own keys', () => {
    fc.assert(
      fc.property(rowArbitrary, (row) => {
        const stored = asStored(packEventMetadata(row), row.type);
        const fields = unpackEventMetadata(stored, 'test');
        expect(fields).not.toBeNull();
        // The data goes through JSON as the client sends it (so -0 comes back as 0, same dataHash).
        const data = JSON.parse(JSON.stringify(row.data)) as JsonObject;
        expect(toRecordedEvent(fields!, data, 'test')).toEqual({ ...row, data });
      }),
    );
  });

  it('keeps an envelope stored without an idempotency key without one', () => {
    const { idempotencyKey: _key, ...metadata } = aRow().metadata;
    const row = aRow({ metadata });
    const fields = unpackEventMetadata(asStored(packEventMetadata(row)), 'test');
    expect(fields!.metadata).toEqual(metadata);
    expect(fields!.metadata).not.toHaveProperty('idempotencyKey');
  });

  it('keeps the dataHash of any data through the client’s JSON round trip', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (data) => {
        const json = data as JsonObject;
        expect(dataHashOf(JSON.parse(JSON.stringify(json)) as JsonObject)).toBe(dataHashOf(json));
      }),
    );
  });

  it('returns null for records the ledger did not write', () => {
    expect(unpackEventMetadata(undefined, 'x')).toBeNull();
    expect(unpackEventMetadata(null, 'x')).toBeNull();
    expect(unpackEventMetadata('text', 'x')).toBeNull();
    expect(unpackEventMetadata([1], 'x')).toBeNull();
    expect(unpackEventMetadata(new Uint8Array([1, 2]), 'x')).toBeNull();
    expect(unpackEventMetadata({ other: 'x' }, 'x')).toBeNull();
    expect(unpackEventMetadata({ [LEDGER_METADATA_KEY]: 42 }, 'x')).toBeNull();
  });

  it('reports a malformed ledger property as corruption, naming the field', () => {
    const stored = (fields: Record<string, unknown>) => ({
      [LEDGER_METADATA_KEY]: JSON.stringify(fields),
    });
    const valid = JSON.parse(packEventMetadata(aRow())[LEDGER_METADATA_KEY]) as Record<
      string,
      unknown
    >;
    const broken: [Record<string, unknown> | string, RegExp][] = [
      ['not json', /not JSON/],
      ['[1]', /not an object/],
      ['null', /not an object/],
      [{ ...valid, format: 2 }, /format 2/],
      [{ ...valid, position: 0 }, /position/],
      [{ ...valid, position: 1.5 }, /position/],
      [{ ...valid, version: '3' }, /version/],
      [{ ...valid, schemaVersion: null }, /schemaVersion/],
      [{ ...valid, streamId: 1 }, /streamId/],
      [{ ...valid, hash: undefined }, /hash/],
      [{ ...valid, metadata: null }, /metadata/],
      [{ ...valid, metadata: [] }, /metadata/],
      [{ ...valid, metadata: { ...aRow().metadata, actor: null } }, /metadata/],
      [{ ...valid, metadata: { ...aRow().metadata, actor: { id: 1, name: 'x' } } }, /metadata/],
      [{ ...valid, metadata: { ...aRow().metadata, roles: 'admin' } }, /metadata/],
      [{ ...valid, metadata: { ...aRow().metadata, roles: [1] } }, /metadata/],
      [{ ...valid, metadata: { ...aRow().metadata, correlationId: 1 } }, /metadata/],
      [{ ...valid, metadata: { ...aRow().metadata, causationId: 1 } }, /metadata/],
      [{ ...valid, metadata: { ...aRow().metadata, idempotencyKey: 1 } }, /metadata/],
    ];
    for (const [fields, reason] of broken) {
      const metadata =
        typeof fields === 'string' ? { [LEDGER_METADATA_KEY]: fields } : stored(fields);
      const attempt = () => unpackEventMetadata(metadata, '2@ledger/s');
      expect(attempt).toThrow(CorruptLedgerRecord);
      expect(attempt).toThrow(reason);
      expect(attempt).toThrow(/2@ledger\/s/);
    }
  });

  it('refuses data that is not a JSON object', () => {
    const fields = unpackEventMetadata(asStored(packEventMetadata(aRow())), 'x')!;
    for (const data of [null, [1], 'text', 3]) {
      expect(() => toRecordedEvent(fields, data, 'x')).toThrow(/not a JSON object/);
    }
  });
});

describe('chain links', () => {
  it('round-trip the head fields they carry', () => {
    fc.assert(
      fc.property(rowArbitrary, (row) => {
        const stored = asStored(packChainLinkMetadata(row), '$>');
        expect(unpackChainLinkMetadata(stored, 'x')).toEqual({
          position: row.position,
          hash: row.hash,
          recordedAt: row.recordedAt,
        });
      }),
    );
  });

  it('report a link without valid head fields as corruption', () => {
    const stored = (fields: Record<string, unknown>) => ({
      [LEDGER_METADATA_KEY]: JSON.stringify({ format: 1, ...fields }),
    });
    const valid = { position: 1, hash: 'h', recordedAt: '2026-04-01T09:00:00.000Z' };
    expect(() => unpackChainLinkMetadata({}, 'x')).toThrow(/no ledger property/);
    expect(() => unpackChainLinkMetadata(stored({ ...valid, position: -1 }), 'x')).toThrow(
      /position/,
    );
    expect(() => unpackChainLinkMetadata(stored({ ...valid, hash: 1 }), 'x')).toThrow(/hash/);
    expect(() => unpackChainLinkMetadata(stored({ ...valid, recordedAt: null }), 'x')).toThrow(
      /recordedAt/,
    );
  });

  it('point at `revision@stream` and are recognised by their type', () => {
    expect(Buffer.from(linkData(41n, 'ledger/proposal-1')).toString('utf8')).toBe(
      '41@ledger/proposal-1',
    );
    expect(isLinkType('$>')).toBe(true);
    expect(isLinkType('ProposalDrafted')).toBe(false);
  });
});

describe('the append session of one commit', () => {
  const rows = [
    aRow({ position: 5, streamId: 'proposal-1', version: 3, eventId: 'a' }),
    aRow({ position: 6, streamId: 'budget', version: 1, eventId: 'b' }),
    aRow({ position: 7, streamId: 'proposal-1', version: 4, eventId: 'c' }),
  ];
  const session = buildAppendSession(
    names,
    rows,
    4,
    new Map([
      ['proposal-1', 2],
      ['budget', 0],
    ]),
  );

  it('appends each stream once, at its exact current revision, with its rows in version order', () => {
    expect(
      session.slice(0, 2).map((request) => [request.streamName, request.expectedState]),
    ).toEqual([
      ['ledger/proposal-1', 1n],
      ['ledger/budget', NO_STREAM],
    ]);
    expect(session[0].events.map((event) => event.id)).toEqual([
      recordIdFor('a'),
      recordIdFor('c'),
    ]);
    expect(session[0].events[0]).toMatchObject({
      contentType: 'application/json',
      type: 'ProposalDrafted',
      data: rows[0].data,
    });
  });

  it('links every row from the chain, in position order, at the chain’s exact revision', () => {
    const chain = session[2];
    expect(chain.streamName).toBe('ledger-chain');
    expect(chain.expectedState).toBe(3n);
    expect(
      chain.events.map((event) => Buffer.from(event.data as Uint8Array).toString('utf8')),
    ).toEqual(['2@ledger/proposal-1', '0@ledger/budget', '3@ledger/proposal-1']);
    expect(chain.events.every((event) => event.type === '$>')).toBe(true);
    expect(
      chain.events.map((event) => unpackChainLinkMetadata(asStored(event.metadata as never), 'x')),
    ).toEqual(rows.map(({ position, hash, recordedAt }) => ({ position, hash, recordedAt })));
  });

  it('indexes every event id in a stream that must not exist yet', () => {
    const indexes = session.slice(3);
    expect(indexes.map((request) => [request.streamName, request.expectedState])).toEqual([
      [names.eventIndex('a'), NO_STREAM],
      [names.eventIndex('b'), NO_STREAM],
      [names.eventIndex('c'), NO_STREAM],
    ]);
    expect(Buffer.from(indexes[1].events[0].data as Uint8Array).toString('utf8')).toBe(
      '0@ledger/budget',
    );
  });

  it('expects no chain stream before the first event', () => {
    const first = buildAppendSession(names, [aRow({ position: 1, version: 1 })], 0, new Map());
    expect(first.find((request) => request.streamName === names.chain)!.expectedState).toBe(
      NO_STREAM,
    );
  });

  it('gives every record an id and only string metadata, so a retry writes the same records', () => {
    const again = buildAppendSession(
      names,
      rows,
      4,
      new Map([
        ['proposal-1', 2],
        ['budget', 0],
      ]),
    );
    const ids = (requests: typeof session) =>
      requests.flatMap((request) => request.events.map((event) => event.id));
    expect(ids(again)).toEqual(ids(session));
    expect(new Set(ids(session)).size).toBe(ids(session).length);
    for (const event of session.flatMap((request) => request.events)) {
      expect(event.id).toMatch(UUID);
      const metadata = (event.metadata ?? {}) as Record<string, unknown>;
      expect(Object.values(metadata).every((value) => typeof value === 'string')).toBe(true);
    }
  });
});

describe('errors', () => {
  const conflict = (streamName: string, current: bigint | 'no_stream' = 1n) =>
    new WrongExpectedVersionError(undefined, { streamName, expected: 0n, current });
  const context = {
    names,
    expectedFor: (streamId: string): ExpectedVersion => (streamId === 'budget' ? 1 : 'any'),
  };

  it('turns a wrong expected version on a ledger stream into StreamVersionConflict', () => {
    const error = conflict('ledger/budget', 4n);
    expect(isWrongExpectedVersion(error)).toBe(true);
    const translated = translateError(error, context);
    expect(translated).toBeInstanceOf(StreamVersionConflict);
    expect(translated).toMatchObject({ streamId: 'budget', expected: 1, actual: 5 });
    expect(translateError(conflict('ledger/budget', 'no_stream'), context)).toMatchObject({
      actual: 0,
    });
  });

  it('reports a chain head that kept moving as unavailability the caller may retry', () => {
    for (const translated of [
      translateError(conflict('ledger-chain'), context),
      translateError(conflict('ledger/budget')),
    ]) {
      expect(translated).toBeInstanceOf(StoreUnavailable);
      expect((translated as Error).message).toMatch(/retry/);
    }
  });

  it('turns connection failures into StoreUnavailable', () => {
    const failures: unknown[] = [
      new UnavailableError(),
      new DeadlineExceededError(),
      { type: 'not-leader' },
      { type: 'timeout' },
      { type: 'cancelled' },
      Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('14 UNAVAILABLE'), { code: 14 }),
      Object.assign(new Error('4 DEADLINE_EXCEEDED'), { code: 4 }),
    ];
    for (const failure of failures) {
      expect(isUnavailable(failure)).toBe(true);
      const translated = translateError(failure);
      expect(translated).toBeInstanceOf(StoreUnavailable);
      expect((translated as StoreUnavailable).cause).toBe(failure);
    }
  });

  it('passes every other error through unchanged', () => {
    const others: unknown[] = [
      new AccessDeniedError(),
      new Error('boom'),
      Object.assign(new Error('x'), { code: 'EACCES' }),
      'a string',
      null,
    ];
    for (const other of others) expect(translateError(other)).toBe(other);
  });

  it('recognises the client’s errors by type', () => {
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 'ledger-chain'))).toBe(true);
    expect(isStreamNotFound(new UnavailableError())).toBe(false);
    expect(errorTypeOf(new UnavailableError())).toBe('unavailable');
    expect(errorTypeOf({ type: 3 })).toBeUndefined();
    expect(errorTypeOf(undefined)).toBeUndefined();
  });
});
