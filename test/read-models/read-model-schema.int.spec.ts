import type { LedgerDatabase } from '@ledger/platform';
import { PROJECTIONS, ReadModelDatabase, rebuildProjections } from '@ledger/read-models';
import { databaseKindsUnderTest, ledgerDatabaseForEachTest } from '@ledger/testing';
import { schemaOf } from './database-schema';
import { Scenario, type Step } from './ledger-scenario';

const steps: Step[] = [
  { kind: 'envelope', capital: 900 },
  { kind: 'draft', proposer: 'alice', capital: 250, department: 'Housing', statutory: false },
  { kind: 'submit', proposal: 0 },
  { kind: 'review', proposal: 0, reviewer: 'rita', reviewKind: 'financial', score: 4 },
];

describe.each(databaseKindsUnderTest)('the read models schema (%s)', (kind) => {
  let database: LedgerDatabase;
  ledgerDatabaseForEachTest(kind, (opened) => {
    database = opened;
  });

  it('is the same after rebuilds as the migrations made it: the live DDL matches the frozen migrations', async () => {
    const migrated = await schemaOf(database.dataSource);
    expect(Object.keys(migrated.tables)).toEqual(
      expect.arrayContaining(['proposal_register', 'budget_summary', 'projection_checkpoints']),
    );
    await new Scenario(database.eventStore).play(steps);
    const readModels = new ReadModelDatabase(database.dataSource, database.eventStore);
    // Twice: the second rebuild starts from tables the first one swapped in.
    await rebuildProjections(readModels, database.eventStore, PROJECTIONS);
    expect(await schemaOf(database.dataSource)).toEqual(migrated);
    await rebuildProjections(readModels, database.eventStore, PROJECTIONS);
    expect(await schemaOf(database.dataSource)).toEqual(migrated);
  });
});
