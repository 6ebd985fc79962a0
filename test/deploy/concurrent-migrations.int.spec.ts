import { openDatabase } from '@ledger/platform';
import {
  createPostgresTestDatabase,
  describeWithPostgres,
  type TestDatabase,
} from '@ledger/testing';

describeWithPostgres('migrations when several processes start at once on PostgreSQL', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createPostgresTestDatabase();
  });

  afterEach(async () => {
    await database.drop();
  });

  it('runs each migration exactly once and lets every process start', async () => {
    const opened = await Promise.all([1, 2, 3, 4].map(() => openDatabase(database)));
    try {
      const rows = await opened[0].dataSource.query(
        'SELECT name, count(*)::int AS runs FROM ledger_migrations GROUP BY name',
      );
      expect(rows.length).toBeGreaterThanOrEqual(3);
      expect(rows.every((row: { runs: number }) => row.runs === 1)).toBe(true);
    } finally {
      for (const ledger of opened) await ledger.close();
    }
  });
});
