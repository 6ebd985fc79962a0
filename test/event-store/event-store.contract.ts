import { createHash, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { canonicalize } from 'json-canonicalize';
import {
  EventIdConflict,
  GENESIS_HASH,
  InvalidAppend,
  StreamVersionConflict,
  Upcasters,
  checkDigest,
  logHoldsDigest,
  verifyChain,
  type EventStore,
  type VerifyOptions,
  type ExpectedVersion,
  type RecordedEvent,
} from '@ledger/event-store';
import { aManualClock, anEvent, stretchesInThisThread, type StoreOptions } from '@ledger/testing';

/** One log of a store under test, from which a test opens as many stores as it needs. */
export interface StoreUnderTest {
  /** Another store on the same log, with its own connection, as another process would have. */
  open(options?: StoreOptions): Promise<EventStore>;
  /**
   * Removes a recorded event behind the store's back, as someone with write access to the storage
   * could: the row in SQL; in KurrentDB, which cannot delete one event, its whole stream.
   */
  remove(event: RecordedEvent): Promise<void>;
  /** Writes a copy of `original` with `changes` after the head, behind the store's back. */
  forge(
    original: RecordedEvent,
    changes: Pick<RecordedEvent, 'position' | 'version' | 'eventId' | 'prevHash' | 'hash'>,
  ): Promise<void>;
  /** Raw SQL against the event tables, where the storage is SQL (see `EventStoreFactory.sql`). */
  sql?(text: string): Promise<unknown>;
  dispose(): Promise<void>;
}

/** How the contract gets a fresh, empty log of the store under test for every test. */
export interface EventStoreFactory {
  /**
   * SQL storage can be altered in place (a payload, an actor, a time), which the suite then checks
   * is detected; `sql` runs such statements. null where the storage cannot be (KurrentDB).
   */
  readonly sql: 'sqlite' | 'postgres' | null;
  create(): Promise<StoreUnderTest>;
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

/** Five events over two streams, each with its own payload: the log the tampering tests alter. */
export async function appendALogOfFive(store: EventStore): Promise<void> {
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

/** The guarantees of DESIGN.md, run unchanged against every adapter. */
export function eventStoreContract(factory: EventStoreFactory): void {
  let harness: StoreUnderTest;
  let store: EventStore;
  const kind = factory.sql;
  /** Only called inside the SQL-only tests, which run when `factory.sql` is set. */
  const sql = (text: string) => harness.sql!(text);
  /** A test of what only SQL storage allows: rows altered or left in place behind the store. */
  const itOnSql = (name: string, test: () => Promise<void>) => {
    if (factory.sql) it(name, test);
  };

  beforeEach(async () => {
    harness = await factory.create();
    store = await harness.open();
  });

  afterEach(async () => {
    await harness.dispose();
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

    itOnSql(
      'reads on past holes and rows beyond the head that raw SQL left, so verify can report them',
      async () => {
        for (let i = 0; i < 30; i += 1)
          await store.append([
            { streamId: `s-${i % 3}`, expectedVersion: 'any', events: [anEvent()] },
          ]);
        await sql('DELETE FROM ledger_events WHERE position = 2 OR position BETWEEN 4 AND 25');
        await sql(`INSERT INTO ledger_events (position, stream_id, version, event_id, type, schema_version, data, metadata, recorded_at, data_hash, prev_hash, hash)
        SELECT 57, stream_id, version + 100, 'forged-event', type, schema_version, data, metadata, recorded_at, data_hash, hash, hash FROM ledger_events WHERE position = 30`);
        const pages: number[][] = [];
        for (let after: number | null = 0; after !== null;) {
          const page: Awaited<ReturnType<EventStore['readAll']>> = await store.readAll({
            after,
            limit: 3,
          });
          pages.push(page.events.map((event) => event.position));
          after = page.nextAfter;
        }
        expect(pages).toEqual([
          [1, 3, 26],
          [27, 28, 29],
          [30, 57],
        ]);
        expect((await store.readAll({ after: 3, limit: 1 })).events.map((e) => e.position)).toEqual(
          [26],
        );
        if (store.readStored) {
          const stored = await store.readStored(3, 4);
          expect(stored.events.map((event) => event.position)).toEqual([26, 27, 28, 29]);
          expect((await store.readStored(29, 4)).events.map((event) => event.position)).toEqual([
            30, 57,
          ]);
        }
      },
    );

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
        { numRuns: 15 },
      );
    });
  });

  // Every check runs twice: walking the log in one go, and cut into stretches checked side by side
  // (here in this thread; the apps run them in worker threads with the same verifySegment).
  describe.each([
    ['in one walk', (s: EventStore, o: VerifyOptions = {}) => verifyChain(s, o)],
    [
      'in stretches side by side',
      (s: EventStore, o: VerifyOptions = {}) =>
        verifyChain(s, { ...o, segments: stretchesInThisThread(s, 3, o.pageSize) }),
    ],
  ])('verification %s', (_mode, verify) => {
    const aLogOfFive = () => appendALogOfFive(store);

    it('reports an intact log with its head', async () => {
      await aLogOfFive();
      const head = await store.readHead();
      await expect(verify(store)).resolves.toEqual({
        ok: true,
        checked: 5,
        headPosition: 5,
        headHash: head.hash,
      });
    });

    it('reports a log intact while appends keep landing during the walk', async () => {
      await aLogOfFive();
      const writer = await harness.open();
      let writing = true;
      const appends = (async () => {
        let written = 0;
        while (writing || written < 20) {
          await writer.append([
            { streamId: `busy-${written % 3}`, expectedVersion: 'any', events: [anEvent()] },
          ]);
          written += 1;
        }
        return written;
      })();
      const results = [];
      for (let i = 0; i < 5; i += 1) results.push(await verify(store, { pageSize: 2 }));
      writing = false;
      await appends;
      for (const result of results) expect(result).toMatchObject({ ok: true });
      const final = await verify(store, { pageSize: 7 });
      expect(final).toMatchObject({ ok: true, headPosition: (await store.readHead()).position });
    });

    it('reports an empty log as intact', async () => {
      await expect(verify(store)).resolves.toEqual({
        ok: true,
        checked: 0,
        headPosition: 0,
        headHash: GENESIS_HASH,
      });
    });

    itOnSql('names the first broken position when a payload is altered with raw SQL', async () => {
      await aLogOfFive();
      await sql(
        `UPDATE ledger_events SET data = '{"n":3,"amount":"999999.00"}' WHERE position = 3`,
      );
      await expect(verify(store)).resolves.toMatchObject({
        ok: false,
        firstInvalidPosition: 3,
        reason: expect.stringMatching(/payload/),
      });
    });

    itOnSql('names the position whose metadata (the actor) was altered', async () => {
      await aLogOfFive();
      const [event] = (await store.readAll({ after: 1, limit: 1 })).events;
      const forged = JSON.stringify({
        ...event.metadata,
        actor: { id: 'user-2', name: 'Mallory' },
      });
      await sql(`UPDATE ledger_events SET metadata = '${forged}' WHERE position = 2`);
      await expect(verify(store)).resolves.toMatchObject({
        ok: false,
        firstInvalidPosition: 2,
      });
    });

    itOnSql('names the position whose metadata gained or lost a key', async () => {
      await aLogOfFive();
      const [second, third] = (await store.readAll({ after: 1, limit: 2 })).events;
      const widened = JSON.stringify({ ...second.metadata, onBehalfOf: 'user-9' });
      const { idempotencyKey: _dropped, ...narrowed } = third.metadata;
      await sql(`UPDATE ledger_events SET metadata = '${widened}' WHERE position = 2`);
      await expect(verify(store)).resolves.toMatchObject({
        ok: false,
        firstInvalidPosition: 2,
      });
      await sql(
        `UPDATE ledger_events SET metadata = '${JSON.stringify(second.metadata)}' WHERE position = 2`,
      );
      await sql(
        `UPDATE ledger_events SET metadata = '${JSON.stringify(narrowed)}' WHERE position = 3`,
      );
      await expect(verify(store)).resolves.toMatchObject({
        ok: false,
        firstInvalidPosition: 3,
      });
    });

    itOnSql(
      'stores each payload as its canonical JSON text, which verification hashes unparsed',
      async () => {
        await store.append([
          {
            streamId: 'proposal-1',
            expectedVersion: 'any',
            events: [
              anEvent({ data: { zeta: 1, alpha: { b: [true, null], a: 'é😀' }, mid: -0.5 } }),
            ],
          },
        ]);
        const rows = (await sql(
          kind === 'postgres'
            ? 'SELECT data::text AS data, data_hash FROM ledger_events'
            : 'SELECT data, data_hash FROM ledger_events',
        )) as { data: string; data_hash: string }[];
        expect(rows[0].data).toBe('{"alpha":{"a":"é😀","b":[true,null]},"mid":-0.5,"zeta":1}');
        expect(createHash('sha256').update(rows[0].data).digest('hex')).toBe(rows[0].data_hash);
      },
    );

    itOnSql(
      'verifies payloads stored in another spelling of the same JSON, as older writers left them',
      async () => {
        await aLogOfFive();
        await store.append([
          {
            streamId: 'proposal-2',
            expectedVersion: 'any',
            events: [anEvent({ data: { '10': 'ten', '9': 'nine' } })],
          },
        ]);
        await sql(
          `UPDATE ledger_events SET data = '{ "n": 3,  "amount": "3000.00" }' WHERE position = 3`,
        );
        await expect(verify(store)).resolves.toMatchObject({ ok: true, checked: 6 });
      },
    );

    itOnSql(
      'stores the metadata of each event as its canonical JSON text, which verification splices in unparsed',
      async () => {
        await aLogOfFive();
        const rows = (await sql(
          kind === 'postgres'
            ? 'SELECT metadata::text AS metadata FROM ledger_events WHERE position = 1'
            : 'SELECT metadata FROM ledger_events WHERE position = 1',
        )) as { metadata: string }[];
        expect(rows[0].metadata).toBe(canonicalize(JSON.parse(rows[0].metadata)));
      },
    );

    itOnSql(
      'verifies metadata stored in another spelling of the same JSON, as older writers left it',
      async () => {
        await aLogOfFive();
        const [event, next] = (await store.readAll({ after: 2, limit: 2 })).events;
        const { actor, roles, correlationId, causationId, idempotencyKey } = event.metadata;
        const older = JSON.stringify({ actor, roles, correlationId, causationId, idempotencyKey });
        await sql(`UPDATE ledger_events SET metadata = '${older}' WHERE position = 3`);
        await sql(
          `UPDATE ledger_events SET metadata = '${JSON.stringify(next.metadata, null, 1)}' WHERE position = 4`,
        );
        await expect(verify(store)).resolves.toMatchObject({ ok: true, checked: 5 });
      },
    );

    itOnSql('verifies through readAll a store that cannot read the stored text', async () => {
      await aLogOfFive();
      const portOnly: EventStore = {
        append: (appends) => store.append(appends),
        readStream: (streamId, options) => store.readStream(streamId, options),
        readAll: (options) => store.readAll(options),
        readHead: () => store.readHead(),
        positionAt: (asOf) => store.positionAt(asOf),
        onAppended: (listener) => store.onAppended(listener),
        ping: () => store.ping(),
        close: () => store.close(),
      };
      await expect(verify(portOnly)).resolves.toMatchObject({ ok: true, checked: 5 });
      await sql(`UPDATE ledger_events SET data = '{"n":4,"amount":"1.00"}' WHERE position = 4`);
      await expect(verify(portOnly)).resolves.toMatchObject({
        ok: false,
        firstInvalidPosition: 4,
      });
    });

    itOnSql('names the position whose recorded time was altered', async () => {
      await aLogOfFive();
      const when =
        kind === 'postgres'
          ? `'2020-01-01T00:00:00.000Z'::timestamptz`
          : `'2020-01-01T00:00:00.000Z'`;
      await sql(`UPDATE ledger_events SET recorded_at = ${when} WHERE position = 4`);
      await expect(verify(store)).resolves.toMatchObject({
        ok: false,
        firstInvalidPosition: 4,
      });
    });

    it('detects a removed event', async () => {
      await aLogOfFive();
      const [second] = (await store.readAll({ after: 1, limit: 1, upcast: false })).events;
      await harness.remove(second);
      await expect(verify(store)).resolves.toMatchObject({
        ok: false,
        firstInvalidPosition: 2,
        reason: expect.stringMatching(/missing/),
      });
      await expect(checkDigest(store, 2, second.hash)).resolves.toMatchObject({
        ok: false,
        reason: expect.stringMatching(/^(position-missing|hash-differs)$/),
      });
    });

    it('detects the last event cut off the end', async () => {
      await aLogOfFive();
      await store.append([{ streamId: 'tail', expectedVersion: 'any', events: [anEvent()] }]);
      const [last] = (await store.readAll({ after: 5, limit: 1, upcast: false })).events;
      await harness.remove(last);
      await expect(verify(store)).resolves.toMatchObject({
        ok: false,
        firstInvalidPosition: 6,
      });
    });

    it('detects an inserted event', async () => {
      await aLogOfFive();
      const [fifth] = (await store.readAll({ after: 4, limit: 1, upcast: false })).events;
      await harness.forge(fifth, {
        position: 6,
        version: fifth.version + 1,
        eventId: randomUUID(),
        prevHash: fifth.hash,
        hash: fifth.hash,
      });
      await expect(verify(store)).resolves.toMatchObject({
        ok: false,
        firstInvalidPosition: 6,
      });
    });

    itOnSql('detects two events swapped', async () => {
      await aLogOfFive();
      await sql('UPDATE ledger_events SET position = 1000 WHERE position = 2');
      await sql('UPDATE ledger_events SET position = 2 WHERE position = 3');
      await sql('UPDATE ledger_events SET position = 3 WHERE position = 1000');
      await expect(verify(store)).resolves.toMatchObject({
        ok: false,
        firstInvalidPosition: 2,
      });
    });

    it('detects a history rewritten with a freshly recomputed chain against a digest taken before', async () => {
      await aLogOfFive();
      const digest = await store.readHead();
      await expect(logHoldsDigest(store, digest.position, digest.hash)).resolves.toBe(true);
      const forger = await factory.create();
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
        expect((await verify(rewritten)).ok).toBe(true);
        await expect(logHoldsDigest(rewritten, digest.position, digest.hash)).resolves.toBe(false);
        await expect(checkDigest(rewritten, digest.position, digest.hash)).resolves.toEqual({
          ok: false,
          position: digest.position,
          hash: digest.hash,
          reason: 'hash-differs',
          heldHash: (await rewritten.readHead()).hash,
        });
        await expect(checkDigest(rewritten, digest.position + 1, digest.hash)).resolves.toEqual({
          ok: false,
          position: digest.position + 1,
          hash: digest.hash,
          reason: 'beyond-head',
          headPosition: digest.position,
        });
      } finally {
        await forger.dispose();
      }
    });
  });
}
