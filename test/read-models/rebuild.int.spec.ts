import type { LedgerDatabase } from '@ledger/platform';
import { PROJECTIONS, Projector, ReadModelDatabase, rebuildProjections } from '@ledger/read-models';
import { databaseKindsUnderTest } from '@ledger/testing';
import { Scenario, type Step } from './ledger-scenario';
import { freshReadModelsForEachTest } from './fresh-read-models';

const steps: Step[] = [
  { kind: 'envelope', capital: 900 },
  { kind: 'draft', proposer: 'alice', capital: 250, department: 'Housing', statutory: false },
  { kind: 'draft', proposer: 'pat', capital: 120, department: 'Waste', statutory: true },
  { kind: 'submit', proposal: 0 },
  { kind: 'review', proposal: 0, reviewer: 'rita', reviewKind: 'financial', score: 4 },
  { kind: 'review', proposal: 0, reviewer: 'tom', reviewKind: 'technical', score: 5 },
  { kind: 'approve', proposal: 0 },
  { kind: 'benefits', proposal: 0 },
];

async function rows(readModels: ReadModelDatabase) {
  const normalise = (list: Record<string, unknown>[]) =>
    list.map((row) =>
      JSON.stringify(
        Object.values(row).map((value) =>
          value === null ? null : typeof value === 'object' ? JSON.stringify(value) : String(value),
        ),
      ),
    );
  return {
    register: normalise(await readModels.query('SELECT * FROM proposal_register ORDER BY id')),
    budgets: normalise(await readModels.query('SELECT * FROM budget_summary ORDER BY fiscal_year')),
    benefits: normalise(
      await readModels.query('SELECT * FROM benefit_register ORDER BY proposal_id'),
    ),
    benefitLines: normalise(
      await readModels.query('SELECT * FROM benefit_lines ORDER BY proposal_id, line_id'),
    ),
    benefitYearTotals: normalise(
      await readModels.query('SELECT * FROM benefit_year_totals ORDER BY proposal_id, fiscal_year'),
    ),
  };
}

describe.each(databaseKindsUnderTest)('rebuilding read models (%s)', (kind) => {
  let database: LedgerDatabase;
  let readModels: ReadModelDatabase;
  freshReadModelsForEachTest(kind, (fresh) => ({ database, readModels } = fresh));

  it('replaces damaged tables with ones rebuilt from the log, and the live projector carries on', async () => {
    const scenario = new Scenario(database.eventStore);
    await scenario.play(steps);
    const live = new Projector(readModels, database.eventStore, PROJECTIONS);
    await live.catchUp();
    const expected = await rows(readModels);
    await readModels.transaction(async (sql) => {
      await sql.query("UPDATE proposal_register SET title = 'tampered'");
      await sql.query('UPDATE budget_summary SET committed_pence = 1');
    });

    const progress: number[] = [];
    const result = await rebuildProjections(readModels, database.eventStore, PROJECTIONS, {
      batchSize: 3,
      onProgress: ({ applied }) => progress.push(applied),
    });
    expect(result.position).toBe((await database.eventStore.readHead()).position);
    expect(progress.length).toBeGreaterThan(1);
    expect(await rows(readModels)).toEqual(expected);

    await scenario.play([
      { kind: 'draft', proposer: 'pat', capital: 5, department: 'Parks', statutory: false },
    ]);
    await live.catchUp();
    const register = await readModels.query<{ title: string }>(
      'SELECT title FROM proposal_register ORDER BY seq',
    );
    expect(register.map((row) => row.title)).toEqual(['Proposal 1', 'Proposal 2', 'Proposal 3']);
  });

  it('includes events the live projector applied while the rebuild ran, without applying any twice', async () => {
    const scenario = new Scenario(database.eventStore);
    await scenario.play(steps);
    const live = new Projector(readModels, database.eventStore, PROJECTIONS);
    await live.catchUp();
    let meanwhile: Promise<void> | null = null;
    await rebuildProjections(readModels, database.eventStore, PROJECTIONS, {
      batchSize: 2,
      onProgress: () => {
        meanwhile ??= (async () => {
          await scenario.play([
            { kind: 'submit', proposal: 1 },
            { kind: 'draft', proposer: 'alice', capital: 7, department: 'Parks', statutory: false },
          ]);
          await live.catchUp();
        })();
      },
    });
    await meanwhile;
    await live.catchUp();
    const rebuilt = await rows(readModels);
    const reference = new ReadModelDatabase(database.dataSource, database.eventStore);
    await reference.transaction(async (sql) => {
      await sql.query('DELETE FROM proposal_register');
      await sql.query('DELETE FROM budget_summary');
      await sql.query('DELETE FROM projection_checkpoints');
    });
    await new Projector(reference, database.eventStore, PROJECTIONS).catchUp();
    expect(await rows(reference)).toEqual(rebuilt);
  });
});
