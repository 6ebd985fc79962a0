import fc from 'fast-check';
import type { Proposal } from '../../apps/web/src/api/types';
import { readDate } from '../../apps/web/src/date-parts';
import {
  endOfDay,
  fiscalYearOf,
  fromPence,
  pounds,
  toPence,
  ukDate,
} from '../../apps/web/src/format';
import { readinessChecks } from '../../apps/web/src/pages/proposal/readiness';
import { describeChanges } from '../../apps/web/src/pages/proposal/proposal-changes';
import { cutBudget } from '../../apps/web/src/pages/scenarios/budget-cut';

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
    ready: true,
    readiness: {
      missingReviewKinds: [],
      tierNeeded: 'investment-board',
      envelopeRemaining: '300000.00',
      blockers: [],
      reasonsRequired: [],
    },
    scoreBreakdown: { reviewsCounted: 0, criteria: [] },
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

describe("the governance checks, as the ledger's readiness states them", () => {
  it('passes what the ledger names no blocker for, and gives its figures', () => {
    expect(readinessChecks(aProposal())).toEqual([
      { passed: true, text: 'Every kind of review the policy requires is recorded' },
      {
        passed: true,
        text: 'The whole-life cost, £325,000.00, needs a decision at Investment board level or above',
      },
      {
        passed: true,
        text: '£300,000.00 of the 2026-27 capital envelope remains, enough for the capital cost of £250,000.00',
      },
    ]);
  });

  it("fails exactly what the ledger blocks, in the ledger's words, unknown codes included", () => {
    const blocked = aProposal({
      ready: false,
      readiness: {
        missingReviewKinds: ['technical'],
        tierNeeded: 'investment-board',
        // The page does not compare amounts: the envelope fails only because the ledger says so.
        envelopeRemaining: '900000.00',
        blockers: [
          { code: 'review-kind-missing', message: 'A technical review is required' },
          { code: 'envelope-exceeded', message: 'Only £900,000.00 remains' },
          { code: 'something-new', message: 'A rule added later' },
        ],
        reasonsRequired: ['splitSpendReason'],
      },
    });
    expect(readinessChecks(blocked)).toEqual([
      { passed: false, text: 'A technical review is required' },
      {
        passed: true,
        text: 'The whole-life cost, £325,000.00, needs a decision at Investment board level or above',
      },
      { passed: false, text: 'Only £900,000.00 remains' },
      { passed: false, text: 'A rule added later' },
      {
        passed: false,
        text: 'An approval must give a reason the spend is not split to avoid a higher tier',
      },
    ]);
  });
});

describe('dates typed as day, month and year', () => {
  const today = '2026-12-02';
  it('reads a real date, with or without leading zeros', () => {
    expect(readDate({ day: '27', month: '3', year: '2027' }, 'the date')).toEqual({
      date: '2027-03-27',
    });
    expect(readDate({ day: '01', month: '02', year: '2026' }, 'the date')).toEqual({
      date: '2026-02-01',
    });
    expect(readDate({ day: ' ', month: '', year: '' }, 'the date')).toEqual({ empty: true });
  });

  it('names the fields at fault, in the GOV.UK words', () => {
    expect(readDate({ day: '27', month: '', year: '' }, 'the date')).toEqual({
      problem: { parts: ['month', 'year'], message: 'The date must include a month and a year' },
    });
    expect(readDate({ day: '31', month: '2', year: '2027' }, 'the date')).toEqual({
      problem: { parts: ['day', 'month', 'year'], message: 'The date must be a real date' },
    });
    expect(readDate({ day: '1', month: '13', year: '2027' }, 'the date')).toEqual({
      problem: { parts: ['month'], message: 'The date must be a real date' },
    });
    expect(readDate({ day: '1', month: '3', year: '27' }, 'the date')).toEqual({
      problem: { parts: ['year'], message: 'Year must include 4 numbers' },
    });
    expect(
      readDate({ day: '3', month: '12', year: '2026' }, 'the date', { notAfter: today }),
    ).toEqual({
      problem: {
        parts: ['day', 'month', 'year'],
        message: 'The date must be today or in the past',
      },
    });
    expect(readDate({ day: '2', month: '12', year: '2026' }, 'the date', { after: today })).toEqual(
      {
        problem: { parts: ['day', 'month', 'year'], message: 'The date must be in the future' },
      },
    );
  });

  it('reads every real date back as the date it is', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString().slice(0, 10);
          const [year, month, day] = iso.split('-');
          expect(readDate({ day, month, year }, 'the date')).toEqual({ date: iso });
        },
      ),
    );
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

describe('a budget cut by a percentage', () => {
  it('is exact in pence: 15% off £760,000.00 is £646,000.00', () => {
    expect(cutBudget('760000.00', 15)).toBe('646000.00');
    expect(cutBudget('100.00', 33.33)).toBe('66.67');
    expect(cutBudget('0.99', 50)).toBe('0.49');
  });

  it('never exceeds the budget and is within a penny below the exact cut', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 99_999_999_999_999n }),
        fc.integer({ min: 1, max: 9_999 }),
        (pence, basisPoints) => {
          const cut = toPence(cutBudget(fromPence(pence), basisPoints / 100));
          const exactTimes10000 = pence * BigInt(10_000 - basisPoints);
          expect(cut * 10_000n).toBeLessThanOrEqual(exactTimes10000);
          expect((cut + 1n) * 10_000n).toBeGreaterThan(exactTimes10000);
        },
      ),
    );
  });
});
