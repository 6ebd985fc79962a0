import { csvColumns, csvTable, inWords, yesNo } from '../http/csv/csv-table';
import type { ProposalPageResponse, ProposalSummaryResponse } from './proposal.response';

type Listed = Omit<ProposalSummaryResponse, 'ready' | 'blockers'>;

/** What every table that lists proposals says about each (the priorities add rank and selection). */
export const PROPOSAL_COLUMNS = csvColumns<Listed>([
  { header: 'Proposal', kind: 'text', value: (row) => row.title },
  { header: 'Department', kind: 'text', value: (row) => row.department },
  { header: 'Category', kind: 'text', value: (row) => inWords(row.category) },
  { header: 'Fiscal year', kind: 'text', value: (row) => row.fiscalYear },
  { header: 'Status', kind: 'text', value: (row) => inWords(row.status) },
  { header: 'Statutory', kind: 'text', value: (row) => yesNo(row.statutory) },
  { header: 'Proposer', kind: 'text', value: (row) => row.proposer.name },
  { header: 'Capital cost (£)', kind: 'money', value: (row) => row.capitalCost },
  { header: 'Approved amount (£)', kind: 'money', value: (row) => row.approvedAmount },
  { header: 'Whole-life cost (£)', kind: 'money', value: (row) => row.appraisal.wholeLifeCost },
  { header: 'Net present value (£)', kind: 'money', value: (row) => row.appraisal.npv },
  { header: 'Benefit-cost ratio', kind: 'number', value: (row) => row.appraisal.benefitCostRatio },
  { header: 'Payback (years)', kind: 'number', value: (row) => row.appraisal.paybackYears },
  { header: 'Reviews', kind: 'number', value: (row) => row.reviewCount },
  { header: 'Weighted score (0-100)', kind: 'number', value: (row) => row.weightedScore },
]);

/** The last columns of a proposal's row: when it moved, and the id that finds it in the API. */
export const PROPOSAL_TIMELINE_COLUMNS = csvColumns<Listed>([
  { header: 'Drafted', kind: 'date', value: (row) => row.draftedAt },
  { header: 'Submitted', kind: 'date', value: (row) => row.submittedAt },
  { header: 'Decided', kind: 'date', value: (row) => row.decidedAt },
  { header: 'Proposal id', kind: 'text', value: (row) => row.id },
]);

/**
 * The register as a table: one row per proposal, newest first. Without `limit` the CSV holds every
 * proposal the filters match (the controller reads all the pages), which is what a person downloads;
 * with it, one page, and a Link header to the next.
 */
export const PROPOSAL_REGISTER_CSV = csvTable<ProposalPageResponse, ProposalSummaryResponse>({
  filename: (_page, query) =>
    [
      'proposals',
      query.fiscalYear,
      query.status,
      query.category,
      query.ready === 'true' ? 'ready' : query.ready === 'false' ? 'not-ready' : undefined,
    ]
      .filter((part) => typeof part === 'string')
      .join('-'),
  rows: (page) => page.items,
  nextCursor: (page) => page.nextCursor,
  columns: csvColumns<ProposalSummaryResponse>([
    ...PROPOSAL_COLUMNS,
    { header: 'Ready for decision', kind: 'text', value: (row) => yesNo(row.ready) },
    {
      header: 'What stands in the way',
      kind: 'text',
      value: (row) => row.blockers.map(inWords).join('; '),
    },
    ...PROPOSAL_TIMELINE_COLUMNS,
  ]),
});
