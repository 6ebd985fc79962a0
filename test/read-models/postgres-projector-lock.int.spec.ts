import { Client } from 'pg';
import { PostgresProjectorLock } from '@ledger/platform';
import {
  createPostgresTestDatabase,
  describeWithPostgres,
  type TestDatabase,
} from '@ledger/testing';

/** Ends the sessions holding advisory locks in this database, as a server restart would. */
async function dropLockHolders(url: string): Promise<number> {
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    return rows.length;
  } finally {
    await admin.end();
  }
}

async function settled(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setTimeout(resolve, ms));
  return done;
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describeWithPostgres('leadership through the PostgreSQL advisory lock', () => {
  let database: TestDatabase;
  const locks: PostgresProjectorLock[] = [];
  let stop: AbortController;

  function lock(messages: string[] = []): PostgresProjectorLock {
    const created = new PostgresProjectorLock(database.databaseUrl!, {
      retryMs: 50,
      logger: { log: (message) => messages.push(message), error: () => undefined },
    });
    locks.push(created);
    return created;
  }

  beforeEach(async () => {
    stop = new AbortController();
    database = await createPostgresTestDatabase();
  });

  afterEach(async () => {
    stop.abort();
    for (const created of locks.splice(0)) await created.release();
    await database.drop();
  });

  it('lets one lead while the other stands by, and hands over when the leader goes', async () => {
    const first = lock();
    await first.acquire(new AbortController().signal);
    const standbyMessages: string[] = [];
    const second = lock(standbyMessages);
    const standby = second.acquire(stop.signal);
    expect(await settled(standby, 300)).toBe(false);
    expect(standbyMessages).toEqual(['Another projector is active; this one stands by']);

    await first.release();
    await standby;
    expect(standbyMessages).toContain('This projector holds the projection lock and is active');
    expect(second.lost).toBe(false);
  });

  it('reports the lock lost when its session is dropped, and can take it again', async () => {
    const leader = lock();
    await leader.acquire(new AbortController().signal);
    expect(leader.lost).toBe(false);
    expect(await dropLockHolders(database.databaseUrl!)).toBe(1);
    await eventually(() => leader.lost, 'the lock to be reported lost');

    await leader.acquire(new AbortController().signal);
    expect(leader.lost).toBe(false);
  });

  it('stops waiting when the projector stops', async () => {
    await lock().acquire(new AbortController().signal);
    const stopping = new AbortController();
    const waiting = lock().acquire(stopping.signal);
    expect(await settled(waiting, 150)).toBe(false);
    stopping.abort();
    expect(await settled(waiting, 150)).toBe(true);
  });
});
