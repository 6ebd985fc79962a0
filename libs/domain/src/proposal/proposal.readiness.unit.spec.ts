import fc from 'fast-check';
import { weightedScore } from '../appraisal/appraisal';
import { BudgetState, initialBudgetState } from '../budget/budget.decider';
import { DomainError } from '../domain.errors';
import { Money } from '../money';
import { defaultPolicy, PolicyInForce } from '../policy/policy.decider';
import {
  aBoardMember,
  aBudget,
  aDecision,
  aReviewedSubmission,
  conflictDeclared,
  envelopeSet,
  fundsCommitted,
  proposalAmended,
  proposalApproved,
  proposalDeferred,
  proposalDrafted,
  proposalReturned,
  proposalSubmitted,
  reviewRecorded,
  someScores,
} from '../testing/fixtures';
import { decideOnProposal } from './proposal.decider';
import { CRITERIA, ProposalEvent, REVIEW_KINDS, ReviewKind, Scores } from './proposal.events';
import { isReady, proposalReadiness, scoreBreakdown } from './proposal.readiness';
import { evolveProposal, initialProposalState, Proposal } from './proposal.state';

const fold = (events: readonly ProposalEvent[]) =>
  events.reduce(evolveProposal, initialProposalState()) as Proposal;

const codes = (proposal: Proposal, policy = defaultPolicy(), budget = aBudget()) =>
  proposalReadiness(proposal, policy, budget).blockers.map((blocker) => blocker.code);

describe('a proposal’s readiness for approval', () => {
  it('is ready when submitted with the required reviews, a covering tier and room in the envelope', () => {
    const proposal = fold(aReviewedSubmission());
    const readiness = proposalReadiness(proposal, defaultPolicy(), aBudget());
    expect(readiness).toEqual({
      missingReviewKinds: [],
      tierNeeded: 'chief-officer',
      envelopeRemaining: Money.parse('500000.00'),
      blockers: [],
      reasonsRequired: [],
    });
    expect(isReady(proposal, readiness)).toBe(true);
  });

  it('names the lowest tier whose limit covers the whole-life cost', () => {
    // 80,000 capital + 5 years of 4,200 = 101,000: beyond the chief officer's 100,000.
    const proposal = fold(aReviewedSubmission({ annualRevenueCost: '4200.00' }));
    expect(proposalReadiness(proposal, defaultPolicy(), aBudget()).tierNeeded).toBe(
      'investment-board',
    );
  });

  it('lists every refusal at once: missing reviews, no envelope', () => {
    const proposal = fold([proposalDrafted(), proposalSubmitted()]);
    const readiness = proposalReadiness(proposal, defaultPolicy(), initialBudgetState());
    expect(readiness.missingReviewKinds).toEqual(['financial', 'technical']);
    expect(readiness.envelopeRemaining).toBeNull();
    expect(readiness.blockers).toEqual([
      {
        code: 'review-kind-missing',
        message: expect.stringContaining('financial and technical review'),
      },
      { code: 'no-envelope', message: expect.stringContaining('No capital envelope') },
    ]);
  });

  it('counts only reviews of the business case as it now stands', () => {
    const proposal = fold([
      ...aReviewedSubmission(),
      proposalReturned(),
      proposalAmended({ capitalCost: '90000.00' }),
      proposalSubmitted(),
      reviewRecorded({ kind: 'financial', proposalVersion: 7 }),
    ]);
    expect(codes(proposal)).toEqual(['review-kind-missing']);
    expect(proposalReadiness(proposal, defaultPolicy(), aBudget()).missingReviewKinds).toEqual([
      'technical',
    ]);
  });

  it('is blocked when the capital cost does not fit what remains of the envelope', () => {
    const proposal = fold(aReviewedSubmission());
    const budget = aBudget([envelopeSet('100000.00'), fundsCommitted('30000.00')]);
    const readiness = proposalReadiness(proposal, defaultPolicy(), budget);
    expect(readiness.envelopeRemaining).toEqual(Money.parse('70000.00'));
    expect(readiness.blockers).toEqual([
      { code: 'envelope-exceeded', message: expect.stringContaining('£70000.00') },
    ]);
  });

  it('is blocked when no delegation tier covers the whole-life cost', () => {
    const policy: PolicyInForce = {
      ...defaultPolicy(),
      delegation: [
        { authority: 'chief-officer', upTo: Money.parse('50000.00') },
        { authority: 'cabinet', upTo: Money.parse('75000.00') },
      ],
    };
    const readiness = proposalReadiness(fold(aReviewedSubmission()), policy, aBudget());
    expect(readiness.tierNeeded).toBeNull();
    expect(readiness.blockers).toEqual([
      { code: 'tier-limit-exceeded', message: expect.stringContaining('"cabinet"') },
    ]);
  });

  it('is not ready before submission, and says so first', () => {
    expect(codes(fold([proposalDrafted()]))).toEqual(['not-submitted', 'review-kind-missing']);
    expect(codes(fold([...aReviewedSubmission(), proposalDeferred()]))).toEqual(['not-submitted']);
  });

  it('gives only the status for a proposal that can no longer be approved', () => {
    const approved = fold([...aReviewedSubmission(), proposalApproved()]);
    expect(codes(approved, defaultPolicy(), initialBudgetState())).toEqual(['not-submitted']);
  });

  it('applies the policy’s own required review kinds', () => {
    const policy = { ...defaultPolicy(), requiredReviewKinds: ['security' as const] };
    const readiness = proposalReadiness(fold(aReviewedSubmission()), policy, aBudget());
    expect(readiness.missingReviewKinds).toEqual(['security']);
  });
});

describe('the score breakdown', () => {
  it('explains the weighted score criterion by criterion', () => {
    const reviews = [
      { scores: someScores({ strategicFit: 5, valueForMoney: 2 }) },
      { scores: someScores({ strategicFit: 4, valueForMoney: 3 }) },
    ];
    const weights = {
      strategicFit: 2,
      valueForMoney: 1,
      deliverability: 1,
      riskReduction: 1,
      serviceImpact: 0,
    };
    const breakdown = scoreBreakdown(reviews, weights);
    expect(breakdown.reviewsCounted).toBe(2);
    expect(breakdown.criteria[0]).toEqual({
      criterion: 'strategicFit',
      meanScore: 4.5,
      weight: 2,
      contribution: 36,
    });
    expect(breakdown.criteria[4]).toMatchObject({ criterion: 'serviceImpact', contribution: 0 });
    expect(sum(breakdown.criteria.map((c) => c.contribution!))).toBe(
      weightedScore(reviews, weights),
    );
  });

  it('has no contributions without reviews, as there is no weighted score', () => {
    const breakdown = scoreBreakdown([], defaultPolicy().criteriaWeights);
    expect(breakdown.reviewsCounted).toBe(0);
    expect(breakdown.criteria.every((c) => c.contribution === null && c.meanScore === null)).toBe(
      true,
    );
  });

  it('always adds up to the weighted score to 2 decimals', () => {
    const scores = fc.record(
      Object.fromEntries(CRITERIA.map((c) => [c, fc.integer({ min: 0, max: 5 })])) as Record<
        (typeof CRITERIA)[number],
        fc.Arbitrary<number>
      >,
    );
    const weight = fc.oneof(
      fc.integer({ min: 0, max: 10 }),
      fc.double({ min: 0, max: 10, noNaN: true, noDefaultInfinity: true }),
    );
    const weights = fc
      .record(
        Object.fromEntries(CRITERIA.map((c) => [c, weight])) as Record<
          (typeof CRITERIA)[number],
          fc.Arbitrary<number>
        >,
      )
      .filter((w) => CRITERIA.some((c) => w[c] > 0));
    fc.assert(
      fc.property(
        fc.array(
          scores.map((s) => ({ scores: s as Scores })),
          { minLength: 1, maxLength: 7 },
        ),
        weights,
        (reviews, w) => {
          const breakdown = scoreBreakdown(reviews, w);
          const total = sum(breakdown.criteria.map((c) => c.contribution!));
          expect(total.toFixed(2)).toBe(weightedScore(reviews, w)!.toFixed(2));
          for (const c of breakdown.criteria) expect(c.contribution!).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});

function sum(values: readonly number[]): number {
  return Math.round(values.reduce((a, b) => a + b * 100, 0)) / 100;
}

/**
 * Proposals in every state the decider can reach, under random policies and budgets: what the page
 * says must be what the decider does.
 */
describe('readiness agrees with the decider', () => {
  const pounds = (max: number) => fc.integer({ min: 0, max }).map((p) => `${p}.00`);
  const kinds = fc.subarray([...REVIEW_KINDS]);
  const reviewsOf = (list: readonly ReviewKind[], version: number, tag: string) =>
    list.map((kind) =>
      reviewRecorded({
        kind,
        reviewId: `${tag}-${kind}`,
        reviewer: { id: `reviewer-${kind}`, name: 'Reviewer' },
        proposalVersion: version,
      }),
    );

  const proposalEvents = fc
    .record({
      capitalCost: pounds(3_000_000),
      annualRevenueCost: pounds(200_000),
      appraisalYears: fc.integer({ min: 1, max: 15 }),
      firstReviews: kinds,
      returned: fc.boolean(),
      secondReviews: kinds,
      amendCost: fc.option(pounds(3_000_000)),
      conflictOfSomeone: fc.boolean(),
      ending: fc.constantFrom('none', 'deferred', 'approved', 'draft-only'),
    })
    .map((p) => {
      const events: ProposalEvent[] = [
        proposalDrafted({
          capitalCost: p.capitalCost,
          annualRevenueCost: p.annualRevenueCost,
          appraisalYears: p.appraisalYears,
        }),
      ];
      if (p.ending === 'draft-only') return events;
      events.push(proposalSubmitted(), ...reviewsOf(p.firstReviews, 2, 'first'));
      if (p.conflictOfSomeone) events.push(conflictDeclared(aBoardMember({ id: 'someone-else' })));
      if (p.returned) {
        events.push(proposalReturned());
        if (p.amendCost !== null) events.push(proposalAmended({ capitalCost: p.amendCost }));
        events.push(proposalSubmitted());
        events.push(...reviewsOf(p.secondReviews, events.length, 'second'));
      }
      if (p.ending === 'deferred') events.push(proposalDeferred());
      if (p.ending === 'approved') events.push(proposalApproved());
      return events;
    });

  const policy = fc
    .record({
      limits: fc.array(fc.option(pounds(4_000_000), { freq: 4 }), { minLength: 1, maxLength: 4 }),
      required: kinds,
    })
    .map(({ limits, required }): PolicyInForce => ({
      ...defaultPolicy(),
      delegation: limits.map((upTo, index) => ({
        authority: `tier-${index}`,
        upTo: upTo === null ? null : Money.parse(upTo),
      })),
      requiredReviewKinds: required,
    }));

  const budget: fc.Arbitrary<BudgetState> = fc
    .option(
      fc
        .record({
          envelope: pounds(5_000_000),
          committedShare: fc.double({ min: 0, max: 1, noNaN: true }),
        })
        .map(({ envelope, committedShare }) => {
          const committed = Math.floor(Number.parseInt(envelope, 10) * committedShare);
          return aBudget([envelopeSet(envelope), fundsCommitted(`${committed}.00`)]);
        }),
    )
    .map((b) => b ?? initialBudgetState());

  /** An approval of the whole capital cost, by a board member free of conflicts who holds `tier`. */
  function approve(proposal: Proposal, p: PolicyInForce, b: BudgetState, tier: string) {
    return decideOnProposal(
      aDecision(
        { authority: tier, approvedAmount: proposal.capitalCost.toString() },
        {
          policy: p,
          budget: b,
          actor: aBoardMember({ id: 'board-impartial', authorities: [tier] }),
        },
      ),
      proposal,
    );
  }

  it('ready ⇒ the decider approves the capital cost under the tier needed', () => {
    fc.assert(
      fc.property(proposalEvents, policy, budget, (events, p, b) => {
        const proposal = fold(events);
        const readiness = proposalReadiness(proposal, p, b);
        fc.pre(isReady(proposal, readiness));
        const { proposalEvents: decided, budgetEvents } = approve(
          proposal,
          p,
          b,
          readiness.tierNeeded!,
        );
        expect(decided.map((e) => e.type)).toEqual(['ProposalApproved']);
        expect(budgetEvents.map((e) => e.type)).toEqual(['FundsCommitted']);
      }),
      { numRuns: 400 },
    );
  });

  it('blocked ⇒ no tier lets the decider approve the capital cost', () => {
    fc.assert(
      fc.property(proposalEvents, policy, budget, (events, p, b) => {
        const proposal = fold(events);
        const readiness = proposalReadiness(proposal, p, b);
        fc.pre(!isReady(proposal, readiness));
        for (const tier of p.delegation) {
          let refusal: unknown;
          try {
            approve(proposal, p, b, tier.authority);
          } catch (error) {
            refusal = error;
          }
          expect(refusal).toBeInstanceOf(DomainError);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('finds both ready and blocked proposals among the generated ones', () => {
    const seen = fc.sample(fc.tuple(proposalEvents, policy, budget), { numRuns: 400, seed: 16 });
    const ready = seen.filter(([events, p, b]) => {
      const proposal = fold(events);
      return isReady(proposal, proposalReadiness(proposal, p, b));
    });
    expect(ready.length).toBeGreaterThan(10);
    expect(ready.length).toBeLessThan(seen.length);
  });
});
