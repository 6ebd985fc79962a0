import fc from 'fast-check';
import {
  evolveProposal,
  initialProposalState,
  proposalStream,
  type ProposalEvent,
  type ProposalState,
} from '@ledger/domain';
import {
  GetProposalHandler,
  GetProposalQuery,
  loadBudget,
  loadPolicyInForce,
  toProposalView,
} from '@ledger/ledger';
import { EventStoreHarness, aManualClock, databaseKindsUnderTest } from '@ledger/testing';
import type { Proposal } from '@ledger/domain';
import { Scenario, stepArbitrary } from '../read-models/ledger-scenario';

describe.each(databaseKindsUnderTest)('reading a proposal as it stood (%s)', (kind) => {
  let harness: EventStoreHarness;

  beforeEach(async () => {
    harness = await EventStoreHarness.create(kind);
  });

  afterEach(async () => {
    await harness.dispose();
  });

  it('equals the fold of exactly the events recorded up to that time or position', async () => {
    const clock = aManualClock('2026-06-01T09:00:00.000Z');
    const store = await harness.open({ clock: clock.now });
    const handler = new GetProposalHandler(store);
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArbitrary, { minLength: 3, maxLength: 25 }),
        fc.nat(),
        async (steps, pick) => {
          const scenario = new Scenario(store, () => clock.iso());
          for (const step of steps) {
            clock.advance(1 + (pick % 3) * 1000);
            await scenario.play([step]);
          }
          const drafts = (await store.readAll({ limit: 10_000 })).events.filter(
            (event) => event.type === 'ProposalDrafted',
          );
          if (drafts.length === 0) return;
          const proposalId = String(drafts[pick % drafts.length].data.proposalId);
          const events = await store.readStream(proposalStream(proposalId));
          const cut = events[pick % events.length];
          const fold = (upTo: (event: (typeof events)[number]) => boolean) =>
            events
              .filter(upTo)
              .reduce<ProposalState>(
                (state, event) =>
                  evolveProposal(state, { type: event.type, data: event.data } as ProposalEvent),
                initialProposalState(),
              );

          const byTime = await handler.execute(
            new GetProposalQuery(proposalId, { asOf: cut.recordedAt }),
          );
          const policyThen = await loadPolicyInForce(store, { asOf: cut.recordedAt });
          const expectedByTime = fold((event) => event.recordedAt <= cut.recordedAt) as Proposal;
          const budgetThen = await loadBudget(store, expectedByTime.fiscalYear, {
            asOf: cut.recordedAt,
          });
          expect(byTime).toEqual(
            toProposalView(
              expectedByTime,
              policyThen,
              expectedByTime.version === 0 ? 0 : events[expectedByTime.version - 1].position,
              budgetThen,
            ),
          );

          const byPosition = await handler.execute(
            new GetProposalQuery(proposalId, { atPosition: cut.position }),
          );
          expect(byPosition.version).toBe(cut.version);
          expect(byPosition.status).toBe(
            (fold((event) => event.position <= cut.position) as Proposal).status,
          );
        },
      ),
      { numRuns: kind === 'postgres' ? 10 : 20 },
    );
  });

  it('has no proposal before its draft was recorded', async () => {
    const clock = aManualClock('2026-06-01T09:00:00.000Z');
    const store = await harness.open({ clock: clock.now });
    await new Scenario(store, () => clock.iso()).play([
      { kind: 'draft', proposer: 'alice', capital: 10, department: 'Housing', statutory: false },
    ]);
    const [drafted] = (await store.readAll()).events;
    const handler = new GetProposalHandler(store);
    await expect(
      handler.execute(
        new GetProposalQuery(String(drafted.data.proposalId), { asOf: '2026-05-31T23:59:59.999Z' }),
      ),
    ).rejects.toMatchObject({ code: 'proposal-not-found' });
    await expect(
      handler.execute(new GetProposalQuery(String(drafted.data.proposalId), { atPosition: 0 })),
    ).rejects.toMatchObject({ code: 'proposal-not-found' });
  });
});
