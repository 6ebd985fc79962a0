import fc from 'fast-check';
import { Actor } from '../actor';
import { DomainError } from '../domain.errors';
import { addDays, clearDaysBetween, londonDateOf } from '../london-date';
import { Money } from '../money';
import { defaultPolicy, PolicyInForce } from '../policy/policy.decider';
import { aBudget, PROPOSAL_ID, draftFields } from '../testing/fixtures';
import { ProposalCommand } from './proposal.commands';
import { decideProposal } from './proposal.decider';
import { ProposalApproved, ProposalEvent, ProposalReturned } from './proposal.events';
import { evolveProposal, initialProposalState, Proposal, ProposalState } from './proposal.state';
import { isKeyDecision, KEY_DECISION_CLEAR_DAYS } from './key-decision';

const ALL_TIERS = ['chief-officer', 'investment-board', 'cabinet'];
const person = (id: string, roles: string[]): Actor => ({
  id,
  name: id,
  roles,
  authorities: roles.includes('board') ? ALL_TIERS : [],
});
// Several people hold both the reviewer and the board role, which is what segregation is about.
const cast: Actor[] = [
  person('priya', ['proposer']),
  person('rhea', ['reviewer', 'board']),
  person('rob', ['reviewer', 'board']),
  person('rita', ['reviewer']),
  person('bea', ['board']),
  person('ben', ['board', 'admin']),
];
const proposer = cast[0];
const id = { proposalId: PROPOSAL_ID };

type Step = (now: string, policy: PolicyInForce) => ProposalCommand;

const actor = fc.constantFrom(...cast);
// Mostly the people whose role fits, so walks get far; now and then anyone.
const reviewer = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(cast[1], cast[2], cast[3]) },
  { weight: 1, arbitrary: actor },
);
const boardMember = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(cast[1], cast[2], cast[4], cast[5]) },
  { weight: 1, arbitrary: actor },
);
const kind = fc.constantFrom('financial', 'technical', 'financial', 'technical', 'security');
const daysBefore = fc.integer({ min: 0, max: 40 });
const urgency = fc.option(
  fc.oneof(
    fc.constant({ procedure: 'special-urgency', agreedBy: 'Chair of Scrutiny', reason: 'Now.' }),
    daysBefore.map((days) => ({ procedure: 'general-exception', days })),
  ),
  { nil: undefined },
);

const submit: Step = (now) => ({
  type: 'SubmitProposal',
  data: id,
  metadata: { actor: proposer, now },
});

const review = fc.tuple(reviewer, kind).map(([by, reviewKind]): Step => (now) => ({
  type: 'RecordReview',
  data: {
    ...id,
    reviewId: `review-${by.id}-${reviewKind}-${now}`,
    kind: reviewKind,
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
  metadata: { actor: by, now },
}));
const conflict = actor.map((by): Step => (now) => ({
  type: 'DeclareConflictOfInterest',
  data: { ...id, statement: 'I know the vendor.' },
  metadata: { actor: by, now },
}));
const returnIt = boardMember.map((by): Step => (now) => ({
  type: 'ReturnProposal',
  data: { ...id, reason: 'Revise.' },
  metadata: { actor: by, now },
}));
// An amendment makes every earlier review stale.
const amend = fc.constant<Step>((now) => ({
  type: 'AmendProposal',
  data: { ...id, summary: `Revised ${now}` },
  metadata: { actor: proposer, now },
}));
const notice = fc.tuple(boardMember, daysBefore).map(([by, days]): Step => (now, policy) => ({
  type: 'PublishKeyDecisionNotice',
  data: {
    ...id,
    noticeId: `notice-${now}-${days}`,
    publishedOn: addDays(londonDateOf(now), -days),
    decisionDue: addDays(londonDateOf(now), 30),
    decisionMaker: 'cabinet',
    summary: 'Network replacement.',
  },
  policy,
  metadata: { actor: by, now },
}));
const decision = fc
  .tuple(boardMember, fc.constantFrom('approved', 'approved', 'rejected', 'deferred'), urgency)
  .map(([by, outcome, exception]): Step => (now, policy) => ({
    type: 'DecideProposal',
    data: {
      ...id,
      outcome: outcome as 'approved' | 'rejected' | 'deferred',
      authority: 'cabinet',
      reason: 'Decided.',
      ...(outcome === 'approved' ? { approvedAmount: '80000.00' } : {}),
      ...(outcome === 'deferred' ? { deferredUntil: '2099-01-01' } : {}),
      ...(exception === undefined
        ? {}
        : exception.procedure === 'general-exception'
          ? {
              urgency: {
                procedure: 'general-exception',
                scrutinyChairInformedOn: londonDateOf(now),
                publishedOn: addDays(londonDateOf(now), -(exception as { days: number }).days),
              },
            }
          : { urgency: exception }),
    },
    policy,
    budget: aBudget(),
    metadata: { actor: by, now },
  }));

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Step>(submit) },
  { weight: 5, arbitrary: review },
  { weight: 1, arbitrary: conflict },
  { weight: 1, arbitrary: returnIt },
  { weight: 1, arbitrary: amend },
  { weight: 3, arbitrary: notice },
  { weight: 4, arbitrary: decision },
);

const policies = fc.constantFrom<PolicyInForce>(
  defaultPolicy(),
  { ...defaultPolicy(), keyDecisionThreshold: Money.parse('90000.00') },
  { ...defaultPolicy(), keyDecisionThreshold: Money.parse('1.00') },
);

describe('whatever order commands arrive in', () => {
  it('no one approves, rejects or returns a proposal they reviewed or declared a conflict on, and no key decision is taken without a qualifying notice or a recorded exception', () => {
    const approvals = { total: 0, key: 0 };
    fc.assert(
      fc.property(
        policies,
        fc.array(step, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 0, max: 364 }),
        (policy, steps, startDay) => {
          const start = Date.UTC(2027, 0, 1) + startDay * 86_400_000;
          let state: ProposalState = [
            {
              type: 'ProposalDrafted',
              data: {
                ...id,
                ...draftFields(),
                proposer: { id: proposer.id, name: proposer.name },
                draftedAt: new Date(start).toISOString(),
              },
            } as ProposalEvent,
          ].reduce(evolveProposal, initialProposalState());
          [submit, ...steps].forEach((makeCommand, index) => {
            // Commands arrive a few hours apart, so days (and clock changes) pass during a walk.
            const now = new Date(start + (index + 1) * 7 * 3_600_000 + 1234).toISOString();
            const command = makeCommand(now, policy);
            let events: ProposalEvent[];
            try {
              events = decideProposal(command, state);
            } catch (error) {
              if (error instanceof DomainError) return;
              throw error;
            }
            const before = state as Proposal;
            for (const event of events) {
              if (
                event.type === 'ProposalApproved' ||
                event.type === 'ProposalRejected' ||
                event.type === 'ProposalReturned'
              ) {
                const who = command.metadata.actor.id;
                expect(before.reviews.map((review) => review.reviewer.id)).not.toContain(who);
                expect(before.conflicts.map((conflict) => conflict.person.id)).not.toContain(who);
              }
              if (event.type === 'ProposalApproved' || event.type === 'ProposalRejected') {
                assertKeyDecisionMet(event, before, policy, now);
                if (event.type === 'ProposalApproved') approvals.total += 1;
                if (event.type === 'ProposalApproved' && isKeyDecision(before, policy))
                  approvals.key += 1;
              }
            }
            state = events.reduce(evolveProposal, state);
          });
        },
      ),
      { numRuns: 1500 },
    );
    // Only convincing if approvals, key ones included, actually happened.
    expect(approvals.total).toBeGreaterThan(0);
    expect(approvals.key).toBeGreaterThan(0);
  });
});

function assertKeyDecisionMet(
  event: ProposalApproved | Exclude<ProposalEvent, ProposalReturned>,
  before: Proposal,
  policy: PolicyInForce,
  now: string,
): void {
  if (event.type !== 'ProposalApproved' && event.type !== 'ProposalRejected') return;
  const record = event.data.snapshot.keyDecision;
  if (!isKeyDecision(before, policy)) {
    expect(record).toBeUndefined();
    return;
  }
  expect(record).toBeDefined();
  const today = londonDateOf(now);
  if (record!.procedure === 'notice') {
    const notice = before.keyDecisionNotices.find((n) => n.noticeId === record!.noticeId);
    expect(notice).toBeDefined();
    expect(clearDaysBetween(notice!.publishedOn, today)).toBeGreaterThanOrEqual(
      KEY_DECISION_CLEAR_DAYS,
    );
  } else {
    expect(record!.urgency?.procedure).toBe(record!.procedure);
    if (record!.urgency?.procedure === 'general-exception') {
      expect(clearDaysBetween(record!.urgency.publishedOn, today)).toBeGreaterThanOrEqual(5);
    }
  }
}
