import { Money } from '../money';
import { defaultPolicy } from '../policy/policy.decider';
import { decideOnProposal } from '../proposal/proposal.decider';
import { evolveProposal, initialProposalState, ProposalState } from '../proposal/proposal.state';
import { aBudget, aDecision, aReviewedSubmission, envelopeSet } from '../testing/fixtures';
import { BudgetEnvelopeSet } from './budget.events';
import {
  assertRevenueAvailable,
  revenueCommittedIn,
  RevenueEnvelopeExceeded,
  runsIn,
} from './revenue-envelope';

// The fixture proposal runs 5 years from 2026-27 at £2,000.00 a year; the envelope is £50,000.00.
const reviewed = aReviewedSubmission().reduce<ProposalState>(
  evolveProposal,
  initialProposalState(),
);
const enforcing = { ...defaultPolicy(), enforceRevenueEnvelope: true };
const withRevenue = (revenueEnvelope: string): BudgetEnvelopeSet => {
  const set = envelopeSet();
  return { ...set, data: { ...set.data, revenueEnvelope } };
};

describe('the revenue envelope', () => {
  it('counts a running cost in its first year and the appraisal years after it, not before or after', () => {
    expect(runsIn('2026-27', 5, '2025-26')).toBe(false);
    expect(runsIn('2026-27', 5, '2026-27')).toBe(true);
    expect(runsIn('2026-27', 5, '2030-31')).toBe(true);
    expect(runsIn('2026-27', 5, '2031-32')).toBe(false);
    const commitments = [
      { proposalId: 'a', fiscalYear: '2024-25', annualRevenueCost: Money.parse('100'), years: 3 },
      { proposalId: 'b', fiscalYear: '2025-26', annualRevenueCost: Money.parse('10'), years: 1 },
      { proposalId: 'c', fiscalYear: '2026-27', annualRevenueCost: Money.parse('1'), years: 15 },
    ];
    expect(revenueCommittedIn('2026-27', commitments).toString()).toBe('101.00');
    expect(revenueCommittedIn('2025-26', commitments).toString()).toBe('110.00');
  });

  it('lets the first-year cost fill the remaining envelope exactly', () => {
    expect(() =>
      assertRevenueAvailable(
        aBudget([withRevenue('5000.00')]),
        '2026-27',
        Money.parse('3000'),
        Money.parse('2000'),
      ),
    ).not.toThrow();
  });

  it('refuses an approval whose first-year running cost does not fit while the policy enforces it', () => {
    const budget = aBudget([withRevenue('5000.00')]);
    const decide = (revenueCommitted: Money) =>
      decideOnProposal(
        { ...aDecision({}, { policy: enforcing, budget }), revenueCommitted },
        reviewed,
      );
    expect(() =>
      decideOnProposal(
        {
          ...aDecision({}, { policy: enforcing, budget }),
          revenueCommitted: Money.parse('3000.01'),
        },
        reviewed,
      ),
    ).toThrow(RevenueEnvelopeExceeded);
    // Off by default: v1 ledgers approve as before, whatever the running costs.
    expect(() =>
      decideOnProposal(
        { ...aDecision({}, { budget }), revenueCommitted: Money.parse('3000.01') },
        reviewed,
      ),
    ).not.toThrow();
    expect(decide(Money.parse('3000.00')).proposalEvents[0].type).toBe('ProposalApproved');
  });

  it('commits the running cost and its years with the capital', () => {
    const { budgetEvents } = decideOnProposal(aDecision({}, { budget: aBudget() }), reviewed);
    expect(budgetEvents[0].data).toMatchObject({ annualRevenueCost: '2000.00', revenueYears: 5 });
  });
});
