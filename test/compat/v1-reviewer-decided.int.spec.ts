import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetProposalHandler, GetProposalQuery } from '@ledger/ledger';
import { openDatabase, type LedgerDatabase } from '@ledger/platform';
import {
  PROJECTIONS,
  Projector,
  ReadModelDatabase,
  forwardPlan,
  listProposals,
} from '@ledger/read-models';
import { createTestDatabase, databaseKindsUnderTest, type TestDatabase } from '@ledger/testing';

/**
 * A log recorded by the domain before wave 2 (commit d66d191): Rhea reviewed proposal A and then
 * approved it, reviewed proposal B, returned it and after resubmission rejected it. Wave 2 forbids
 * both, for commands from the upgrade on; the recorded decisions keep their meaning.
 */
const v1 = JSON.parse(
  readFileSync(join(__dirname, 'fixtures', 'v1-reviewer-decided.json'), 'utf8'),
) as {
  log: { streamId: string; type: string; data: Record<string, unknown> }[];
  reads: Record<string, Record<string, unknown>>;
};

describe.each(databaseKindsUnderTest)('a v1 ledger in which a reviewer decided (%s)', (kind) => {
  let testDatabase: TestDatabase;
  let database: LedgerDatabase;

  beforeAll(async () => {
    testDatabase = await createTestDatabase(kind);
    database = await openDatabase(testDatabase);
    // One append per event, in the order recorded, so positions are those the reads were taken at.
    for (const event of v1.log) {
      await database.eventStore.append([
        {
          streamId: event.streamId,
          expectedVersion: 'any',
          events: [
            {
              eventId: randomUUID(),
              type: event.type,
              schemaVersion: 1,
              data: event.data as never,
              metadata: {
                actor: { id: 'v1', name: 'v1' },
                roles: [],
                correlationId: randomUUID(),
                causationId: null,
              },
            },
          ],
        },
      ]);
    }
  });

  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  it.each(Object.keys(v1.reads))('reads proposal %s as v1 answered it', async (proposalId) => {
    const read = await new GetProposalHandler(database.eventStore).execute(
      new GetProposalQuery(proposalId),
    );
    expect(read).toMatchObject(v1.reads[proposalId]);
    // The new fields read as their defaults.
    expect(read.keyDecision).toEqual({ required: false, notices: [] });
    expect(read.reviews.every((review) => !review.withdrawnByConflict)).toBe(true);
    expect(read.decision?.decidedBy.id).toBe('rhea');
    expect(read.decision?.snapshot).not.toHaveProperty('keyDecision');
  });

  it('projects it into the register and an empty forward plan', async () => {
    const readModels = new ReadModelDatabase(database.dataSource, database.eventStore);
    await new Projector(readModels, database.eventStore, PROJECTIONS).catchUp();
    const { rows } = await listProposals(readModels, { limit: 10 });
    expect(rows.map((row) => [row.id, row.status]).sort()).toEqual(
      Object.entries(v1.reads)
        .map(([id, read]) => [id, read.status])
        .sort(),
    );
    expect(await forwardPlan(readModels, {})).toEqual([]);
  });
});
