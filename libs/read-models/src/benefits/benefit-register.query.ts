import { Money, type BenefitType } from '@ledger/domain';
import type { ReadModelDatabase } from '../projector/read-model-database';
import type { EventStore } from '@ledger/event-store';
import {
  benefitRegisterProjection,
  type BenefitMeasure,
  type BenefitRegisterRow,
} from './benefit-register.projection';

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

type Tally = Record<BenefitMeasure, Record<BenefitType, bigint>>;

function emptyTally(): Tally {
  const zero = (): Record<BenefitType, bigint> => ({
    'cash-releasing': 0n,
    'non-cash-releasing': 0n,
    societal: 0n,
  });
  return { forecast: zero(), evidenced: zero(), validated: zero() };
}

function amounts(byType: Record<BenefitType, bigint>): BenefitTypeAmounts {
  return {
    cashReleasing: Money.fromPence(byType['cash-releasing']).toString(),
    nonCashReleasing: Money.fromPence(byType['non-cash-releasing']).toString(),
    societal: Money.fromPence(byType.societal).toString(),
  };
}

/** The rate to four decimals (half up), and the at-risk test done exactly on pence. */
function figures(tally: Tally): BenefitFigures {
  const forecast = tally.forecast['cash-releasing'];
  const validated = tally.validated['cash-releasing'];
  const realisationRate =
    forecast === 0n ? null : Number((validated * 20000n + forecast) / (2n * forecast)) / 10000;
  return {
    forecast: amounts(tally.forecast),
    evidenced: amounts(tally.evidenced),
    validated: amounts(tally.validated),
    realisationRate,
    atRisk:
      forecast !== 0n && validated * AT_RISK_BELOW.denominator < forecast * AT_RISK_BELOW.numerator,
  };
}

/**
 * Totals, per proposal and per department, from the lines' sums. A proposal appears when it has a
 * forecast or evidence in the year; rows are sorted by department, title and id.
 */
export function summariseBenefits(
  fiscalYear: string,
  asOf: string,
  sums: readonly BenefitSum[],
): PortfolioBenefits {
  const total = emptyTally();
  const proposals = new Map<string, { title: string; department: string; tally: Tally }>();
  const departments = new Map<string, Tally>();
  for (const sum of sums) {
    let proposal = proposals.get(sum.proposalId);
    if (!proposal) {
      proposal = { title: sum.title, department: sum.department, tally: emptyTally() };
      proposals.set(sum.proposalId, proposal);
    }
    let department = departments.get(sum.department);
    if (!department) departments.set(sum.department, (department = emptyTally()));
    for (const tally of [total, proposal.tally, department])
      tally[sum.measure][sum.benefitType] += sum.pence;
  }
  const byProposal = [...proposals.entries()]
    .map(([proposalId, { title, department, tally }]) => ({
      proposalId,
      title,
      department,
      ...figures(tally),
    }))
    .sort(
      (a, b) =>
        compare(a.department, b.department) ||
        compare(a.title, b.title) ||
        compare(a.proposalId, b.proposalId),
    );
  const byDepartment = [...departments.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([department, tally]) => ({ department, ...figures(tally) }));
  return { fiscalYear, asOf, totals: figures(total), byProposal, byDepartment };
}

/** The year's sums, as the lines stood at `asOf` (the log's recorded time) or now. */
export async function benefitSumsOfYear(
  database: ReadModelDatabase,
  fiscalYear: string,
  asOf?: string,
): Promise<BenefitSum[]> {
  const when =
    asOf === undefined ? 'until_at IS NULL' : 'from_at <= ? AND (until_at IS NULL OR until_at > ?)';
  // The lines are summed from a covering index; names come from the register, one row a proposal.
  const [rows, names] = await Promise.all([
    database.query(
      `SELECT proposal_id, benefit_type, measure, SUM(amount_pence) AS pence
       FROM benefit_lines WHERE fiscal_year = ? AND ${when}
       GROUP BY proposal_id, benefit_type, measure`,
      asOf === undefined ? [fiscalYear] : [fiscalYear, asOf, asOf],
    ),
    database.query(
      'SELECT proposal_id, title, department FROM benefit_register WHERE approved_at IS NOT NULL',
    ),
  ]);
  const named = new Map(names.map((raw) => [String(raw.proposal_id), raw]));
  return rows.map((raw) => {
    const name = named.get(String(raw.proposal_id));
    return {
      proposalId: String(raw.proposal_id),
      title: String(name?.title ?? ''),
      department: String(name?.department ?? ''),
      benefitType: String(raw.benefit_type) as BenefitType,
      measure: String(raw.measure) as BenefitMeasure,
      pence: BigInt(String(raw.pence)),
    };
  });
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
