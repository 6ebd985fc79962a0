import { csvColumns, csvTable, inWords, yesNo } from '../http/csv/csv-table';
import { PROPOSAL_COLUMNS, PROPOSAL_TIMELINE_COLUMNS } from '../proposals/proposal.csv';
import type { PortfolioSummaryResponse, PrioritiesResponse } from './portfolio.response';

type Figures = PortfolioSummaryResponse['byDepartment'][number];

interface SummaryLine extends Omit<Figures, 'department'> {
  readonly breakdown: 'Total' | 'Department' | 'Status';
  readonly name: string;
  readonly year?: PortfolioSummaryResponse;
}

/**
 * The summary as the table a finance officer pastes into a board paper: one row per group, the same
 * figures in every row. The first row is the whole year ("Total"), and it alone carries the year's
 * envelope, committed and remaining capital, approved and remaining revenue; then a row per department, then a row per status.
 */
export const PORTFOLIO_SUMMARY_CSV = csvTable<PortfolioSummaryResponse, SummaryLine>({
  filename: (summary, query) =>
    typeof query.asOf === 'string'
      ? `portfolio-summary-${summary.fiscalYear}-as-of-${query.asOf}`
      : `portfolio-summary-${summary.fiscalYear}`,
  rows: (summary) => [
    {
      breakdown: 'Total',
      name: 'All proposals',
      count: summary.proposalCount,
      requestedCapital: summary.requestedCapital,
      approvedCapital: summary.approvedCapital,
      expectedAnnualSavings: summary.expectedAnnualSavings,
      expectedAnnualNonCashableBenefits: summary.expectedAnnualNonCashableBenefits,
      realisedSavings: summary.realisedSavings,
      realisedNonCashableBenefits: summary.realisedNonCashableBenefits,
      year: summary,
    },
    ...summary.byDepartment.map(({ department, ...figures }) => ({
      breakdown: 'Department' as const,
      name: department,
      ...figures,
    })),
    ...summary.byStatus.map(({ status, ...figures }) => ({
      breakdown: 'Status' as const,
      name: inWords(status),
      ...figures,
    })),
  ],
  columns: csvColumns<SummaryLine>([
    { header: 'Breakdown', kind: 'text', value: (line) => line.breakdown },
    { header: 'Name', kind: 'text', value: (line) => line.name },
    { header: 'Proposals', kind: 'number', value: (line) => line.count },
    { header: 'Requested capital (£)', kind: 'money', value: (line) => line.requestedCapital },
    { header: 'Approved capital (£)', kind: 'money', value: (line) => line.approvedCapital },
    {
      header: 'Expected annual cashable savings (£)',
      kind: 'money',
      value: (line) => line.expectedAnnualSavings,
    },
    {
      header: 'Expected annual non-cashable benefits (£)',
      kind: 'money',
      value: (line) => line.expectedAnnualNonCashableBenefits,
    },
    {
      header: 'Realised cashable savings (£)',
      kind: 'money',
      value: (line) => line.realisedSavings,
    },
    {
      header: 'Realised non-cashable benefits (£)',
      kind: 'money',
      value: (line) => line.realisedNonCashableBenefits,
    },
    {
      header: 'Capital envelope (£)',
      kind: 'money',
      value: (line) => line.year?.envelope.capital ?? null,
    },
    {
      header: 'Committed capital (£)',
      kind: 'money',
      value: (line) => line.year?.committedCapital ?? null,
    },
    {
      header: 'Remaining capital (£)',
      kind: 'money',
      value: (line) => line.year?.remainingCapital ?? null,
    },
    {
      header: 'Revenue envelope (£)',
      kind: 'money',
      value: (line) => line.year?.envelope.revenue ?? null,
    },
    {
      header: 'Approved revenue (£)',
      kind: 'money',
      value: (line) => line.year?.approvedRevenue ?? null,
    },
    {
      header: 'Remaining revenue (£)',
      kind: 'money',
      value: (line) => line.year?.remainingRevenue ?? null,
    },
  ]),
});

type Ranked = PrioritiesResponse['ranking'][number];

/**
 * The ranking, highest weighted score first, saying which proposals the optimal selection takes and
 * why each is in or out.
 * The selection's totals are sums of the selected rows; the budget names the file when it was given.
 */
export const PRIORITIES_CSV = csvTable<PrioritiesResponse, Ranked>({
  filename: (priorities, query) =>
    typeof query.budget === 'string'
      ? `priorities-${priorities.fiscalYear}-within-${priorities.budget}`
      : `priorities-${priorities.fiscalYear}`,
  rows: (priorities) => priorities.ranking,
  columns: csvColumns<Ranked>([
    { header: 'Rank', kind: 'number', value: (row) => row.rank },
    { header: 'In the selection', kind: 'text', value: (row) => yesNo(row.selected) },
    { header: 'Why', kind: 'text', value: (row) => row.explanation.reason },
    ...PROPOSAL_COLUMNS,
    ...PROPOSAL_TIMELINE_COLUMNS,
  ]),
});
