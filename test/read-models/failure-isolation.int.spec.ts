import type { LedgerDatabase } from '@ledger/platform';
import {
  isolateFailure,
  loadCheckpoints,
  proposalRegisterProjection,
  ReadModelDatabase,
  type Projection,
  type ProjectionStatus,
} from '@ledger/read-models';
import { databaseKindsUnderTest } from '@ledger/testing';
import { type Step } from './ledger-scenario';
import { freshReadModelsForEachTest } from './fresh-read-models';

const steps: Step[] = [
  { kind: 'draft', proposer: 'alice', capital: 250, department: 'Housing', statutory: false },
  { kind: 'submit', proposal: 0 },
  { kind: 'review', proposal: 0, reviewer: 'rita', reviewKind: 'financial', score: 4 },
  { kind: 'return', proposal: 0 },
];

const start: ProjectionStatus = {
  name: 'proposal-register',
  position: 0,
  failedPosition: null,
  error: null,
  updatedAt: null,
};

describe.each(databaseKindsUnderTest)('isolating a failing event (%s)', (kind) => {
  let database: LedgerDatabase;
  let readModels: ReadModelDatabase;
  freshReadModelsForEachTest(kind, (fresh) => ({ database, readModels } = fresh), steps);

  it('applies the events before the failing one, and records the failing one with its reason', async () => {
    const events = (await database.eventStore.readAll()).events;
    const review = events.find((event) => event.type === 'ReviewRecorded')!;
    const poisoned: Projection<unknown> = {
      ...(proposalRegisterProjection as Projection<unknown>),
      evolve(row, event) {
        if (event.type === 'ReviewRecorded') throw new Error('cannot apply a review');
        return proposalRegisterProjection.evolve(row as never, event);
      },
    };
    const logged: string[] = [];
    const status = await isolateFailure(readModels, poisoned, events, start, {
      log: () => undefined,
      error: (message) => logged.push(message),
    });
    expect(status).toMatchObject({
      position: review.position - 1,
      failedPosition: review.position,
      error: 'cannot apply a review',
    });
    expect(logged).toEqual([
      `Projection proposal-register stopped at position ${review.position} (ReviewRecorded): cannot apply a review`,
    ]);
    const [stored] = await loadCheckpoints(readModels, [poisoned]);
    expect(stored).toMatchObject({
      position: review.position - 1,
      failedPosition: review.position,
      error: 'cannot apply a review',
    });
    // Applied up to the review, and not past it: the return that follows is not skipped over.
    const [row] = await readModels.query<{ status: string; version: unknown }>(
      'SELECT status, version FROM proposal_register',
    );
    expect([row.status, Number(row.version)]).toEqual(['submitted', 2]);
  });

  it('applies them all when none fails', async () => {
    const events = (await database.eventStore.readAll()).events;
    const status = await isolateFailure(
      readModels,
      proposalRegisterProjection as Projection<unknown>,
      events,
      start,
    );
    expect(status).toMatchObject({
      position: events[events.length - 1].position,
      failedPosition: null,
    });
  });
});
