import fc from 'fast-check';
import { Actor } from '../actor';
import { BudgetState, evolveBudget, initialBudgetState } from '../budget/budget.decider';
import { DomainError, InvalidTransition } from '../domain.errors';
import { parseLedgerEvent } from '../ledger-events';
import { defaultPolicy } from '../policy/policy.decider';
import {
  aBoardMember,
  aBudget,
  aDecision,
  aDraft,
  aFinanceOfficer,
  aProposer,
  aReview,
  aReviewer,
  aReviewedSubmission,
  aBenefitPlan,
  benefitEvidenced,
  by,
  EARLIER,
  envelopeSet,
  NOW,
  PROPOSAL_ID,
  proposalApproved,
  proposalDeferred,
  proposalDrafted,
  proposalRejected,
  proposalReturned,
  proposalSubmitted,
} from '../testing/fixtures';
import { ProposalCommand } from './proposal.commands';
import { decideOnProposal, decideProposal } from './proposal.decider';
import { ProposalAlreadyExists } from './proposal.errors';
import { ProposalEvent, REVIEW_KINDS, ReviewKind } from './proposal.events';
import {
  evolveProposal,
  ExistingStatus,
  initialProposalState,
  isAllowedTransition,
  PROPOSAL_TRANSITIONS,
  ProposalState,
} from './proposal.state';

const actors: Actor[] = [
  aProposer(),
  aProposer({ roles: ['proposer', 'reviewer', 'board'], authorities: ['cabinet'] }),
  aProposer({ id: 'proposer-2' }),
  aReviewer(),
  aReviewer({ id: 'reviewer-2' }),
  aBoardMember(),
  aBoardMember({ id: 'board-2', authorities: ['chief-officer'] }),
  aFinanceOfficer(),
];

type Step = (now: string, budget: BudgetState) => ProposalCommand;

const anyone = fc.constantFrom(...actors);
// Mostly the right person, sometimes anyone, so that walks get deep and still probe every refusal.
const mostly = (...likely: Actor[]) =>
  fc.oneof({ arbitrary: fc.constantFrom(...likely), weight: 4 }, { arbitrary: anyone, weight: 1 });
const weighted = (weight: number, arbitrary: fc.Arbitrary<Step>) => ({ weight, arbitrary });
const id = { proposalId: PROPOSAL_ID };
const [proposer, , , reviewer, reviewer2, board, board2, finance] = actors;
const meta = (a: Actor, now: string) => ({ metadata: by(a, now) });

const draft = fc
  .tuple(mostly(proposer), fc.constantFrom('50000', '80000', '200000'))
  .map(([a, capitalCost]): Step => (now) => ({ ...aDraft({ capitalCost }), ...meta(a, now) }));
const amend = fc
  .tuple(mostly(proposer), fc.constantFrom('60000', '90000.5'))
  .map(([a, capitalCost]): Step => (now) => ({
    type: 'AmendProposal',
    data: { ...id, capitalCost },
    ...meta(a, now),
  }));
const submit = mostly(proposer).map((a): Step => (now) => ({
  type: 'SubmitProposal',
  data: id,
  ...meta(a, now),
}));
const review = fc
  .tuple(
    mostly(reviewer, reviewer2),
    fc.constantFrom<ReviewKind>('financial', 'technical', ...REVIEW_KINDS),
  )
  .map(([a, kind]): Step => (now) => ({
    ...aReview({ kind, reviewId: `review-${now}` }, a),
    ...meta(a, now),
  }));
const declare = anyone.map((a): Step => (now) => ({
  type: 'DeclareConflictOfInterest',
  data: { ...id, statement: 'I know the vendor.' },
  ...meta(a, now),
}));
const returnIt = mostly(board).map((a): Step => (now) => ({
  type: 'ReturnProposal',
  data: { ...id, reason: 'Revise.' },
  ...meta(a, now),
}));
const withdraw = anyone.map((a): Step => (now) => ({
  type: 'WithdrawProposal',
  data: { ...id, reason: 'Dropped.' },
  ...meta(a, now),
}));
const decide = fc
  .tuple(
    mostly(board, board2),
    fc.constantFrom('approved', 'approved', 'rejected', 'deferred'),
    fc.constantFrom('chief-officer', 'investment-board', 'cabinet'),
    fc.constantFrom('1000', '50000', '80000.01'),
  )
  .map(
    ([a, outcome, authority, amount]): Step =>
      (now, budget) =>
        aDecision(
          {
            outcome,
            authority,
            ...(outcome === 'approved' ? { approvedAmount: amount } : {}),
            ...(outcome === 'deferred' ? { deferredUntil: '2099-01-01' } : {}),
          },
          { actor: a, now, budget, policy: defaultPolicy() },
        ),
  );
const recordBenefits = mostly(finance).map((a): Step => (now) => ({
  type: 'RecordBenefits',
  data: { ...id, period: '2027-28', cashableSaving: '100', nonCashableBenefit: '0', note: '' },
  ...meta(a, now),
}));

const step: fc.Arbitrary<Step> = fc.oneof(
  weighted(1, draft),
  weighted(1, amend),
  weighted(3, submit),
  weighted(4, review),
  weighted(1, declare),
  weighted(1, returnIt),
  weighted(1, withdraw),
  weighted(3, decide),
  weighted(1, recordBenefits),
);

const initialBudget = fc.oneof(
  { weight: 1, arbitrary: fc.constant(initialBudgetState()) },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom('30000', '1000000')
      .map((capital) => aBudget([envelopeSet(capital)])),
  },
);

describe('the proposal lifecycle', () => {
  it('never reaches a status by an edge API.md does not allow, whatever commands arrive in any order', () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(
        initialBudget,
        fc.array(step, { maxLength: 60, size: 'max' }),
        (startBudget, rest) => {
          const steps: Step[] = [(now) => ({ ...aDraft(), ...meta(proposer, now) }), ...rest];
          let state: ProposalState = initialProposalState();
          let budget = startBudget;
          let folded = 0;
          steps.forEach((makeCommand, index) => {
            const now = new Date(Date.UTC(2026, 10, 1) + index * 60_000).toISOString();
            const command = makeCommand(now, budget);
            let decided;
            try {
              decided =
                command.type === 'DecideProposal'
                  ? decideOnProposal(command, state)
                  : { proposalEvents: decideProposal(command, state), budgetEvents: [] };
            } catch (error) {
              if (!(error instanceof DomainError)) throw error;
              return;
            }
            for (const event of [...decided.proposalEvents, ...decided.budgetEvents]) {
              const data = JSON.parse(JSON.stringify(event.data));
              expect(data).toEqual(event.data);
              const stored = {
                position: 1,
                streamId: 's',
                type: event.type,
                schemaVersion: 1,
                data,
              };
              expect(parseLedgerEvent(stored)).toEqual(event);
            }
            const before = state.status;
            state = decided.proposalEvents.reduce(evolveProposal, state);
            budget = decided.budgetEvents.reduce(evolveBudget, budget);
            folded += decided.proposalEvents.length;
            expect(isAllowedTransition(before, state.status)).toBe(true);
            expect(state.version).toBe(folded);
            reached.add(`${before}->${state.status}`);
            if (decided.proposalEvents.some((e) => e.type === 'ProposalApproved')) {
              expect(decided.budgetEvents.map((e) => e.type)).toEqual(['FundsCommitted']);
            }
            if (budget.status === 'set') {
              expect(budget.committed.isGreaterThan(budget.capitalEnvelope)).toBe(false);
            }
          });
        },
      ),
      { numRuns: 1000 },
    );
    // The run is only convincing if it actually walked the interesting edges.
    for (const edge of [
      'initial->draft',
      'draft->submitted',
      'submitted->approved',
      'submitted->returned',
      'deferred->submitted',
      'submitted->rejected',
      'submitted->deferred',
    ]) {
      expect(reached).toContain(edge);
    }
  });

  it.each([
    ['approved', [...aReviewedSubmission(), proposalApproved()]],
    ['rejected', [...aReviewedSubmission(), proposalRejected()]],
  ] as const)('never leaves %s, whatever command arrives', (status, history) => {
    const start = history.reduce<ProposalState>(evolveProposal, initialProposalState());
    fc.assert(
      fc.property(step, initialBudget, (makeCommand, budget) => {
        const command = makeCommand(NOW, budget);
        try {
          expect(decideProposal(command, start).reduce(evolveProposal, start).status).toBe(status);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
        }
      }),
    );
  });
});

describe('PROPOSAL_TRANSITIONS', () => {
  const drafted = proposalDrafted();
  const withdrawn: ProposalEvent = {
    type: 'ProposalWithdrawn',
    data: { reason: 'Dropped.', withdrawnAt: EARLIER },
  };
  const histories: Record<ExistingStatus, ProposalEvent[]> = {
    draft: [drafted],
    submitted: aReviewedSubmission(),
    returned: [drafted, proposalSubmitted(), proposalReturned()],
    deferred: [...aReviewedSubmission(), proposalDeferred()],
    withdrawn: [drafted, withdrawn],
    approved: [
      ...aReviewedSubmission({ benefitPlan: aBenefitPlan() }),
      proposalApproved(),
      benefitEvidenced(),
    ],
    rejected: [...aReviewedSubmission(), proposalRejected()],
  };
  const byRightPerson: Record<
    Exclude<ProposalCommand['type'], 'DraftProposal'>,
    ProposalCommand
  > = {
    AmendProposal: {
      type: 'AmendProposal',
      data: { ...id, title: 'A new title' },
      ...meta(proposer, NOW),
    },
    SubmitProposal: { type: 'SubmitProposal', data: id, ...meta(proposer, NOW) },
    RecordReview: aReview({ kind: 'security' }, reviewer2),
    DeclareConflictOfInterest: {
      type: 'DeclareConflictOfInterest',
      data: { ...id, statement: 'I know the vendor.' },
      ...meta(reviewer2, NOW),
    },
    ReturnProposal: {
      type: 'ReturnProposal',
      data: { ...id, reason: 'Revise.' },
      ...meta(board, NOW),
    },
    WithdrawProposal: {
      type: 'WithdrawProposal',
      data: { ...id, reason: 'Dropped.' },
      ...meta(proposer, NOW),
    },
    DecideProposal: aDecision({ outcome: 'rejected' }, { actor: board }),
    RecordBenefits: {
      type: 'RecordBenefits',
      data: { ...id, period: '2027-28', cashableSaving: '100', nonCashableBenefit: '0', note: '' },
      ...meta(finance, NOW),
    },
    PublishKeyDecisionNotice: {
      type: 'PublishKeyDecisionNotice',
      data: {
        ...id,
        noticeId: 'notice-1',
        publishedOn: '2026-11-01',
        decisionDue: '2026-12-15',
        decisionMaker: 'cabinet',
        summary: 'Replace the network.',
      },
      policy: defaultPolicy(),
      ...meta(board, NOW),
    },
    RecordBenefitEvidence: {
      type: 'RecordBenefitEvidence',
      data: {
        ...id,
        benefitKey: 'licence-savings',
        evidenceId: 'evidence-2',
        period: '2027-28',
        amount: '20000',
        evidence: 'Invoices stopped.',
      },
      ...meta(finance, NOW),
    },
    ValidateBenefitEvidence: {
      type: 'ValidateBenefitEvidence',
      data: {
        ...id,
        benefitKey: 'licence-savings',
        evidenceId: 'evidence-1',
        outcome: 'validated',
        note: 'Checked against the ledger.',
      },
      ...meta(finance, NOW),
    },
  };
  const cases = Object.entries(byRightPerson).flatMap(([type, command]) =>
    (Object.keys(histories) as ExistingStatus[]).map(
      (status) =>
        [type, status, command] as [ProposalCommand['type'], ExistingStatus, ProposalCommand],
    ),
  );

  it.each(cases)(
    'decides %s in a %s proposal exactly when the table allows it',
    (type, status, command) => {
      const state = histories[status].reduce(evolveProposal, initialProposalState());
      expect(state.status).toBe(status);
      if (PROPOSAL_TRANSITIONS[type].from.includes(status)) {
        const after = decideProposal(command, state).reduce(evolveProposal, state);
        const { to } = PROPOSAL_TRANSITIONS[type];
        expect(to.length === 0 ? [status] : to).toContain(after.status);
      } else {
        expect(() => decideProposal(command, state)).toThrow(InvalidTransition);
      }
    },
  );

  it('lets a proposal be drafted only once', () => {
    for (const history of Object.values(histories)) {
      const state = history.reduce(evolveProposal, initialProposalState());
      expect(() => decideProposal({ ...aDraft(), ...meta(proposer, NOW) }, state)).toThrow(
        ProposalAlreadyExists,
      );
    }
  });
});
