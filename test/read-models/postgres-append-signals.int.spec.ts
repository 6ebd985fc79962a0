import { Client } from 'pg';
import { PostgresAppendSignals } from '@ledger/platform';
import {
  createPostgresTestDatabase,
  describeWithPostgres,
  type TestDatabase,
} from '@ledger/testing';

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const notify = (url: string) =>
  withClient(url, (client) => client.query("SELECT pg_notify('ledger_appended', '1')"));

/** Ends the listening session, as a server restart or a dropped connection would. */
const dropListeners = (url: string) =>
  withClient(url, async (client) => {
    const { rows } = await client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`,
    );
    return rows.length;
  });

async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describeWithPostgres('signals of appends by other processes (PostgreSQL LISTEN)', () => {
  let database: TestDatabase;
  let signals: PostgresAppendSignals;

  beforeEach(async () => {
    database = await createPostgresTestDatabase();
    signals = new PostgresAppendSignals(database.databaseUrl!, { retryMs: 50 });
  });

  afterEach(async () => {
    await signals.close();
    await database.drop();
  });

  it('wakes the projector on a notification, and again after its connection was dropped', async () => {
    let heard = 0;
    await signals.open(() => (heard += 1));
    await notify(database.databaseUrl!);
    await eventually(() => heard === 1, 'the first notification');

    expect(await dropListeners(database.databaseUrl!)).toBe(1);
    // Notifications sent while it reconnects may be missed (the poll finds those appends); keep
    // notifying until one arrives on the new connection.
    await eventually(async () => {
      await notify(database.databaseUrl!);
      return heard > 1;
    }, 'a notification after reconnecting');
  });

  it('hears nothing after it is closed', async () => {
    let heard = 0;
    await signals.open(() => (heard += 1));
    await signals.close();
    await notify(database.databaseUrl!);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard).toBe(0);
  });
});
