import { runsIn } from '@ledger/domain';
import type { ReadModelDatabase } from '../projector/read-model-database';
import type { ProposalRegisterRow } from '../proposal-register/proposal-register.projection';

type RevenueFigures = Pick<
  ProposalRegisterRow,
  'status' | 'fiscalYear' | 'annualRevenueCostPence' | 'appraisalYears'
>;

/** The running costs of approved proposals that run in `fiscalYear` (their year and the appraisal years after it). */
export function approvedRevenuePence(fiscalYear: string, rows: readonly RevenueFigures[]): bigint {
  let total = 0n;
  for (const row of rows) {
    if (row.status === 'approved' && runsIn(row.fiscalYear, row.appraisalYears, fiscalYear))
      total += row.annualRevenueCostPence;
  }
  return total;
}

export async function approvedRevenueOfYear(
  database: ReadModelDatabase,
  fiscalYear: string,
): Promise<bigint> {
  const rows = await database.query(
    `SELECT fiscal_year, annual_revenue_cost_pence, appraisal_years FROM proposal_register WHERE status = 'approved'`,
  );
  return approvedRevenuePence(
    fiscalYear,
    rows.map((raw) => ({
      status: 'approved',
      fiscalYear: String(raw.fiscal_year),
      annualRevenueCostPence: BigInt(raw.annual_revenue_cost_pence as string),
      appraisalYears: Number(raw.appraisal_years),
    })),
  );
}
