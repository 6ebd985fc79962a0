import fc from 'fast-check';
import { InvalidField } from '../domain.errors';
import { Money } from '../money';
import { Scores } from '../proposal/proposal.events';
import { annuityFactor, appraise, roundHalfUp, weightedScore, wholeLifeCost } from './appraisal';
import { parseDiscountRate } from './discount-rate';

const m = Money.parse;

function input(
  capital: string,
  revenue: string,
  cashable: string,
  nonCashable: string,
  years: number,
) {
  return {
    capitalCost: m(capital),
    annualRevenueCost: m(revenue),
    annualCashableSaving: m(cashable),
    annualNonCashableBenefit: m(nonCashable),
    appraisalYears: years,
  };
}

describe('appraisal', () => {
  // PVb = yearly benefit × Σ 1/(1+r)^t; for r = 0.035, n = 5 the factor is 4.5150524: 0.966184 + 0.933511 + 0.901943 + 0.871442 + 0.841973.
  it.each([
    // capital, revenue, cashable, non-cashable, years, rate, PVb, PVc, npv, bcr, payback
    ['100000', '0', '30000', '0', 5, '0.035', '135451.57', '100000.00', '35451.57', 1.3545, 3.3333],
    [
      '80000',
      '2000',
      '30000',
      '5000',
      5,
      '0.035',
      '158026.83',
      '89030.10',
      '68996.73',
      1.775,
      2.4242,
    ],
    ['100000', '0', '30000', '0', 5, '0', '150000.00', '100000.00', '50000.00', 1.5, 3.3333],
    [
      '500000',
      '20000',
      '10000',
      '5000',
      10,
      '0.035',
      '124749.08',
      '666332.11',
      '-541583.03',
      0.1872,
      null,
    ],
    ['0', '0', '1000', '0', 1, '0.035', '966.18', '0.00', '966.18', null, 0],
    ['1000', '0', '0', '0', 3, '0.035', '0.00', '1000.00', '-1000.00', 0, null],
  ] as const)(
    'appraises capital %s, revenue %s, savings %s + %s over %i years at %s',
    (capital, revenue, cashable, nonCashable, years, rate, pvb, pvc, npv, bcr, payback) => {
      const result = appraise(input(capital, revenue, cashable, nonCashable, years), rate);
      expect(result.presentValueOfBenefits.toString()).toBe(pvb);
      expect(result.presentValueOfCosts.toString()).toBe(pvc);
      expect(result.npv.toString()).toBe(npv);
      expect(result.benefitCostRatio).toBe(bcr);
      expect(result.paybackYears).toBe(payback);
    },
  );

  it('gives no payback when the yearly net benefit is zero', () => {
    expect(appraise(input('1000', '500', '500', '0', 3), '0.035').paybackYears).toBeNull();
  });

  it('computes the whole-life cost as capital plus revenue for every appraisal year', () => {
    expect(wholeLifeCost(input('80000', '2000', '0', '0', 5)).toString()).toBe('90000.00');
  });

  it('keeps the annuity factor exact', () => {
    expect(annuityFactor('0.5', 2)).toEqual({ numerator: 10n * 15n + 100n, denominator: 225n });
  });

  it('rounds halves away from zero', () => {
    expect(roundHalfUp(5n, 2n)).toBe(3n);
    expect(roundHalfUp(-5n, 2n)).toBe(-3n);
    expect(roundHalfUp(7n, 3n)).toBe(2n);
    expect(roundHalfUp(-7n, 3n)).toBe(-2n);
  });

  it('keeps npv equal to the rounded difference of the exact present values, within a penny', () => {
    const amount = fc.bigInt({ min: 0n, max: 10_000_000_00n }).map(Money.fromPence);
    fc.assert(
      fc.property(
        amount,
        amount,
        amount,
        amount,
        fc.integer({ min: 1, max: 15 }),
        (c, r, s, n, years) => {
          const result = appraise(
            {
              capitalCost: c,
              annualRevenueCost: r,
              annualCashableSaving: s,
              annualNonCashableBenefit: n,
              appraisalYears: years,
            },
            '0.035',
          );
          const difference = result.presentValueOfBenefits
            .subtract(result.presentValueOfCosts)
            .subtract(result.npv);
          expect(difference.pence >= -1n && difference.pence <= 1n).toBe(true);
        },
      ),
    );
  });

  describe('discount rate', () => {
    it.each([
      ['0.035', '0.035'],
      ['0.0350', '0.035'],
      ['0', '0'],
      ['0.10', '0.1'],
    ])('reads %s as %s', (input, text) => {
      expect(parseDiscountRate(input).text).toBe(text);
    });

    it.each(['1', '1.0', '-0.01', '0.035%', '3.5e-2', '', '.035'])('refuses %j', (input) => {
      expect(() => parseDiscountRate(input)).toThrow(InvalidField);
    });
  });

  describe('weighted score', () => {
    const equal = {
      strategicFit: 1,
      valueForMoney: 1,
      deliverability: 1,
      riskReduction: 1,
      serviceImpact: 1,
    };
    const all = (score: number): Scores => ({
      strategicFit: score,
      valueForMoney: score,
      deliverability: score,
      riskReduction: score,
      serviceImpact: score,
    });

    it('is null without reviews', () => {
      expect(weightedScore([], equal)).toBeNull();
    });

    it('scales full marks to 100 and no marks to 0', () => {
      expect(weightedScore([{ scores: all(5) }], equal)).toBe(100);
      expect(weightedScore([{ scores: all(0) }], equal)).toBe(0);
    });

    it('averages reviews per criterion before weighting', () => {
      // Means: 3, 3, 3, 3, 3 → 60.
      expect(weightedScore([{ scores: all(1) }, { scores: all(5) }], equal)).toBe(60);
    });

    it('weights criteria by the policy', () => {
      const scores: Scores = { ...all(0), valueForMoney: 5 };
      // (3 × 5) / (3 + 1 + 1 + 1 + 1) = 15/7 out of 5 → 42.857… → 42.86.
      expect(weightedScore([{ scores }], { ...equal, valueForMoney: 3 })).toBe(42.86);
      expect(weightedScore([{ scores }], { ...equal, valueForMoney: 0 })).toBe(0);
    });
  });
});
