import type { BenefitType } from '@ledger/domain';
import type { ReadModelDatabase } from '../projector/read-model-database';
import type { EventStore } from '@ledger/event-store';
import {
  benefitRegisterProjection,
  type BenefitMeasure,
  type BenefitRegisterRow,
} from './benefit-register.projection';
import {
  AMOUNT_COLUMNS,
  AMOUNT_SUMS_SQL,
  BENEFIT_YEAR_TOTALS_TABLE,
  amountIndex,
  type ProposalBenefitAmounts,
} from './benefit-year-totals';

export type { ProposalBenefitAmounts };

export interface BenefitTypeAmounts {
  readonly cashReleasing: string;
  readonly nonCashReleasing: string;
  readonly societal: string;
}

export interface BenefitFigures {
  readonly forecast: BenefitTypeAmounts;
  readonly evidenced: BenefitTypeAmounts;
  readonly validated: BenefitTypeAmounts;
  readonly realisationRate: number | null;
  readonly atRisk: boolean;
}

export interface PortfolioBenefits {
  readonly fiscalYear: string;
  readonly asOf: string;
  readonly totals: BenefitFigures;
  readonly byProposal: readonly (BenefitFigures & {
    readonly proposalId: string;
    readonly title: string;
    readonly department: string;
  })[];
  readonly byDepartment: readonly (BenefitFigures & { readonly department: string })[];
}

/** One sum of the lines table: a proposal's amount of one type and measure in the year. */
export interface BenefitSum {
  readonly proposalId: string;
  readonly title: string;
  readonly department: string;
  readonly benefitType: BenefitType;
  readonly measure: BenefitMeasure;
  readonly pence: bigint;
}

/** Below this share of the cash-releasing forecast validated, a proposal's benefits are at risk. */
const AT_RISK_BELOW = { numerator: 8n, denominator: 10n };

const CASH_FORECAST = amountIndex('forecast', 'cash-releasing');
const CASH_VALIDATED = amountIndex('validated', 'cash-releasing');

/**
 * Pence as a plain decimal string, as `Money#toString` writes it ("1250000.00"), by slicing the
 * digits: the read formats nine amounts a proposal, and BigInt division and padding dominated it.
 */
function decimal(pence: bigint): string {
  if (pence < 0n) return `-${decimal(-pence)}`;
  const digits = pence.toString();
  return digits.length > 2
    ? `${digits.slice(0, -2)}.${digits.slice(-2)}`
    : `0.${digits.padStart(2, '0')}`;
}

function amounts(pence: readonly bigint[], measure: number): BenefitTypeAmounts {
  const at = measure * 3;
  return {
    cashReleasing: decimal(pence[at]),
    nonCashReleasing: decimal(pence[at + 1]),
    societal: decimal(pence[at + 2]),
  };
}

/** The rate to four decimals (half up), and the at-risk test done exactly on pence. */
function figures(pence: readonly bigint[]): BenefitFigures {
  const forecast = pence[CASH_FORECAST];
  const validated = pence[CASH_VALIDATED];
  const realisationRate =
    forecast === 0n ? null : Number((validated * 20000n + forecast) / (2n * forecast)) / 10000;
  return {
    forecast: amounts(pence, 0),
    evidenced: amounts(pence, 1),
    validated: amounts(pence, 2),
    realisationRate,
    atRisk:
      forecast !== 0n && validated * AT_RISK_BELOW.denominator < forecast * AT_RISK_BELOW.numerator,
  };
}

function add(into: bigint[], pence: readonly bigint[]): void {
  for (let i = 0; i < into.length; i++) into[i] += pence[i];
}

/**
 * Totals, per proposal and per department, from each proposal's nine amounts in the year. A
 * proposal appears when it has a forecast or evidence in the year; rows are sorted by department,
 * title and id.
 */
export function summariseBenefitAmounts(
  fiscalYear: string,
  asOf: string,
  proposals: readonly ProposalBenefitAmounts[],
): PortfolioBenefits {
  const total = AMOUNT_COLUMNS.map(() => 0n);
  const departments = new Map<string, bigint[]>();
  for (const proposal of proposals) {
    add(total, proposal.pence);
    let department = departments.get(proposal.department);
    if (!department)
      departments.set(proposal.department, (department = AMOUNT_COLUMNS.map(() => 0n)));
    add(department, proposal.pence);
  }
  const byProposal = [...proposals]
    .sort(
      (a, b) =>
        compare(a.department, b.department) ||
        compare(a.title, b.title) ||
        compare(a.proposalId, b.proposalId),
    )
    .map(({ proposalId, title, department, pence }) => ({
      proposalId,
      title,
      department,
      ...figures(pence),
    }));
  const byDepartment = [...departments.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([department, pence]) => ({ department, ...figures(pence) }));
  return { fiscalYear, asOf, totals: figures(total), byProposal, byDepartment };
}

/** The same summary from sums per type and measure (several sums of one proposal add up). */
export function summariseBenefits(
  fiscalYear: string,
  asOf: string,
  sums: readonly BenefitSum[],
): PortfolioBenefits {
  const proposals = new Map<string, ProposalBenefitAmounts & { pence: bigint[] }>();
  for (const sum of sums) {
    let proposal = proposals.get(sum.proposalId);
    if (!proposal) {
      proposal = {
        proposalId: sum.proposalId,
        title: sum.title,
        department: sum.department,
        pence: AMOUNT_COLUMNS.map(() => 0n),
      };
      proposals.set(sum.proposalId, proposal);
    }
    proposal.pence[amountIndex(sum.measure, sum.benefitType)] += sum.pence;
  }
  return summariseBenefitAmounts(fiscalYear, asOf, [...proposals.values()]);
}

/**
 * Each proposal's amounts in the year: now, one row a proposal from `benefit_year_totals`; as of a
 * time (the log's recorded time), summed from the lines true then, nine sums a proposal in SQL.
 */
export async function benefitAmountsOfYear(
  database: ReadModelDatabase,
  fiscalYear: string,
  asOf?: string,
): Promise<ProposalBenefitAmounts[]> {
  const columns = AMOUNT_COLUMNS;
  const toAmounts = (raw: Record<string, unknown>, name = raw): ProposalBenefitAmounts => ({
    proposalId: raw.proposal_id as string,
    title: (name.title as string | undefined) ?? '',
    department: (name.department as string | undefined) ?? '',
    // SQLite answers numbers, PostgreSQL's bigint and SUM strings: BigInt takes both exactly.
    pence: columns.map((column) => BigInt(raw[column] as number | string)),
  });
  if (asOf === undefined) {
    // One JSON document of the year's rows, built by the database: a driver decodes one value
    // instead of 5,000 rows of twelve columns, which cost more than everything else of the read.
    // The amounts travel as text, so no amount passes through a float on its way to BigInt.
    const [{ rows }] = await database.query<{ rows: unknown }>(
      database.dialect === 'postgres'
        ? `SELECT COALESCE(json_agg(json_build_array(proposal_id, title, department, ${columns.map((c) => `${c}::text`).join(', ')})), '[]') AS rows
           FROM ${BENEFIT_YEAR_TOTALS_TABLE} WHERE fiscal_year = ?`
        : `SELECT json_group_array(json_array(proposal_id, title, department, ${columns.map((c) => `CAST(${c} AS TEXT)`).join(', ')})) AS rows
           FROM ${BENEFIT_YEAR_TOTALS_TABLE} WHERE fiscal_year = ?`,
      [fiscalYear],
    );
    // PostgreSQL's driver parses json; SQLite answers the text.
    const list = (typeof rows === 'string' ? JSON.parse(rows) : rows) as string[][];
    return list.map((row) => ({
      proposalId: row[0],
      title: row[1],
      department: row[2],
      pence: [
        BigInt(row[3]),
        BigInt(row[4]),
        BigInt(row[5]),
        BigInt(row[6]),
        BigInt(row[7]),
        BigInt(row[8]),
        BigInt(row[9]),
        BigInt(row[10]),
        BigInt(row[11]),
      ],
    }));
  }
  const [rows, names] = await Promise.all([
    database.query(
      `SELECT proposal_id, ${AMOUNT_SUMS_SQL}
       FROM benefit_lines WHERE fiscal_year = ? AND from_at <= ? AND (until_at IS NULL OR until_at > ?)
       GROUP BY proposal_id`,
      [fiscalYear, asOf, asOf],
    ),
    database.query('SELECT proposal_id, title, department FROM benefit_register'),
  ]);
  const named = new Map(names.map((raw) => [raw.proposal_id as string, raw]));
  return rows.map((raw) => toAmounts(raw, named.get(raw.proposal_id as string) ?? {}));
}

/** The sums of the lines' rows, as `benefitSumsOfYear` reads them from the table. */
export function sumLines(
  fiscalYear: string,
  rows: Iterable<BenefitRegisterRow>,
  asOf?: string,
): BenefitSum[] {
  const sums = new Map<string, BenefitSum>();
  for (const row of rows) {
    for (const line of row.lines) {
      if (line.fiscalYear !== fiscalYear) continue;
      const current =
        asOf === undefined
          ? line.until === null
          : line.from <= asOf && (line.until === null || line.until > asOf);
      if (!current) continue;
      const key = `${row.proposalId}\n${line.benefitType}\n${line.measure}`;
      const sum = sums.get(key);
      sums.set(key, {
        proposalId: row.proposalId,
        title: row.title,
        department: row.department,
        benefitType: line.benefitType,
        measure: line.measure,
        pence: (sum?.pence ?? 0n) + line.amountPence,
      });
    }
  }
  return [...sums.values()];
}

/**
 * The benefit register replayed from the log with the projection's own evolve, in memory: what a
 * tool without the projector (the CLI) reads, and what a rebuild must agree with.
 */
export async function replayBenefitRows(store: EventStore): Promise<BenefitRegisterRow[]> {
  const rows = new Map<string, BenefitRegisterRow | null>();
  const handled = new Set(benefitRegisterProjection.handles);
  for (let after = 0; ;) {
    const page = await store.readAll({ after, limit: 5000 });
    for (const event of page.events) {
      if (!handled.has(event.type)) continue;
      const key = benefitRegisterProjection.keyOf(event);
      if (key !== null)
        rows.set(key, benefitRegisterProjection.evolve(rows.get(key) ?? null, event));
    }
    if (page.nextAfter === null) break;
    after = page.nextAfter;
  }
  return [...rows.values()].filter((row): row is BenefitRegisterRow => row !== null);
}

/** Code-point order: the same on every machine, and far cheaper than a locale's collation. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
