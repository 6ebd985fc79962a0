import { DomainError } from '../domain.errors';
import { FiscalYear } from '../fiscal-year';
import { Money } from '../money';
import { BudgetState } from './budget.decider';

/** An approved proposal's running cost, committed against each fiscal year it runs. */
export interface RevenueCommitment {
  readonly proposalId: string;
  /** The first year it runs: the proposal's fiscal year. */
  readonly fiscalYear: string;
  readonly annualRevenueCost: Money;
  readonly years: number;
}

/** How far back an approval can still be running: the longest appraisal period. */
export const LONGEST_RUN_YEARS = 15;

export class RevenueEnvelopeExceeded extends DomainError {
  constructor(fiscalYear: string, amount: string, remaining: string) {
    super(
      'revenue-envelope-exceeded',
      'governance',
      `The first-year running cost £${amount} does not fit in what is left of the ${fiscalYear} revenue envelope, £${remaining}.`,
    );
  }
}

/** Whether a commitment starting in `from` for `years` years runs in `fiscalYear`. */
export function runsIn(from: string, years: number, fiscalYear: string): boolean {
  const offset = FiscalYear.parse(fiscalYear).startYear - FiscalYear.parse(from).startYear;
  return offset >= 0 && offset < years;
}

/** The running costs committed against a fiscal year's revenue envelope. */
export function revenueCommittedIn(
  fiscalYear: string,
  commitments: readonly RevenueCommitment[],
): Money {
  return commitments
    .filter((commitment) => runsIn(commitment.fiscalYear, commitment.years, fiscalYear))
    .reduce((sum, commitment) => sum.add(commitment.annualRevenueCost), Money.ZERO);
}

/**
 * Refuses an approval whose first-year running cost does not fit what the year's revenue envelope has
 * left after the running costs of approvals already running in it. The policy switch is checked by
 * the caller; capital's checks (an envelope must be set) come first.
 */
export function assertRevenueAvailable(
  budget: BudgetState,
  fiscalYear: string,
  committed: Money,
  annualRevenueCost: Money,
): void {
  if (budget.status === 'initial') return;
  const remaining = budget.revenueEnvelope.subtract(committed);
  if (annualRevenueCost.isGreaterThan(remaining)) {
    throw new RevenueEnvelopeExceeded(
      fiscalYear,
      annualRevenueCost.toString(),
      remaining.toString(),
    );
  }
}
