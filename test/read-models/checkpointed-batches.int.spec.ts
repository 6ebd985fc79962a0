import type { LedgerDatabase } from '@ledger/platform';
import {
  CheckpointedBatches,
  loadCheckpoints,
  PROJECTIONS,
  ReadModelDatabase,
} from '@ledger/read-models';
import { databaseKindsUnderTest } from '@ledger/testing';
import { playScenario, type Step } from './ledger-scenario';
import { freshReadModelsForEachTest } from './fresh-read-models';

const steps: Step[] = [
  { kind: 'envelope', capital: 900 },
  { kind: 'draft', proposer: 'alice', capital: 250, department: 'Housing', statutory: false },
  { kind: 'draft', proposer: 'pat', capital: 120, department: 'Waste', statutory: true },
  { kind: 'submit', proposal: 0 },
  { kind: 'review', proposal: 0, reviewer: 'rita', reviewKind: 'financial', score: 4 },
  { kind: 'review', proposal: 0, reviewer: 'tom', reviewKind: 'technical', score: 5 },
  { kind: 'approve', proposal: 0 },
];

describe.each(databaseKindsUnderTest)('checkpointed batches (%s)', (kind) => {
  let database: LedgerDatabase;
  let readModels: ReadModelDatabase;
  freshReadModelsForEachTest(kind, (fresh) => ({ database, readModels } = fresh), steps);

  it('reads the log a page at a time and stores each projection checkpoint at the head', async () => {
    const head = (await database.eventStore.readHead()).position;
    const pages: [number, number][] = [];
    const batches = new CheckpointedBatches(readModels, database.eventStore, PROJECTIONS, {
      batchSize: 3,
      onBatch: (applied, position) => pages.push([applied, position]),
    });
    expect(batches.statuses()).toBeNull();
    expect(await batches.catchUp()).toBe(head);
    expect(pages.map(([, position]) => position)).toEqual(
      Array.from({ length: Math.ceil(head / 3) }, (_, i) => Math.min(3 * (i + 1), head)),
    );
    // Every projection's checkpoint stands at the head, however many projections there are.
    const atHead = PROJECTIONS.map(() => head);
    expect(batches.statuses()!.map((status) => status.position)).toEqual(atHead);
    expect((await loadCheckpoints(readModels, PROJECTIONS)).map((s) => s.position)).toEqual(atHead);
    expect(await batches.catchUp()).toBe(0);
  });

  it('lets the stored checkpoint, not its memory, decide what is new', async () => {
    const behind = new CheckpointedBatches(readModels, database.eventStore, PROJECTIONS);
    await behind.catchUp();
    await playScenario(database.eventStore, [
      { kind: 'benefits', proposal: 0 },
      { kind: 'withdraw', proposal: 1 },
    ]);
    // Another process (a rebuild's swap, the next leader) applies the new events first.
    await new CheckpointedBatches(readModels, database.eventStore, PROJECTIONS).catchUp();
    const register = await readModels.query('SELECT * FROM proposal_register ORDER BY id');
    const budgets = await readModels.query('SELECT * FROM budget_summary');
    // This one still remembers the old positions, and must apply none of those events again.
    await behind.catchUp();
    expect(await readModels.query('SELECT * FROM proposal_register ORDER BY id')).toEqual(register);
    expect(await readModels.query('SELECT * FROM budget_summary')).toEqual(budgets);
    const head = (await database.eventStore.readHead()).position;
    expect(behind.statuses()!.map((status) => status.position)).toEqual(
      PROJECTIONS.map(() => head),
    );
  });
});
