import fc from 'fast-check';
import {
  Money,
  type BenefitEvidence,
  currentReviews,
  evolveProposal,
  initialProposalState,
  type ProposalEvent,
  type ProposalState,
} from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { RebuildRowCache } from '../projector/projection';
import { evolveRegisterRow, foldRegisterRow } from './proposal-register.projection';

const ID = '0190a6f4-0000-7000-8000-000000000001';
const AT = '2026-11-01T09:00:00.000Z';
const KINDS = ['financial', 'technical', 'security'];

function recorded(position: number, type: string, data: Record<string, unknown>): RecordedEvent {
  return {
    position,
    streamId: `proposal-${ID}`,
    version: position,
    eventId: `e-${position}`,
    type,
    schemaVersion: 1,
    data: data as RecordedEvent['data'],
    metadata: { actor: { id: 'a', name: 'A' }, roles: [], correlationId: 'c', causationId: null },
    recordedAt: AT,
    dataHash: '',
    prevHash: '',
    hash: '',
  } as RecordedEvent;
}

/** A proposal's life: drafted, submitted, reviewed, approved, two years of benefits. */
const LIFE: RecordedEvent[] = [
  recorded(3, 'ProposalDrafted', {
    proposalId: ID,
    title: 'Replace network segment',
    summary: 'Core switches are out of support.',
    department: 'Digital Services',
    category: 'infrastructure',
    fiscalYear: '2026-27',
    capitalCost: '12000.00',
    annualRevenueCost: '2000.00',
    annualCashableSaving: '30000.00',
    annualNonCashableBenefit: '5000.00',
    appraisalYears: 5,
    statutory: false,
    risks: null,
    strategicObjectives: [],
    proposer: { id: 'p1', name: 'Priya Patel' },
    draftedAt: AT,
  }),
  recorded(5, 'ProposalSubmitted', { submittedAt: AT }),
  ...KINDS.map((kind, i) =>
    recorded(8 + i, 'ReviewRecorded', {
      reviewId: `r-${kind}`,
      kind,
      reviewer: { id: `rev-${kind}`, name: 'Rhys Evans' },
      scores: {
        strategicFit: 4,
        valueForMoney: 3,
        deliverability: 4,
        riskReduction: 5,
        serviceImpact: 2,
      },
      recommendation: 'support',
      comments: 'Sound case.',
      proposalVersion: 2,
      recordedAt: AT,
    }),
  ),
  recorded(20, 'ProposalApproved', {
    approvedAmount: '12000.00',
    conditions: [],
    reason: 'Strong case.',
    meetingRef: null,
    decidedBy: { id: 'board-1', name: 'Bronwen Jones' },
    decidedAt: AT,
    snapshot: {
      proposalVersion: 5,
      reviewIds: KINDS.map((kind) => `r-${kind}`),
      policyVersion: 0,
      authority: 'investment-board',
      authorityUpTo: null,
      wholeLifeCost: '22000.00',
    },
  }),
  recorded(30, 'BenefitsRecorded', {
    period: '2027-28',
    cashableSaving: '28000.00',
    nonCashableBenefit: '4000.00',
    note: 'First full year.',
    recordedAt: AT,
  }),
  recorded(31, 'BenefitsRecorded', {
    period: '2028-29',
    cashableSaving: '31000.00',
    nonCashableBenefit: '5000.00',
    note: 'Second year.',
    recordedAt: AT,
  }),
];

describe('the proposal register projection', () => {
  it('folds any split of a proposal into the same row as evolving its events one at a time', () => {
    const oneByOne = LIFE.reduce(evolveRegisterRow, null);
    expect(oneByOne?.seq).toBe(3);
    expect(oneByOne?.lastPosition).toBe(31);
    expect(oneByOne?.realisedCashablePence).toBe(5_900_000n);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: LIFE.length - 1 })), (cuts) => {
        const bounds = [0, ...[...cuts].sort((a, b) => a - b), LIFE.length];
        let row = null as ReturnType<typeof foldRegisterRow>;
        for (let i = 0; i + 1 < bounds.length; i++)
          row = foldRegisterRow(row, LIFE.slice(bounds[i], bounds[i + 1]));
        expect(row).toEqual(oneByOne);
      }),
    );
  });

  it('leaves the row as it was when no event makes a proposal', () => {
    expect(foldRegisterRow(null, [])).toBeNull();
    const drafted = foldRegisterRow(null, LIFE.slice(0, 1));
    expect(foldRegisterRow(drafted, [])).toBe(drafted);
  });
});

/** What the register must say about a proposal, read from the decider's own fold: the oracle. */
function expectedRow(state: ProposalState, seq: number, lastPosition: number) {
  if (state.status === 'initial') return null;
  const approvals = state.decisions.filter((decision) => decision.outcome === 'approved');
  const lastApproval = approvals[approvals.length - 1];
  const reviews = currentReviews(state);
  return {
    id: state.id,
    seq,
    title: state.title,
    department: state.department,
    category: state.category,
    fiscalYear: state.fiscalYear,
    status: state.status,
    statutory: state.statutory,
    proposerId: state.proposer.id,
    proposerName: state.proposer.name,
    capitalCostPence: state.capitalCost.pence,
    annualRevenueCostPence: state.annualRevenueCost.pence,
    annualCashableSavingPence: state.annualCashableSaving.pence,
    annualNonCashableBenefitPence: state.annualNonCashableBenefit.pence,
    appraisalYears: state.appraisalYears,
    approvedAmountPence:
      lastApproval?.outcome === 'approved' ? lastApproval.approvedAmount.pence : null,
    realisedCashablePence:
      state.benefits.reduce((sum, b) => sum + b.cashableSaving.pence, 0n) +
      validatedPence(state.benefitEvidence, 'cash-releasing'),
    realisedNonCashablePence:
      state.benefits.reduce((sum, b) => sum + b.nonCashableBenefit.pence, 0n) +
      validatedPence(state.benefitEvidence, 'non-cash-releasing'),
    reviewCount: reviews.length,
    currentReviews: reviews.map((review) => ({
      reviewId: review.reviewId,
      kind: review.kind,
      reviewerId: review.reviewer.id,
      proposalVersion: review.proposalVersion,
      scores: review.scores,
    })),
    contentVersion: state.contentVersion,
    draftedAt: state.draftedAt,
    submittedAt: state.submittedAt,
    decidedAt: state.decision?.decidedAt ?? null,
    version: state.version,
    lastPosition,
    caseStage: state.caseStage,
  };
}

describe('the register row against the decider', () => {
  // Every event a proposal can record, in any order: the register's own evolve must say what the
  // decider's fold says, column for column, after every event.
  const person = { id: 'x-1', name: 'Alex Example' };
  const decision = {
    reason: 'Board minute 12.',
    meetingRef: 'IB-2026-11',
    decidedBy: person,
    decidedAt: AT,
    snapshot: LIFE[5].data.snapshot,
  };
  const anyEvent = fc.constantFrom<ProposalEvent>(
    ...([
      {
        type: 'ProposalAmended',
        data: { changes: { capitalCost: '999.99', title: 'New' }, amendedAt: AT },
      },
      {
        type: 'ProposalAmended',
        data: { changes: { annualNonCashableBenefit: '0.00' }, amendedAt: AT },
      },
      { type: 'ProposalSubmitted', data: { submittedAt: AT } },
      { type: 'ReviewRecorded', data: LIFE[2].data },
      {
        type: 'ConflictOfInterestDeclared',
        data: { person, statement: 'Related.', declaredAt: AT },
      },
      { type: 'ProposalReturned', data: { reason: 'More detail.', returnedAt: AT } },
      { type: 'ProposalWithdrawn', data: { reason: 'Superseded.', withdrawnAt: AT } },
      {
        type: 'ProposalApproved',
        data: { ...decision, approvedAmount: '0.01', conditions: ['Quarterly report'] },
      },
      { type: 'ProposalRejected', data: decision },
      { type: 'ProposalDeferred', data: { ...decision, deferredUntil: '2027-04-01' } },
      {
        type: 'BenefitsRecorded',
        data: {
          period: '2027-28',
          cashableSaving: '1.50',
          nonCashableBenefit: '0.00',
          note: '',
          recordedAt: AT,
        },
      },
      { type: 'ProposalSubmitted', data: { submittedAt: AT, caseStage: 'SOC' } },
      {
        type: 'ProposalAmended',
        data: { changes: { businessCase: { strategic: 'Why.' } }, amendedAt: AT },
      },
      {
        type: 'StageGatePassed',
        data: { ...decision, from: 'SOC', to: 'OBC', conditions: [] },
      },
      {
        type: 'StageGatePassed',
        data: { ...decision, from: 'OBC', to: 'FBC', conditions: ['Gateway review'] },
      },
    ] as unknown as ProposalEvent[]),
  );

  it('says what the decider fold says about a proposal at any point of any life', () => {
    const drafted = { type: LIFE[0].type, data: LIFE[0].data } as ProposalEvent;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(anyEvent, fc.integer({ min: 0, max: 4 })), { maxLength: 14 }),
        (steps) => {
          let state = evolveProposal(initialProposalState(), drafted);
          let row = evolveRegisterRow(null, recorded(1, drafted.type, drafted.data as never));
          let position = 1;
          for (const [event, version] of steps) {
            // Reviews of the current, an older or a newer version than the business case.
            const data =
              event.type === 'ReviewRecorded'
                ? { ...event.data, proposalVersion: Math.max(1, state.version - 2 + version) }
                : event.data;
            state = evolveProposal(state, { type: event.type, data } as ProposalEvent);
            position += 1;
            row = evolveRegisterRow(row, recorded(position, event.type, data as never));
            expect(row).toEqual(expectedRow(state, 1, position));
          }
        },
      ),
    );
  });

  it('refuses an event on a proposal that was never drafted, as the decider fold does', () => {
    expect(() => evolveRegisterRow(null, LIFE[1])).toThrow('never drafted');
    const drafted = evolveRegisterRow(null, LIFE[0]);
    expect(() => evolveRegisterRow(drafted, LIFE[0])).toThrow('already exists');
  });
});

describe('a rebuild row cache', () => {
  it('knows fresh tables are empty, remembers saved rows, and forgets rows it evicts', () => {
    const cache = new RebuildRowCache(2);
    expect(cache.get('p', 'a')).toBeNull();
    cache.remember(
      'p',
      new Map([
        ['a', { n: 1 }],
        ['b', { n: 2 }],
      ]),
    );
    expect(cache.get('p', 'a')).toEqual({ n: 1 });
    cache.remember('p', new Map([['c', { n: 3 }]]));
    // Evicted: saved but no longer held, so it must be loaded again.
    expect(cache.get('p', 'a')).toBeUndefined();
    expect(cache.get('p', 'c')).toEqual({ n: 3 });
    expect(cache.get('p', 'never')).toBeNull();
    expect(cache.get('other', 'a')).toBeNull();
  });

  it('does not claim a key absent once it holds too many to track', () => {
    const cache = new RebuildRowCache(1, 2);
    cache.remember(
      'p',
      new Map([
        ['a', 1],
        ['b', 2],
        ['c', 3],
      ]),
    );
    expect(cache.get('p', 'never')).toBeUndefined();
    expect(cache.get('p', 'c')).toBe(3);
  });

  it('forgets a key whose row became null, since saving skips it', () => {
    const cache = new RebuildRowCache();
    cache.remember('p', new Map([['a', { n: 1 }]]));
    cache.remember('p', new Map([['a', null]]));
    expect(cache.get('p', 'a')).toBeUndefined();
  });
});

function validatedPence(evidence: readonly BenefitEvidence[], type: string): bigint {
  return evidence
    .filter((item) => item.status === 'validated' && item.benefitType === type)
    .reduce((sum, item) => sum + Money.parse(item.amount).pence, 0n);
}
