import { BUDGET_EVENT_TYPES, Money, parseBudgetEvent, parseBudgetStream } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { Projection } from '../projector/projection';
import { chunk } from '../projector/sql-executor';

/** One row per fiscal year: its envelopes and the capital committed by approvals. */
export interface BudgetSummaryRow {
  readonly fiscalYear: string;
  readonly capitalEnvelopePence: bigint;
  readonly revenueEnvelopePence: bigint;
  readonly committedPence: bigint;
  readonly commitmentCount: number;
  readonly version: number;
  readonly lastPosition: number;
}

export const BUDGET_SUMMARY_TABLE = 'budget_summary';

/** Sums the envelope and commitments; the budget decider has already refused anything that would not fit. */
export function evolveBudgetRow(
  row: BudgetSummaryRow | null,
  event: RecordedEvent,
): BudgetSummaryRow | null {
  const budgetEvent = parseBudgetEvent(event);
  if (budgetEvent.type === 'BudgetEnvelopeSet') {
    const { data } = budgetEvent;
    return {
      fiscalYear: row?.fiscalYear ?? data.fiscalYear,
      capitalEnvelopePence: Money.parse(data.capitalEnvelope).pence,
      revenueEnvelopePence: Money.parse(data.revenueEnvelope).pence,
      committedPence: row?.committedPence ?? 0n,
      commitmentCount: row?.commitmentCount ?? 0,
      version: event.version,
      lastPosition: event.position,
    };
  }
  if (budgetEvent.type === 'FundsCommitted') {
    const { data } = budgetEvent;
    return {
      fiscalYear: row?.fiscalYear ?? data.fiscalYear,
      capitalEnvelopePence: row?.capitalEnvelopePence ?? 0n,
      revenueEnvelopePence: row?.revenueEnvelopePence ?? 0n,
      committedPence: (row?.committedPence ?? 0n) + Money.parse(data.amount).pence,
      commitmentCount: (row?.commitmentCount ?? 0) + 1,
      version: event.version,
      lastPosition: event.position,
    };
  }
  return row;
}

export function budgetRowFromSql(raw: Record<string, unknown>): BudgetSummaryRow {
  return {
    fiscalYear: String(raw.fiscal_year),
    capitalEnvelopePence: BigInt(raw.capital_envelope_pence as string),
    revenueEnvelopePence: BigInt(raw.revenue_envelope_pence as string),
    committedPence: BigInt(raw.committed_pence as string),
    commitmentCount: Number(raw.commitment_count),
    version: Number(raw.version),
    lastPosition: Number(raw.last_position),
  };
}

const COLUMNS = [
  'fiscal_year',
  'capital_envelope_pence',
  'revenue_envelope_pence',
  'committed_pence',
  'commitment_count',
  'version',
  'last_position',
];

export const budgetSummaryProjection: Projection<BudgetSummaryRow> = {
  name: 'budget-summary',
  handles: BUDGET_EVENT_TYPES,
  tables: [BUDGET_SUMMARY_TABLE],
  keyOf: (event) => parseBudgetStream(event.streamId),
  evolve: evolveBudgetRow,

  async load(sql, keys, prefix) {
    const rows = new Map<string, BudgetSummaryRow>();
    for (const years of chunk(keys, 500)) {
      const found = await sql.query(
        `SELECT ${COLUMNS.join(', ')} FROM ${prefix}${BUDGET_SUMMARY_TABLE} WHERE fiscal_year IN (${years.map(() => '?').join(', ')})`,
        years,
      );
      for (const raw of found) {
        const row = budgetRowFromSql(raw);
        rows.set(row.fiscalYear, row);
      }
    }
    return rows;
  },

  async save(sql, rows, prefix) {
    const present = [...rows.values()].filter((row): row is BudgetSummaryRow => row !== null);
    const pence = (value: bigint) =>
      sql.dialect === 'postgres' ? value.toString() : Number(value);
    const updates = COLUMNS.slice(1)
      .map((column) => `${column} = excluded.${column}`)
      .join(', ');
    for (const batch of chunk(present, 500)) {
      await sql.query(
        `INSERT INTO ${prefix}${BUDGET_SUMMARY_TABLE} (${COLUMNS.join(', ')}) VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT (fiscal_year) DO UPDATE SET ${updates}`,
        batch.flatMap((row) => [
          row.fiscalYear,
          pence(row.capitalEnvelopePence),
          pence(row.revenueEnvelopePence),
          pence(row.committedPence),
          row.commitmentCount,
          row.version,
          row.lastPosition,
        ]),
      );
    }
  },
};
