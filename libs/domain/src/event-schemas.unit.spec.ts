import fc from 'fast-check';
import { decideBudget, evolveBudget, initialBudgetState } from './budget/budget.decider';
import { budgetStream } from './budget/budget.events';
import { DomainError } from './domain.errors';
import { parseLedgerEvent } from './ledger-events';
import { addDays, londonDateOf } from './london-date';
import { Money } from './money';
import { decidePolicy, defaultPolicy } from './policy/policy.decider';
import { policyStream } from './policy/policy.events';
import { ProposalCommand } from './proposal/proposal.commands';
import { decideOnProposal, decideProposal } from './proposal/proposal.decider';
import { CATEGORIES, CRITERIA, proposalStream, REVIEW_KINDS } from './proposal/proposal.events';
import { evolveProposal, initialProposalState, ProposalState } from './proposal/proposal.state';
import { decideAdoption, decideScenario, evolveScenario } from './scenario/scenario.decider';
import { scenarioStream } from './scenario/scenario.events';
import {
  aBoardMember,
  aFinanceOfficer,
  anAdmin,
  aProposer,
  aReviewer,
  by,
  PROPOSAL_ID,
} from './testing/fixtures';

/** What the store would hand back: the event's data after a round trip through JSON. */
function readBack(event: { type: string; data: object }, streamId: string) {
  return parseLedgerEvent({
    position: 1,
    streamId,
    type: event.type,
    schemaVersion: 1,
    data: JSON.parse(JSON.stringify(event.data)),
  });
}

/** The event as the store keeps it: JSON has no -0, so a weight of -0 is stored as 0. */
function asStored<T>(event: T): T {
  return JSON.parse(JSON.stringify(event));
}

function decidedOrRefused<T>(decide: () => T): T | null {
  try {
    return decide();
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}

// Mostly valid inputs, so that walks get past the draft, and now and then one the decider refuses.
const money = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .bigInt({ min: 0n, max: Money.MAX_PENCE })
      .map((pence) => Money.fromPence(pence).toString()),
  },
  { weight: 1, arbitrary: fc.constantFrom('0', '15000', '1.5', '999999999999.99', '-1', '1e3') },
);
const text = fc.oneof(
  { weight: 8, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'Fixed') },
);
const instant = fc
  .date({ min: new Date('2020-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
  .map((date) => date.toISOString());
const fiscalYear = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('2026-27', '2030-31', '1999-00') },
  { weight: 1, arbitrary: fc.constantFrom('2026-28', '26-27') },
);

const draftInput = fc.record({
  title: text,
  summary: text,
  department: text,
  category: fc.constantFrom<string>(...CATEGORIES, 'furniture'),
  fiscalYear,
  capitalCost: money,
  annualRevenueCost: money,
  annualCashableSaving: money,
  annualNonCashableBenefit: money,
  appraisalYears: fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 1, max: 15 }) },
    { weight: 1, arbitrary: fc.constantFrom(0, 16) },
  ),
  statutory: fc.boolean(),
  risks: fc.option(text, { nil: null }),
  strategicObjectives: fc.array(text, { maxLength: 3 }),
  programme: fc.option(text, { nil: undefined }),
});
// Split-spend checks on or off, with a related proposal and maybe a reason.
const splitSpend = fc.tuple(fc.boolean(), fc.option(text, { nil: undefined }), money);
const scores = fc.record(
  Object.fromEntries(
    CRITERIA.map((criterion) => [
      criterion,
      fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 5 }) }, fc.constantFrom(-1, 6)),
    ]),
  ),
);
const outcome = fc.constantFrom('approved', 'rejected', 'deferred') as fc.Arbitrary<
  'approved' | 'rejected' | 'deferred'
>;

describe('the event schemas', () => {
  it('accept every event the proposal decider produces, read back unchanged', () => {
    const proposer = aProposer();
    const board = aBoardMember({ authorities: ['cabinet'] });
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        draftInput,
        fc.array(fc.tuple(fc.constantFrom(...REVIEW_KINDS), scores, text), { maxLength: 3 }),
        outcome,
        fc.tuple(money, fc.array(text, { maxLength: 2 }), fc.option(text, { nil: undefined })),
        fc.constantFrom('2099-01-01', '2099-06-30T12:00:00.000Z', 'soon'),
        fc.tuple(fiscalYear, money, money, text),
        instant,
        fc.tuple(
          fc.integer({ min: -1, max: 60 }),
          fc.option(
            fc
              .bigInt({ min: 0n, max: Money.MAX_PENCE })
              .map((pence) => Money.fromPence(pence).toString()),
            { nil: null },
          ),
          fc.option(
            fc.oneof(
              fc.record({
                procedure: fc.constant('special-urgency'),
                agreedBy: text,
                reason: text,
              }),
              fc.constant({ procedure: 'general-exception' }),
            ),
            { nil: undefined },
          ),
        ),
        splitSpend,
        (
          input,
          reviews,
          decision,
          [amount, conditions, meetingRef],
          deferredUntil,
          benefits,
          now,
          [noticeDaysAgo, keyDecisionThreshold, urgencyShape],
          [checksOn, splitSpendReason, relatedCost],
        ) => {
          const today = londonDateOf(now);
          const publishedOn = noticeDaysAgo < 0 ? 'soon' : addDays(today, -noticeDaysAgo);
          const urgency =
            urgencyShape?.procedure === 'general-exception'
              ? { ...urgencyShape, scrutinyChairInformedOn: today, publishedOn: addDays(today, -6) }
              : urgencyShape;
          const budget = [
            {
              type: 'BudgetEnvelopeSet' as const,
              data: {
                fiscalYear: input.fiscalYear,
                capitalEnvelope: '999999999999.99',
                revenueEnvelope: '0.00',
                setAt: now,
              },
            },
          ].reduce(evolveBudget, initialBudgetState());
          const commands: ProposalCommand[] = [
            {
              type: 'DraftProposal',
              data: { ...input, proposalId: PROPOSAL_ID },
              metadata: by(proposer, now),
            },
            {
              type: 'SubmitProposal',
              data: { proposalId: PROPOSAL_ID },
              metadata: by(proposer, now),
            },
            ...reviews.map(([kind, reviewScores, comments], index): ProposalCommand => ({
              type: 'RecordReview',
              data: {
                proposalId: PROPOSAL_ID,
                reviewId: `review-${index}`,
                kind,
                scores: reviewScores,
                recommendation: 'support',
                comments,
              },
              metadata: by(aReviewer({ id: `reviewer-${index}` }), now),
            })),
            {
              type: 'DeclareConflictOfInterest',
              data: { proposalId: PROPOSAL_ID, statement: 'I know the vendor.' },
              metadata: by(aReviewer({ id: 'someone-else' }), now),
            },
            {
              type: 'PublishKeyDecisionNotice',
              data: {
                proposalId: PROPOSAL_ID,
                noticeId: 'notice-1',
                publishedOn,
                decisionDue: noticeDaysAgo < 0 ? 'later' : addDays(publishedOn, 30),
                decisionMaker: 'cabinet',
                summary: 'A key decision.',
              },
              metadata: by(board, now),
              policy: defaultPolicy(),
            },
            {
              type: 'DecideProposal',
              data: {
                proposalId: PROPOSAL_ID,
                outcome: decision,
                authority: 'cabinet',
                reason: 'Decided.',
                ...(decision === 'approved' ? { approvedAmount: amount, conditions } : {}),
                ...(decision === 'deferred' ? { deferredUntil } : {}),
                ...(meetingRef === undefined ? {} : { meetingRef }),
                ...(urgency === undefined || decision === 'deferred' ? {} : { urgency }),
                ...(splitSpendReason === undefined || decision !== 'approved'
                  ? {}
                  : { splitSpendReason }),
              },
              metadata: by(board, now),
              policy: {
                ...defaultPolicy(),
                requiredReviewKinds: [],
                keyDecisionThreshold:
                  keyDecisionThreshold === null ? null : Money.parse(keyDecisionThreshold),
                splitSpendWindowDays: checksOn ? 30 : null,
              },
              budget,
              relatedProposals: Money.isValid(relatedCost)
                ? [
                    {
                      proposalId: 'related',
                      programme: input.programme ?? null,
                      department: input.department,
                      category: input.category,
                      draftedAt: now,
                      wholeLifeCost: Money.parse(relatedCost),
                      status: 'submitted',
                    },
                  ]
                : [],
            },
            {
              type: 'RecordBenefits',
              data: {
                proposalId: PROPOSAL_ID,
                period: benefits[0],
                cashableSaving: benefits[1],
                nonCashableBenefit: benefits[2],
                note: benefits[3],
              },
              metadata: by(aFinanceOfficer(), now),
            },
          ];
          let state: ProposalState = initialProposalState();
          for (const command of commands) {
            const decided = decidedOrRefused(() =>
              command.type === 'DecideProposal'
                ? decideOnProposal(command, state)
                : { proposalEvents: decideProposal(command, state), budgetEvents: [] },
            );
            if (!decided) continue;
            for (const event of decided.proposalEvents) {
              expect(readBack(event, proposalStream(PROPOSAL_ID))).toEqual(asStored(event));
              seen.add(event.type);
            }
            for (const event of decided.budgetEvents) {
              expect(readBack(event, budgetStream(input.fiscalYear))).toEqual(asStored(event));
              seen.add(event.type);
            }
            state = decided.proposalEvents.reduce(evolveProposal, state);
          }
        },
      ),
      { numRuns: 300 },
    );
    // Only convincing if the walks reached every kind of event they can produce.
    expect([...seen].sort()).toEqual(
      [
        'BenefitsRecorded',
        'ConflictOfInterestDeclared',
        'FundsCommitted',
        'KeyDecisionNoticePublished',
        'ProposalApproved',
        'ProposalDeferred',
        'ProposalDrafted',
        'ProposalRejected',
        'ProposalSubmitted',
        'ReviewRecorded',
      ].sort(),
    );
  });

  it('accept a decision on a whole-life cost beyond what anyone may enter as an amount', () => {
    const drafted = decideProposal(
      {
        type: 'DraftProposal',
        data: {
          proposalId: PROPOSAL_ID,
          title: 'A national network',
          summary: 'Very large.',
          department: 'Digital',
          category: 'infrastructure',
          fiscalYear: '2026-27',
          capitalCost: '999999999999.99',
          annualRevenueCost: '999999999999.99',
          annualCashableSaving: '0',
          annualNonCashableBenefit: '0',
          appraisalYears: 15,
          statutory: true,
        },
        metadata: by(aProposer()),
      },
      initialProposalState(),
    );
    const submitted = [
      ...drafted,
      ...decideProposal(
        { type: 'SubmitProposal', data: { proposalId: PROPOSAL_ID }, metadata: by(aProposer()) },
        drafted.reduce(evolveProposal, initialProposalState()),
      ),
    ];
    const [rejected] = decideProposal(
      {
        type: 'DecideProposal',
        data: {
          proposalId: PROPOSAL_ID,
          outcome: 'rejected',
          authority: 'cabinet',
          reason: 'Too big.',
        },
        metadata: by(aBoardMember()),
        policy: defaultPolicy(),
        budget: initialBudgetState(),
      },
      submitted.reduce(evolveProposal, initialProposalState()),
    );
    expect(rejected.type === 'ProposalRejected' && rejected.data.snapshot.wholeLifeCost).toBe(
      '15999999999999.84',
    );
    expect(readBack(rejected, proposalStream(PROPOSAL_ID))).toEqual(asStored(rejected));
  });

  it('accept every policy the policy decider adopts', () => {
    const tier = fc.record({ authority: text, upTo: fc.option(money, { nil: null }) });
    const weights = fc.record(
      Object.fromEntries(
        CRITERIA.map((criterion) => [
          criterion,
          fc.oneof(fc.double({ min: -1, max: 1e6, noNaN: true }), fc.constantFrom(0, 1, 2.5)),
        ]),
      ),
    );
    const rate = fc.oneof(
      fc.integer({ min: 0, max: 99999 }).map((n) => `0.${n}`),
      fc.constantFrom('0', '0.035', '0.0350', '1', '0.5'),
    );
    fc.assert(
      fc.property(
        fc.array(tier, { maxLength: 4 }),
        fc.subarray([...REVIEW_KINDS]),
        weights,
        fc.option(rate, { nil: undefined }),
        instant,
        fc.option(fc.option(money, { nil: null }), { nil: undefined }),
        fc.option(fc.option(fc.integer({ min: -1, max: 800 }), { nil: null }), { nil: undefined }),
        (
          delegation,
          requiredReviewKinds,
          criteriaWeights,
          discountRate,
          now,
          keyDecisionThreshold,
          splitSpendWindowDays,
        ) => {
          const events = decidedOrRefused(() =>
            decidePolicy(
              {
                type: 'AdoptPolicy',
                data: {
                  delegation,
                  requiredReviewKinds,
                  criteriaWeights,
                  discountRate,
                  keyDecisionThreshold,
                  splitSpendWindowDays,
                },
                metadata: by(anAdmin(), now),
              },
              { status: 'initial', version: 0 },
            ),
          );
          for (const event of events ?? [])
            expect(readBack(event, policyStream())).toEqual(asStored(event));
        },
      ),
    );
  });

  it('accept every budget event the budget decider produces', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.tuple(fc.constant('set' as const), money, money),
            fc.tuple(fc.constant('commit' as const), money, fc.constantFrom('p-1', 'p-2', '')),
          ),
          { maxLength: 8 },
        ),
        fiscalYear,
        instant,
        (steps, year, now) => {
          let state = initialBudgetState();
          for (const [kind, first, second] of steps) {
            const events = decidedOrRefused(() =>
              decideBudget(
                kind === 'set'
                  ? {
                      type: 'SetBudgetEnvelope',
                      data: { fiscalYear: year, capitalEnvelope: first, revenueEnvelope: second },
                      metadata: by(aFinanceOfficer(), now),
                    }
                  : {
                      type: 'CommitFunds',
                      data: { fiscalYear: year, proposalId: second, amount: first },
                      metadata: by(aBoardMember(), now),
                    },
                state,
              ),
            );
            for (const event of events ?? []) {
              expect(readBack(event, budgetStream(year))).toEqual(asStored(event));
              state = evolveBudget(state, event);
            }
          }
        },
      ),
    );
  });

  it('accept every scenario event the scenario decider produces', () => {
    const forced = fc.array(fc.record({ proposalId: text, reason: text }), { maxLength: 3 });
    const weights = fc.record(
      Object.fromEntries(
        CRITERIA.map((criterion) => [
          criterion,
          fc.oneof(fc.double({ min: -1, max: 1e6, noNaN: true }), fc.constantFrom(0, 1, 2.5)),
        ]),
      ),
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.record({ name: text, budget: money, fiscalYear, forceIn: forced, forceOut: forced }),
        weights,
        fc.option(instant, { nil: undefined }),
        // Proposal ids the handler's solver selected: never empty.
        fc.array(fc.uuid(), { maxLength: 3 }),
        fc.option(text, { nil: undefined }),
        instant,
        (definition, criteriaWeights, asOf, selected, meetingRef, now) => {
          const created = decidedOrRefused(() =>
            decideScenario(
              {
                type: 'CreateScenario',
                data: { scenarioId: 's-1', ...definition, weights: criteriaWeights, asOf },
                metadata: by(aFinanceOfficer(), now),
                evaluation: {
                  position: 7,
                  policyVersion: 0,
                  selection: { proposals: selected, totalCapital: '10.00', totalScore: 12.5 },
                },
              },
              { status: 'initial', version: 0 },
            ),
          );
          if (!created) return;
          let state = evolveScenario({ status: 'initial', version: 0 }, created[0]);
          expect(readBack(created[0], scenarioStream('s-1'))).toEqual(asStored(created[0]));
          const adoption = decidedOrRefused(() =>
            decideAdoption(
              {
                type: 'AdoptScenario',
                data: { scenarioId: 's-1', reason: definition.name, meetingRef },
                metadata: by(aBoardMember(), now),
                adopted: { scenarioId: 's-0' },
              },
              state,
            ),
          );
          for (const event of [
            ...(adoption?.events ?? []),
            ...(adoption?.superseded?.events ?? []),
          ]) {
            expect(readBack(event, scenarioStream('s-1'))).toEqual(asStored(event));
          }
          if (adoption) state = evolveScenario(state, adoption.events[0]);
        },
      ),
    );
  });
});
