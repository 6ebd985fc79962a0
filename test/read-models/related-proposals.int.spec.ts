import { randomUUID } from 'node:crypto';
import {
  defaultPolicy,
  Money,
  proposalStream,
  splitSpendOf,
  type PolicyInForce,
  type ProposalEvent,
  type RelationFacts,
} from '@ledger/domain';
import type { NewEvent } from '@ledger/event-store';
import { openDatabase, type LedgerDatabase } from '@ledger/platform';
import {
  applyAfterCheckpoint,
  ReadModelDatabase,
  relatedProposalsProjection,
  relationCandidates,
  relationFactsAt,
  saveCheckpoint,
  type Projection,
} from '@ledger/read-models';
import { createTestDatabase, databaseKindsUnderTest, type TestDatabase } from '@ledger/testing';

const DRAFTED_AT = '2026-11-02T10:00:00.000Z';
const policy: PolicyInForce = { ...defaultPolicy(), splitSpendWindowDays: 30 };

function drafted(
  proposalId: string,
  fields: { department?: string; programme?: string; draftedAt?: string } = {},
): ProposalEvent {
  return {
    type: 'ProposalDrafted',
    data: {
      proposalId,
      title: 'Kiosks',
      summary: 'Self-service kiosks.',
      department: fields.department ?? 'Libraries',
      category: 'end-user',
      fiscalYear: '2026-27',
      capitalCost: '60000.00',
      annualRevenueCost: '0.00',
      annualCashableSaving: '0.00',
      annualNonCashableBenefit: '0.00',
      appraisalYears: 1,
      statutory: false,
      risks: null,
      strategicObjectives: [],
      ...(fields.programme ? { programme: fields.programme } : {}),
      proposer: { id: 'p', name: 'Priya' },
      draftedAt: fields.draftedAt ?? DRAFTED_AT,
    },
  };
}

const withdrawn: ProposalEvent = {
  type: 'ProposalWithdrawn',
  data: { reason: 'Merged.', withdrawnAt: DRAFTED_AT },
};

describe.each(databaseKindsUnderTest)('the related proposals read model (%s)', (kind) => {
  // Its own set-up rather than freshReadModelsForEachTest: the speculative-tail tests open a
  // second connection to the same database, as another process would.
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

  /** Runs the projection over the log up to now, as the projector would. */
  async function project(): Promise<void> {
    const { events } = await database.eventStore.readAll({ after: 0, limit: 10_000 });
    await readModels.transaction((sql) =>
      applyAfterCheckpoint(relatedProposalsProjection as Projection<unknown>, sql, events),
    );
  }

  const subject = (facts: readonly RelationFacts[], id: string) =>
    facts.find((candidate) => candidate.proposalId === id)!;

  /** The related set as the whole log says it, against which the indexed read is held. */
  async function relatedByTheLog(id: string): Promise<readonly string[]> {
    const all = await relationFactsAt(database.eventStore, {});
    return splitSpendOf(subject(all, id), all, policy)!.related;
  }

  async function relatedByTheReadModel(id: string): Promise<readonly string[]> {
    const all = await relationFactsAt(database.eventStore, {});
    const me = subject(all, id);
    const candidates = await relationCandidates(readModels, database.eventStore, me, 30);
    return splitSpendOf(me, candidates, policy)!.related;
  }

  it('finds related drafts the projector has not applied yet, from the log past its checkpoint', async () => {
    await append('a', drafted('a'));
    await append('b', drafted('b'));
    await append('elsewhere', drafted('elsewhere', { department: 'Housing' }));
    expect(await relatedByTheReadModel('a')).toEqual(['b']);
    await project();
    await append('c', drafted('c'));
    await append('b', withdrawn);
    expect(await relatedByTheReadModel('a')).toEqual(['c']);
    expect(await relatedByTheLog('a')).toEqual(['c']);
  });

  it('reads a proposal that became related after the checkpoint, by an amendment the table has not seen', async () => {
    await append('a', drafted('a', { programme: 'Self-service' }));
    await append('portal', drafted('portal', { department: 'Housing' }));
    await project();
    await append('portal', {
      type: 'ProposalAmended',
      data: { changes: { programme: 'Self-service' }, amendedAt: DRAFTED_AT },
    });
    expect(await relatedByTheReadModel('a')).toEqual(['portal']);
  });

  it('answers the same when the rows are ahead of the checkpoint it read', async () => {
    await append('a', drafted('a'));
    await append('b', drafted('b'));
    await append('b', withdrawn);
    await append('c', drafted('c', { draftedAt: '2026-12-01T10:00:00.000Z' }));
    await append('d', drafted('d', { draftedAt: '2026-12-03T10:00:00.000Z' }));
    await project();
    // A projector mid-batch: rows saved, checkpoint not yet moved.
    await readModels.transaction((sql) => saveCheckpoint(sql, 'related-proposals', 1));
    expect(await relatedByTheReadModel('a')).toEqual(['c']);
    expect(await relatedByTheLog('a')).toEqual(['c']);
  });

  it('finds a related draft past a checkpoint whose own rows match nothing', async () => {
    await append('elsewhere', drafted('elsewhere', { department: 'Housing' }));
    await project();
    await append('a', drafted('a'));
    await append('b', drafted('b'));
    expect(await relatedByTheReadModel('a')).toEqual(['b']);
  });

  it('passes over changes past the checkpoint to proposals whose keys match nothing', async () => {
    await append('a', drafted('a'));
    await append('b', drafted('b'));
    await append('elsewhere', drafted('elsewhere', { department: 'Housing' }));
    await project();
    await append('elsewhere', withdrawn);
    await append('b', withdrawn);
    expect(await relatedByTheReadModel('a')).toEqual([]);
    await append('elsewhere', {
      type: 'ProposalAmended',
      data: { changes: { department: 'Libraries' }, amendedAt: DRAFTED_AT },
    });
    await append('c', drafted('c'));
    expect(await relatedByTheReadModel('a')).toEqual(['c']);
    expect(await relatedByTheLog('a')).toEqual(['c']);
  });

  describe('reading the tail on speculation, beside the rows', () => {
    // A second connection to the same ledger: its appends are another process's, which this
    // process's store does not hear of.
    let other: LedgerDatabase;

    beforeEach(async () => {
      other = await openDatabase(testDatabase);
    });

    afterEach(async () => {
      await other.close();
    });

    async function appendElsewhere(proposalId: string, event: ProposalEvent): Promise<void> {
      const stream = proposalStream(proposalId);
      const version = (await other.eventStore.readStream(stream)).length;
      await other.eventStore.append([
        {
          streamId: stream,
          expectedVersion: version === 0 ? 'no-stream' : version,
          events: [
            {
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
            },
          ],
        },
      ]);
    }

    it('answers as the log does, read after read, while the projector lags behind', async () => {
      await append('a', drafted('a'));
      await append('b', drafted('b'));
      expect(await relatedByTheReadModel('a')).toEqual(['b']);
      await project();
      expect(await relatedByTheReadModel('a')).toEqual(['b']);
      for (const id of ['c', 'd']) {
        await append(id, drafted(id));
        expect(await relatedByTheReadModel('a')).toEqual(await relatedByTheLog('a'));
      }
      await append('b', withdrawn);
      await append('d', {
        type: 'ProposalAmended',
        data: { changes: { department: 'Housing' }, amendedAt: DRAFTED_AT },
      });
      expect(await relatedByTheReadModel('a')).toEqual(['c']);
      await project();
      await append('e', drafted('e'));
      expect(await relatedByTheReadModel('a')).toEqual(['c', 'e']);
      expect(await relatedByTheLog('a')).toEqual(['c', 'e']);
    });

    it('reads on to the head when another process appended after this one', async () => {
      await append('a', drafted('a'));
      await project();
      expect(await relatedByTheReadModel('a')).toEqual([]);
      await append('elsewhere', drafted('elsewhere', { department: 'Housing' }));
      await appendElsewhere('b', drafted('b'));
      expect(await relatedByTheReadModel('a')).toEqual(['b']);
      expect(await relatedByTheLog('a')).toEqual(['b']);
    });

    it('never builds a proposal from a draft read on speculation whose later change it missed', async () => {
      await append('a', drafted('a'));
      expect(await relatedByTheReadModel('a')).toEqual([]);
      await project();
      expect(await relatedByTheReadModel('a')).toEqual([]);
      // Drafted related in this process, then moved to another department by another, both
      // projected: the speculation (up to this process's last append) reads the draft, not the
      // move; another process appends once more, so the tail past the checkpoint is not empty.
      await append('moved', drafted('moved'));
      await appendElsewhere('moved', {
        type: 'ProposalAmended',
        data: { changes: { department: 'Housing' }, amendedAt: DRAFTED_AT },
      });
      await project();
      await appendElsewhere('elsewhere', drafted('elsewhere', { department: 'Housing' }));
      expect(await relatedByTheReadModel('a')).toEqual([]);
      expect(await relatedByTheLog('a')).toEqual([]);
    });

    it('reads the whole tail again when the checkpoint went back, as after a rebuild', async () => {
      await append('a', drafted('a'));
      await append('b', drafted('b'));
      await project();
      expect(await relatedByTheReadModel('a')).toEqual(['b']);
      await readModels.transaction(async (sql) => {
        await sql.query('DELETE FROM related_proposals');
        await saveCheckpoint(sql, 'related-proposals', 0);
      });
      await append('c', drafted('c'));
      expect(await relatedByTheReadModel('a')).toEqual(['b', 'c']);
    });
  });

  it('reads the log up to a position exactly, pages bounded by it', async () => {
    await append('a', drafted('a'));
    await append('b', drafted('b'));
    await append('c', drafted('c'));
    const ids = async (toPosition: number) =>
      (await relationFactsAt(database.eventStore, { toPosition })).map((facts) => facts.proposalId);
    expect(await ids(2)).toEqual(['a', 'b']);
    expect(await ids(3)).toEqual(['a', 'b', 'c']);
    expect(await ids(0)).toEqual([]);
  });

  it('keeps the whole-life cost of each proposal as amendments change it', async () => {
    await append('a', drafted('a'));
    await project();
    await append('a', {
      type: 'ProposalAmended',
      data: { changes: { annualRevenueCost: '1000.00', appraisalYears: 3 }, amendedAt: DRAFTED_AT },
    });
    await project();
    const rows = await readModels.query(
      'SELECT whole_life_cost_pence FROM related_proposals WHERE proposal_id = ?',
      ['a'],
    );
    expect(Money.fromPence(BigInt(rows[0].whole_life_cost_pence as string)).toString()).toBe(
      '63000.00',
    );
  });
});
