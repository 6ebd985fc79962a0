import {
  Money,
  parseProposalEvent,
  parseProposalStream,
  type BenefitPlan,
  type BenefitType,
  type ProposalEventType,
} from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { Projection } from '../projector/projection';
import { chunk, type SqlExecutor } from '../projector/sql-executor';
import type { BenefitLine, BenefitMeasure, BenefitRegisterRow } from './benefit-register.row';
import { BENEFIT_YEAR_TOTALS_TABLE, saveYearTotals } from './benefit-year-totals';

export type { BenefitLine, BenefitMeasure, BenefitRegisterRow } from './benefit-register.row';

export const BENEFIT_REGISTER_TABLE = 'benefit_register';
export const BENEFIT_LINES_TABLE = 'benefit_lines';

const HANDLED: readonly ProposalEventType[] = [
  'ProposalDrafted',
  'ProposalAmended',
  'ProposalApproved',
  'BenefitsRecorded',
  'BenefitEvidenced',
  'BenefitValidated',
  'BenefitEvidenceRejected',
];

type Writable<T> = { -readonly [K in keyof T]: T[K] };

export function evolveBenefitRow(
  row: BenefitRegisterRow | null,
  recorded: RecordedEvent,
): BenefitRegisterRow | null {
  const event = parseProposalEvent(recorded);
  if (event.type === 'ProposalDrafted') {
    if (row) throw new Error('ProposalDrafted on a proposal that already exists');
    return {
      proposalId: event.data.proposalId,
      title: event.data.title,
      department: event.data.department,
      benefitPlan: event.data.benefitPlan ?? [],
      approvedAt: null,
      lines: [],
      version: recorded.version,
      lastPosition: recorded.position,
    };
  }
  if (!row) throw new Error(`${event.type} on a proposal that was never drafted`);
  const next: Writable<BenefitRegisterRow> = {
    ...row,
    version: recorded.version,
    lastPosition: recorded.position,
  };
  const at = recorded.recordedAt;
  const line = (
    lineId: string,
    fiscalYear: string,
    benefitType: BenefitType,
    measure: BenefitMeasure,
    amount: string,
  ): BenefitLine => ({
    lineId,
    fiscalYear,
    benefitType,
    measure,
    amountPence: Money.parse(amount).pence,
    from: at,
    until: null,
  });
  switch (event.type) {
    case 'ProposalAmended': {
      const { title, department, benefitPlan } = event.data.changes;
      if (title !== undefined) next.title = title;
      if (department !== undefined) next.department = department;
      if (benefitPlan !== undefined) next.benefitPlan = benefitPlan;
      return next;
    }
    case 'ProposalApproved':
      next.approvedAt = at;
      next.lines = next.benefitPlan.flatMap((benefit) =>
        benefit.forecast.map((forecast) =>
          line(
            `forecast:${benefit.key}:${forecast.fiscalYear}`,
            forecast.fiscalYear,
            benefit.type,
            'forecast',
            forecast.amount,
          ),
        ),
      );
      return next;
    // v1's records count as validated: finance recorded them, and there was nobody else to ask.
    case 'BenefitsRecorded': {
      const { period, cashableSaving, nonCashableBenefit } = event.data;
      const id = `v1:${recorded.position}`;
      next.lines = [
        ...next.lines,
        ...(['evidenced', 'validated'] as const).flatMap((measure) => [
          line(`${id}:${measure}:cash`, period, 'cash-releasing', measure, cashableSaving),
          line(
            `${id}:${measure}:non-cash`,
            period,
            'non-cash-releasing',
            measure,
            nonCashableBenefit,
          ),
        ]),
      ];
      return next;
    }
    case 'BenefitEvidenced':
    case 'BenefitValidated': {
      const { evidenceId, period, benefitType, amount } = event.data;
      const measure = event.type === 'BenefitEvidenced' ? 'evidenced' : 'validated';
      next.lines = [
        ...next.lines,
        line(`${measure}:${evidenceId}`, period, benefitType, measure, amount),
      ];
      return next;
    }
    case 'BenefitEvidenceRejected': {
      const id = `evidenced:${event.data.evidenceId}`;
      next.lines = next.lines.map((item) => (item.lineId === id ? { ...item, until: at } : item));
      return next;
    }
    default:
      return next;
  }
}

const REGISTER_COLUMNS = [
  'proposal_id',
  'title',
  'department',
  'benefit_plan',
  'approved_at',
  'version',
  'last_position',
];
const LINE_COLUMNS = [
  'proposal_id',
  'line_id',
  'title',
  'department',
  'fiscal_year',
  'benefit_type',
  'measure',
  'amount_pence',
  'from_at',
  'until_at',
];

function lineFromSql(raw: Record<string, unknown>): BenefitLine {
  return {
    lineId: String(raw.line_id),
    fiscalYear: String(raw.fiscal_year),
    benefitType: String(raw.benefit_type) as BenefitType,
    measure: String(raw.measure) as BenefitMeasure,
    amountPence: BigInt(raw.amount_pence as string),
    from: String(raw.from_at),
    until: raw.until_at === null ? null : String(raw.until_at),
  };
}

async function load(
  sql: SqlExecutor,
  keys: readonly string[],
  prefix: string,
): Promise<Map<string, BenefitRegisterRow>> {
  const rows = new Map<string, BenefitRegisterRow>();
  for (const ids of chunk(keys, 500)) {
    const marks = ids.map(() => '?').join(', ');
    const found = await sql.query(
      `SELECT ${REGISTER_COLUMNS.join(', ')} FROM ${prefix}${BENEFIT_REGISTER_TABLE} WHERE proposal_id IN (${marks})`,
      ids,
    );
    const lines = await sql.query(
      `SELECT ${LINE_COLUMNS.join(', ')} FROM ${prefix}${BENEFIT_LINES_TABLE} WHERE proposal_id IN (${marks}) ORDER BY proposal_id, from_at, line_id`,
      ids,
    );
    const linesOf = new Map<string, BenefitLine[]>();
    for (const raw of lines) {
      const id = String(raw.proposal_id);
      linesOf.set(id, [...(linesOf.get(id) ?? []), lineFromSql(raw)]);
    }
    for (const raw of found) {
      const plan = raw.benefit_plan;
      const id = String(raw.proposal_id);
      rows.set(id, {
        proposalId: id,
        title: String(raw.title),
        department: String(raw.department),
        // PostgreSQL's driver parses jsonb; SQLite keeps the text.
        benefitPlan: (typeof plan === 'string' ? JSON.parse(plan) : plan) as BenefitPlan,
        approvedAt: raw.approved_at === null ? null : String(raw.approved_at),
        lines: linesOf.get(id) ?? [],
        version: Number(raw.version),
        lastPosition: Number(raw.last_position),
      });
    }
  }
  return rows;
}

async function save(
  sql: SqlExecutor,
  rows: ReadonlyMap<string, BenefitRegisterRow | null>,
  prefix: string,
): Promise<void> {
  const present = [...rows.values()].filter((row): row is BenefitRegisterRow => row !== null);
  const pence = (value: bigint) => (sql.dialect === 'postgres' ? value.toString() : Number(value));
  const updates = REGISTER_COLUMNS.slice(1)
    .map((column) => `${column} = excluded.${column}`)
    .join(', ');
  for (const batch of chunk(present, 400)) {
    await sql.query(
      `INSERT INTO ${prefix}${BENEFIT_REGISTER_TABLE} (${REGISTER_COLUMNS.join(', ')}) VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}
       ON CONFLICT (proposal_id) DO UPDATE SET ${updates}`,
      batch.flatMap((row) => [
        row.proposalId,
        row.title,
        row.department,
        JSON.stringify(row.benefitPlan),
        row.approvedAt,
        row.version,
        row.lastPosition,
      ]),
    );
    // A batch rewrites the lines of the proposals it touched: few per proposal, and no diffing.
    await sql.query(
      `DELETE FROM ${prefix}${BENEFIT_LINES_TABLE} WHERE proposal_id IN (${batch.map(() => '?').join(', ')})`,
      batch.map((row) => row.proposalId),
    );
  }
  const lines = present.flatMap((row) => row.lines.map((line) => ({ row, line })));
  const placeholders = `(${LINE_COLUMNS.map(() => '?').join(', ')})`;
  for (const batch of chunk(lines, 300)) {
    await sql.query(
      `INSERT INTO ${prefix}${BENEFIT_LINES_TABLE} (${LINE_COLUMNS.join(', ')}) VALUES ${batch.map(() => placeholders).join(', ')}`,
      batch.flatMap(({ row, line }) => [
        row.proposalId,
        line.lineId,
        row.title,
        row.department,
        line.fiscalYear,
        line.benefitType,
        line.measure,
        pence(line.amountPence),
        line.from,
        line.until,
      ]),
    );
  }
  await saveYearTotals(sql, present, prefix);
}

export const benefitRegisterProjection: Projection<BenefitRegisterRow> = {
  name: 'benefit-register',
  handles: HANDLED,
  tables: [BENEFIT_REGISTER_TABLE, BENEFIT_LINES_TABLE, BENEFIT_YEAR_TOTALS_TABLE],
  keyOf: (event) => parseProposalStream(event.streamId),
  evolve: evolveBenefitRow,
  load,
  save,
};
