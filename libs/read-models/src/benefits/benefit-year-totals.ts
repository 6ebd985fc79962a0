import type { BenefitType } from '@ledger/domain';
import { chunk, type SqlExecutor } from '../projector/sql-executor';
import type { BenefitMeasure, BenefitRegisterRow } from './benefit-register.row';

/**
 * A proposal's current benefit amounts in one fiscal year, summed from its lines that are still true
 * (`until_at IS NULL`): nine amounts a row, so `GET /portfolio/benefits` reads one row per proposal
 * instead of summing every line of the year (90 a proposal at 10 benefits × 3 measures × 3 years).
 * As-of reads still sum the lines, which know when each became true and stopped being so.
 */
export const BENEFIT_YEAR_TOTALS_TABLE = 'benefit_year_totals';

const MEASURES: readonly BenefitMeasure[] = ['forecast', 'evidenced', 'validated'];
const BENEFIT_TYPES: readonly BenefitType[] = [
  'cash-releasing',
  'non-cash-releasing',
  'societal',
];
const TYPE_COLUMN: Record<BenefitType, string> = {
  'cash-releasing': 'cash',
  'non-cash-releasing': 'non_cash',
  societal: 'societal',
};

/** The nine amount columns, measure-major: forecast_cash_pence, forecast_non_cash_pence, … */
export const AMOUNT_COLUMNS: readonly string[] = MEASURES.flatMap((measure) =>
  BENEFIT_TYPES.map((type) => `${measure}_${TYPE_COLUMN[type]}_pence`),
);

/** Where a measure and type sit in the nine amounts (and the nine columns). */
export function amountIndex(measure: BenefitMeasure, type: BenefitType): number {
  return MEASURES.indexOf(measure) * BENEFIT_TYPES.length + BENEFIT_TYPES.indexOf(type);
}

/** One proposal's nine amounts in a year, in `AMOUNT_COLUMNS` order, as pence. */
export interface ProposalBenefitAmounts {
  readonly proposalId: string;
  readonly title: string;
  readonly department: string;
  readonly pence: readonly bigint[];
}

/**
 * The same nine sums in SQL over `benefit_lines`, for the as-of read grouped by proposal: one row a
 * proposal, where grouping by type and measure as well gave nine.
 */
export const AMOUNT_SUMS_SQL = MEASURES.flatMap((measure) =>
  BENEFIT_TYPES.map(
    (type) =>
      `SUM(CASE WHEN measure = '${measure}' AND benefit_type = '${type}' THEN amount_pence ELSE 0 END) AS ${measure}_${TYPE_COLUMN[type]}_pence`,
  ),
).join(', ');

const COLUMNS = ['proposal_id', 'fiscal_year', 'title', 'department', ...AMOUNT_COLUMNS];

/** A row's current amounts per fiscal year: years with a line still true, and only those. */
function yearTotalsOf(row: BenefitRegisterRow): Map<string, bigint[]> {
  const years = new Map<string, bigint[]>();
  for (const line of row.lines) {
    if (line.until !== null) continue;
    let amounts = years.get(line.fiscalYear);
    if (!amounts) years.set(line.fiscalYear, (amounts = AMOUNT_COLUMNS.map(() => 0n)));
    amounts[amountIndex(line.measure, line.benefitType)] += line.amountPence;
  }
  return years;
}

/** Rewrites the totals of the proposals of a batch (their lines were rewritten alongside). */
export async function saveYearTotals(
  sql: SqlExecutor,
  present: readonly BenefitRegisterRow[],
  prefix: string,
): Promise<void> {
  const pence = (value: bigint) => (sql.dialect === 'postgres' ? value.toString() : Number(value));
  for (const batch of chunk(present, 400))
    await sql.query(
      `DELETE FROM ${prefix}${BENEFIT_YEAR_TOTALS_TABLE} WHERE proposal_id IN (${batch.map(() => '?').join(', ')})`,
      batch.map((row) => row.proposalId),
    );
  const totals = present.flatMap((row) =>
    [...yearTotalsOf(row)].map(([fiscalYear, amounts]) => [
      row.proposalId,
      fiscalYear,
      row.title,
      row.department,
      ...amounts.map(pence),
    ]),
  );
  const placeholders = `(${COLUMNS.map(() => '?').join(', ')})`;
  for (const batch of chunk(totals, 200))
    await sql.query(
      `INSERT INTO ${prefix}${BENEFIT_YEAR_TOTALS_TABLE} (${COLUMNS.join(', ')}) VALUES ${batch.map(() => placeholders).join(', ')}`,
      batch.flat(),
    );
}
