import {
  InvalidField,
  InvalidFiscalYear,
  InvalidMoney,
  InvalidTransition,
  RoleRequired,
} from '../domain.errors';
import { EnvelopeExceeded, NoEnvelope } from '../budget/budget.errors';
import { initialBudgetState } from '../budget/budget.decider';
import { Money } from '../money';
import { defaultPolicy, PolicyInForce } from '../policy/policy.decider';
import { deciderSpecification } from '../testing/decider-specification';
import {
  aBoardMember,
  aBudget,
  aDecision,
  aDraft,
  aFinanceOfficer,
  anActor,
  aProposer,
  aReview,
  aReviewedSubmission,
  aReviewer,
  aSnapshot,
  by,
  conflictDeclared,
  EARLIER,
  envelopeSet,
  fundsCommitted,
  NOW,
  PROPOSAL_ID,
  proposalAmended,
  proposalApproved,
  proposalDeferred,
  proposalDrafted,
  proposalRejected,
  proposalReturned,
  proposalSubmitted,
  reviewRecorded,
} from '../testing/fixtures';
import { ProposalCommand } from './proposal.commands';
import { decideOnProposal, proposalDecider } from './proposal.decider';
import {
  ApprovedAmountExceedsCost,
  AuthorityNotHeld,
  BenefitsBeforeInvestment,
  ConflictOfInterest,
  DeferralNotInFuture,
  DuplicateReview,
  NothingToAmend,
  NotOwnProposal,
  ProposalAlreadyExists,
  ProposalNotFound,
  ReviewKindMissing,
  SelfDecision,
  SelfReview,
  TierLimitExceeded,
  UnknownAuthority,
} from './proposal.errors';
import { ProposalEvent } from './proposal.events';
import {
  currentReviews,
  evolveProposal,
  initialProposalState,
  Proposal,
  ProposalState,
} from './proposal.state';

const fold = (events: readonly ProposalEvent[]) =>
  events.reduce(evolveProposal, initialProposalState());

const { given } = deciderSpecification(proposalDecider);
const proposer = aProposer();
const proposerPerson = { id: proposer.id, name: proposer.name };
const board = aBoardMember();
const boardPerson = { id: board.id, name: board.name };

const submit = (actor = proposer): ProposalCommand => ({
  type: 'SubmitProposal',
  data: { proposalId: PROPOSAL_ID },
  metadata: by(actor),
});
const amend = (changes: Record<string, unknown>, actor = proposer): ProposalCommand => ({
  type: 'AmendProposal',
  data: { proposalId: PROPOSAL_ID, ...changes },
  metadata: by(actor),
});
const withdraw = (actor = proposer, reason = 'No longer needed.'): ProposalCommand => ({
  type: 'WithdrawProposal',
  data: { proposalId: PROPOSAL_ID, reason },
  metadata: by(actor),
});
const returnIt = (actor = board, reason = 'Get a second quote.'): ProposalCommand => ({
  type: 'ReturnProposal',
  data: { proposalId: PROPOSAL_ID, reason },
  metadata: by(actor),
});
const declare = (actor = board, statement = 'I sit on the supplier board.'): ProposalCommand => ({
  type: 'DeclareConflictOfInterest',
  data: { proposalId: PROPOSAL_ID, statement },
  metadata: by(actor),
});
const recordBenefits = (
  overrides: Record<string, unknown> = {},
  actor = aFinanceOfficer(),
): ProposalCommand => ({
  type: 'RecordBenefits',
  data: {
    proposalId: PROPOSAL_ID,
    period: '2027-28',
    cashableSaving: '28000',
    nonCashableBenefit: '4000.5',
    note: 'Saving on maintenance contract.',
    ...overrides,
  } as never,
  metadata: by(actor),
});

const drafted = proposalDrafted();
const submitted = [drafted, proposalSubmitted()];
const reviewed = aReviewedSubmission();
const approved = [...reviewed, proposalApproved()];
const rejected = [...reviewed, proposalRejected()];
const returned = [...submitted, proposalReturned()];
const deferred = [...reviewed, proposalDeferred()];
const withdrawn: ProposalEvent[] = [
  drafted,
  { type: 'ProposalWithdrawn', data: { reason: 'x', withdrawnAt: EARLIER } },
];

describe('drafting a proposal', () => {
  it('records the business case with its proposer, money in canonical form', () => {
    given([])
      .when(
        aDraft({
          capitalCost: '80000',
          annualCashableSaving: '30000.0',
          risks: 'Supplier lock-in.',
        }),
      )
      .then([
        {
          type: 'ProposalDrafted',
          data: { ...drafted.data, risks: 'Supplier lock-in.' },
        },
      ]);
  });

  it('fills absent optional fields with null and an empty list, never undefined', () => {
    const { risks: _r, strategicObjectives: _s, ...required } = aDraft().data;
    const [event] = proposalDecider.decide({ ...aDraft(), data: required }, initialProposalState());
    expect(event.data).toMatchObject({ risks: null, strategicObjectives: [] });
  });

  it('refuses someone without the proposer role', () => {
    given([])
      .when({ ...aDraft(), metadata: by(aReviewer()) })
      .thenThrows(RoleRequired);
  });

  it('refuses a second draft on the same id', () => {
    given([drafted]).when(aDraft()).thenThrows(ProposalAlreadyExists);
  });

  it.each([
    [{ capitalCost: '1.234' }, InvalidMoney, 'capitalCost'],
    [{ annualRevenueCost: '-5' }, InvalidMoney, 'annualRevenueCost'],
    [{ fiscalYear: '2026-28' }, InvalidFiscalYear, 'fiscalYear'],
    [{ appraisalYears: 16 }, InvalidField, 'appraisalYears'],
    [{ appraisalYears: 0 }, InvalidField, 'appraisalYears'],
    [{ appraisalYears: 2.5 }, InvalidField, 'appraisalYears'],
    [{ category: 'furniture' }, InvalidField, 'category'],
    [{ title: '   ' }, InvalidField, 'title'],
    [{ statutory: 'yes' }, InvalidField, 'statutory'],
    [{ strategicObjectives: [''] }, InvalidField, 'strategicObjectives'],
    [{ summary: undefined }, InvalidField, 'summary'],
  ])('refuses the invalid field %j', (override, errorClass, field) => {
    given([])
      .when(aDraft(override as never))
      .thenThrows(errorClass, (error) => expect(error.field).toBe(field));
  });
});

describe('amending a proposal', () => {
  it('records only the fields that change', () => {
    given([drafted])
      .when(amend({ capitalCost: '75000.5', title: 'Network refresh' }))
      .then([
        {
          type: 'ProposalAmended',
          data: { changes: { capitalCost: '75000.50', title: 'Network refresh' }, amendedAt: NOW },
        },
      ]);
  });

  it('is allowed again after the board returns the proposal', () => {
    given(returned)
      .when(amend({ statutory: true }))
      .then([{ type: 'ProposalAmended', data: { changes: { statutory: true }, amendedAt: NOW } }]);
  });

  it('refuses an amendment that changes nothing', () => {
    given([drafted]).when(amend({})).thenThrows(NothingToAmend);
  });

  it('refuses anyone but the proposer who drafted it', () => {
    given([drafted])
      .when(amend({ title: 'Mine now' }, aProposer({ id: 'proposer-2' })))
      .thenThrows(NotOwnProposal);
  });

  it('refuses someone without the proposer role, even the author', () => {
    given([drafted])
      .when(amend({ title: 'x' }, aProposer({ roles: ['reviewer'] })))
      .thenThrows(RoleRequired);
  });

  it.each([
    ['submitted', submitted],
    ['deferred', deferred],
    ['approved', approved],
    ['withdrawn', withdrawn],
  ] as const)('refuses once the proposal is %s, naming that status', (status, events) => {
    given(events)
      .when(amend({ title: 'Too late' }))
      .thenThrows(InvalidTransition, (error) => {
        expect(error.kind).toBe('conflict');
        expect(error.message).toContain(status);
      });
  });

  it('refuses an unknown proposal as not found', () => {
    given([])
      .when(amend({ title: 'x' }))
      .thenThrows(ProposalNotFound, (e) => expect(e.kind).toBe('not-found'));
  });

  it('makes earlier reviews stale, so the same reviewer may review the amended version', () => {
    const rhys = { id: 'reviewer-1', name: 'Rhys Evans' };
    const history = [
      ...submitted,
      reviewRecorded({ kind: 'security', reviewer: rhys }),
      proposalReturned(),
      proposalAmended({ capitalCost: '70000.00' }),
      proposalSubmitted(),
    ];
    expect(currentReviews(fold(history) as Proposal)).toEqual([]);
    given(history)
      .when(aReview())
      .then([expect.objectContaining({ data: expect.objectContaining({ proposalVersion: 6 }) })]);
  });
});

describe('submitting a proposal', () => {
  it.each([
    ['draft', [drafted]],
    ['returned', returned],
    ['deferred', deferred],
  ] as const)('submits from %s', (_status, events) => {
    given(events)
      .when(submit())
      .then([{ type: 'ProposalSubmitted', data: { submittedAt: NOW } }]);
  });

  it.each([
    ['submitted', submitted],
    ['approved', approved],
    ['rejected', rejected],
    ['withdrawn', withdrawn],
  ] as const)('refuses from %s', (_status, events) => {
    given(events).when(submit()).thenThrows(InvalidTransition);
  });

  it('refuses anyone but its proposer', () => {
    given([drafted])
      .when(submit(aProposer({ id: 'someone-else' })))
      .thenThrows(NotOwnProposal);
  });
});

describe('withdrawing a proposal', () => {
  it.each([
    ['draft', [drafted]],
    ['submitted', submitted],
    ['returned', returned],
    ['deferred', deferred],
  ] as const)('withdraws from %s with the reason', (_status, events) => {
    given(events)
      .when(withdraw())
      .then([
        { type: 'ProposalWithdrawn', data: { reason: 'No longer needed.', withdrawnAt: NOW } },
      ]);
  });

  it.each([
    ['approved', approved],
    ['rejected', rejected],
    ['withdrawn', withdrawn],
  ] as const)('refuses from %s', (_status, events) => {
    given(events).when(withdraw()).thenThrows(InvalidTransition);
  });

  it('refuses without a reason', () => {
    given([drafted]).when(withdraw(proposer, '')).thenThrows(InvalidField);
  });

  it('refuses anyone but its proposer', () => {
    given([drafted])
      .when(withdraw(aProposer({ id: 'proposer-2' })))
      .thenThrows(NotOwnProposal);
  });
});

describe('recording a review', () => {
  it('records the review with its reviewer and the version reviewed', () => {
    given(submitted)
      .when(aReview())
      .then([
        {
          type: 'ReviewRecorded',
          data: {
            reviewId: 'review-new',
            kind: 'security',
            reviewer: { id: 'reviewer-1', name: 'Rhys Evans' },
            scores: {
              strategicFit: 4,
              valueForMoney: 3,
              deliverability: 4,
              riskReduction: 5,
              serviceImpact: 2,
            },
            recommendation: 'support-with-conditions',
            comments: 'Needs a penetration test before go-live.',
            proposalVersion: 2,
            recordedAt: NOW,
          },
        },
      ]);
  });

  it('lets the same reviewer review another kind', () => {
    const financial = reviewRecorded({
      kind: 'financial',
      reviewer: { id: 'reviewer-1', name: 'Rhys Evans' },
    });
    given([...submitted, financial])
      .when(aReview({ kind: 'technical', reviewId: 'review-2' }))
      .then([
        expect.objectContaining({
          type: 'ReviewRecorded',
          data: expect.objectContaining({
            kind: 'technical',
            reviewId: 'review-2',
            proposalVersion: 3,
          }),
        }),
      ]);
  });

  it('refuses a second review of the same kind by the same reviewer', () => {
    const security = reviewRecorded({
      kind: 'security',
      reviewer: { id: 'reviewer-1', name: 'Rhys Evans' },
    });
    given([...submitted, security])
      .when(aReview())
      .thenThrows(DuplicateReview, (e) => expect(e.kind).toBe('conflict'));
  });

  it('refuses the proposer reviewing their own proposal', () => {
    given(submitted)
      .when(aReview({}, aProposer({ roles: ['proposer', 'reviewer'] })))
      .thenThrows(SelfReview, (e) => expect(e.kind).toBe('forbidden'));
  });

  it('refuses a reviewer who declared a conflict of interest', () => {
    given([...submitted, conflictDeclared(aReviewer())])
      .when(aReview())
      .thenThrows(ConflictOfInterest);
  });

  it('refuses someone without the reviewer role', () => {
    given(submitted).when(aReview({}, aBoardMember())).thenThrows(RoleRequired);
  });

  it.each([
    ['draft', [drafted]],
    ['returned', returned],
    ['deferred', deferred],
    ['approved', approved],
  ] as const)('refuses while the proposal is %s', (_status, events) => {
    given(events).when(aReview()).thenThrows(InvalidTransition);
  });

  it.each([
    [{ kind: 'aesthetic' }, 'kind'],
    [{ recommendation: 'maybe' }, 'recommendation'],
    [
      {
        scores: {
          strategicFit: 6,
          valueForMoney: 3,
          deliverability: 4,
          riskReduction: 5,
          serviceImpact: 2,
        },
      },
      'scores.strategicFit',
    ],
    [
      { scores: { strategicFit: 4, valueForMoney: 3, deliverability: 4, riskReduction: 5 } },
      'scores.serviceImpact',
    ],
    [
      {
        scores: {
          strategicFit: 4,
          valueForMoney: 3.5,
          deliverability: 4,
          riskReduction: 5,
          serviceImpact: 2,
        },
      },
      'scores.valueForMoney',
    ],
  ])('refuses the invalid input %j', (override, field) => {
    given(submitted)
      .when(aReview(override as never))
      .thenThrows(InvalidField, (e) => expect(e.field).toBe(field));
  });
});

describe('declaring a conflict of interest', () => {
  it('records the statement for anyone, whatever their role', () => {
    const auditor = anActor({ id: 'auditor-1', name: 'Aud Itor', roles: ['auditor'] });
    given(submitted)
      .when(declare(auditor, 'I audited the supplier.'))
      .then([
        {
          type: 'ConflictOfInterestDeclared',
          data: {
            person: { id: 'auditor-1', name: 'Aud Itor' },
            statement: 'I audited the supplier.',
            declaredAt: NOW,
          },
        },
      ]);
  });

  it('records a second declaration by the same person as another statement', () => {
    given([...submitted, conflictDeclared(board)])
      .when(declare(board, 'My brother also bid.'))
      .then([
        {
          type: 'ConflictOfInterestDeclared',
          data: { person: boardPerson, statement: 'My brother also bid.', declaredAt: NOW },
        },
      ]);
  });

  it('is possible after a final decision', () => {
    expect(proposalDecider.decide(declare(), fold(approved))).toHaveLength(1);
  });

  it('refuses without a statement', () => {
    given(submitted).when(declare(board, ' ')).thenThrows(InvalidField);
  });

  it('refuses on a proposal that does not exist', () => {
    given([]).when(declare()).thenThrows(ProposalNotFound);
  });
});

describe('returning a proposal for revision', () => {
  it('records the reason', () => {
    given(submitted)
      .when(returnIt())
      .then([
        { type: 'ProposalReturned', data: { reason: 'Get a second quote.', returnedAt: NOW } },
      ]);
  });

  it('refuses someone without the board role', () => {
    given(submitted).when(returnIt(aReviewer())).thenThrows(RoleRequired);
  });

  it('refuses the proposal’s own proposer sitting on the board', () => {
    given(submitted)
      .when(returnIt(aProposer({ roles: ['proposer', 'board'] })))
      .thenThrows(SelfDecision);
  });

  it('refuses a board member who declared a conflict', () => {
    given([...submitted, conflictDeclared(board)])
      .when(returnIt())
      .thenThrows(ConflictOfInterest);
  });

  it.each([
    ['draft', [drafted]],
    ['returned', returned],
    ['deferred', deferred],
    ['approved', approved],
  ] as const)('refuses from %s', (_status, events) => {
    given(events).when(returnIt()).thenThrows(InvalidTransition);
  });

  it('refuses without a reason', () => {
    given(submitted).when(returnIt(board, '')).thenThrows(InvalidField);
  });
});

describe('approving a proposal', () => {
  const snapshot = aSnapshot();

  it('records the approval with the snapshot of what the board relied on', () => {
    given(reviewed)
      .when(aDecision({ conditions: ['Quarterly report to the board'], meetingRef: 'IB-2026-11' }))
      .then([
        {
          type: 'ProposalApproved',
          data: {
            approvedAmount: '80000.00',
            conditions: ['Quarterly report to the board'],
            reason: 'Strong case with sound reviews.',
            meetingRef: 'IB-2026-11',
            decidedBy: boardPerson,
            decidedAt: NOW,
            snapshot,
          },
        },
      ]);
  });

  it('commits the approved amount to the fiscal year budget in the same decision', () => {
    const state = fold(reviewed);
    const { proposalEvents, budgetEvents } = decideOnProposal(
      aDecision({ approvedAmount: '60000' }),
      state,
    );
    expect(proposalEvents.map((e) => e.type)).toEqual(['ProposalApproved']);
    expect(budgetEvents).toEqual([
      {
        type: 'FundsCommitted',
        data: {
          fiscalYear: '2026-27',
          proposalId: PROPOSAL_ID,
          amount: '60000.00',
          committedAt: NOW,
          annualRevenueCost: '2000.00',
          revenueYears: 5,
        },
      },
    ]);
  });

  it('commits nothing for a rejection', () => {
    const state = fold(reviewed);
    expect(decideOnProposal(aDecision({ outcome: 'rejected' }), state).budgetEvents).toEqual([]);
  });

  it('records the policy version in force', () => {
    const policy: PolicyInForce = { ...defaultPolicy(), version: 42 };
    given(reviewed)
      .when(aDecision({}, { policy }))
      .then([
        proposalApproved({
          reason: 'Strong case with sound reviews.',
          decidedAt: NOW,
          snapshot: { ...snapshot, policyVersion: 42 },
        }),
      ]);
  });

  it('refuses approval when the financial review is missing, naming it', () => {
    given([drafted, proposalSubmitted(), reviewRecorded({ kind: 'technical' })])
      .when(aDecision())
      .thenThrows(ReviewKindMissing, (e) => {
        expect(e.kind).toBe('governance');
        expect(e.message).toContain('financial');
        expect((e as ReviewKindMissing).missingKinds).toEqual(['financial']);
      });
  });

  it('refuses approval when the only reviews predate an amendment', () => {
    given([
      drafted,
      proposalSubmitted(),
      reviewRecorded({ kind: 'financial' }),
      reviewRecorded({ kind: 'technical' }),
      proposalReturned(),
      proposalAmended({ capitalCost: '70000.00' }),
      proposalSubmitted(),
    ])
      .when(aDecision({ approvedAmount: '70000' }))
      .thenThrows(ReviewKindMissing, (e) =>
        expect((e as ReviewKindMissing).missingKinds).toEqual(['financial', 'technical']),
      );
  });

  it('counts the reviews of a deferred proposal when it is resubmitted unchanged', () => {
    given([...deferred, proposalSubmitted()])
      .when(aDecision())
      .then([
        proposalApproved({
          reason: 'Strong case with sound reviews.',
          decidedAt: NOW,
          snapshot: { ...snapshot, proposalVersion: 6 },
        }),
      ]);
  });

  it('follows the review kinds the policy in force requires', () => {
    const policy: PolicyInForce = {
      ...defaultPolicy(),
      requiredReviewKinds: ['financial', 'technical', 'security'],
    };
    given(reviewed)
      .when(aDecision({}, { policy }))
      .thenThrows(ReviewKindMissing, (e) => expect(e.message).toContain('security'));
  });

  it('refuses an authority the board member does not hold', () => {
    given(reviewed)
      .when(aDecision({}, { actor: aBoardMember({ authorities: ['investment-board'] }) }))
      .thenThrows(AuthorityNotHeld, (e) => expect(e.kind).toBe('forbidden'));
  });

  it('refuses an authority that is not a tier of the policy', () => {
    given(reviewed)
      .when(aDecision({ authority: 'mayor' }, { actor: aBoardMember({ authorities: ['mayor'] }) }))
      .thenThrows(UnknownAuthority, (e) => expect(e.kind).toBe('governance'));
  });

  it('refuses a tier whose limit is below the whole-life cost', () => {
    // 95000 + 2000 × 5 = 105000 > 100000.
    given(aReviewedSubmission({ capitalCost: '95000.00' }))
      .when(aDecision())
      .thenThrows(TierLimitExceeded, (e) => expect(e.message).toContain('105000.00'));
  });

  it('accepts a whole-life cost exactly at the tier limit', () => {
    // 90000 + 2000 × 5 = 100000.
    given(aReviewedSubmission({ capitalCost: '90000.00' }))
      .when(aDecision())
      .then([
        proposalApproved({
          reason: 'Strong case with sound reviews.',
          decidedAt: NOW,
          snapshot: { ...snapshot, wholeLifeCost: '100000.00' },
        }),
      ]);
  });

  it('lets a tier without a limit approve any cost', () => {
    const [event] = proposalDecider.decide(
      aDecision(
        { authority: 'cabinet', approvedAmount: '5000000' },
        { budget: aBudget([envelopeSet('9000000')]) },
      ),
      fold(aReviewedSubmission({ capitalCost: '5000000.00' })),
    );
    expect(event.type === 'ProposalApproved' && event.data.snapshot.authorityUpTo).toBeNull();
  });

  it('refuses an approved amount above the capital cost', () => {
    given(reviewed)
      .when(aDecision({ approvedAmount: '80000.01' }))
      .thenThrows(ApprovedAmountExceedsCost);
  });

  it('refuses an approval without an approved amount', () => {
    given(reviewed)
      .when(aDecision({ approvedAmount: undefined }))
      .thenThrows(InvalidField, (e) => expect(e.field).toBe('approvedAmount'));
  });

  it('refuses when no envelope is set for the fiscal year', () => {
    given(reviewed)
      .when(aDecision({}, { budget: initialBudgetState() }))
      .thenThrows(NoEnvelope);
  });

  it('refuses when the amount does not fit the remaining envelope', () => {
    const budget = aBudget([envelopeSet('100000'), fundsCommitted('30000')]);
    given(reviewed)
      .when(aDecision({}, { budget }))
      .thenThrows(EnvelopeExceeded, (e) => expect(e.message).toContain('70000.00'));
  });

  it('approves an amount that exactly uses up the envelope', () => {
    const budget = aBudget([envelopeSet('100000'), fundsCommitted('20000')]);
    const state = fold(reviewed);
    expect(proposalDecider.decide(aDecision({}, { budget }), state)).toHaveLength(1);
  });
});

describe('deciding on a proposal', () => {
  it('rejects with the snapshot, needing no reviews or budget', () => {
    given([drafted, proposalSubmitted()])
      .when(
        aDecision({ outcome: 'rejected', meetingRef: 'IB-7' }, { budget: initialBudgetState() }),
      )
      .then([
        {
          type: 'ProposalRejected',
          data: {
            reason: 'Strong case with sound reviews.',
            meetingRef: 'IB-7',
            decidedBy: boardPerson,
            decidedAt: NOW,
            snapshot: { ...aSnapshot(), proposalVersion: 2, reviewIds: [] },
          },
        },
      ]);
  });

  it('defers to a later date', () => {
    given(reviewed)
      .when(aDecision({ outcome: 'deferred', deferredUntil: '2027-01-15' }))
      .then([proposalDeferred({ reason: 'Strong case with sound reviews.', decidedAt: NOW })]);
  });

  it('refuses a deferral to a date that is not after now', () => {
    given(reviewed)
      .when(aDecision({ outcome: 'deferred', deferredUntil: '2026-11-28' }))
      .thenThrows(DeferralNotInFuture);
  });

  it('refuses a deferral without a valid date', () => {
    given(reviewed)
      .when(aDecision({ outcome: 'deferred' }))
      .thenThrows(InvalidField);
    given(reviewed)
      .when(aDecision({ outcome: 'deferred', deferredUntil: '2027-02-30' }))
      .thenThrows(InvalidField);
  });

  it('refuses fields that belong to another outcome', () => {
    given(reviewed)
      .when(aDecision({ outcome: 'rejected', approvedAmount: '1' }))
      .thenThrows(InvalidField, (e) => expect(e.field).toBe('approvedAmount'));
  });

  it('applies the tier limit to a rejection too', () => {
    given(aReviewedSubmission({ capitalCost: '500000.00' }))
      .when(aDecision({ outcome: 'rejected' }))
      .thenThrows(TierLimitExceeded);
  });

  it('refuses the proposer deciding on their own proposal', () => {
    given(reviewed)
      .when(aDecision({}, { actor: aBoardMember({ id: proposer.id }) }))
      .thenThrows(SelfDecision, (e) => expect(e.kind).toBe('forbidden'));
  });

  it('refuses a board member who declared a conflict', () => {
    given([...reviewed, conflictDeclared(board)])
      .when(aDecision())
      .thenThrows(ConflictOfInterest);
  });

  it('refuses someone without the board role', () => {
    given(reviewed)
      .when(aDecision({}, { actor: aFinanceOfficer({ authorities: ['cabinet'] }) }))
      .thenThrows(RoleRequired);
  });

  it('refuses without a reason', () => {
    given(reviewed)
      .when(aDecision({ reason: '' }))
      .thenThrows(InvalidField);
  });

  it.each([
    ['draft', [drafted]],
    ['returned', returned],
    ['deferred', deferred],
    ['approved', approved],
    ['rejected', rejected],
    ['withdrawn', withdrawn],
  ] as const)('refuses a decision on a %s proposal, naming its status', (status, events) => {
    given(events)
      .when(aDecision())
      .thenThrows(InvalidTransition, (e) => expect(e.message).toContain(`is ${status}`));
  });
});

describe('recording realised benefits', () => {
  it('records them on an approved proposal', () => {
    given(approved)
      .when(recordBenefits())
      .then([
        {
          type: 'BenefitsRecorded',
          data: {
            period: '2027-28',
            cashableSaving: '28000.00',
            nonCashableBenefit: '4000.50',
            note: 'Saving on maintenance contract.',
            recordedAt: NOW,
          },
        },
      ]);
  });

  it('refuses someone without the finance role', () => {
    given(approved).when(recordBenefits({}, aBoardMember())).thenThrows(RoleRequired);
  });

  it.each([
    ['submitted', submitted],
    ['deferred', deferred],
    ['rejected', rejected],
  ] as const)('refuses while the proposal is %s', (_status, events) => {
    given(events).when(recordBenefits()).thenThrows(InvalidTransition);
  });

  it('refuses a period before the investment’s fiscal year', () => {
    given(approved)
      .when(recordBenefits({ period: '2025-26' }))
      .thenThrows(BenefitsBeforeInvestment);
  });

  it('refuses invalid amounts', () => {
    given(approved)
      .when(recordBenefits({ cashableSaving: '1e3' }))
      .thenThrows(InvalidMoney);
  });
});

describe('the proposal state', () => {
  it('keeps everything a reader needs, and counts events as its version', () => {
    const state = [
      ...approved,
      conflictDeclared(aReviewer({ id: 'late' })),
      {
        type: 'BenefitsRecorded',
        data: {
          period: '2027-28',
          cashableSaving: '1.00',
          nonCashableBenefit: '0.00',
          note: '',
          recordedAt: NOW,
        },
      },
    ].reduce<ProposalState>(
      (s, e) => evolveProposal(s, e as ProposalEvent),
      initialProposalState(),
    );
    expect(state).toMatchObject({
      status: 'approved',
      id: PROPOSAL_ID,
      version: 7,
      proposer: proposerPerson,
      capitalCost: Money.parse('80000'),
      submittedAt: EARLIER,
      decision: { outcome: 'approved', approvedAmount: Money.parse('80000') },
    });
    if (state.status === 'initial') throw new Error('unreachable');
    expect(state.reviews.map((r) => r.reviewId)).toEqual(['review-financial', 'review-technical']);
    expect(state.conflicts).toHaveLength(1);
    expect(state.benefits[0].cashableSaving.toString()).toBe('1.00');
  });

  it('refuses to fold a stream that does not start with a draft', () => {
    expect(() => evolveProposal(initialProposalState(), proposalSubmitted())).toThrow();
  });
});
