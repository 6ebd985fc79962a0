import {
  Money,
  parseIsoInstant,
  parseProposalEvent,
  parseProposalStream,
  type ProposalEventType,
  type RelationFacts,
} from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { Projection } from '../projector/projection';
import { chunk, type SqlExecutor } from '../projector/sql-executor';

/**
 * One row per proposal with what the split-spend rule reads: its programme, department, category,
 * draft time and whole-life cost, and whether it still counts (its status). Indexed so the proposals
 * related to one are a single indexed query, whatever the size of the portfolio.
 */
export interface RelatedProposalRow {
  readonly proposalId: string;
  readonly programme: string | null;
  readonly department: string;
  readonly category: string;
  /** UTC, as `Date.toISOString()` writes it, so a text range is a time range. */
  readonly draftedAt: string;
  readonly capitalCostPence: bigint;
  readonly annualRevenueCostPence: bigint;
  readonly appraisalYears: number;
  readonly wholeLifeCostPence: bigint;
  readonly status: string;
  /** Position of the last event applied: an event at or below it is already in the row. */
  readonly lastPosition: number;
}

export const RELATED_PROPOSALS_TABLE = 'related_proposals';
export const RELATED_PROPOSALS_PROJECTION = 'related-proposals';

/** The events that change what the rule reads; other proposal events leave the row as it is. */
export const RELATION_EVENT_TYPES: readonly ProposalEventType[] = [
  'ProposalDrafted',
  'ProposalAmended',
  'ProposalSubmitted',
  'ProposalReturned',
  'ProposalWithdrawn',
  'ProposalApproved',
  'ProposalRejected',
  'ProposalDeferred',
];

const COLUMNS = [
  'proposal_id',
  'programme',
  'department',
  'category',
  'drafted_at',
  'capital_cost_pence',
  'annual_revenue_cost_pence',
  'appraisal_years',
  'whole_life_cost_pence',
  'status',
  'last_position',
] as const;

type Writable<T> = { -readonly [K in keyof T]: T[K] };

const STATUS_AFTER: Partial<Record<ProposalEventType, string>> = {
  ProposalSubmitted: 'submitted',
  ProposalReturned: 'returned',
  ProposalWithdrawn: 'withdrawn',
  ProposalApproved: 'approved',
  ProposalRejected: 'rejected',
  ProposalDeferred: 'deferred',
};

/**
 * Idempotent by position, so a reader that catches a row up from the log past the projection's
 * checkpoint can apply events the row may already hold.
 */
export function evolveRelatedRow(
  row: RelatedProposalRow | null,
  recorded: RecordedEvent,
): RelatedProposalRow | null {
  if (row !== null && recorded.position <= row.lastPosition) return row;
  if (!RELATION_EVENT_TYPES.includes(recorded.type as ProposalEventType)) return row;
  const event = parseProposalEvent(recorded);
  if (event.type === 'ProposalDrafted') {
    if (row) throw new Error('ProposalDrafted on a proposal that already exists');
    const { data } = event;
    return withCost({
      proposalId: data.proposalId,
      programme: data.programme ?? null,
      department: data.department,
      category: data.category,
      draftedAt: new Date(parseIsoInstant(data.draftedAt)!).toISOString(),
      capitalCostPence: Money.parse(data.capitalCost).pence,
      annualRevenueCostPence: Money.parse(data.annualRevenueCost).pence,
      appraisalYears: data.appraisalYears,
      wholeLifeCostPence: 0n,
      status: 'draft',
      lastPosition: recorded.position,
    });
  }
  if (!row) throw new Error(`${event.type} on a proposal that was never drafted`);
  const next: Writable<RelatedProposalRow> = { ...row, lastPosition: recorded.position };
  if (event.type === 'ProposalAmended') {
    const { changes } = event.data;
    if (changes.programme !== undefined) next.programme = changes.programme;
    if (changes.department !== undefined) next.department = changes.department;
    if (changes.category !== undefined) next.category = changes.category;
    if (changes.capitalCost !== undefined)
      next.capitalCostPence = Money.parse(changes.capitalCost).pence;
    if (changes.annualRevenueCost !== undefined)
      next.annualRevenueCostPence = Money.parse(changes.annualRevenueCost).pence;
    if (changes.appraisalYears !== undefined) next.appraisalYears = changes.appraisalYears;
    return withCost(next);
  }
  next.status = STATUS_AFTER[event.type] ?? next.status;
  return next;
}

function withCost(row: Writable<RelatedProposalRow>): RelatedProposalRow {
  row.wholeLifeCostPence =
    row.capitalCostPence + row.annualRevenueCostPence * BigInt(row.appraisalYears);
  return row;
}

export function relationFactsOfRow(row: RelatedProposalRow): RelationFacts {
  return {
    proposalId: row.proposalId,
    programme: row.programme,
    department: row.department,
    category: row.category,
    draftedAt: row.draftedAt,
    wholeLifeCost: Money.fromPence(row.wholeLifeCostPence),
    status: row.status,
  };
}

export function relatedRowFromSql(raw: Record<string, unknown>): RelatedProposalRow {
  return {
    proposalId: String(raw.proposal_id),
    programme: raw.programme === null ? null : String(raw.programme),
    department: String(raw.department),
    category: String(raw.category),
    draftedAt: String(raw.drafted_at),
    capitalCostPence: BigInt(raw.capital_cost_pence as string),
    annualRevenueCostPence: BigInt(raw.annual_revenue_cost_pence as string),
    appraisalYears: Number(raw.appraisal_years),
    wholeLifeCostPence: BigInt(raw.whole_life_cost_pence as string),
    status: String(raw.status),
    lastPosition: Number(raw.last_position),
  };
}

export const RELATED_PROPOSAL_COLUMNS = COLUMNS.join(', ');

function toSqlValues(row: RelatedProposalRow, dialect: SqlExecutor['dialect']): unknown[] {
  const pence = (value: bigint) => (dialect === 'postgres' ? value.toString() : Number(value));
  return [
    row.proposalId,
    row.programme,
    row.department,
    row.category,
    row.draftedAt,
    pence(row.capitalCostPence),
    pence(row.annualRevenueCostPence),
    row.appraisalYears,
    pence(row.wholeLifeCostPence),
    row.status,
    row.lastPosition,
  ];
}

export const relatedProposalsProjection: Projection<RelatedProposalRow> = {
  name: RELATED_PROPOSALS_PROJECTION,
  handles: RELATION_EVENT_TYPES,
  tables: [RELATED_PROPOSALS_TABLE],
  keyOf: (event) => parseProposalStream(event.streamId),
  evolve: evolveRelatedRow,
  load: (sql, keys, prefix) => loadRelatedRows(sql, keys, prefix),
  async save(sql, rows, prefix) {
    const present = [...rows.values()].filter((row): row is RelatedProposalRow => row !== null);
    const placeholders = `(${COLUMNS.map(() => '?').join(', ')})`;
    const updates = COLUMNS.filter((column) => column !== 'proposal_id')
      .map((column) => `${column} = excluded.${column}`)
      .join(', ');
    for (const batch of chunk(present, 500)) {
      await sql.query(
        `INSERT INTO ${prefix}${RELATED_PROPOSALS_TABLE} (${RELATED_PROPOSAL_COLUMNS}) VALUES ${batch.map(() => placeholders).join(', ')}
         ON CONFLICT (proposal_id) DO UPDATE SET ${updates}`,
        batch.flatMap((row) => toSqlValues(row, sql.dialect)),
      );
    }
  },
};

/** Rows by proposal id, from a transaction or from the read-model database. */
export async function loadRelatedRows(
  sql: Pick<SqlExecutor, 'query'>,
  keys: readonly string[],
  prefix = '',
): Promise<Map<string, RelatedProposalRow>> {
  const rows = new Map<string, RelatedProposalRow>();
  for (const ids of chunk(keys, 500)) {
    const found = await sql.query(
      `SELECT ${RELATED_PROPOSAL_COLUMNS} FROM ${prefix}${RELATED_PROPOSALS_TABLE} WHERE proposal_id IN (${ids.map(() => '?').join(', ')})`,
      ids,
    );
    for (const raw of found) {
      const row = relatedRowFromSql(raw);
      rows.set(row.proposalId, row);
    }
  }
  return rows;
}
