import { StreamVersionConflict, verifyChain, type EventStore } from '@ledger/event-store';
import { EventStoreHarness, anEvent, describeWithPostgres } from '@ledger/testing';
import { eventStoreContract } from './event-store.contract';
import { sqlStoreFactory } from './sql-store.factory';

describeWithPostgres('PostgreSQL event store', () => {
  eventStoreContract(sqlStoreFactory('postgres'));

  it('detects a recorded time moved by less than a millisecond', async () => {
    const harness = await EventStoreHarness.create('postgres');
    try {
      const store = await harness.open();
      for (let i = 0; i < 4; i += 1)
        await store.append([
          { streamId: `s-${i}`, expectedVersion: 'no-stream', events: [anEvent()] },
        ]);
      await expect(verifyChain(store)).resolves.toMatchObject({ ok: true });
      await harness.sql(
        "UPDATE ledger_events SET recorded_at = recorded_at + interval '300 microseconds' WHERE position = 3",
      );
      await expect(verifyChain(store)).resolves.toMatchObject({
        ok: false,
        firstInvalidPosition: 3,
        reason: 'hash does not match the envelope (an envelope field was altered)',
      });
    } finally {
      await harness.dispose();
    }
  });
});

/**
 * A PostgreSQL commit is planned against the state the store expects and checked by ledger_append
 * under the head lock; these cases make the expectation wrong on purpose, and run the locked
 * transaction it falls back to beside it.
 */
describeWithPostgres('PostgreSQL planned commits', () => {
  let harness: EventStoreHarness;

  beforeEach(async () => {
    harness = await EventStoreHarness.create('postgres');
  });

  afterEach(async () => {
    await harness.dispose();
  });

  const positionsOf = async (store: EventStore) =>
    (await store.readAll({ limit: 10_000 })).events.map((event) => event.position);

  it('plans again when another process moved the head, without a gap or a lost event', async () => {
    const [first, second] = await Promise.all([harness.open(), harness.open()]);
    await first.append([{ streamId: 'a', expectedVersion: 'no-stream', events: [anEvent()] }]);
    await second.append([{ streamId: 'b', expectedVersion: 'no-stream', events: [anEvent()] }]);
    // `first` still believes the head is at 1.
    const result = await first.append([{ streamId: 'a', expectedVersion: 1, events: [anEvent()] }]);
    expect(result).toMatchObject({ firstPosition: 3, lastPosition: 3, duplicate: false });
    expect(await positionsOf(first)).toEqual([1, 2, 3]);
    await expect(verifyChain(first)).resolves.toMatchObject({ ok: true, checked: 3 });
  });

  it('finds the true version of a stream it guessed wrong for an `any` append', async () => {
    const [writer, other] = await Promise.all([harness.open(), harness.open()]);
    await other.append([
      { streamId: 'busy', expectedVersion: 'no-stream', events: [anEvent(), anEvent(), anEvent()] },
    ]);
    await writer.append([{ streamId: 'elsewhere', expectedVersion: 'any', events: [anEvent()] }]);
    const result = await writer.append([
      { streamId: 'busy', expectedVersion: 'any', events: [anEvent()] },
    ]);
    expect(result.streams).toEqual([{ streamId: 'busy', version: 4 }]);
    expect((await writer.readStream('busy')).map((event) => event.version)).toEqual([1, 2, 3, 4]);
  });

  it('refuses a stale expected version even when the stale version is what it planned with', async () => {
    const [writer, other] = await Promise.all([harness.open(), harness.open()]);
    await writer.append([{ streamId: 's', expectedVersion: 'no-stream', events: [anEvent()] }]);
    await other.append([{ streamId: 's', expectedVersion: 1, events: [anEvent()] }]);
    await expect(
      writer.append([{ streamId: 's', expectedVersion: 1, events: [anEvent()] }]),
    ).rejects.toBeInstanceOf(StreamVersionConflict);
    expect(await positionsOf(writer)).toEqual([1, 2]);
  });

  it('refuses a wrong expected version when nothing else moved the head', async () => {
    const writer = await harness.open();
    await writer.append([{ streamId: 's', expectedVersion: 'no-stream', events: [anEvent()] }]);
    await expect(
      writer.append([{ streamId: 's', expectedVersion: 5, events: [anEvent()] }]),
    ).rejects.toMatchObject({ streamId: 's', actual: 1 });
    expect(await positionsOf(writer)).toEqual([1]);
  });

  it('answers a retry sent through another process with the first answer, writing nothing', async () => {
    const [writer, other] = await Promise.all([harness.open(), harness.open()]);
    const event = anEvent();
    const first = await writer.append([
      { streamId: 'r', expectedVersion: 'no-stream', events: [event] },
    ]);
    await other.append([{ streamId: 'x', expectedVersion: 'no-stream', events: [anEvent()] }]);
    const retry = await writer.append([
      { streamId: 'r', expectedVersion: 'no-stream', events: [event] },
    ]);
    expect(retry).toEqual({ ...first, duplicate: true });
    expect(await positionsOf(writer)).toEqual([1, 2]);
  });

  it('keeps positions gap-free and every stream contiguous when planned and locked commits race', async () => {
    const stores = await Promise.all([
      harness.open(),
      harness.open(),
      harness.open({ plannedAttempts: 0 }),
      harness.open({ plannedAttempts: 1 }),
    ]);
    const acknowledged: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, async (_, writer) => {
        for (let i = 0; i < 25; i += 1) {
          const result = await stores[writer % stores.length].append([
            {
              streamId: `s-${(writer * 25 + i) % 20}`,
              expectedVersion: 'any',
              events: [anEvent()],
            },
          ]);
          acknowledged.push(result.lastPosition);
        }
      }),
    );
    expect([...acknowledged].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 300 }, (_, i) => i + 1),
    );
    const log = (await stores[0].readAll({ limit: 10_000 })).events;
    const versions = new Map<string, number[]>();
    for (const event of log)
      versions.set(event.streamId, [...(versions.get(event.streamId) ?? []), event.version]);
    for (const list of versions.values()) expect(list).toEqual(list.map((_, i) => i + 1));
    await expect(verifyChain(stores[0])).resolves.toMatchObject({ ok: true, checked: 300 });
  });
});
