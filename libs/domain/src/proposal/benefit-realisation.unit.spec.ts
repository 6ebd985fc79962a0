import { InvalidField, InvalidTransition, RoleRequired } from '../domain.errors';
import { deciderSpecification } from '../testing/decider-specification';
import {
  aBenefitPlan,
  aDecision,
  aFinanceOfficer,
  anActor,
  aProposer,
  aReviewedSubmission,
  aSnapshot,
  benefitEvidenced,
  by,
  defaultProposer,
  EARLIER,
  NOW,
  PROPOSAL_ID,
  proposalAmended,
  proposalApproved,
  proposalDrafted,
  proposalReturned,
  proposalSubmitted,
} from '../testing/fixtures';
import { Actor } from '../actor';
import { decideOnProposal, proposalDecider } from './proposal.decider';
import {
  BenefitNotInPlan,
  EvidenceAlreadyDecided,
  EvidenceAlreadyRecorded,
  EvidenceNotFound,
  SelfValidation,
} from './benefit-realisation.errors';
import { BenefitsBeforeInvestment, NotOwnProposal } from './proposal.errors';
import {
  ProposalCommand,
  RecordBenefitEvidence,
  ValidateBenefitEvidence,
} from './proposal.commands';
import { ProposalEvent } from './proposal.events';
import { initialProposalState, evolveProposal, Proposal } from './proposal.state';

const spec = deciderSpecification(proposalDecider);
const finance = aFinanceOfficer();
const finance2 = aFinanceOfficer({ id: 'finance-2', name: 'Gwen Morgan' });
const proposer = defaultProposer;
const plan = aBenefitPlan();
const approvedWithPlan: ProposalEvent[] = [
  ...aReviewedSubmission({ benefitPlan: plan }),
  proposalApproved({ snapshot: aSnapshot({ benefitPlanVersion: 1 }) }),
];

function evidence(
  overrides: Partial<RecordBenefitEvidence['data']> = {},
  actor: Actor = proposer,
): RecordBenefitEvidence {
  return {
    type: 'RecordBenefitEvidence',
    data: {
      proposalId: PROPOSAL_ID,
      benefitKey: 'licence-savings',
      evidenceId: 'evidence-1',
      period: '2026-27',
      amount: '9000.00',
      evidence: 'Contract 4411 ended on 1 October; invoices attached.',
      ...overrides,
    },
    metadata: by(actor, EARLIER),
  };
}

function validation(
  overrides: Partial<ValidateBenefitEvidence['data']> = {},
  actor: Actor = finance,
): ValidateBenefitEvidence {
  return {
    type: 'ValidateBenefitEvidence',
    data: {
      proposalId: PROPOSAL_ID,
      benefitKey: 'licence-savings',
      evidenceId: 'evidence-1',
      outcome: 'validated',
      note: 'Matches the creditor ledger.',
      ...overrides,
    },
    metadata: by(actor),
  };
}

const validated = (): ProposalEvent => ({
  type: 'BenefitValidated',
  data: {
    evidenceId: 'evidence-1',
    benefitKey: 'licence-savings',
    benefitType: 'cash-releasing',
    period: '2026-27',
    amount: '9000.00',
    note: 'Matches the creditor ledger.',
    validatedBy: { id: finance.id, name: finance.name },
    validatedAt: NOW,
  },
});
const rejected = (): ProposalEvent => ({
  type: 'BenefitEvidenceRejected',
  data: {
    evidenceId: 'evidence-1',
    benefitKey: 'licence-savings',
    benefitType: 'cash-releasing',
    period: '2026-27',
    amount: '9000.00',
    note: 'The invoices are for another contract.',
    rejectedBy: { id: finance.id, name: finance.name },
    rejectedAt: NOW,
  },
});

function stateOf(events: readonly ProposalEvent[]): Proposal {
  return events.reduce(evolveProposal, initialProposalState()) as Proposal;
}

describe('the benefit plan', () => {
  it('is recorded with the draft, checked and kept on the proposal', () => {
    const { proposer: _p, draftedAt: _d, ...input } = proposalDrafted().data;
    const events = proposalDecider.decide(
      {
        type: 'DraftProposal',
        data: { ...input, benefitPlan: plan },
        metadata: by(proposer, EARLIER),
      },
      initialProposalState(),
    );
    expect(events[0].type === 'ProposalDrafted' && events[0].data.benefitPlan).toEqual(plan);
    const state = stateOf(events);
    expect(state.benefitPlan).toEqual(plan);
    expect(state.benefitPlanVersion).toBe(1);
  });

  it('reads as no plan on a proposal drafted before plans existed', () => {
    const state = stateOf([proposalDrafted()]);
    expect(state.benefitPlan).toEqual([]);
    expect(state.benefitPlanVersion).toBeNull();
  });

  it.each([
    ['a repeated key', [plan[0], { ...plan[1], key: plan[0].key }]],
    ['a key with capitals', [{ ...plan[0], key: 'Licence' }]],
    ['a key longer than 40', [{ ...plan[0], key: 'a'.repeat(41) }]],
    ['an unknown type', [{ ...plan[0], type: 'cashable' }]],
    [
      'a forecast year given twice',
      [{ ...plan[0], forecast: [plan[0].forecast[0], plan[0].forecast[0]] }],
    ],
    ['an empty owner', [{ ...plan[0], owner: ' ' }]],
  ])('refuses a plan with %s', (_name, benefitPlan) => {
    spec
      .given([proposalDrafted()])
      .when({
        type: 'AmendProposal',
        data: { proposalId: PROPOSAL_ID, benefitPlan: benefitPlan as never },
        metadata: by(proposer),
      })
      .thenThrows(InvalidField);
  });

  it('is amendable while the proposal is a draft or returned, and moves the plan version', () => {
    const amend: ProposalCommand = {
      type: 'AmendProposal',
      data: { proposalId: PROPOSAL_ID, benefitPlan: [plan[0]] },
      metadata: by(proposer),
    };
    spec
      .given([proposalDrafted()])
      .when(amend)
      .then([proposalAmended({ benefitPlan: [plan[0]] }, NOW)]);
    const returned = [proposalDrafted(), proposalSubmitted(), proposalReturned()];
    spec
      .given(returned)
      .when(amend)
      .then([proposalAmended({ benefitPlan: [plan[0]] }, NOW)]);
    const after = stateOf([...returned, proposalAmended({ benefitPlan: [plan[0]] })]);
    expect(after.benefitPlanVersion).toBe(4);
    expect(after.benefitPlan).toEqual([plan[0]]);
  });

  it.each([
    ['submitted', aReviewedSubmission({ benefitPlan: plan })],
    ['approved', approvedWithPlan],
  ])('is fixed once the proposal is %s', (_status, history) => {
    spec
      .given(history)
      .when({
        type: 'AmendProposal',
        data: { proposalId: PROPOSAL_ID, benefitPlan: [] },
        metadata: by(proposer),
      })
      .thenThrows(InvalidTransition);
  });

  it("records the plan's version in the decision snapshot", () => {
    const history = aReviewedSubmission({ benefitPlan: plan });
    const { proposalEvents } = decideOnProposal(aDecision(), stateOf(history));
    const approval = proposalEvents[0];
    expect(approval.type === 'ProposalApproved' && approval.data.snapshot.benefitPlanVersion).toBe(
      1,
    );
  });

  it('leaves the snapshot as v1 wrote it when there is no plan', () => {
    const { proposalEvents } = decideOnProposal(aDecision(), stateOf(aReviewedSubmission()));
    const approval = proposalEvents[0];
    expect(
      approval.type === 'ProposalApproved' && 'benefitPlanVersion' in approval.data.snapshot,
    ).toBe(false);
  });
});

describe('benefit evidence', () => {
  it("is recorded by the proposal's proposer once it is approved", () => {
    spec.given(approvedWithPlan).when(evidence()).then([benefitEvidenced()]);
  });

  it('is recorded by finance, naming the benefit type from the plan', () => {
    spec
      .given(approvedWithPlan)
      .when(evidence({ benefitKey: 'staff-time', period: '2027-28', amount: '4000' }, finance))
      .then([
        benefitEvidenced({
          benefitKey: 'staff-time',
          benefitType: 'non-cash-releasing',
          period: '2027-28',
          amount: '4000.00',
          recordedBy: { id: finance.id, name: finance.name },
        }),
      ]);
  });

  it('is refused before approval', () => {
    spec
      .given(aReviewedSubmission({ benefitPlan: plan }))
      .when(evidence())
      .thenThrows(InvalidTransition);
  });

  it('is refused from another proposer and from other roles', () => {
    spec
      .given(approvedWithPlan)
      .when(evidence({}, aProposer({ id: 'proposer-2' })))
      .thenThrows(NotOwnProposal);
    spec
      .given(approvedWithPlan)
      .when(evidence({}, anActor({ roles: ['board', 'reviewer'] })))
      .thenThrows(RoleRequired);
  });

  it('is refused for a benefit the plan does not name', () => {
    spec
      .given(approvedWithPlan)
      .when(evidence({ benefitKey: 'unknown' }))
      .thenThrows(BenefitNotInPlan);
  });

  it('is refused for a period before the investment', () => {
    spec
      .given(approvedWithPlan)
      .when(evidence({ period: '2025-26' }))
      .thenThrows(BenefitsBeforeInvestment);
  });

  it('is refused while the period already has evidence that was not rejected', () => {
    spec
      .given([...approvedWithPlan, benefitEvidenced()])
      .when(evidence({ evidenceId: 'evidence-2' }))
      .thenThrows(EvidenceAlreadyRecorded);
    spec
      .given([...approvedWithPlan, benefitEvidenced(), validated()])
      .when(evidence({ evidenceId: 'evidence-2' }))
      .thenThrows(EvidenceAlreadyRecorded);
  });

  it('may be recorded again after a rejection', () => {
    spec
      .given([...approvedWithPlan, benefitEvidenced(), rejected()])
      .when(evidence({ evidenceId: 'evidence-2', amount: '8000' }))
      .then([benefitEvidenced({ evidenceId: 'evidence-2', amount: '8000.00' })]);
  });
});

describe('validating benefit evidence', () => {
  const withEvidence = [...approvedWithPlan, benefitEvidenced()];

  it('validates evidence recorded by someone else', () => {
    spec.given(withEvidence).when(validation()).then([validated()]);
    const state = stateOf([...withEvidence, validated()]);
    expect(state.benefitEvidence[0].status).toBe('validated');
  });

  it('rejects evidence with a reason', () => {
    spec
      .given(withEvidence)
      .when(validation({ outcome: 'rejected', note: 'The invoices are for another contract.' }))
      .then([rejected()]);
    spec
      .given(withEvidence)
      .when(validation({ outcome: 'rejected', note: '' }))
      .thenThrows(InvalidField);
  });

  it('refuses the person who recorded the evidence', () => {
    const both = aFinanceOfficer({ id: proposer.id, roles: ['proposer', 'finance'] });
    spec.given(withEvidence).when(validation({}, both)).thenThrows(SelfValidation);
    const byFinance = [
      ...approvedWithPlan,
      benefitEvidenced({ recordedBy: { id: finance.id, name: finance.name } }),
    ];
    spec.given(byFinance).when(validation({}, finance)).thenThrows(SelfValidation);
    spec
      .given(byFinance)
      .when(validation({}, finance2))
      .then([
        {
          ...validated(),
          data: {
            ...(validated().data as object),
            validatedBy: { id: finance2.id, name: finance2.name },
          },
        } as ProposalEvent,
      ]);
  });

  it('is for finance only', () => {
    spec
      .given(withEvidence)
      .when(validation({}, anActor({ roles: ['board'] })))
      .thenThrows(RoleRequired);
  });

  it('validates or rejects evidence once', () => {
    spec
      .given([...withEvidence, validated()])
      .when(validation())
      .thenThrows(EvidenceAlreadyDecided);
    spec
      .given([...withEvidence, rejected()])
      .when(validation({ outcome: 'validated' }))
      .thenThrows(EvidenceAlreadyDecided);
  });

  it('is refused for unknown evidence or evidence of another benefit', () => {
    spec
      .given(withEvidence)
      .when(validation({ evidenceId: 'nope' }))
      .thenThrows(EvidenceNotFound);
    spec
      .given(withEvidence)
      .when(validation({ benefitKey: 'staff-time' }))
      .thenThrows(EvidenceNotFound);
  });
});

describe("v1's realised benefits", () => {
  it('are refused to a finance officer who proposed the proposal', () => {
    spec
      .given(approvedWithPlan)
      .when({
        type: 'RecordBenefits',
        data: {
          proposalId: PROPOSAL_ID,
          period: '2026-27',
          cashableSaving: '100',
          nonCashableBenefit: '0',
          note: '',
        },
        metadata: by(aFinanceOfficer({ id: proposer.id, roles: ['proposer', 'finance'] })),
      })
      .thenThrows(SelfValidation);
  });
});
