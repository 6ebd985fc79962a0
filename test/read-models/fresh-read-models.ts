import type { LedgerDatabase } from '@ledger/platform';
import { ReadModelDatabase } from '@ledger/read-models';
import { ledgerDatabaseForEachTest, type DatabaseKindUnderTest } from '@ledger/testing';
import { playScenario, type Step } from './ledger-scenario';

export interface FreshReadModels {
  /** The ledger's database: its event store and the data source the read models live in. */
  readonly database: LedgerDatabase;
  readonly readModels: ReadModelDatabase;
}

/**
 * Before each test, a new database of the kind, opened as the ledger opens it, with the read models
 * over it and (when given) the steps already in its log; handed to `use`, which keeps them for the
 * test, e.g. `(fresh) => ({ database, readModels } = fresh)`. Closed and dropped after each test.
 */
export function freshReadModelsForEachTest(
  kind: DatabaseKindUnderTest,
  use: (fresh: FreshReadModels) => void,
  steps: readonly Step[] = [],
): void {
  ledgerDatabaseForEachTest(kind, async (database) => {
    use({ database, readModels: new ReadModelDatabase(database.dataSource, database.eventStore) });
    if (steps.length > 0) await playScenario(database.eventStore, steps);
  });
}
