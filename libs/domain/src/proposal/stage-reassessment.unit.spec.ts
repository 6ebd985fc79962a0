import { Money } from '../money';
import { defaultPolicy, PolicyInForce } from '../policy/policy.decider';
import { deciderSpecification } from '../testing/decider-specification';
import {
  aBudget,
  aDecision,
  by,
  envelopeSet,
  defaultProposer,
  EARLIER,
  NOW,
  PROPOSAL_ID,
  proposalAmended,
  proposalDeferred,
  proposalDrafted,
  proposalReturned,
  reviewRecorded,
} from '../testing/fixtures';
import { parseLedgerEvent } from '../ledger-events';
import { BusinessCase, CaseStage } from './business-case.events';
import { stageReassessment } from './business-case';
import { SubmitProposal } from './proposal.commands';
import { decideOnProposal, missingReviewKinds, proposalDecider } from './proposal.decider';
import { ReviewKindMissing } from './proposal.errors';
import { ProposalEvent, proposalStream, ProposalSubmitted } from './proposal.events';
import { proposalReadiness } from './proposal.readiness';
import { evolveProposal, initialProposalState, Proposal } from './proposal.state';

/**
 * Issue 17's loophole: a proposal's stage was fixed at its first submission, so one drafted below
 * `fullBusinessCaseAbove` and amended above it while returned went through on one BJC decision. A
 * resubmission now starts the SOC → OBC → FBC path when the whole-life cost exceeds the threshold.
 */
const { given } = deciderSpecification(proposalDecider);

const fold = (events: readonly ProposalEvent[]) =>
  events.reduce(evolveProposal, initialProposalState()) as Proposal;

/** The default proposal costs 90,000.00 whole-life (80,000 capital + 5 × 2,000); the threshold is above it. */
const THRESHOLD = '95000.00';

function stagedPolicy(fullBusinessCaseAbove: string | null = THRESHOLD): PolicyInForce {
  return {
    ...defaultPolicy(),
    version: 7,
    fullBusinessCaseAbove:
      fullBusinessCaseAbove === null ? null : Money.parse(fullBusinessCaseAbove),
  };
}

const FULL_CASE: BusinessCase = {
  strategic: 'Case for change: the network is out of support.',
  economic: 'Options appraisal: do nothing, refresh, replace.',
  commercial: 'Framework call-off.',
  financial: 'Capital from the ICT reserve.',
  management: 'Programme board, monthly.',
};

function submit(policy: PolicyInForce = stagedPolicy()): SubmitProposal {
  return {
    type: 'SubmitProposal',
    data: { proposalId: PROPOSAL_ID },
    metadata: by(defaultProposer, NOW),
    policy,
  };
}

function submitted(caseStage?: CaseStage, submittedAt = EARLIER): ProposalSubmitted {
  return { type: 'ProposalSubmitted', data: { submittedAt, ...(caseStage ? { caseStage } : {}) } };
}

/** Drafted at 90,000.00, submitted and reviewed at BJC, returned, and amended to `capitalCost`. */
const returnedAndAmended = (capitalCost: string): ProposalEvent[] => [
  proposalDrafted({ businessCase: FULL_CASE }),
  submitted('BJC'),
  reviewRecorded({ kind: 'financial', caseStage: 'BJC' }),
  reviewRecorded({ kind: 'technical', caseStage: 'BJC' }),
  proposalReturned(),
  proposalAmended({ capitalCost }),
];

/** Versions: drafted 1, submitted 2, reviews 3-4, returned 5, amended 6, resubmitted at SOC 7. */
const resubmittedAtSoc = (): ProposalEvent[] => [
  ...returnedAndAmended('85000.01'),
  {
    type: 'ProposalSubmitted',
    data: {
      submittedAt: NOW,
      caseStage: 'SOC',
      stageReassessed: {
        from: 'BJC',
        to: 'SOC',
        wholeLifeCost: '95000.01',
        fullBusinessCaseAbove: THRESHOLD,
      },
    },
  },
];

const socReviews = (): ProposalEvent[] => [
  reviewRecorded({ kind: 'financial', proposalVersion: 7, caseStage: 'SOC' }),
  reviewRecorded({ kind: 'technical', proposalVersion: 7, caseStage: 'SOC' }),
];

const gateApproval = () => aDecision({ approvedAmount: undefined }, { policy: stagedPolicy() });

describe('the stage path at a resubmission', () => {
  it('starts at SOC when the amended whole-life cost is a penny above the threshold', () => {
    given(returnedAndAmended('85000.01')).when(submit()).then([resubmittedAtSoc()[6]]);
  });

  it('stays BJC when the amended cost is exactly the threshold: at it is not above it', () => {
    given(returnedAndAmended('85000.00'))
      .when(submit())
      .then([{ type: 'ProposalSubmitted', data: { submittedAt: NOW, caseStage: 'BJC' } }]);
  });

  it('stays BJC while the policy sets no threshold, recorded as v1 recorded it', () => {
    given(returnedAndAmended('900000.00'))
      .when(submit(stagedPolicy(null)))
      .then([{ type: 'ProposalSubmitted', data: { submittedAt: NOW } }]);
  });

  it('starts at SOC for a deferred proposal resubmitted under a threshold adopted since', () => {
    const deferred = [
      proposalDrafted({ businessCase: FULL_CASE }),
      submitted(),
      proposalDeferred({ deferredUntil: '2027-01-15' }),
    ];
    const [event] = proposalDecider.decide(submit(stagedPolicy('89999.99')), fold(deferred));
    expect(event).toEqual({
      type: 'ProposalSubmitted',
      data: {
        submittedAt: NOW,
        caseStage: 'SOC',
        stageReassessed: {
          from: 'BJC',
          to: 'SOC',
          wholeLifeCost: '90000.00',
          fullBusinessCaseAbove: '89999.99',
        },
      },
    });
  });

  it('adds the new stage to the history, with why, and stops counting the BJC reviews', () => {
    const proposal = fold(resubmittedAtSoc());
    expect(proposal.caseStage).toBe('SOC');
    expect(proposal.status).toBe('submitted');
    expect(proposal.stageHistory).toEqual([
      { stage: 'BJC', enteredAt: EARLIER, gate: null },
      {
        stage: 'SOC',
        enteredAt: NOW,
        gate: null,
        reassessed: {
          from: 'BJC',
          to: 'SOC',
          wholeLifeCost: '95000.01',
          fullBusinessCaseAbove: THRESHOLD,
        },
      },
    ]);
    expect(missingReviewKinds(proposal, stagedPolicy())).toEqual(['financial', 'technical']);
    given(resubmittedAtSoc()).when(gateApproval()).thenThrows(ReviewKindMissing);
  });

  it('passes the SOC gate, committing no funds, with the reassessment in the snapshot', () => {
    const { proposalEvents, budgetEvents } = decideOnProposal(
      gateApproval(),
      fold([...resubmittedAtSoc(), ...socReviews()]),
    );
    expect(budgetEvents).toEqual([]);
    expect(proposalEvents).toHaveLength(1);
    const [gate] = proposalEvents;
    expect(gate.type).toBe('StageGatePassed');
    expect(gate.type === 'StageGatePassed' && gate.data.snapshot).toMatchObject({
      caseStage: 'SOC',
      wholeLifeCost: '95000.01',
      stageReassessed: {
        from: 'BJC',
        to: 'SOC',
        wholeLifeCost: '95000.01',
        fullBusinessCaseAbove: THRESHOLD,
        submittedAt: NOW,
      },
    });
  });

  it('records the reassessment in the snapshot of the decision that commits funds at FBC', () => {
    const gateAt = (from: CaseStage, version: number) => {
      const state = fold(events);
      const [event] = proposalDecider.decide(gateApproval(), state);
      expect(event.type === 'StageGatePassed' && event.data.from).toBe(from);
      events.push(
        event,
        submitted(),
        reviewRecorded({ kind: 'financial', proposalVersion: version, caseStage: 'OBC' }),
        reviewRecorded({ kind: 'technical', proposalVersion: version, caseStage: 'OBC' }),
      );
    };
    const events = [...resubmittedAtSoc(), ...socReviews()];
    gateAt('SOC', 11);
    gateAt('OBC', 15);
    const atFbc = fold(events);
    expect(atFbc.stageHistory.map((entry) => entry.stage)).toEqual(['BJC', 'SOC', 'OBC', 'FBC']);
    const { proposalEvents, budgetEvents } = decideOnProposal(
      aDecision({ approvedAmount: '85000.01' }, { policy: stagedPolicy(), budget: aBudget() }),
      atFbc,
    );
    expect(budgetEvents.map((event) => event.type)).toEqual(['FundsCommitted']);
    const [approval] = proposalEvents;
    expect(approval.type === 'ProposalApproved' && approval.data.snapshot).toMatchObject({
      caseStage: 'FBC',
      stageReassessed: { from: 'BJC', to: 'SOC', submittedAt: NOW },
    });
  });

  it('never shortens a path: a SOC proposal amended below the threshold stays at SOC', () => {
    const atSoc = [
      ...resubmittedAtSoc(),
      proposalReturned(),
      proposalAmended({ capitalCost: '1000.00' }),
    ];
    given(atSoc)
      .when(submit())
      .then([{ type: 'ProposalSubmitted', data: { submittedAt: NOW, caseStage: 'SOC' } }]);
    expect(stageReassessment(fold(atSoc), stagedPolicy())).toBeNull();
  });

  it('is judged in readiness before the resubmission: no envelope blocker at the SOC gate ahead', () => {
    const returned = fold(returnedAndAmended('85000.01'));
    const readiness = proposalReadiness(returned, stagedPolicy(), aBudget([envelopeSet('1.00')]));
    expect(readiness.blockers.map((blocker) => blocker.code)).toEqual([
      'not-submitted',
      'review-kind-missing',
    ]);
    const below = fold(returnedAndAmended('85000.00'));
    expect(
      proposalReadiness(below, stagedPolicy(), aBudget([envelopeSet('1.00')])).blockers.map(
        (b) => b.code,
      ),
    ).toEqual(['not-submitted', 'review-kind-missing', 'envelope-exceeded']);
  });

  it('keeps a submitted proposal at the stage its submission fixed when the threshold falls after', () => {
    const submittedAtBjc = fold([
      proposalDrafted({ businessCase: FULL_CASE }),
      submitted('BJC'),
      reviewRecorded({ kind: 'financial', caseStage: 'BJC' }),
      reviewRecorded({ kind: 'technical', caseStage: 'BJC' }),
    ]);
    const lower = stagedPolicy('1000.00');
    const readiness = proposalReadiness(submittedAtBjc, lower, aBudget([envelopeSet('1.00')]));
    expect(readiness.blockers.map((blocker) => blocker.code)).toEqual(['envelope-exceeded']);
    const [decision] = proposalDecider.decide(
      aDecision({ outcome: 'rejected' }, { policy: lower }),
      submittedAtBjc,
    );
    expect(decision.type === 'ProposalRejected' && decision.data.snapshot.caseStage).toBe('BJC');
  });

  it('reads the reassessment back through the event schema unchanged', () => {
    const [, , , , , , resubmission] = resubmittedAtSoc();
    const recorded = {
      position: 7,
      streamId: proposalStream(PROPOSAL_ID),
      type: resubmission.type,
      schemaVersion: 1,
      data: JSON.parse(JSON.stringify(resubmission.data)),
    };
    expect(parseLedgerEvent(recorded)).toEqual(resubmission);
  });
});
