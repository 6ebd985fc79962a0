import { openDatabase, type LedgerDatabase } from '@ledger/platform';
import {
  createTestDatabase,
  type DatabaseKindUnderTest,
  type TestDatabase,
} from './test-databases';

/**
 * Before each test, a new database of the kind opened as the ledger opens it (migrated, with its
 * event store), handed to `use`, which keeps it for the test, e.g. `(opened) => { database = opened; }`;
 * closed and dropped after each test. Call it in a `describe` block.
 */
export function ledgerDatabaseForEachTest(
  kind: DatabaseKindUnderTest,
  use: (database: LedgerDatabase) => void | Promise<void>,
): void {
  let testDatabase: TestDatabase | undefined;
  let database: LedgerDatabase | undefined;

  beforeEach(async () => {
    testDatabase = await createTestDatabase(kind);
    database = await openDatabase(testDatabase);
    await use(database);
  });

  afterEach(async () => {
    await database?.close();
    await testDatabase?.drop();
    database = testDatabase = undefined;
  });
}
