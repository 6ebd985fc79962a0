import { csvColumns, csvTable, inWords } from '../http/csv/csv-table';
import type { ForwardPlanEntryResponse, ForwardPlanResponse } from './forward-plan.response';

/**
 * The forward plan as published: one row per notice, in the JSON's order (by decision due date). The
 * file is named after the range asked for: `forward-plan-<from>-to-<to>`, or `-from-<from>`,
 * `-to-<to>` or nothing for an open range.
 */
export const FORWARD_PLAN_CSV = csvTable<ForwardPlanResponse, ForwardPlanEntryResponse>({
  filename: ({ from, to }) =>
    from !== null && to !== null
      ? `forward-plan-${from}-to-${to}`
      : from !== null
        ? `forward-plan-from-${from}`
        : to !== null
          ? `forward-plan-to-${to}`
          : 'forward-plan',
  rows: (plan) => plan.items,
  columns: csvColumns<ForwardPlanEntryResponse>([
    { header: 'Decision due', kind: 'date', value: (row) => row.decisionDue },
    { header: 'Published on', kind: 'date', value: (row) => row.publishedOn },
    { header: 'Proposal', kind: 'text', value: (row) => row.title },
    { header: 'Department', kind: 'text', value: (row) => row.department },
    { header: 'Whole-life cost (£)', kind: 'money', value: (row) => row.wholeLifeCost },
    { header: 'Status', kind: 'text', value: (row) => inWords(row.status) },
    { header: 'Decision maker', kind: 'text', value: (row) => row.decisionMaker },
    { header: 'Summary', kind: 'text', value: (row) => row.summary },
    { header: 'Proposal id', kind: 'text', value: (row) => row.proposalId },
  ]),
});
