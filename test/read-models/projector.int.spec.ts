import fc from 'fast-check';
import type { LedgerDatabase } from '@ledger/platform';
import {
  PROJECTIONS,
  Projector,
  ReadModelDatabase,
  budgetSummaryProjection,
  proposalRegisterProjection,
  type Projection,
} from '@ledger/read-models';
import { databaseKindsUnderTest } from '@ledger/testing';
import { playScenario, Scenario, stepArbitrary, type Step } from './ledger-scenario';
import { freshReadModelsForEachTest } from './fresh-read-models';

async function snapshot(readModels: ReadModelDatabase) {
  const register = await readModels.query('SELECT * FROM proposal_register ORDER BY id');
  const budgets = await readModels.query('SELECT * FROM budget_summary ORDER BY fiscal_year');
  const normalise = (rows: Record<string, unknown>[]) =>
    rows.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([key, value]) => [
          key,
          value === null ? null : typeof value === 'object' ? JSON.stringify(value) : String(value),
        ]),
      ),
    );
  return { register: normalise(register), budgets: normalise(budgets) };
}

async function clearReadModels(readModels: ReadModelDatabase): Promise<void> {
  await readModels.transaction(async (sql) => {
    await sql.query('DELETE FROM proposal_register');
    await sql.query('DELETE FROM budget_summary');
    await sql.query('DELETE FROM related_proposals');
    await sql.query('DELETE FROM projection_checkpoints');
  });
}

const someSteps: Step[] = [
  { kind: 'envelope', capital: 900 },
  { kind: 'draft', proposer: 'alice', capital: 250, department: 'Housing', statutory: false },
  { kind: 'draft', proposer: 'pat', capital: 120, department: 'Waste', statutory: true },
  { kind: 'submit', proposal: 0 },
  { kind: 'submit', proposal: 1 },
  { kind: 'review', proposal: 0, reviewer: 'rita', reviewKind: 'financial', score: 4 },
  { kind: 'review', proposal: 0, reviewer: 'tom', reviewKind: 'technical', score: 5 },
  { kind: 'approve', proposal: 0 },
  { kind: 'benefits', proposal: 0 },
  { kind: 'withdraw', proposal: 1 },
];

describe.each(databaseKindsUnderTest)('the projector (%s)', (kind) => {
  let database: LedgerDatabase;
  let readModels: ReadModelDatabase;
  freshReadModelsForEachTest(kind, (fresh) => ({ database, readModels } = fresh));

  it('projects a proposal through approval and benefits into the register and the budget', async () => {
    await playScenario(database.eventStore, someSteps);
    const projector = new Projector(readModels, database.eventStore, PROJECTIONS, { batchSize: 4 });
    await projector.catchUp();
    const { register, budgets } = await snapshot(readModels);
    expect(
      register.map((row) => [
        row.title,
        row.status,
        row.department,
        row.approved_amount_pence,
        row.realised_cashable_pence,
        row.review_count,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['Proposal 1', 'approved', 'Housing', '25000000', '150050', '2'],
        ['Proposal 2', 'withdrawn', 'Waste', null, '0', '0'],
      ]),
    );
    expect(budgets).toEqual([
      expect.objectContaining({
        fiscal_year: '2026-27',
        capital_envelope_pence: '90000000',
        committed_pence: '25000000',
        commitment_count: '1',
      }),
    ]);
    const head = await database.eventStore.readHead();
    expect((await projector.currentPositions()).map((status) => status.position)).toEqual(
      PROJECTIONS.map(() => head.position),
    );
  });

  it('gives the same rows replaying the whole log into empty tables as building them batch by batch', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArbitrary, { minLength: 5, maxLength: 40 }),
        fc.integer({ min: 1, max: 7 }),
        async (steps, batchSize) => {
          await clearReadModels(readModels);
          const incremental = new Projector(readModels, database.eventStore, PROJECTIONS, {
            batchSize,
          });
          await incremental.catchUp();
          const scenario = new Scenario(database.eventStore);
          for (let i = 0; i < steps.length; i += 4) {
            await scenario.play(steps.slice(i, i + 4));
            await incremental.catchUp();
          }
          const built = await snapshot(readModels);
          await clearReadModels(readModels);
          await new Projector(readModels, database.eventStore, PROJECTIONS, {
            batchSize: 1000,
          }).catchUp();
          expect(await snapshot(readModels)).toEqual(built);
        },
      ),
      { numRuns: kind === 'postgres' ? 8 : 15 },
    );
  });

  it('applies every event exactly once when it dies mid-batch and a new projector resumes', async () => {
    await playScenario(database.eventStore, [...someSteps, ...someSteps, ...someSteps]);
    await new Projector(readModels, database.eventStore, PROJECTIONS, {
      batchSize: 1000,
    }).catchUp();
    const uninterrupted = await snapshot(readModels);
    await clearReadModels(readModels);

    let batches = 0;
    const dying = (projection: Projection<unknown>): Projection<unknown> => ({
      ...projection,
      async save(sql, rows, prefix) {
        await projection.save(sql, rows, prefix);
        batches += 1;
        if (batches >= 3)
          throw new Error('killed after writing rows, before the checkpoint committed');
      },
    });
    const first = new Projector(
      readModels,
      database.eventStore,
      [
        dying(proposalRegisterProjection as Projection<unknown>),
        budgetSummaryProjection as Projection<unknown>,
      ],
      { batchSize: 3 },
    );
    await first.catchUp();
    expect((await first.loadStatus())[0].failedPosition).not.toBeNull();

    await new Projector(readModels, database.eventStore, PROJECTIONS, { batchSize: 3 }).catchUp();
    expect(await snapshot(readModels)).toEqual(uninterrupted);
  });

  it('stops a projection at the event it cannot apply, shows it, and does not skip it', async () => {
    await playScenario(database.eventStore, someSteps);
    const poisoned: Projection<unknown> = {
      ...(proposalRegisterProjection as Projection<unknown>),
      evolve(row, event) {
        if (event.type === 'ReviewRecorded') throw new Error('cannot apply a review');
        return proposalRegisterProjection.evolve(row as never, event);
      },
    };
    const projector = new Projector(
      readModels,
      database.eventStore,
      [poisoned, budgetSummaryProjection as Projection<unknown>],
      { batchSize: 100 },
    );
    await projector.catchUp();
    const firstReview = (await database.eventStore.readAll({ limit: 100 })).events.find(
      (event) => event.type === 'ReviewRecorded',
    )!;
    const [register, budgets] = await projector.loadStatus();
    expect(register).toMatchObject({
      failedPosition: firstReview.position,
      position: firstReview.position - 1,
      error: 'cannot apply a review',
    });
    expect(budgets.failedPosition).toBeNull();
    expect(budgets.position).toBe((await database.eventStore.readHead()).position);
  });
});
