import fc from 'fast-check';
import { IdempotencyStore, openDatabase, type LedgerDatabase } from '@ledger/platform';
import {
  aManualClock,
  createTestDatabase,
  databaseKindsUnderTest,
  startTestAppOn,
  type TestDatabase,
} from '@ledger/testing';
import { createApp } from '../../apps/api/src/create-app';

const DAY = 86_400_000;

const anAnswer = (id: string) => ({
  requestHash: 'a'.repeat(64),
  status: 201,
  body: { id, version: 1, position: 1 },
  headers: { etag: '"1"' },
});

describe.each(databaseKindsUnderTest)('idempotency answers kept for a retention (%s)', (kind) => {
  let testDatabase: TestDatabase;
  let database: LedgerDatabase;

  beforeEach(async () => {
    testDatabase = await createTestDatabase(kind);
    database = await openDatabase(testDatabase);
  });

  afterEach(async () => {
    await database.close();
    await testDatabase.drop();
  });

  it('purges only the answers older than the retention, never a younger one', async () => {
    const clock = aManualClock('2026-04-01T09:00:00.000Z');
    const store = new IdempotencyStore(database.dataSource, null, clock.now);
    const ages: Record<string, number> = {
      'ninety-days': 90 * DAY,
      'thirty-days-and-a-millisecond': 30 * DAY + 1,
      'thirty-days-less-a-millisecond': 30 * DAY - 1,
      'one-day': DAY,
      'just-now': 0,
    };
    const now = clock.now().getTime() + 90 * DAY;
    for (const [key, age] of Object.entries(ages).sort(([, a], [, b]) => b - a)) {
      clock.advance(now - age - clock.now().getTime());
      await store.remember('u-1', key, anAnswer(key));
    }
    expect(clock.now().getTime()).toBe(now);

    await expect(store.purgeExpired(30)).resolves.toBe(2);
    for (const key of ['ninety-days', 'thirty-days-and-a-millisecond'])
      await expect(store.find('u-1', key)).resolves.toBeNull();
    for (const key of ['thirty-days-less-a-millisecond', 'one-day', 'just-now'])
      await expect(store.find('u-1', key)).resolves.toMatchObject({ body: { id: key } });

    await expect(store.purgeExpired(30)).resolves.toBe(0);
    clock.advance(2);
    await expect(store.purgeExpired(30)).resolves.toBe(1);
    await expect(store.find('u-1', 'thirty-days-less-a-millisecond')).resolves.toBeNull();
  });

  it('purges a backlog larger than one batch, leaving every younger answer', async () => {
    const clock = aManualClock('2026-04-01T09:00:00.000Z');
    const store = new IdempotencyStore(database.dataSource, null, clock.now);
    for (let i = 0; i < 25; i += 1) await store.remember(`u-${i % 3}`, `old-${i}`, anAnswer('old'));
    clock.advance(7 * DAY);
    for (let i = 0; i < 4; i += 1) await store.remember('u-1', `new-${i}`, anAnswer('new'));
    clock.advance(7 * DAY - 1);
    await expect(store.purgeExpired(7, 10)).resolves.toBe(25);
    const left: { n: number | string }[] = await database.dataSource.query(
      'SELECT COUNT(*) AS n FROM ledger_idempotency',
    );
    expect(Number(left[0].n)).toBe(4);
  });

  it('for any ages and retention, keeps exactly the answers not older than the retention', async () => {
    const clock = aManualClock('2026-04-01T09:00:00.000Z');
    const store = new IdempotencyStore(database.dataSource, null, clock.now);
    const start = clock.now().getTime();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 60 }),
        fc.array(fc.integer({ min: 0, max: 90 * DAY }), { minLength: 1, maxLength: 8 }),
        async (retentionDays, ages) => {
          await database.dataSource.query('DELETE FROM ledger_idempotency');
          const now = start + 90 * DAY;
          const sorted = [...ages].sort((a, b) => b - a);
          for (const [i, age] of sorted.entries()) {
            clock.advance(now - age - clock.now().getTime());
            await store.remember('u-1', `k-${i}`, anAnswer(String(age)));
          }
          clock.advance(now - clock.now().getTime());
          await store.purgeExpired(retentionDays, 3);
          for (const [i, age] of sorted.entries()) {
            const kept = (await store.find('u-1', `k-${i}`)) !== null;
            expect(kept).toBe(age <= retentionDays * DAY);
          }
          clock.advance(start - clock.now().getTime());
        },
      ),
      { numRuns: kind === 'postgres' ? 15 : 30 },
    );
  });

  it('is purged by the API process when it starts', async () => {
    const clock = aManualClock(new Date(Date.now() - 45 * DAY).toISOString());
    const past = new IdempotencyStore(database.dataSource, null, clock.now);
    await past.remember('u-1', 'forty-five-days', anAnswer('old'));
    clock.advance(30 * DAY);
    await past.remember('u-1', 'fifteen-days', anAnswer('recent'));
    await database.close();
    const testApp = await startTestAppOn(testDatabase, createApp, {
      LEDGER_IDEMPOTENCY_RETENTION_DAYS: '30',
    });
    database = await openDatabase(testDatabase);
    try {
      const store = new IdempotencyStore(database.dataSource);
      for (let i = 0; i < 50 && (await store.find('u-1', 'forty-five-days')) !== null; i += 1)
        await new Promise((resolve) => setTimeout(resolve, 100));
      await expect(store.find('u-1', 'forty-five-days')).resolves.toBeNull();
      await expect(store.find('u-1', 'fifteen-days')).resolves.not.toBeNull();
    } finally {
      await testApp.app.close();
    }
  });

  it('refuses a retention that would forget answers at once', async () => {
    const store = new IdempotencyStore(database.dataSource);
    await expect(store.purgeExpired(0)).rejects.toThrow(RangeError);
  });
});
