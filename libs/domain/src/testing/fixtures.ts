import { Actor, CommandMetadata } from '../actor';
import { BudgetEnvelopeSet, FundsCommitted } from '../budget/budget.events';
import { BudgetState, evolveBudget, initialBudgetState } from '../budget/budget.decider';
import { defaultPolicy, PolicyInForce } from '../policy/policy.decider';
import {
  DecideProposal,
  DraftProposal,
  ProposalFieldsInput,
  RecordReview,
} from '../proposal/proposal.commands';
import {
  ConflictOfInterestDeclared,
  ProposalAmended,
  DecisionSnapshot,
  ProposalApproved,
  ProposalDeferred,
  ProposalDrafted,
  ProposalRejected,
  ProposalEvent,
  ProposalFieldsData,
  ProposalReturned,
  ProposalSubmitted,
  ReviewKind,
  ReviewRecorded,
  Scores,
} from '../proposal/proposal.events';
import { BenefitPlan } from '../proposal/benefit-plan';
import { BenefitEvidenced } from '../proposal/benefit-realisation.events';

export const PROPOSAL_ID = '0190a6f4-0000-7000-8000-000000000001';
export const NOW = '2026-11-28T09:30:00.123Z';
export const EARLIER = '2026-11-01T09:00:00.000Z';

export function anActor(overrides: Partial<Actor> = {}): Actor {
  return { id: 'user-0', name: 'Someone', roles: [], authorities: [], ...overrides };
}
export function aProposer(overrides: Partial<Actor> = {}): Actor {
  return anActor({ id: 'proposer-1', name: 'Priya Patel', roles: ['proposer'], ...overrides });
}
export function aReviewer(overrides: Partial<Actor> = {}): Actor {
  return anActor({ id: 'reviewer-1', name: 'Rhys Evans', roles: ['reviewer'], ...overrides });
}
export function aBoardMember(overrides: Partial<Actor> = {}): Actor {
  return anActor({
    id: 'board-1',
    name: 'Bronwen Jones',
    roles: ['board'],
    authorities: ['chief-officer', 'investment-board', 'cabinet'],
    ...overrides,
  });
}
export function aFinanceOfficer(overrides: Partial<Actor> = {}): Actor {
  return anActor({ id: 'finance-1', name: 'Fergus Hall', roles: ['finance'], ...overrides });
}
export function anAdmin(overrides: Partial<Actor> = {}): Actor {
  return anActor({ id: 'admin-1', name: 'Ada Khan', roles: ['admin'], ...overrides });
}

export function by(actor: Actor, now = NOW): CommandMetadata {
  return { actor, now };
}

export const defaultProposer = aProposer();

export function draftFields(overrides: Partial<ProposalFieldsData> = {}): ProposalFieldsData {
  return {
    title: 'Replace the council data centre network',
    summary: 'Core switches are out of support and fail monthly.',
    department: 'Digital Services',
    category: 'infrastructure',
    fiscalYear: '2026-27',
    capitalCost: '80000.00',
    annualRevenueCost: '2000.00',
    annualCashableSaving: '30000.00',
    annualNonCashableBenefit: '5000.00',
    appraisalYears: 5,
    statutory: false,
    risks: null,
    strategicObjectives: [],
    ...overrides,
  };
}

export function aDraft(overrides: Partial<ProposalFieldsInput> = {}): DraftProposal {
  return {
    type: 'DraftProposal',
    data: { proposalId: PROPOSAL_ID, ...draftFields(), ...overrides },
    metadata: by(defaultProposer, EARLIER),
  };
}

export function proposalDrafted(overrides: Partial<ProposalFieldsData> = {}): ProposalDrafted {
  return {
    type: 'ProposalDrafted',
    data: {
      proposalId: PROPOSAL_ID,
      ...draftFields(overrides),
      proposer: { id: defaultProposer.id, name: defaultProposer.name },
      draftedAt: EARLIER,
    },
  };
}

export function proposalAmended(
  changes: Partial<ProposalFieldsData>,
  amendedAt = EARLIER,
): ProposalAmended {
  return { type: 'ProposalAmended', data: { changes, amendedAt } };
}

export function proposalSubmitted(submittedAt = EARLIER): ProposalSubmitted {
  return { type: 'ProposalSubmitted', data: { submittedAt } };
}

export function someScores(overrides: Partial<Scores> = {}): Scores {
  return {
    strategicFit: 4,
    valueForMoney: 3,
    deliverability: 4,
    riskReduction: 5,
    serviceImpact: 2,
    ...overrides,
  };
}

export function reviewRecorded(
  overrides: Partial<ReviewRecorded['data']> & { kind: ReviewKind },
): ReviewRecorded {
  const reviewer = aReviewer();
  return {
    type: 'ReviewRecorded',
    data: {
      reviewId: `review-${overrides.kind}`,
      reviewer: { id: `${reviewer.id}-${overrides.kind}`, name: reviewer.name },
      scores: someScores(),
      recommendation: 'support',
      comments: 'Sound case.',
      proposalVersion: 2,
      recordedAt: EARLIER,
      ...overrides,
    },
  };
}

export function conflictDeclared(
  person = aBoardMember(),
  statement = 'My spouse works for the supplier.',
): ConflictOfInterestDeclared {
  return {
    type: 'ConflictOfInterestDeclared',
    data: { person: { id: person.id, name: person.name }, statement, declaredAt: EARLIER },
  };
}

export function proposalReturned(reason = 'Costs need a second quote.'): ProposalReturned {
  return { type: 'ProposalReturned', data: { reason, returnedAt: EARLIER } };
}

export function aSnapshot(overrides: Partial<DecisionSnapshot> = {}): DecisionSnapshot {
  return {
    proposalVersion: 4,
    reviewIds: ['review-financial', 'review-technical'],
    policyVersion: 0,
    authority: 'chief-officer',
    authorityUpTo: '100000.00',
    wholeLifeCost: '90000.00',
    ...overrides,
  };
}

export function proposalApproved(
  overrides: Partial<ProposalApproved['data']> = {},
): ProposalApproved {
  const board = aBoardMember();
  return {
    type: 'ProposalApproved',
    data: {
      approvedAmount: '80000.00',
      conditions: [],
      reason: 'Strong case.',
      meetingRef: null,
      decidedBy: { id: board.id, name: board.name },
      decidedAt: EARLIER,
      snapshot: aSnapshot(),
      ...overrides,
    },
  };
}

export function proposalRejected(
  overrides: Partial<ProposalRejected['data']> = {},
): ProposalRejected {
  const board = aBoardMember();
  return {
    type: 'ProposalRejected',
    data: {
      reason: 'Poor value for money.',
      meetingRef: null,
      decidedBy: { id: board.id, name: board.name },
      decidedAt: EARLIER,
      snapshot: aSnapshot(),
      ...overrides,
    },
  };
}

export function proposalDeferred(
  overrides: Partial<ProposalDeferred['data']> = {},
): ProposalDeferred {
  const board = aBoardMember();
  return {
    type: 'ProposalDeferred',
    data: {
      deferredUntil: '2027-01-15',
      reason: 'Await the spending review.',
      meetingRef: null,
      decidedBy: { id: board.id, name: board.name },
      decidedAt: EARLIER,
      snapshot: aSnapshot(),
      ...overrides,
    },
  };
}

/** A submitted proposal carrying the default policy's required reviews: version 4. */
export function aReviewedSubmission(fields: Partial<ProposalFieldsData> = {}): ProposalEvent[] {
  return [
    proposalDrafted(fields),
    proposalSubmitted(),
    reviewRecorded({ kind: 'financial' }),
    reviewRecorded({ kind: 'technical' }),
  ];
}

export function aReview(
  overrides: Partial<RecordReview['data']> = {},
  actor = aReviewer(),
): RecordReview {
  return {
    type: 'RecordReview',
    data: {
      proposalId: PROPOSAL_ID,
      reviewId: 'review-new',
      kind: 'security',
      scores: someScores(),
      recommendation: 'support-with-conditions',
      comments: 'Needs a penetration test before go-live.',
      ...overrides,
    },
    metadata: by(actor),
  };
}

export function envelopeSet(
  capitalEnvelope = '500000.00',
  fiscalYear = '2026-27',
): BudgetEnvelopeSet {
  return {
    type: 'BudgetEnvelopeSet',
    data: { fiscalYear, capitalEnvelope, revenueEnvelope: '50000.00', setAt: EARLIER },
  };
}

export function fundsCommitted(
  amount: string,
  proposalId = 'other-proposal',
  fiscalYear = '2026-27',
): FundsCommitted {
  return { type: 'FundsCommitted', data: { fiscalYear, proposalId, amount, committedAt: EARLIER } };
}

export function aBudget(
  events: readonly (BudgetEnvelopeSet | FundsCommitted)[] = [envelopeSet()],
): BudgetState {
  return events.reduce(evolveBudget, initialBudgetState());
}

export function aDecision(
  overrides: Partial<DecideProposal['data']> = {},
  context: { actor?: Actor; policy?: PolicyInForce; budget?: BudgetState; now?: string } = {},
): DecideProposal {
  return {
    type: 'DecideProposal',
    data: {
      proposalId: PROPOSAL_ID,
      outcome: 'approved',
      authority: 'chief-officer',
      reason: 'Strong case with sound reviews.',
      ...(overrides.outcome === undefined || overrides.outcome === 'approved'
        ? { approvedAmount: '80000.00' }
        : {}),
      ...overrides,
    },
    policy: context.policy ?? defaultPolicy(),
    budget: context.budget ?? aBudget(),
    metadata: by(context.actor ?? aBoardMember(), context.now ?? NOW),
  };
}

export function aBenefitPlan(): BenefitPlan {
  return [
    {
      key: 'licence-savings',
      description: 'Retire the old switch support contract.',
      type: 'cash-releasing',
      owner: 'Head of ICT',
      measure: 'Support invoices no longer paid',
      forecast: [
        { fiscalYear: '2026-27', amount: '10000.00' },
        { fiscalYear: '2027-28', amount: '20000.00' },
      ],
    },
    {
      key: 'staff-time',
      description: 'Engineers no longer chase outages.',
      type: 'non-cash-releasing',
      owner: 'Service desk manager',
      measure: 'Hours logged against network incidents',
      forecast: [{ fiscalYear: '2027-28', amount: '5000.00' }],
    },
  ];
}

export function benefitEvidenced(
  overrides: Partial<BenefitEvidenced['data']> = {},
): BenefitEvidenced {
  return {
    type: 'BenefitEvidenced',
    data: {
      evidenceId: 'evidence-1',
      benefitKey: 'licence-savings',
      benefitType: 'cash-releasing',
      period: '2026-27',
      amount: '9000.00',
      evidence: 'Contract 4411 ended on 1 October; invoices attached.',
      recordedBy: { id: defaultProposer.id, name: defaultProposer.name },
      recordedAt: EARLIER,
      ...overrides,
    },
  };
}
