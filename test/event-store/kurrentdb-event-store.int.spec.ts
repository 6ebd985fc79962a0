import { createHash, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { canonicalize } from 'json-canonicalize';
import {
  EventIdConflict,
  GENESIS_HASH,
  InvalidAppend,
  KurrentDbEventStore,
  StoreUnavailable,
  StreamVersionConflict,
  Upcasters,
  logHoldsDigest,
  verifyChain,
  type EventStore,
  type ExpectedVersion,
  type KurrentDbEventStoreOptions,
  type RecordedEvent,
} from '@ledger/event-store';
import {
  binaryEvent,
  connectionString,
  jsonEvent,
  type EventData,
} from '@ledger/event-store/kurrentdb/kurrentdb-client';
import {
  linkData,
  packChainLinkMetadata,
  packEventMetadata,
  revisionOfVersion,
} from '@ledger/event-store/kurrentdb/kurrentdb-mapping';
import { aManualClock, anEvent } from '@ledger/testing';

/**
 * The guarantees of DESIGN.md (the shared contract suite, whose harness only knows SQL databases),
 * run against a real KurrentDB server. Every test gets its own namespace, so runs never see each
 * other's streams and no server reset is needed.
 */
const KURRENTDB_URL = process.env.KURRENTDB_URL;

if (!KURRENTDB_URL) {
  console.warn(
    'SKIPPED KurrentDB event store guarantees: set KURRENTDB_URL to run them ' +
      '(for example KURRENTDB_URL="kurrentdb://127.0.0.1:2113?tls=false", KurrentDB 25.1 or later).',
  );
}
const describeWithKurrentDb = KURRENTDB_URL ? describe : describe.skip;

/** What an attacker with write access to the cluster can do: the client's raw calls. */
interface RawKurrentDb {
  appendToStream(streamName: string, events: EventData | EventData[]): Promise<unknown>;
  deleteStream(streamName: string): Promise<unknown>;
  dispose(): Promise<void>;
}

class KurrentDbHarness {
  readonly namespace = `t${randomUUID().replace(/-/g, '')}`;
  private readonly opened: KurrentDbEventStore[] = [];
  private rawClient: RawKurrentDb | null = null;

  async open(options: Omit<KurrentDbEventStoreOptions, 'namespace'> = {}): Promise<EventStore> {
    const store = await KurrentDbEventStore.connect(KURRENTDB_URL!, {
      ...options,
      namespace: this.namespace,
    });
    this.opened.push(store);
    return store;
  }

  get raw(): RawKurrentDb {
    this.rawClient ??= connectionString(KURRENTDB_URL!) as unknown as RawKurrentDb;
    return this.rawClient;
  }

  stream(streamId: string): string {
    return `${this.namespace}/${streamId}`;
  }

  get chain(): string {
    return `${this.namespace}-chain`;
  }

  async dispose(): Promise<void> {
    await Promise.all(this.opened.map((store) => store.close()));
    await this.rawClient?.dispose();
  }
}

async function readWholeLog(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let after = 0;
  for (;;) {
    const page = await store.readAll({ after, limit: 97 });
    events.push(...page.events);
    if (page.nextAfter === null) return events;
    after = page.nextAfter;
  }
}

describe('KurrentDB event store without a reachable server', () => {
  it('refuses to connect, naming KURRENTDB_URL, as StoreUnavailable', async () => {
    const attempt = KurrentDbEventStore.connect('kurrentdb://127.0.0.1:1?tls=false');
    await expect(attempt).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(attempt).rejects.toThrow(/KURRENTDB_URL/);
  });

  it('reports reads against an unreachable server as StoreUnavailable', async () => {
    const store = new KurrentDbEventStore('kurrentdb://127.0.0.1:1?tls=false');
    try {
      await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailable);
      await expect(store.readStream('s')).rejects.toBeInstanceOf(StoreUnavailable);
    } finally {
      await store.close();
    }
  });
});

describeWithKurrentDb('KurrentDB event store', () => {
  let harness: KurrentDbHarness;
  let store: EventStore;

  beforeEach(async () => {
    harness = new KurrentDbHarness();
    store = await harness.open();
  });

  afterEach(async () => {
    await harness.dispose();
  });

  it('runs on a server of version 25.1 or later', async () => {
    const info = await (store as KurrentDbEventStore).serverInfo();
    expect(info.supportsMultiStreamAppend).toBe(true);
    const [major, minor] = info.version.split('.').map(Number);
    expect(major > 25 || (major === 25 && minor >= 1)).toBe(true);
  });

  describe('appending', () => {
    it('gives the first event of an empty log position 1 and version 1, chained to the genesis hash', async () => {
      const result = await store.append([
        { streamId: 'proposal-1', expectedVersion: 'no-stream', events: [anEvent()] },
      ]);
      expect(result).toEqual({
        streams: [{ streamId: 'proposal-1', version: 1 }],
        firstPosition: 1,
        lastPosition: 1,
        duplicate: false,
      });
      const [event] = await store.readStream('proposal-1');
      expect(event.position).toBe(1);
      expect(event.version).toBe(1);
      expect(event.prevHash).toBe(GENESIS_HASH);
      expect(event.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    });

    it('keeps the whole envelope: ids, type, schema version, data and metadata', async () => {
      const event = anEvent({
        type: 'ProposalDrafted',
        schemaVersion: 2,
        data: { title: 'Replace the payroll system', nested: { list: [1, 'two', null] } },
      });
      const odd = anEvent({
        eventId: 'not-a-uuid:42',
        metadata: { ...event.metadata, causationId: 'c-1' },
      });
      await store.append([
        { streamId: 'proposal-9', expectedVersion: 'any', events: [event, odd] },
      ]);
      const [stored, storedOdd] = await store.readStream('proposal-9');
      expect(stored).toMatchObject({
        streamId: 'proposal-9',
        eventId: event.eventId,
        type: 'ProposalDrafted',
        schemaVersion: 2,
        data: event.data,
        metadata: { ...event.metadata, idempotencyKey: null },
      });
      expect(storedOdd).toMatchObject({
        eventId: 'not-a-uuid:42',
        metadata: { causationId: 'c-1' },
      });
    });

    it('computes dataHash and hash exactly as DESIGN.md states, over RFC 8785 canonical JSON', async () => {
      await store.append([
        { streamId: 's', expectedVersion: 'any', events: [anEvent(), anEvent()] },
      ]);
      const events = await store.readStream('s');
      const sha = (text: string) => createHash('sha256').update(text).digest('hex');
      let prevHash = GENESIS_HASH;
      for (const event of events) {
        expect(event.dataHash).toBe(sha(canonicalize(event.data)));
        const { data: _data, prevHash: _prev, hash: _hash, ...envelope } = event;
        expect(event.prevHash).toBe(prevHash);
        expect(event.hash).toBe(
          sha(prevHash + canonicalize({ ...envelope, dataHash: event.dataHash })),
        );
        prevHash = event.hash;
      }
      expect((await store.readHead()).hash).toBe(prevHash);
    });

    it('refuses malformed appends before writing anything', async () => {
      await expect(store.append([])).rejects.toBeInstanceOf(InvalidAppend);
      await expect(
        store.append([{ streamId: 's', expectedVersion: 'any', events: [] }]),
      ).rejects.toBeInstanceOf(InvalidAppend);
      const duplicated = anEvent();
      await expect(
        store.append([{ streamId: 's', expectedVersion: 'any', events: [duplicated, duplicated] }]),
      ).rejects.toBeInstanceOf(InvalidAppend);
      await expect(
        store.append([{ streamId: 's', expectedVersion: -1, events: [anEvent()] }]),
      ).rejects.toBeInstanceOf(InvalidAppend);
      await expect(
        store.append([
          { streamId: 'Budget', expectedVersion: 'any', events: [anEvent()] },
          { streamId: 'budget', expectedVersion: 'any', events: [anEvent()] },
        ]),
      ).rejects.toBeInstanceOf(InvalidAppend);
      expect((await store.readHead()).position).toBe(0);
    });
  });

  describe('expected versions', () => {
    const matrix: [string, number, ExpectedVersion, boolean][] = [
      ['an empty stream', 0, 'any', true],
      ['an empty stream', 0, 'no-stream', true],
      ['an empty stream', 0, 'exists', false],
      ['an empty stream', 0, 0, true],
      ['an empty stream', 0, 1, false],
      ['a stream at version 2', 2, 'any', true],
      ['a stream at version 2', 2, 'no-stream', false],
      ['a stream at version 2', 2, 'exists', true],
      ['a stream at version 2', 2, 2, true],
      ['a stream at version 2', 2, 1, false],
      ['a stream at version 2', 2, 3, false],
      ['a stream at version 2', 2, 0, false],
    ];
    it.each(matrix)('on %s, expecting %p, %s', async (_label, existing, expected, succeeds) => {
      if (existing > 0) {
        await store.append([
          {
            streamId: 's',
            expectedVersion: 'no-stream',
            events: Array.from({ length: existing }, () => anEvent()),
          },
        ]);
      }
      const attempt = store.append([
        { streamId: 's', expectedVersion: expected, events: [anEvent()] },
      ]);
      if (succeeds) {
        await expect(attempt).resolves.toMatchObject({
          streams: [{ streamId: 's', version: existing + 1 }],
        });
      } else {
        const error = await attempt.catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(StreamVersionConflict);
        expect(error).toMatchObject({ streamId: 's', expected, actual: existing });
        expect((await store.readHead()).position).toBe(existing);
      }
    });
  });

  describe('multi-stream appends', () => {
    it('append to several streams atomically with consecutive positions', async () => {
      const result = await store.append([
        { streamId: 'proposal-1', expectedVersion: 'no-stream', events: [anEvent()] },
        {
          streamId: 'budget-2026-27',
          expectedVersion: 'no-stream',
          events: [anEvent(), anEvent()],
        },
      ]);
      expect(result.streams).toEqual([
        { streamId: 'proposal-1', version: 1 },
        { streamId: 'budget-2026-27', version: 2 },
      ]);
      expect([result.firstPosition, result.lastPosition]).toEqual([1, 3]);
      expect((await readWholeLog(store)).map((event) => event.streamId)).toEqual([
        'proposal-1',
        'budget-2026-27',
        'budget-2026-27',
      ]);
    });

    it('append nothing to any stream when one stream fails its version check', async () => {
      await store.append([
        { streamId: 'budget', expectedVersion: 'no-stream', events: [anEvent()] },
      ]);
      const attempt = store.append([
        { streamId: 'proposal', expectedVersion: 'no-stream', events: [anEvent()] },
        { streamId: 'budget', expectedVersion: 0, events: [anEvent()] },
      ]);
      await expect(attempt).rejects.toMatchObject({ streamId: 'budget', expected: 0, actual: 1 });
      expect(await store.readStream('proposal')).toEqual([]);
      expect((await store.readHead()).position).toBe(1);
    });
  });

  describe('idempotency', () => {
    it('treats re-appending the same ids with the same content as a no-op success with the first answer', async () => {
      const events = [anEvent(), anEvent()];
      const first = await store.append([{ streamId: 's', expectedVersion: 'no-stream', events }]);
      const retry = await store.append([{ streamId: 's', expectedVersion: 'no-stream', events }]);
      expect(retry).toEqual({ ...first, duplicate: true });
      const elsewhere = await harness.open();
      await expect(
        elsewhere.append([{ streamId: 's', expectedVersion: 'no-stream', events }]),
      ).resolves.toEqual({ ...first, duplicate: true });
      expect((await store.readHead()).position).toBe(2);
    });

    it('refuses an event id already recorded with other content', async () => {
      const event = anEvent();
      await store.append([{ streamId: 's', expectedVersion: 'any', events: [event] }]);
      const attempt = store.append([
        { streamId: 's', expectedVersion: 'any', events: [{ ...event, data: { amount: '1.00' } }] },
      ]);
      await expect(attempt).rejects.toBeInstanceOf(EventIdConflict);
      const elsewhere = store.append([
        { streamId: 'other', expectedVersion: 'any', events: [event] },
      ]);
      await expect(elsewhere).rejects.toBeInstanceOf(EventIdConflict);
      expect((await store.readHead()).position).toBe(1);
    });

    it('refuses a retry that repeats only part of an earlier append', async () => {
      const event = anEvent();
      await store.append([{ streamId: 's', expectedVersion: 'any', events: [event] }]);
      await expect(
        store.append([{ streamId: 's', expectedVersion: 'any', events: [event, anEvent()] }]),
      ).rejects.toBeInstanceOf(EventIdConflict);
      expect((await store.readHead()).position).toBe(1);
    });
  });

  describe('reading', () => {
    it('reads a stream up to a version, a global position or a time, and from a version', async () => {
      const clock = aManualClock();
      const timed = await harness.open({ clock: clock.now });
      await timed.append([{ streamId: 's', expectedVersion: 'any', events: [anEvent()] }]);
      const afterFirst = clock.iso();
      clock.advance(60_000);
      await timed.append([{ streamId: 'other', expectedVersion: 'any', events: [anEvent()] }]);
      await timed.append([{ streamId: 's', expectedVersion: 'any', events: [anEvent()] }]);
      clock.advance(60_000);
      await timed.append([{ streamId: 's', expectedVersion: 'any', events: [anEvent()] }]);

      const versions = (events: RecordedEvent[]) => events.map((event) => event.version);
      expect(versions(await timed.readStream('s'))).toEqual([1, 2, 3]);
      expect(versions(await timed.readStream('s', { toVersion: 2 }))).toEqual([1, 2]);
      expect(versions(await timed.readStream('s', { fromVersion: 2 }))).toEqual([2, 3]);
      expect(versions(await timed.readStream('s', { toPosition: 2 }))).toEqual([1]);
      expect(versions(await timed.readStream('s', { asOf: afterFirst }))).toEqual([1]);
      expect(await timed.readStream('never-written')).toEqual([]);
      expect(await timed.positionAt(afterFirst)).toBe(1);
      expect(await timed.positionAt(clock.iso())).toBe(4);
      expect(await timed.positionAt('2020-01-01T00:00:00.000Z')).toBe(0);
      expect(
        (await timed.readAll({ asOf: afterFirst })).events.map((event) => event.position),
      ).toEqual([1]);
    });

    it('pages through the global log in position order', async () => {
      for (let i = 0; i < 5; i += 1)
        await store.append([
          { streamId: `s-${i % 2}`, expectedVersion: 'any', events: [anEvent()] },
        ]);
      const first = await store.readAll({ limit: 2 });
      expect(first.events.map((event) => event.position)).toEqual([1, 2]);
      expect(first.nextAfter).toBe(2);
      const second = await store.readAll({ after: 2, limit: 10 });
      expect(second.events.map((event) => event.position)).toEqual([3, 4, 5]);
      expect(second.nextAfter).toBeNull();
      expect(await store.readHead()).toMatchObject({ position: 5, hash: second.events[2].hash });
    });

    it('upcasts old event shapes on read and leaves the stored event as it was', async () => {
      await store.append([
        {
          streamId: 's',
          expectedVersion: 'any',
          events: [anEvent({ type: 'CostEstimated', schemaVersion: 1, data: { cost: 1200 } })],
        },
      ]);
      const upcasters = new Upcasters([
        {
          type: 'CostEstimated',
          fromSchemaVersion: 1,
          upcast: (data) => ({ capitalCost: `${data.cost}.00` }),
        },
        {
          type: 'CostEstimated',
          fromSchemaVersion: 2,
          upcast: (data) => ({ ...data, currency: 'GBP' }),
        },
      ]);
      const reader = await harness.open({ upcasters });
      const [upcast] = await reader.readStream('s');
      expect(upcast).toMatchObject({
        schemaVersion: 3,
        data: { capitalCost: '1200.00', currency: 'GBP' },
      });
      const [raw] = (await reader.readAll({ upcast: false })).events;
      expect(raw).toMatchObject({ schemaVersion: 1, data: { cost: 1200 } });
      expect((await verifyChain(reader)).ok).toBe(true);
    });
  });

  describe('positions and concurrency', () => {
    it('lets exactly one of 50 concurrent appends with the same expected version succeed', async () => {
      await store.append([
        { streamId: 'contested', expectedVersion: 'no-stream', events: [anEvent()] },
      ]);
      const others = await Promise.all([harness.open(), harness.open()]);
      const writers = [store, ...others];
      const outcomes = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) =>
          writers[i % writers.length].append([
            { streamId: 'contested', expectedVersion: 1, events: [anEvent()] },
          ]),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const failures = outcomes.filter(
        (outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
      );
      expect(failures.every((failure) => failure.reason instanceof StreamVersionConflict)).toBe(
        true,
      );
      expect((await store.readStream('contested')).map((event) => event.version)).toEqual([1, 2]);
    });

    it('numbers 1,000 appends from 16 concurrent writers over 100 streams 1..1000 without a gap, and the chain verifies', async () => {
      const stores = [
        store,
        ...(await Promise.all([harness.open(), harness.open(), harness.open()])),
      ];
      await Promise.all(
        Array.from({ length: 16 }, async (_, writer) => {
          for (let i = 0; i < 1000 / 16 + 1; i += 1) {
            const n = writer * 63 + i;
            if (n >= 1000 || i >= 63) return;
            await stores[writer % stores.length].append([
              { streamId: `stream-${n % 100}`, expectedVersion: 'any', events: [anEvent()] },
            ]);
          }
        }),
      );
      const log = await readWholeLog(store);
      expect(log.map((event) => event.position)).toEqual(
        Array.from({ length: 1000 }, (_, i) => i + 1),
      );
      const perStream = new Map<string, number[]>();
      for (const event of log)
        perStream.set(event.streamId, [...(perStream.get(event.streamId) ?? []), event.version]);
      for (const versions of perStream.values())
        expect(versions).toEqual(versions.map((_, i) => i + 1));
      await expect(verifyChain(store)).resolves.toMatchObject({
        ok: true,
        checked: 1000,
        headPosition: 1000,
      });
    });

    it('never shows a tailing reader a gap or a position below one it has seen, while writers race', async () => {
      const writers = [store, ...(await Promise.all([harness.open(), harness.open()]))];
      const reader = await harness.open();
      let writing = true;
      const tail = (async () => {
        let after = 0;
        for (;;) {
          const page = await reader.readAll({ after, limit: 25 });
          for (const event of page.events) {
            if (event.position !== after + 1) {
              throw new Error(`the reader saw position ${event.position} right after ${after}`);
            }
            after = event.position;
          }
          if (page.events.length === 0) {
            if (!writing) return after;
            await new Promise((resolve) => setTimeout(resolve, 2));
          }
        }
      })();
      await Promise.all(
        writers.map(async (writer, w) => {
          for (let i = 0; i < 40; i += 1) {
            await writer.append([
              {
                streamId: `race-${(w + i) % 5}`,
                expectedVersion: 'any',
                events: Array.from({ length: 1 + (i % 3) }, () => anEvent()),
              },
            ]);
          }
        }),
      );
      writing = false;
      const head = await store.readHead();
      await expect(tail).resolves.toBe(head.position);
    });

    it('for random interleavings of appends, two reads of the log agree and the chain verifies', async () => {
      const second = await harness.open();
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              writer: fc.integer({ min: 0, max: 1 }),
              stream: fc.integer({ min: 0, max: 3 }),
              events: fc.integer({ min: 1, max: 3 }),
              expectAny: fc.boolean(),
            }),
            { minLength: 1, maxLength: 12 },
          ),
          async (appends) => {
            const before = (await store.readHead()).position;
            const outcomes = await Promise.allSettled(
              appends.map(async (plan) => {
                const writer = plan.writer === 0 ? store : second;
                const streamId = `fc-${plan.stream}`;
                const expectedVersion: ExpectedVersion = plan.expectAny
                  ? 'any'
                  : (await writer.readStream(streamId)).length;
                return writer.append([
                  {
                    streamId,
                    expectedVersion,
                    events: Array.from({ length: plan.events }, () => anEvent()),
                  },
                ]);
              }),
            );
            const appended = outcomes.reduce(
              (sum, outcome, i) => sum + (outcome.status === 'fulfilled' ? appends[i].events : 0),
              0,
            );
            const [a, b] = await Promise.all([readWholeLog(store), readWholeLog(second)]);
            expect(a).toEqual(b);
            expect(a.length).toBe(before + appended);
            expect((await verifyChain(second)).ok).toBe(true);
          },
        ),
        { numRuns: 10 },
      );
    });
  });

  describe('verification', () => {
    async function aLogOfFive(): Promise<void> {
      for (let i = 1; i <= 5; i += 1) {
        await store.append([
          {
            streamId: `proposal-${i % 2}`,
            expectedVersion: 'any',
            events: [anEvent({ data: { n: i, amount: `${i}000.00` } })],
          },
        ]);
      }
    }

    it('reports an intact log with its head', async () => {
      await aLogOfFive();
      const head = await store.readHead();
      await expect(verifyChain(store)).resolves.toEqual({
        ok: true,
        checked: 5,
        headPosition: 5,
        headHash: head.hash,
      });
    });

    it('reports an empty log as intact', async () => {
      await expect(verifyChain(store)).resolves.toEqual({
        ok: true,
        checked: 0,
        headPosition: 0,
        headHash: GENESIS_HASH,
      });
    });

    it('detects events deleted with their stream', async () => {
      await aLogOfFive();
      await harness.raw.deleteStream(harness.stream('proposal-0'));
      await expect(verifyChain(store)).resolves.toMatchObject({
        ok: false,
        firstInvalidPosition: 2,
        reason: expect.stringMatching(/missing/),
      });
    });

    it('detects the last event cut off the end', async () => {
      await aLogOfFive();
      await store.append([{ streamId: 'tail', expectedVersion: 'any', events: [anEvent()] }]);
      await harness.raw.deleteStream(harness.stream('tail'));
      await expect(verifyChain(store)).resolves.toMatchObject({
        ok: false,
        firstInvalidPosition: 6,
      });
    });

    it('detects an inserted event', async () => {
      await aLogOfFive();
      const [fifth] = (await store.readAll({ after: 4, limit: 1, upcast: false })).events;
      const forged: RecordedEvent = {
        ...fifth,
        position: 6,
        version: fifth.version + 1,
        eventId: randomUUID(),
        prevHash: fifth.hash,
        hash: fifth.hash,
      };
      await harness.raw.appendToStream(
        harness.stream(fifth.streamId),
        jsonEvent({
          id: forged.eventId,
          type: forged.type,
          data: forged.data,
          metadata: packEventMetadata(forged),
        }),
      );
      await harness.raw.appendToStream(
        harness.chain,
        binaryEvent({
          type: '$>',
          data: linkData(revisionOfVersion(forged.version), harness.stream(forged.streamId)),
          metadata: packChainLinkMetadata(forged),
        }),
      );
      await expect(verifyChain(store)).resolves.toMatchObject({
        ok: false,
        firstInvalidPosition: 6,
      });
    });

    it('detects an event linked into the chain a second time', async () => {
      await aLogOfFive();
      const [third] = (await store.readAll({ after: 2, limit: 1, upcast: false })).events;
      await harness.raw.appendToStream(
        harness.chain,
        binaryEvent({
          type: '$>',
          data: linkData(revisionOfVersion(third.version), harness.stream(third.streamId)),
          metadata: packChainLinkMetadata({ ...third, position: 6 }),
        }),
      );
      await expect(verifyChain(store)).resolves.toMatchObject({
        ok: false,
        reason: expect.stringMatching(/appears again/),
      });
    });

    it('detects a history rewritten with a freshly recomputed chain against a digest taken before', async () => {
      await aLogOfFive();
      const digest = await store.readHead();
      await expect(logHoldsDigest(store, digest.position, digest.hash)).resolves.toBe(true);
      const forger = new KurrentDbHarness();
      try {
        const rewritten = await forger.open();
        for (let i = 1; i <= 5; i += 1) {
          await rewritten.append([
            {
              streamId: `proposal-${i % 2}`,
              expectedVersion: 'any',
              events: [anEvent({ data: { n: i, amount: i === 3 ? '1.00' : `${i}000.00` } })],
            },
          ]);
        }
        expect((await verifyChain(rewritten)).ok).toBe(true);
        await expect(logHoldsDigest(rewritten, digest.position, digest.hash)).resolves.toBe(false);
      } finally {
        await forger.dispose();
      }
    });
  });
});
