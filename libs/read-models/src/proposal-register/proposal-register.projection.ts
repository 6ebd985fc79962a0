import {
  currentReviews,
  evolveProposal,
  initialProposalState,
  PROPOSAL_EVENT_TYPES,
  type ProposalEvent,
  type ProposalState,
} from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { Projection } from '../projector/projection';
import { chunk, type SqlExecutor } from '../projector/sql-executor';
import { decodeProposalState, encodeProposalStates } from './proposal-state.codec';

/** One row per proposal: the columns finance filters and sums on, and the folded state for detail. */
export interface ProposalRegisterRow {
  readonly id: string;
  /** Log position of the draft: a stable, unique order for paging. */
  readonly seq: number;
  readonly title: string;
  readonly department: string;
  readonly category: string;
  readonly fiscalYear: string;
  readonly status: string;
  readonly statutory: boolean;
  readonly proposerId: string;
  readonly proposerName: string;
  readonly capitalCostPence: bigint;
  readonly annualRevenueCostPence: bigint;
  readonly annualCashableSavingPence: bigint;
  readonly annualNonCashableBenefitPence: bigint;
  readonly appraisalYears: number;
  readonly approvedAmountPence: bigint | null;
  readonly realisedCashablePence: bigint;
  readonly realisedNonCashablePence: bigint;
  readonly reviewCount: number;
  readonly draftedAt: string;
  readonly submittedAt: string | null;
  readonly decidedAt: string | null;
  readonly version: number;
  readonly lastPosition: number;
  readonly state: ProposalState;
}

export const PROPOSAL_REGISTER_TABLE = 'proposal_register';

const COLUMNS = [
  'id',
  'seq',
  'title',
  'department',
  'category',
  'fiscal_year',
  'status',
  'statutory',
  'proposer_id',
  'proposer_name',
  'capital_cost_pence',
  'annual_revenue_cost_pence',
  'annual_cashable_saving_pence',
  'annual_non_cashable_benefit_pence',
  'appraisal_years',
  'approved_amount_pence',
  'realised_cashable_pence',
  'realised_non_cashable_pence',
  'review_count',
  'drafted_at',
  'submitted_at',
  'decided_at',
  'version',
  'last_position',
  'state',
] as const;

export function evolveRegisterRow(
  row: ProposalRegisterRow | null,
  event: RecordedEvent,
): ProposalRegisterRow | null {
  return foldRegisterRow(row, [event]);
}

/**
 * `evolveRegisterRow` over several events of one proposal, deriving the columns once from the last
 * state instead of after every event: the same row as evolving them one at a time.
 */
export function foldRegisterRow(
  row: ProposalRegisterRow | null,
  events: readonly RecordedEvent[],
): ProposalRegisterRow | null {
  let state = row?.state ?? initialProposalState();
  let seq = row?.seq;
  let lastPosition = row?.lastPosition;
  let changed = false;
  for (const event of events) {
    const next = evolveProposal(state, { type: event.type, data: event.data } as ProposalEvent);
    // An event that leaves no proposal leaves the row as it was (as evolving one event at a time does).
    if (next.status === 'initial') continue;
    state = next;
    seq ??= event.position;
    lastPosition = event.position;
    changed = true;
  }
  if (!changed || state.status === 'initial') return row;
  return registerRow(state, seq!, lastPosition!);
}

function registerRow(
  state: Exclude<ProposalState, { status: 'initial' }>,
  seq: number,
  lastPosition: number,
): ProposalRegisterRow {
  const approved = state.decisions.filter((decision) => decision.outcome === 'approved');
  const lastApproval = approved[approved.length - 1];
  return {
    id: state.id,
    seq,
    title: state.title,
    department: state.department,
    category: state.category,
    fiscalYear: state.fiscalYear,
    status: state.status,
    statutory: state.statutory,
    proposerId: state.proposer.id,
    proposerName: state.proposer.name,
    capitalCostPence: state.capitalCost.pence,
    annualRevenueCostPence: state.annualRevenueCost.pence,
    annualCashableSavingPence: state.annualCashableSaving.pence,
    annualNonCashableBenefitPence: state.annualNonCashableBenefit.pence,
    appraisalYears: state.appraisalYears,
    approvedAmountPence:
      lastApproval && lastApproval.outcome === 'approved'
        ? lastApproval.approvedAmount.pence
        : null,
    realisedCashablePence: state.benefits.reduce(
      (sum, benefit) => sum + benefit.cashableSaving.pence,
      0n,
    ),
    realisedNonCashablePence: state.benefits.reduce(
      (sum, benefit) => sum + benefit.nonCashableBenefit.pence,
      0n,
    ),
    reviewCount: currentReviews(state).length,
    draftedAt: state.draftedAt,
    submittedAt: state.submittedAt,
    decidedAt: state.decision?.decidedAt ?? null,
    version: state.version,
    lastPosition,
    state,
  };
}

export function registerRowFromSql(raw: Record<string, unknown>): ProposalRegisterRow {
  return {
    id: String(raw.id),
    seq: Number(raw.seq),
    title: String(raw.title),
    department: String(raw.department),
    category: String(raw.category),
    fiscalYear: String(raw.fiscal_year),
    status: String(raw.status),
    statutory: raw.statutory === true || Number(raw.statutory) === 1,
    proposerId: String(raw.proposer_id),
    proposerName: String(raw.proposer_name),
    capitalCostPence: BigInt(raw.capital_cost_pence as string),
    annualRevenueCostPence: BigInt(raw.annual_revenue_cost_pence as string),
    annualCashableSavingPence: BigInt(raw.annual_cashable_saving_pence as string),
    annualNonCashableBenefitPence: BigInt(raw.annual_non_cashable_benefit_pence as string),
    appraisalYears: Number(raw.appraisal_years),
    approvedAmountPence:
      raw.approved_amount_pence === null ? null : BigInt(raw.approved_amount_pence as string),
    realisedCashablePence: BigInt(raw.realised_cashable_pence as string),
    realisedNonCashablePence: BigInt(raw.realised_non_cashable_pence as string),
    reviewCount: Number(raw.review_count),
    draftedAt: String(raw.drafted_at),
    submittedAt: raw.submitted_at === null ? null : String(raw.submitted_at),
    decidedAt: raw.decided_at === null ? null : String(raw.decided_at),
    version: Number(raw.version),
    lastPosition: Number(raw.last_position),
    state: decodeProposalState(String(raw.state)),
  };
}

function toSqlValues(
  row: ProposalRegisterRow,
  state: string,
  dialect: SqlExecutor['dialect'],
): unknown[] {
  const pence = (value: bigint | null) =>
    value === null ? null : dialect === 'postgres' ? value.toString() : Number(value);
  return [
    row.id,
    row.seq,
    row.title,
    row.department,
    row.category,
    row.fiscalYear,
    row.status,
    dialect === 'postgres' ? row.statutory : row.statutory ? 1 : 0,
    row.proposerId,
    row.proposerName,
    pence(row.capitalCostPence),
    pence(row.annualRevenueCostPence),
    pence(row.annualCashableSavingPence),
    pence(row.annualNonCashableBenefitPence),
    row.appraisalYears,
    pence(row.approvedAmountPence),
    pence(row.realisedCashablePence),
    pence(row.realisedNonCashablePence),
    row.reviewCount,
    row.draftedAt,
    row.submittedAt,
    row.decidedAt,
    row.version,
    row.lastPosition,
    state,
  ];
}

export const proposalRegisterProjection: Projection<ProposalRegisterRow> = {
  name: 'proposal-register',
  handles: PROPOSAL_EVENT_TYPES,
  tables: [PROPOSAL_REGISTER_TABLE],
  keyOf: (event) =>
    event.streamId.startsWith('proposal-') ? event.streamId.slice('proposal-'.length) : null,
  evolve: evolveRegisterRow,
  fold: { evolve: evolveRegisterRow, apply: foldRegisterRow },

  async load(sql, keys, prefix) {
    const rows = new Map<string, ProposalRegisterRow>();
    for (const ids of chunk(keys, 500)) {
      const found = await sql.query(
        `SELECT ${COLUMNS.join(', ')} FROM ${prefix}${PROPOSAL_REGISTER_TABLE} WHERE id IN (${ids.map(() => '?').join(', ')})`,
        ids,
      );
      for (const raw of found) {
        const row = registerRowFromSql(raw);
        rows.set(row.id, row);
      }
    }
    return rows;
  },

  async save(sql, rows, prefix) {
    const present = [...rows.values()].filter((row): row is ProposalRegisterRow => row !== null);
    const placeholders = `(${COLUMNS.map(() => '?').join(', ')})`;
    const updates = COLUMNS.filter((column) => column !== 'id')
      .map((column) => `${column} = excluded.${column}`)
      .join(', ');
    for (const batch of chunk(present, 400)) {
      const states = encodeProposalStates(batch.map((row) => row.state));
      await sql.query(
        `INSERT INTO ${prefix}${PROPOSAL_REGISTER_TABLE} (${COLUMNS.join(', ')}) VALUES ${batch.map(() => placeholders).join(', ')}
         ON CONFLICT (id) DO UPDATE SET ${updates}`,
        batch.flatMap((row, i) => toSqlValues(row, states[i], sql.dialect)),
      );
    }
  },
};
