import { Money } from '@ledger/domain';
import type { BudgetSummaryRow } from '../budget-summary/budget-summary.projection';
import type { ProposalRegisterRow } from '../proposal-register/proposal-register.projection';

type RegisterFigures = Pick<
  ProposalRegisterRow,
  | 'department'
  | 'status'
  | 'capitalCostPence'
  | 'approvedAmountPence'
  | 'annualCashableSavingPence'
  | 'annualNonCashableBenefitPence'
  | 'realisedCashablePence'
  | 'realisedNonCashablePence'
>;

export interface PortfolioFigures {
  readonly count: number;
  readonly requestedCapital: string;
  readonly approvedCapital: string;
  readonly expectedAnnualSavings: string;
  readonly expectedAnnualNonCashableBenefits: string;
  readonly realisedSavings: string;
  readonly realisedNonCashableBenefits: string;
}

export interface PortfolioSummary {
  readonly fiscalYear: string;
  readonly asOf: string;
  readonly envelope: { readonly capital: string | null; readonly revenue: string | null };
  readonly committedCapital: string;
  readonly approvedCapital: string;
  readonly remainingCapital: string | null;
  readonly requestedCapital: string;
  readonly expectedAnnualSavings: string;
  readonly expectedAnnualNonCashableBenefits: string;
  readonly realisedSavings: string;
  readonly realisedNonCashableBenefits: string;
  readonly proposalCount: number;
  readonly byDepartment: readonly (PortfolioFigures & { readonly department: string })[];
  readonly byStatus: readonly (PortfolioFigures & { readonly status: string })[];
  /** Running costs of approved proposals that run in the year, against the revenue envelope. */
  readonly approvedRevenue: string;
  readonly remainingRevenue: string | null;
}

/** Statuses whose capital counts as requested: formally put to the board, and not taken back. */
const REQUESTED = new Set(['submitted', 'returned', 'deferred', 'approved', 'rejected']);

/**
 * The finance view of one fiscal year. Requested capital counts proposals put to the board (not
 * drafts or withdrawn ones); expected savings are the yearly savings of approved proposals; realised
 * savings are what finance recorded against them.
 */
export function summarisePortfolio(
  fiscalYear: string,
  asOf: string,
  proposals: readonly RegisterFigures[],
  budget: Pick<
    BudgetSummaryRow,
    'capitalEnvelopePence' | 'revenueEnvelopePence' | 'committedPence'
  > | null,
  approvedRevenuePence = 0n,
): PortfolioSummary {
  const total = figures(proposals);
  const group = <K extends string>(key: (row: RegisterFigures) => K) => {
    const groups = new Map<K, RegisterFigures[]>();
    for (const row of proposals) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
    return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
  };
  return {
    fiscalYear,
    asOf,
    envelope: {
      capital: budget ? money(budget.capitalEnvelopePence) : null,
      revenue: budget ? money(budget.revenueEnvelopePence) : null,
    },
    committedCapital: money(budget?.committedPence ?? 0n),
    approvedCapital: total.approvedCapital,
    remainingCapital: budget ? money(budget.capitalEnvelopePence - budget.committedPence) : null,
    requestedCapital: total.requestedCapital,
    expectedAnnualSavings: total.expectedAnnualSavings,
    expectedAnnualNonCashableBenefits: total.expectedAnnualNonCashableBenefits,
    realisedSavings: total.realisedSavings,
    realisedNonCashableBenefits: total.realisedNonCashableBenefits,
    proposalCount: proposals.length,
    byDepartment: group((row) => row.department).map(([department, rows]) => ({
      department,
      ...figures(rows),
    })),
    byStatus: group((row) => row.status).map(([status, rows]) => ({ status, ...figures(rows) })),
    approvedRevenue: money(approvedRevenuePence),
    remainingRevenue: budget ? money(budget.revenueEnvelopePence - approvedRevenuePence) : null,
  };
}

function figures(rows: readonly RegisterFigures[]): PortfolioFigures {
  let requested = 0n;
  let approved = 0n;
  let expected = 0n;
  let expectedNonCashable = 0n;
  let realised = 0n;
  let realisedNonCashable = 0n;
  for (const row of rows) {
    if (REQUESTED.has(row.status)) requested += row.capitalCostPence;
    if (row.status === 'approved') {
      approved += row.approvedAmountPence ?? 0n;
      expected += row.annualCashableSavingPence;
      expectedNonCashable += row.annualNonCashableBenefitPence;
    }
    realised += row.realisedCashablePence;
    realisedNonCashable += row.realisedNonCashablePence;
  }
  return {
    count: rows.length,
    requestedCapital: money(requested),
    approvedCapital: money(approved),
    expectedAnnualSavings: money(expected),
    expectedAnnualNonCashableBenefits: money(expectedNonCashable),
    realisedSavings: money(realised),
    realisedNonCashableBenefits: money(realisedNonCashable),
  };
}

function money(pence: bigint): string {
  return Money.fromPence(pence).toString();
}
