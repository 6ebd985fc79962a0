import fc from 'fast-check';
import type { Budget, Policy, Proposal } from '../../apps/web/src/api/types';
import {
  endOfDay,
  fiscalYearOf,
  fromPence,
  pounds,
  toPence,
  ukDate,
} from '../../apps/web/src/format';
import { governanceChecks } from '../../apps/web/src/pages/proposal/governance-checks';
import { describeChanges } from '../../apps/web/src/pages/proposal/proposal-changes';

function aProposal(overrides: Partial<Proposal> = {}): Proposal {
  return {
    id: '0192f1e4-8c1a-4e3b-9b6e-2f9c1d7a4b10',
    status: 'submitted',
    title: 'Replace the payroll system',
    summary: 'Out of support in 2028.',
    department: 'Human Resources',
    category: 'digital-service',
    fiscalYear: '2026-27',
    capitalCost: '250000.00',
    annualRevenueCost: '15000.00',
    annualCashableSaving: '40000.00',
    annualNonCashableBenefit: '10000.00',
    appraisalYears: 5,
    statutory: false,
    risks: null,
    strategicObjectives: [],
    proposer: { id: 'p', name: 'Priya Patel' },
    reviews: [],
    conflicts: [],
    decision: null,
    decisions: [],
    benefits: [],
    weightedScore: null,
    appraisal: {
      wholeLifeCost: '325000.00',
      npv: '-91973.17',
      benefitCostRatio: 0.71,
      paybackYears: 7.1,
    },
    policyVersion: 0,
    draftedAt: '2026-12-01T09:00:00.000Z',
    submittedAt: '2026-12-01T10:00:00.000Z',
    version: 2,
    position: 2,
    ...overrides,
  };
}

function aReview(kind: string, reviewId: string, current = true) {
  const score = 4;
  return {
    reviewId,
    kind,
    reviewer: { id: `r-${kind}`, name: `Reviewer ${kind}` },
    scores: {
      strategicFit: score,
      valueForMoney: score,
      deliverability: score,
      riskReduction: score,
      serviceImpact: score,
    },
    recommendation: 'support',
    comments: '',
    recordedAt: '2026-12-01T11:00:00.000Z',
    proposalVersion: 2,
    current,
  };
}

const POLICY: Policy = {
  delegation: [
    { authority: 'chief-officer', upTo: '100000.00' },
    { authority: 'investment-board', upTo: '1000000.00' },
    { authority: 'cabinet', upTo: null },
  ],
  requiredReviewKinds: ['financial', 'technical'],
  criteriaWeights: {},
  discountRate: '0.035',
  version: 0,
};

const BUDGET: Budget = {
  fiscalYear: '2026-27',
  capitalEnvelope: '2000000.00',
  revenueEnvelope: '500000.00',
  committedCapital: '1800000.00',
  remainingCapital: '200000.00',
  version: 3,
};

describe('money and dates as people read them', () => {
  it('shows pounds with thousands separators and pence, exactly', () => {
    expect(pounds('1250000')).toBe('£1,250,000.00');
    expect(pounds('1250000.5')).toBe('£1,250,000.50');
    expect(pounds('999999999999.99')).toBe('£999,999,999,999.99');
    expect(pounds('-91973.17')).toBe('−£91,973.17');
    expect(pounds('0')).toBe('£0.00');
    expect(pounds(null)).toBe('—');
  });

  it('keeps every penny of any amount the ledger accepts', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -99999999999999n, max: 99999999999999n }), (pence) => {
        expect(toPence(fromPence(pence))).toBe(pence);
        expect(pounds(fromPence(pence)).replace(/[£,−]/g, '')).toBe(
          fromPence(pence < 0n ? -pence : pence),
        );
      }),
    );
  });

  it('writes dates the UK way and fiscal years April to March', () => {
    expect(ukDate('2026-12-02')).toBe('2 December 2026');
    expect(ukDate('2026-12-02T23:30:00.000Z')).toBe('2 December 2026');
    expect(fiscalYearOf(new Date(2026, 11, 2))).toBe('2026-27');
    expect(fiscalYearOf(new Date(2027, 2, 31))).toBe('2026-27');
    expect(fiscalYearOf(new Date(2027, 3, 1))).toBe('2027-28');
    expect(fiscalYearOf(new Date(2099, 5, 1))).toBe('2099-00');
  });

  it('never asks for the ledger as it will stand in the future', () => {
    const now = new Date(2026, 11, 2, 10, 0, 0);
    expect(endOfDay('2026-12-02', now)).toBe(now.toISOString());
    expect(endOfDay('2026-12-01', now)).toBe(new Date(2026, 11, 1, 23, 59, 59, 999).toISOString());
  });
});

describe('the governance checks the page states when the ledger reports none', () => {
  it('names the missing review kinds, the tier the whole-life cost needs and what the envelope leaves', () => {
    const checks = governanceChecks(
      aProposal({ reviews: [aReview('financial', 'a')] }),
      POLICY,
      BUDGET,
    );
    expect(checks.source).toBe('page');
    expect(checks.tierNeeded).toBe('investment-board');
    expect(checks.checks).toEqual([
      { passed: false, text: 'Missing reviews: Technical' },
      { passed: true, text: 'Whole-life cost £325,000.00 needs Investment board level or above' },
      {
        passed: false,
        text: '£200,000.00 of the 2026-27 capital envelope remains: not enough for £250,000.00',
      },
    ]);
  });

  it('does not count reviews made out of date by an amendment or withdrawn by a conflict', () => {
    const withdrawn = { ...aReview('technical', 'b'), withdrawnByConflict: true };
    const checks = governanceChecks(
      aProposal({ reviews: [aReview('financial', 'a', false), withdrawn] }),
      POLICY,
      BUDGET,
    );
    expect(checks.checks[0]).toEqual({
      passed: false,
      text: 'Missing reviews: Financial, Technical',
    });
  });

  it("uses the ledger's own readiness when the server sends it", () => {
    const checks = governanceChecks(
      aProposal({
        readiness: {
          missingReviewKinds: [],
          tierNeeded: 'investment-board',
          envelopeRemaining: '300000.00',
          blockers: ['A reviewer may not decide'],
          reasonsRequired: ['splitSpendReason'],
        },
      }),
      undefined,
      undefined,
    );
    expect(checks.source).toBe('ledger');
    expect(checks.checks.filter((check) => !check.passed).map((check) => check.text)).toEqual([
      'A reviewer may not decide',
      'An approval must give a reason the spend is not split to avoid a higher tier',
    ]);
  });
});

describe('what changed between the version the board saw and the current one', () => {
  it('lists new reviews, conflicts, decisions and changed figures', () => {
    const seen = aProposal({ reviews: [aReview('financial', 'a')] });
    const now = aProposal({
      version: 4,
      capitalCost: '260000.00',
      reviews: [aReview('financial', 'a', false), aReview('technical', 'b')],
      conflicts: [
        {
          person: { id: 'x', name: 'Adam Admin' },
          statement: 'Partner works there',
          declaredAt: '',
        },
      ],
    });
    expect(describeChanges(seen, now)).toEqual([
      'Capital cost: £250,000.00 → £260,000.00',
      'New technical review by Reviewer technical: Support',
      'The financial review by Reviewer financial no longer counts',
      'Conflict of interest declared by Adam Admin',
    ]);
  });
});
