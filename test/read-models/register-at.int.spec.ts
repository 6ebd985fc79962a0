import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { proposalStream, type ProposalEvent } from '@ledger/domain';
import type { NewEvent } from '@ledger/event-store';
import { openDatabase, type LedgerDatabase } from '@ledger/platform';
import {
  applyAfterCheckpoint,
  evolveRegisterRow,
  proposalRegisterProjection,
  ReadModelDatabase,
  saveCheckpoint,
  submittedOfYearAt,
  type Projection,
  type ProposalRegisterRow,
} from '@ledger/read-models';
import { createTestDatabase, databaseKindsUnderTest, type TestDatabase } from '@ledger/testing';

const AT = '2026-11-02T10:00:00.000Z';
const YEAR = '2026-27';

function drafted(proposalId: string, fiscalYear: string): ProposalEvent {
  return {
    type: 'ProposalDrafted',
    data: {
      proposalId,
      title: `Proposal ${proposalId}`,
      summary: 'A case.',
      department: 'Libraries',
      category: 'end-user',
      fiscalYear,
      capitalCost: '60000.00',
      annualRevenueCost: '0.00',
      annualCashableSaving: '1000.00',
      annualNonCashableBenefit: '0.00',
      appraisalYears: 3,
      statutory: false,
      risks: null,
      strategicObjectives: [],
      proposer: { id: 'p', name: 'Priya' },
      draftedAt: AT,
    },
  };
}

/** What can happen to a drafted proposal next (the register's fold does not judge the order). */
type Step = 'submit' | 'return' | 'withdraw' | 'review' | 'move-year' | 'amend-cost';

function eventOf(step: Step, n: number): ProposalEvent {
  switch (step) {
    case 'submit':
      return { type: 'ProposalSubmitted', data: { submittedAt: AT } };
    case 'return':
      return { type: 'ProposalReturned', data: { reason: 'More detail.', returnedAt: AT } };
    case 'withdraw':
      return { type: 'ProposalWithdrawn', data: { reason: 'Merged.', withdrawnAt: AT } };
    case 'move-year':
      return {
        type: 'ProposalAmended',
        data: { changes: { fiscalYear: n % 2 === 0 ? '2027-28' : YEAR }, amendedAt: AT },
      };
    case 'amend-cost':
      return {
        type: 'ProposalAmended',
        data: { changes: { capitalCost: `${1000 + n}.00` }, amendedAt: AT },
      };
    case 'review':
      return {
        type: 'ReviewRecorded',
        data: {
          reviewId: `review-${n}`,
          kind: 'financial',
          reviewer: { id: 'r', name: 'Rhys' },
          scores: {
            strategicFit: n % 6,
            valueForMoney: 3,
            deliverability: 4,
            riskReduction: 2,
            serviceImpact: 1,
          },
          recommendation: 'support',
          comments: 'Fine.',
          proposalVersion: 2,
          recordedAt: AT,
        },
      } as ProposalEvent;
  }
}

describe.each(databaseKindsUnderTest)('the register at a log position (%s)', (kind) => {
  let testDatabase: TestDatabase;
  let database: LedgerDatabase;
  let readModels: ReadModelDatabase;

  beforeEach(async () => {
    testDatabase = await createTestDatabase(kind);
    database = await openDatabase(testDatabase);
    readModels = new ReadModelDatabase(database.dataSource, database.eventStore);
  });

  afterEach(async () => {
    await database.close();
    await testDatabase.drop();
  });

  async function append(proposalId: string, event: ProposalEvent): Promise<void> {
    const stream = proposalStream(proposalId);
    const version = (await database.eventStore.readStream(stream)).length;
    const newEvent: NewEvent = {
      eventId: randomUUID(),
      type: event.type,
      schemaVersion: 1,
      data: event.data as unknown as NewEvent['data'],
      metadata: {
        actor: { id: 'p', name: 'Priya' },
        roles: ['proposer'],
        correlationId: randomUUID(),
        causationId: null,
      },
    };
    await database.eventStore.append([
      {
        streamId: stream,
        expectedVersion: version === 0 ? 'no-stream' : version,
        events: [newEvent],
      },
    ]);
  }

  /** The register's rows after applying the log up to `rowsAt`, with the checkpoint left at `checkpoint`. */
  async function project(rowsAt: number, checkpoint: number): Promise<void> {
    const { events } = await database.eventStore.readAll({ after: 0, limit: 10_000 });
    await readModels.transaction(async (sql) => {
      await sql.query('DELETE FROM proposal_register', []);
      await saveCheckpoint(sql, proposalRegisterProjection.name, 0);
      await applyAfterCheckpoint(
        proposalRegisterProjection as Projection<unknown>,
        sql,
        events.filter((event) => event.position <= rowsAt),
      );
      await saveCheckpoint(sql, proposalRegisterProjection.name, checkpoint);
    });
  }

  /** The year's submitted proposals by replaying the whole log up to `position`. */
  async function byReplay(position: number): Promise<ProposalRegisterRow[]> {
    if (position === 0) return [];
    const { events } = await database.eventStore.readAll({ after: 0, limit: position });
    const rows = new Map<string, ProposalRegisterRow | null>();
    for (const event of events) {
      const id = proposalRegisterProjection.keyOf(event)!;
      rows.set(id, evolveRegisterRow(rows.get(id) ?? null, event));
    }
    return [...rows.values()]
      .filter(
        (row): row is ProposalRegisterRow =>
          row !== null && row.fiscalYear === YEAR && row.status === 'submitted',
      )
      .sort((a, b) => a.seq - b.seq);
  }

  it('gives the rows a replay gives at every position, the projector behind, caught up, ahead or mid-batch', async () => {
    const steps = fc.constantFrom<Step>(
      'submit',
      'submit',
      'return',
      'withdraw',
      'review',
      'move-year',
      'amend-cost',
    );
    const history = fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), steps), {
      minLength: 1,
      maxLength: 30,
    });
    const runs = kind === 'sqlite' ? 15 : 6;
    await fc.assert(
      fc.asyncProperty(history, fc.nat(), fc.nat(), async (log, rowsSeed, lagSeed) => {
        await project(0, 0);
        const drafts = new Set<number>();
        const tag = randomUUID().slice(0, 8);
        let n = 0;
        for (const [who, step] of log) {
          const id = `${tag}-${who}`;
          if (!drafts.has(who)) {
            drafts.add(who);
            await append(id, drafted(id, who % 3 === 0 ? '2027-28' : YEAR));
          }
          await append(id, eventOf(step, n++));
        }
        const head = (await database.eventStore.readHead()).position;
        // Rows as of one point, the checkpoint at or below it (a projector mid-batch), anywhere.
        const rowsAt = rowsSeed % (head + 1);
        await project(rowsAt, rowsAt - (lagSeed % (rowsAt + 1)));
        for (let position = 0; position <= head; position++) {
          const fromRegister = await submittedOfYearAt(
            readModels,
            database.eventStore,
            YEAR,
            position,
          );
          expect(fromRegister).toEqual(await byReplay(position));
        }
      }),
      { numRuns: runs },
    );
  }, 180_000);
});
