import { Money } from '../money';
import { CRITERIA, Criterion, Scores } from '../proposal/proposal.events';
import { parseDiscountRate } from './discount-rate';

export interface AppraisalInput {
  readonly capitalCost: Money;
  readonly annualRevenueCost: Money;
  readonly annualCashableSaving: Money;
  readonly annualNonCashableBenefit: Money;
  readonly appraisalYears: number;
}

/**
 * Green Book figures. Money is exact and rounded half away from zero to the penny only at the end.
 * Ratios are numbers rounded (half up, exactly) to 4 decimals, because clients chart and sort them.
 */
export interface Appraisal {
  readonly wholeLifeCost: Money;
  readonly presentValueOfBenefits: Money;
  readonly presentValueOfCosts: Money;
  readonly npv: Money;
  /** null when the present value of costs is zero. */
  readonly benefitCostRatio: number | null;
  /** Undiscounted; null when the yearly net benefit is not positive. */
  readonly paybackYears: number | null;
}

/** A non-negative or negative fraction; the denominator is always positive. */
interface Fraction {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

export function wholeLifeCost(
  input: Pick<AppraisalInput, 'capitalCost' | 'annualRevenueCost' | 'appraisalYears'>,
): Money {
  return input.capitalCost.add(input.annualRevenueCost.multiply(input.appraisalYears));
}

/**
 * Σ_{t=1..n} 1/(1+r)^t with r = p/q, as one fraction: Σ q^t (q+p)^(n-t) / (q+p)^n.
 */
export function annuityFactor(discountRate: string, years: number): Fraction {
  if (!Number.isInteger(years) || years < 0)
    throw new RangeError(`years must be a whole number, got ${years}`);
  const { numerator: p, denominator: q } = parseDiscountRate(discountRate);
  const base = q + p;
  let numerator = 0n;
  for (let t = 1; t <= years; t++) numerator += q ** BigInt(t) * base ** BigInt(years - t);
  return { numerator, denominator: base ** BigInt(years) };
}

export function appraise(input: AppraisalInput, discountRate: string): Appraisal {
  const factor = annuityFactor(discountRate, input.appraisalYears);
  const yearlyBenefit = input.annualCashableSaving.pence + input.annualNonCashableBenefit.pence;
  const pvBenefits: Fraction = {
    numerator: yearlyBenefit * factor.numerator,
    denominator: factor.denominator,
  };
  const pvCosts: Fraction = {
    numerator:
      input.capitalCost.pence * factor.denominator +
      input.annualRevenueCost.pence * factor.numerator,
    denominator: factor.denominator,
  };
  const yearlyNet = yearlyBenefit - input.annualRevenueCost.pence;
  return {
    wholeLifeCost: wholeLifeCost(input),
    presentValueOfBenefits: Money.fromPence(
      roundHalfUp(pvBenefits.numerator, pvBenefits.denominator),
    ),
    presentValueOfCosts: Money.fromPence(roundHalfUp(pvCosts.numerator, pvCosts.denominator)),
    npv: Money.fromPence(roundHalfUp(pvBenefits.numerator - pvCosts.numerator, factor.denominator)),
    benefitCostRatio:
      pvCosts.numerator === 0n ? null : toFourDecimals(pvBenefits.numerator, pvCosts.numerator),
    paybackYears: yearlyNet > 0n ? toFourDecimals(input.capitalCost.pence, yearlyNet) : null,
  };
}

/** Rounds numerator/denominator to an integer, halves away from zero. */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const magnitude = numerator < 0n ? -numerator : numerator;
  const rounded = (2n * magnitude + denominator) / (2n * denominator);
  return numerator < 0n ? -rounded : rounded;
}

function toFourDecimals(numerator: bigint, denominator: bigint): number {
  return Number(roundHalfUp(numerator * 10_000n, denominator)) / 10_000;
}

/**
 * 0-100: each criterion's mean score across the reviews, weighted by the policy, scaled from 0-5.
 * Rounded to 2 decimals; null with no reviews or no weight at all.
 */
export function weightedScore(
  reviews: readonly { readonly scores: Scores }[],
  weights: Readonly<Record<Criterion, number>>,
): number | null {
  if (reviews.length === 0) return null;
  const totalWeight = CRITERIA.reduce((sum, criterion) => sum + weights[criterion], 0);
  if (totalWeight <= 0) return null;
  const weighted = CRITERIA.reduce((sum, criterion) => {
    const mean =
      reviews.reduce((total, review) => total + review.scores[criterion], 0) / reviews.length;
    return sum + weights[criterion] * mean;
  }, 0);
  return Math.round((weighted / totalWeight) * 20 * 100) / 100;
}
