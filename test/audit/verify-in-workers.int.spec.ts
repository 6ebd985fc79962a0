import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  verifyChain,
  type EventStore,
  type SegmentVerifier,
  type StreamAppend,
} from '@ledger/event-store';
import { EventStoreHarness, anEvent, databaseKindsUnderTest } from '@ledger/testing';

/**
 * Worker threads run compiled JavaScript, so this suite takes ChainVerifier's stretches from the
 * built platform library (`npm test` builds first), exactly as the API and the CLI start them.
 */
const BUILT_PLATFORM = resolve(__dirname, '../../dist/libs/platform/src/index.js');

type StretchesInWorkers = (
  config: { dataDir: string; databaseUrl: string | null; eventStore: 'sql' | 'kurrentdb' },
  workers?: number,
) => SegmentVerifier | undefined;

function builtStretchesInWorkers(): StretchesInWorkers {
  if (!existsSync(BUILT_PLATFORM))
    throw new Error(`${BUILT_PLATFORM} is missing: build first with npm run build`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('reflect-metadata');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(BUILT_PLATFORM) as { stretchesInWorkers: StretchesInWorkers }).stretchesInWorkers;
}

const EVENTS = 3000;

describe.each(databaseKindsUnderTest)('verification in worker threads (%s)', (kind) => {
  let harness: EventStoreHarness;
  let store: EventStore;
  let stretches: SegmentVerifier;

  beforeEach(async () => {
    harness = await EventStoreHarness.create(kind);
    store = await harness.open();
    for (let batch = 0; batch < EVENTS / 100; batch += 1) {
      const appends: StreamAppend[] = Array.from({ length: 10 }, (_, s) => ({
        streamId: `proposal-${batch}-${s}`,
        expectedVersion: 'no-stream',
        events: Array.from({ length: 10 }, (_, n) =>
          anEvent({ data: { batch, stream: s, n, amount: `${n}000.00` } }),
        ),
      }));
      await store.append(appends);
    }
    const found = builtStretchesInWorkers()(
      { ...harness.config, databaseUrl: harness.config.databaseUrl ?? null, eventStore: 'sql' },
      3,
    );
    if (found === undefined) throw new Error('no worker threads were offered for this database');
    // Workers start for any log here; the apps keep small logs in one thread.
    stretches = { ...found, minimumEvents: 0 };
  });

  afterEach(async () => {
    await harness.dispose();
  });

  it('checks the log in three worker threads, with progress adding up to the head', async () => {
    const head = await store.readHead();
    const progress: [number, number][] = [];
    const result = await verifyChain(store, {
      segments: stretches,
      onProgress: (checked, total) => progress.push([checked, total]),
    });
    expect(result).toEqual({
      ok: true,
      checked: EVENTS,
      headPosition: EVENTS,
      headHash: head.hash,
    });
    expect(progress.at(-1)).toEqual([EVENTS, EVENTS]);
  });

  it('names the first broken position when several stretches are broken', async () => {
    await harness.sql(`UPDATE ledger_events SET data = '{"forged":true}' WHERE position = 2600`);
    await harness.sql(`UPDATE ledger_events SET type = 'Forged' WHERE position = 1500`);
    await expect(verifyChain(store, { segments: stretches })).resolves.toEqual({
      ok: false,
      checked: 1499,
      firstInvalidPosition: 1500,
      reason: expect.stringMatching(/envelope/),
    });
    await harness.sql(`UPDATE ledger_events SET stream_id = 'elsewhere' WHERE position = 600`);
    await expect(verifyChain(store, { segments: stretches })).resolves.toMatchObject({
      ok: false,
      firstInvalidPosition: 600,
    });
  });

  it('finds an event deleted at the border between two stretches', async () => {
    // Three stretches of 3,000 events: 1-1000, 1001-2000, 2001-3000.
    await harness.sql('DELETE FROM ledger_events WHERE position = 1000');
    await expect(verifyChain(store, { segments: stretches })).resolves.toMatchObject({
      ok: false,
      firstInvalidPosition: 1000,
      reason: expect.stringMatching(/missing/),
    });
  });

  it('finds an event whose link to the previous stretch was forged', async () => {
    await harness.sql(
      `UPDATE ledger_events SET prev_hash = '${'0'.repeat(64)}' WHERE position = 2001`,
    );
    await expect(verifyChain(store, { segments: stretches })).resolves.toMatchObject({
      ok: false,
      firstInvalidPosition: 2001,
      reason: expect.stringMatching(/prevHash/),
    });
  });

  it('walks on in this thread over events appended while the workers ran', async () => {
    const verifying = verifyChain(store, { segments: stretches });
    await store.append([{ streamId: 'late', expectedVersion: 'any', events: [anEvent()] }]);
    const result = await verifying;
    expect(result).toMatchObject({ ok: true });
    expect([EVENTS, EVENTS + 1]).toContain(result.ok && result.headPosition);
    await expect(verifyChain(store, { segments: stretches })).resolves.toMatchObject({
      ok: true,
      checked: EVENTS + 1,
    });
  });

  it('fails with the cause when a worker cannot open the database, rather than give a verdict', async () => {
    const unreachable = builtStretchesInWorkers()(
      kind === 'postgres'
        ? {
            dataDir: '/nonexistent',
            databaseUrl: 'postgres://postgres@127.0.0.1:5432/no_such_ledger_database',
            eventStore: 'sql',
          }
        : { dataDir: '/nonexistent/ledger', databaseUrl: null, eventStore: 'sql' },
      2,
    )!;
    await expect(
      verifyChain(store, { segments: { ...unreachable, minimumEvents: 0 } }),
    ).rejects.toThrow(kind === 'postgres' ? /no_such_ledger_database/ : /directory|file/i);
  });
});
