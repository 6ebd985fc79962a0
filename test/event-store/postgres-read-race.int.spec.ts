import { anEvent, describeWithPostgres, EventStoreHarness } from '@ledger/testing';
import type { EventStore } from '@ledger/event-store';

/**
 * The race that made Marten, Eventuous and Axon skip events: positions drawn from a sequence let a
 * fast transaction commit position N+1 while a slow one still holds N, so a reader that has passed
 * N+1 never sees N. Here a trigger makes some inserts slow while fast ones queue behind them, and a
 * reader polling the log from its own checkpoint must still see every position exactly once.
 */
describeWithPostgres('PostgreSQL global log under slow and fast transactions', () => {
  let harness: EventStoreHarness;

  beforeEach(async () => {
    harness = await EventStoreHarness.create('postgres');
    await harness.sql(`
      CREATE FUNCTION ledger_test_slow_insert() RETURNS trigger AS $$
      BEGIN
        IF NEW.stream_id LIKE 'slow-%' THEN PERFORM pg_sleep(0.15); END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await harness.sql(`CREATE TRIGGER ledger_test_slow BEFORE INSERT ON ledger_events
      FOR EACH ROW EXECUTE FUNCTION ledger_test_slow_insert()`);
  });

  afterEach(async () => {
    await harness.dispose();
  });

  it('never lets a polling reader miss or repeat an event', async () => {
    const writers: EventStore[] = await Promise.all([
      harness.open(),
      harness.open(),
      harness.open(),
      harness.open(),
    ]);
    const reader = await harness.open();
    const seen: number[] = [];
    let checkpoint = 0;
    let writing = true;
    const polling = (async () => {
      while (writing || checkpoint < (await reader.readHead()).position) {
        const page = await reader.readAll({ after: checkpoint, limit: 50 });
        for (const event of page.events) {
          seen.push(event.position);
          checkpoint = event.position;
        }
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();

    let appended = 0;
    await Promise.all(
      writers.map(async (writer, w) => {
        for (let round = 0; round < 6; round += 1) {
          const slow = (round + w) % 3 === 0;
          const result = await writer.append([
            {
              streamId: `${slow ? 'slow' : 'fast'}-${w}`,
              expectedVersion: 'any',
              events: [anEvent(), anEvent()],
            },
          ]);
          appended += result.lastPosition - result.firstPosition + 1;
        }
      }),
    );
    writing = false;
    await polling;

    expect(appended).toBe(48);
    expect(seen).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
  });
});
