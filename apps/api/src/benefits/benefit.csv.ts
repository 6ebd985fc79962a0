import { csvColumns, csvTable, yesNo, type CsvColumn } from '../http/csv/csv-table';
import type { PortfolioBenefitsResponse } from './benefit.response';

type ProposalBenefits = PortfolioBenefitsResponse['byProposal'][number];
type Stage = 'forecast' | 'evidenced' | 'validated';
type Amounts = ProposalBenefits[Stage];

const STAGES: readonly [Stage, string][] = [
  ['forecast', 'Forecast'],
  ['evidenced', 'Evidenced'],
  ['validated', 'Validated'],
];
const TYPES: readonly [keyof Amounts, string][] = [
  ['cashReleasing', 'cash-releasing'],
  ['nonCashReleasing', 'non-cash-releasing'],
  ['societal', 'societal'],
];

/** "Forecast cash-releasing (£)" … "Validated societal (£)": each stage of the benefit, by type. */
const FIGURE_COLUMNS: readonly CsvColumn<ProposalBenefits>[] = STAGES.flatMap(
  ([stage, stageName]) =>
    TYPES.map(([type, typeName]): CsvColumn<ProposalBenefits> => ({
      header: `${stageName} ${typeName} (£)`,
      kind: 'money',
      value: (row) => row[stage][type],
    })),
);

/**
 * The benefit period's realisation, one row per proposal with a forecast or evidence in it: what was
 * forecast, evidenced and validated of each type, and whether it is at risk. The totals and the
 * department rows are in the JSON (a spreadsheet sums the rows).
 */
export const BENEFITS_CSV = csvTable<PortfolioBenefitsResponse, ProposalBenefits>({
  filename: (benefits, query) =>
    typeof query.asOf === 'string'
      ? `benefits-${benefits.fiscalYear}-as-of-${query.asOf}`
      : `benefits-${benefits.fiscalYear}`,
  rows: (benefits) => benefits.byProposal,
  columns: csvColumns<ProposalBenefits>([
    { header: 'Proposal id', kind: 'text', value: (row) => row.proposalId },
    { header: 'Title', kind: 'text', value: (row) => row.title },
    { header: 'Department', kind: 'text', value: (row) => row.department },
    ...FIGURE_COLUMNS,
    { header: 'Realisation rate', kind: 'number', value: (row) => row.realisationRate },
    { header: 'At risk', kind: 'text', value: (row) => yesNo(row.atRisk) },
  ]),
});
