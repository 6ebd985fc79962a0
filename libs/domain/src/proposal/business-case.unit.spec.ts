import fc from 'fast-check';
import { initialBudgetState } from '../budget/budget.decider';
import { DomainError, InvalidField } from '../domain.errors';
import { parseLedgerEvent } from '../ledger-events';
import { Money } from '../money';
import {
  decidePolicy,
  defaultPolicy,
  evolvePolicy,
  initialPolicyState,
  PolicyInForce,
  policyInForce,
} from '../policy/policy.decider';
import { policyStream } from '../policy/policy.events';
import { deciderSpecification } from '../testing/decider-specification';
import {
  aBoardMember,
  aDecision,
  aReviewedSubmission,
  aSnapshot,
  by,
  defaultProposer,
  EARLIER,
  NOW,
  PROPOSAL_ID,
  proposalAmended,
  proposalApproved,
  proposalDrafted,
  proposalReturned,
  reviewRecorded,
} from '../testing/fixtures';
import { missingSections, stageAtSubmission } from './business-case';
import { BusinessCase, CaseStage } from './business-case.events';
import { AmendProposal, DraftProposal, ProposalCommand, SubmitProposal } from './proposal.commands';
import { decideOnProposal, proposalDecider } from './proposal.decider';
import {
  BusinessCaseIncomplete,
  FundsNotCommittedAtGate,
  ReviewKindMissing,
  TierLimitExceeded,
} from './proposal.errors';
import {
  ProposalEvent,
  proposalStream,
  ProposalSubmitted,
  StageGatePassed,
} from './proposal.events';
import { proposalReadiness } from './proposal.readiness';
import { evolveProposal, initialProposalState, Proposal } from './proposal.state';

const { given } = deciderSpecification(proposalDecider);

const fold = (events: readonly ProposalEvent[]) =>
  events.reduce(evolveProposal, initialProposalState()) as Proposal;

/** The default proposal's whole-life cost: 80,000 capital + 5 years of 2,000. */
const COST = '90000.00';

function stagedPolicy(fullBusinessCaseAbove: string | null = '50000.00'): PolicyInForce {
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
const OUTLINE: BusinessCase = { strategic: FULL_CASE.strategic, economic: FULL_CASE.economic };

function submit(policy?: PolicyInForce): SubmitProposal {
  return {
    type: 'SubmitProposal',
    data: { proposalId: PROPOSAL_ID },
    metadata: by(defaultProposer, NOW),
    ...(policy ? { policy } : {}),
  };
}

function submitted(caseStage?: CaseStage, submittedAt = EARLIER): ProposalSubmitted {
  return { type: 'ProposalSubmitted', data: { submittedAt, ...(caseStage ? { caseStage } : {}) } };
}

const drafted = (businessCase?: BusinessCase) =>
  proposalDrafted(businessCase ? { businessCase } : {});

/** Drafted with an outline case, submitted at SOC, with the two reviews the default policy asks for. */
const atSoc = (): ProposalEvent[] => [
  drafted(OUTLINE),
  submitted('SOC'),
  reviewRecorded({ kind: 'financial', caseStage: 'SOC' }),
  reviewRecorded({ kind: 'technical', caseStage: 'SOC' }),
];

const gate = (from: CaseStage, to: CaseStage, at = NOW): StageGatePassed => {
  const board = aBoardMember();
  return {
    type: 'StageGatePassed',
    data: {
      from,
      to,
      conditions: [],
      reason: 'Strong case with sound reviews.',
      meetingRef: null,
      decidedBy: { id: board.id, name: board.name },
      decidedAt: at,
      snapshot: aSnapshot({ policyVersion: 7, wholeLifeCost: COST, caseStage: from }),
    },
  };
};

/** An approval at a gate: no amount, as a gate commits no funds. */
const passTheGate = (policy = stagedPolicy(), overrides = {}) =>
  aDecision({ approvedAmount: undefined, ...overrides }, { policy });

describe('the stage a proposal is at', () => {
  it('is fixed at SOC by the first submission when the whole-life cost is above the threshold', () => {
    given([drafted(OUTLINE)])
      .when(submit(stagedPolicy('89999.99')))
      .then([{ type: 'ProposalSubmitted', data: { submittedAt: NOW, caseStage: 'SOC' } }]);
  });

  it('is BJC when the cost is exactly the threshold: at it is not above it', () => {
    given([drafted(FULL_CASE)])
      .when(submit(stagedPolicy(COST)))
      .then([{ type: 'ProposalSubmitted', data: { submittedAt: NOW, caseStage: 'BJC' } }]);
  });

  it('is BJC, recorded as v1 recorded it, while the policy sets no threshold', () => {
    given([drafted()])
      .when(submit(stagedPolicy(null)))
      .then([{ type: 'ProposalSubmitted', data: { submittedAt: NOW } }]);
    expect(fold([drafted(), submitted()]).caseStage).toBe('BJC');
  });

  it('reads BJC in a ledger recorded before stages, reviews and all', () => {
    const proposal = fold(aReviewedSubmission());
    expect(proposal.caseStage).toBe('BJC');
    expect(proposal.stageHistory).toEqual([{ stage: 'BJC', enteredAt: EARLIER, gate: null }]);
    expect(proposal.reviews.map((review) => review.caseStage)).toEqual(['BJC', 'BJC']);
    expect(proposal.businessCase).toEqual({});
  });

  it('is not yet fixed before the first submission', () => {
    const proposal = fold([drafted()]);
    expect(proposal.caseStage).toBeNull();
    expect(proposal.stageHistory).toEqual([]);
  });

  it('stays what the first submission fixed when the policy or the cost changes later, except BJC', () => {
    // Submitted at BJC while stages were off; returned; the threshold is now below its cost: the
    // resubmission starts the SOC path (stage-reassessment.unit.spec.ts has the rule in full).
    given([drafted(FULL_CASE), submitted(), proposalReturned()])
      .when(submit(stagedPolicy('1000.00')))
      .then([
        {
          type: 'ProposalSubmitted',
          data: {
            submittedAt: NOW,
            caseStage: 'SOC',
            stageReassessed: {
              from: 'BJC',
              to: 'SOC',
              wholeLifeCost: COST,
              fullBusinessCaseAbove: '1000.00',
            },
          },
        },
      ]);
    // Submitted at SOC; its cost then dropped below the threshold: the path is never shortened.
    given([...atSoc(), proposalReturned(), proposalAmended({ capitalCost: '1000.00' })])
      .when(submit(stagedPolicy()))
      .then([{ type: 'ProposalSubmitted', data: { submittedAt: NOW, caseStage: 'SOC' } }]);
  });

  it('is chosen by stageAtSubmission from the cost and the policy alone', () => {
    const proposal = fold([drafted()]);
    expect(stageAtSubmission(proposal, {})).toBe('BJC');
    expect(stageAtSubmission(proposal, stagedPolicy(COST))).toBe('BJC');
    expect(stageAtSubmission(proposal, stagedPolicy('89999.99'))).toBe('SOC');
  });
});

describe('the sections a submission needs', () => {
  it('refuses a SOC without its strategic and economic cases, naming them', () => {
    given([drafted({ strategic: 'Why now.' })])
      .when(submit(stagedPolicy()))
      .thenThrows<BusinessCaseIncomplete>(BusinessCaseIncomplete, (error) => {
        expect(error.code).toBe('business-case-incomplete');
        expect(error.kind).toBe('governance');
        expect(error.missing).toEqual(['economic']);
        expect(error.message).toContain('SOC');
        expect(error.message).toContain('economic');
      });
  });

  it('refuses a BJC without all five cases, and counts a blank section as missing', () => {
    given([drafted({ ...OUTLINE, commercial: '   ' })])
      .when(submit(stagedPolicy(COST)))
      .thenThrows<BusinessCaseIncomplete>(BusinessCaseIncomplete, (error) =>
        expect(error.missing).toEqual(['commercial', 'financial', 'management']),
      );
  });

  it('asks the OBC for all five cases', () => {
    given([...atSoc(), gate('SOC', 'OBC')])
      .when(submit(stagedPolicy()))
      .thenThrows<BusinessCaseIncomplete>(BusinessCaseIncomplete, (error) =>
        expect(error.missing).toEqual(['commercial', 'financial', 'management']),
      );
    given([...atSoc(), gate('SOC', 'OBC'), proposalAmended({ businessCase: FULL_CASE })])
      .when(submit(stagedPolicy()))
      .then([{ type: 'ProposalSubmitted', data: { submittedAt: NOW, caseStage: 'OBC' } }]);
  });

  it('asks for no section while the policy sets no threshold', () => {
    given([drafted()])
      .when(submit(stagedPolicy(null)))
      .then([{ type: 'ProposalSubmitted', data: { submittedAt: NOW } }]);
  });

  it('lists missing sections in the model’s order', () => {
    expect(missingSections({}, 'SOC')).toEqual(['strategic', 'economic']);
    expect(missingSections(FULL_CASE, 'FBC')).toEqual([]);
  });

  it('is blocked in readiness before submission when a section is missing', () => {
    const codes = (events: ProposalEvent[]) =>
      proposalReadiness(fold(events), stagedPolicy(), initialBudgetState()).blockers.map(
        (blocker) => blocker.code,
      );
    expect(codes([drafted()])).toContain('business-case-incomplete');
    expect(codes([drafted(OUTLINE)])).not.toContain('business-case-incomplete');
  });
});

describe('writing the business case', () => {
  const draft = (businessCase: unknown): DraftProposal => ({
    type: 'DraftProposal',
    data: {
      proposalId: PROPOSAL_ID,
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
      businessCase: businessCase as Record<string, string>,
    },
    metadata: by(defaultProposer, EARLIER),
  });
  const amend = (businessCase: Record<string, string>): AmendProposal => ({
    type: 'AmendProposal',
    data: { proposalId: PROPOSAL_ID, businessCase },
    metadata: by(defaultProposer, NOW),
  });

  it('records the sections given with the draft', () => {
    given([])
      .when(draft(OUTLINE))
      .then([drafted(OUTLINE)]);
  });

  it('refuses a section the model does not have, and one longer than 20,000 characters', () => {
    given([])
      .when(draft({ vision: 'x' }))
      .thenThrows(InvalidField);
    given([])
      .when(draft({ strategic: 'x'.repeat(20_001) }))
      .thenThrows<InvalidField>(InvalidField, (error) =>
        expect(error.field).toBe('businessCase.strategic'),
      );
    given([]).when(draft('all of it')).thenThrows(InvalidField);
  });

  it('amends the sections given and keeps the others', () => {
    const { state } = given([drafted(OUTLINE)]).when(amend({ commercial: 'Framework.' }));
    const events = proposalDecider.decide(amend({ economic: 'Revised options.' }), state);
    expect(events).toEqual([
      proposalAmended({ businessCase: { economic: 'Revised options.' } }, NOW),
    ]);
    expect(fold([drafted(OUTLINE), ...events]).businessCase).toEqual({
      strategic: OUTLINE.strategic,
      economic: 'Revised options.',
    });
  });
});

describe('the gate', () => {
  it('passes from SOC to OBC, back in draft, committing no funds', () => {
    given(atSoc())
      .when(passTheGate())
      .then([gate('SOC', 'OBC')]);
    const { proposalEvents, budgetEvents } = decideOnProposal(passTheGate(), fold(atSoc()));
    expect(proposalEvents.map((event) => event.type)).toEqual(['StageGatePassed']);
    expect(budgetEvents).toEqual([]);
  });

  it('leaves the proposal in draft at the next stage, with the gate in its history', () => {
    const proposal = fold([...atSoc(), gate('SOC', 'OBC')]);
    expect(proposal.status).toBe('draft');
    expect(proposal.caseStage).toBe('OBC');
    expect(proposal.decision).toBeNull();
    expect(proposal.stageHistory).toEqual([
      { stage: 'SOC', enteredAt: EARLIER, gate: null },
      {
        stage: 'OBC',
        enteredAt: NOW,
        gate: expect.objectContaining({ version: 5, from: 'SOC', decidedAt: NOW }),
      },
    ]);
  });

  it('needs the stage’s own reviews: those of the SOC do not count at the OBC', () => {
    given([drafted(OUTLINE), submitted('SOC')])
      .when(passTheGate())
      .thenThrows(ReviewKindMissing);
    given([
      ...atSoc(),
      gate('SOC', 'OBC'),
      proposalAmended({ businessCase: FULL_CASE }),
      submitted('OBC'),
    ])
      .when(passTheGate())
      .thenThrows<ReviewKindMissing>(ReviewKindMissing, (error) =>
        expect(error.missingKinds).toEqual(['financial', 'technical']),
      );
  });

  it('needs a delegation tier covering the whole-life cost', () => {
    given(atSoc())
      .when(passTheGate(stagedPolicy(), { authority: 'chief-officer' }))
      .then([gate('SOC', 'OBC')]);
    given([
      proposalDrafted({ businessCase: OUTLINE, capitalCost: '200000.00' }),
      ...atSoc().slice(1),
    ])
      .when(passTheGate(stagedPolicy(), { authority: 'chief-officer' }))
      .thenThrows(TierLimitExceeded);
  });

  it('does not check the budget envelope', () => {
    const decision = aDecision(
      { approvedAmount: undefined },
      { policy: stagedPolicy(), budget: initialBudgetState() },
    );
    given(atSoc())
      .when(decision)
      .then([gate('SOC', 'OBC')]);
  });

  it('takes no approved amount, since it commits no funds', () => {
    given(atSoc())
      .when(aDecision({ approvedAmount: '80000.00' }, { policy: stagedPolicy() }))
      .thenThrows<FundsNotCommittedAtGate>(FundsNotCommittedAtGate, (error) =>
        expect(error.field).toBe('approvedAmount'),
      );
  });

  it('records its conditions', () => {
    given(atSoc())
      .when(passTheGate(stagedPolicy(), { conditions: ['Market engagement before OBC'] }))
      .then([
        {
          ...gate('SOC', 'OBC'),
          data: { ...gate('SOC', 'OBC').data, conditions: ['Market engagement before OBC'] },
        },
      ]);
  });

  it('commits funds at FBC, as v1 approved, with the stage in the snapshot', () => {
    const fbc = [
      ...atSoc(),
      gate('SOC', 'OBC'),
      proposalAmended({ businessCase: FULL_CASE }),
      submitted('OBC'),
      reviewRecorded({ kind: 'financial', proposalVersion: 7, caseStage: 'OBC' }),
      reviewRecorded({ kind: 'technical', proposalVersion: 7, caseStage: 'OBC' }),
      gate('OBC', 'FBC'),
      submitted('FBC'),
      reviewRecorded({ kind: 'financial', proposalVersion: 11, caseStage: 'FBC' }),
      reviewRecorded({ kind: 'technical', proposalVersion: 11, caseStage: 'FBC' }),
    ];
    expect(fold(fbc).stageHistory.map((entry) => entry.stage)).toEqual(['SOC', 'OBC', 'FBC']);
    const approval = aDecision({}, { policy: stagedPolicy() });
    const { proposalEvents, budgetEvents } = decideOnProposal(approval, fold(fbc));
    expect(proposalEvents).toEqual([
      proposalApproved({
        reason: 'Strong case with sound reviews.',
        decidedAt: NOW,
        snapshot: aSnapshot({
          proposalVersion: 13,
          policyVersion: 7,
          wholeLifeCost: COST,
          caseStage: 'FBC',
        }),
      }),
    ]);
    expect(budgetEvents.map((event) => event.type)).toEqual(['FundsCommitted']);
  });

  it('records the stage in the snapshot of a rejection at SOC, which is final', () => {
    const [event] = proposalDecider.decide(
      aDecision({ outcome: 'rejected' }, { policy: stagedPolicy() }),
      fold(atSoc()),
    );
    expect(event.type).toBe('ProposalRejected');
    expect(event.type === 'ProposalRejected' && event.data.snapshot.caseStage).toBe('SOC');
  });

  it('approves an old ledger’s proposal as v1 did, with no stage in the snapshot', () => {
    given(aReviewedSubmission())
      .when(aDecision())
      .then([
        proposalApproved({
          reason: 'Strong case with sound reviews.',
          decidedAt: NOW,
          snapshot: aSnapshot(),
        }),
      ]);
  });

  it('reads a review at the stage the proposal is at', () => {
    const review = proposalDecider.decide(
      {
        type: 'RecordReview',
        data: {
          proposalId: PROPOSAL_ID,
          reviewId: 'r-1',
          kind: 'security',
          scores: {
            strategicFit: 1,
            valueForMoney: 1,
            deliverability: 1,
            riskReduction: 1,
            serviceImpact: 1,
          },
          recommendation: 'support',
          comments: '',
        },
        metadata: by({ id: 'rev-9', name: 'R', roles: ['reviewer'], authorities: [] }),
      },
      fold(atSoc()),
    );
    expect(review[0].type === 'ReviewRecorded' && review[0].data.caseStage).toBe('SOC');
  });

  it('leaves no envelope blocker in readiness at a gate stage', () => {
    const readiness = proposalReadiness(fold(atSoc()), stagedPolicy(), initialBudgetState());
    expect(readiness.blockers).toEqual([]);
  });
});

describe('the schemas of stage events', () => {
  /** What the store would hand back: the event's data after a round trip through JSON. */
  const readBack = (event: ProposalEvent) =>
    parseLedgerEvent({
      position: 1,
      streamId: proposalStream(PROPOSAL_ID),
      type: event.type,
      schemaVersion: 1,
      data: JSON.parse(JSON.stringify(event.data)),
    });
  const section = fc.oneof(
    { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', 'x'.repeat(20_000), 'x'.repeat(20_001)) },
  );
  const businessCase = fc.record(
    {
      strategic: section,
      economic: section,
      commercial: section,
      financial: section,
      management: section,
    },
    { requiredKeys: [] },
  );

  it('accept every event a walk through the stages produces, read back unchanged', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.option(fc.bigInt({ min: 0n, max: 200_000_00n }), { nil: null }),
        fc.array(businessCase, { minLength: 1, maxLength: 4 }),
        fc.array(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 2 }),
        fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: undefined }),
        (thresholdPence, cases, conditions, meetingRef) => {
          const policy: PolicyInForce = {
            ...defaultPolicy(),
            fullBusinessCaseAbove: thresholdPence === null ? null : Money.fromPence(thresholdPence),
          };
          let state = initialProposalState();
          const run = (command: ProposalCommand) => {
            let events: ProposalEvent[];
            try {
              events = proposalDecider.decide(command, state);
            } catch (error) {
              if (error instanceof DomainError) return;
              throw error;
            }
            for (const event of events) {
              expect(readBack(event)).toEqual(JSON.parse(JSON.stringify(event)));
              seen.add(event.type);
              state = evolveProposal(state, event);
            }
          };
          const [first, ...amendments] = cases;
          run({ ...draftCommand(), data: { ...draftCommand().data, businessCase: first } });
          for (const [index, changes] of [...amendments, {}, {}].entries()) {
            run(submit(policy));
            for (const kind of ['financial', 'technical'])
              run({
                type: 'RecordReview',
                data: {
                  proposalId: PROPOSAL_ID,
                  reviewId: `r-${index}-${kind}`,
                  kind,
                  scores: {
                    strategicFit: 3,
                    valueForMoney: 3,
                    deliverability: 3,
                    riskReduction: 3,
                    serviceImpact: 3,
                  },
                  recommendation: 'support',
                  comments: '',
                },
                metadata: by({
                  id: `rev-${kind}`,
                  name: 'Rhys',
                  roles: ['reviewer'],
                  authorities: [],
                }),
              });
            run(
              aDecision(
                { approvedAmount: undefined, conditions, ...(meetingRef ? { meetingRef } : {}) },
                { policy },
              ),
            );
            if (Object.keys(changes).length > 0)
              run({
                type: 'AmendProposal',
                data: { proposalId: PROPOSAL_ID, businessCase: changes },
                metadata: by(defaultProposer, NOW),
              });
          }
        },
      ),
      { numRuns: 150 },
    );
    expect(seen).toContain('StageGatePassed');
    expect(seen).toContain('ProposalSubmitted');
  });

  it('accept the threshold in every policy the policy decider adopts, and read it back', () => {
    for (const fullBusinessCaseAbove of ['500000.00', '0', null, undefined]) {
      const [adopted] = decidePolicy(
        {
          type: 'AdoptPolicy',
          data: {
            delegation: [{ authority: 'cabinet', upTo: null }],
            requiredReviewKinds: [],
            criteriaWeights: { ...defaultPolicy().criteriaWeights },
            ...(fullBusinessCaseAbove === undefined ? {} : { fullBusinessCaseAbove }),
          },
          metadata: by({ id: 'admin', name: 'Ada', roles: ['admin'], authorities: [] }),
        },
        initialPolicyState(),
      );
      expect(
        parseLedgerEvent({
          position: 1,
          streamId: policyStream(),
          type: adopted.type,
          schemaVersion: 1,
          data: JSON.parse(JSON.stringify(adopted.data)),
        }),
      ).toEqual(adopted);
      const policy = policyInForce(evolvePolicy(initialPolicyState(), adopted), 3);
      expect(policy.fullBusinessCaseAbove?.toString() ?? null).toBe(
        fullBusinessCaseAbove === '0' ? '0.00' : (fullBusinessCaseAbove ?? null),
      );
      expect('fullBusinessCaseAbove' in adopted.data).toBe(fullBusinessCaseAbove !== undefined);
    }
  });
});

function draftCommand(): DraftProposal {
  return {
    type: 'DraftProposal',
    data: {
      proposalId: PROPOSAL_ID,
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
    },
    metadata: by(defaultProposer, EARLIER),
  };
}
