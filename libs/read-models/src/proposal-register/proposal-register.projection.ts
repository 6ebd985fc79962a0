import {
  assertNever,
  Money,
  parseProposalEvent,
  parseProposalStream,
  PROPOSAL_EVENT_TYPES,
  type ProposalEvent,
  type Scores,
} from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { Projection } from '../projector/projection';
import { chunk, type SqlExecutor } from '../projector/sql-executor';

/** A review that still speaks to the business case as it now stands: what a weighted score reads. */
export interface RegisterReview {
  readonly reviewId: string;
  readonly kind: string;
  readonly reviewerId: string;
  /** The proposal version the reviewer saw; an amendment after it makes the review stale. */
  readonly proposalVersion: number;
  readonly scores: Scores;
}

/**
 * One row per proposal, with what the register list, the portfolio summary and the priorities read.
 * It is the register's own schema, built from the events by `foldRegisterRow`: the domain's state
 * object can change shape without changing what is stored here.
 */
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
  /** The approved amount; null until the proposal is approved. */
  readonly approvedAmountPence: bigint | null;
  readonly realisedCashablePence: bigint;
  readonly realisedNonCashablePence: bigint;
  readonly reviewCount: number;
  readonly currentReviews: readonly RegisterReview[];
  /** Version of the last event that changed the business case; reviews of older versions are stale. */
  readonly contentVersion: number;
  readonly draftedAt: string;
  readonly submittedAt: string | null;
  /** When the latest decision was taken (kept after a deferred proposal is resubmitted). */
  readonly decidedAt: string | null;
  readonly version: number;
  readonly lastPosition: number;
  /** SOC, OBC, FBC or BJC; null before the first submission fixes it. */
  readonly caseStage: string | null;
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
  'current_reviews',
  'content_version',
  'drafted_at',
  'submitted_at',
  'decided_at',
  'version',
  'last_position',
  'case_stage',
] as const;

type Writable<T> = { -readonly [K in keyof T]: T[K] };

export function evolveRegisterRow(
  row: ProposalRegisterRow | null,
  event: RecordedEvent,
): ProposalRegisterRow | null {
  return foldRegisterRow(row, [event]);
}

/**
 * Applies one proposal's events in log order to its row: the same row as evolving them one at a
 * time, with one copy of the row for the whole batch. An event on a proposal that was never drafted,
 * or a second draft, is refused as the decider's own fold refuses it, so the projector stops there.
 */
export function foldRegisterRow(
  row: ProposalRegisterRow | null,
  events: readonly RecordedEvent[],
): ProposalRegisterRow | null {
  if (events.length === 0) return row;
  let next: Writable<ProposalRegisterRow> | null = row ? { ...row } : null;
  for (const recorded of events) {
    const event = parseProposalEvent(recorded);
    if (event.type === 'ProposalDrafted') {
      if (next) throw new Error('ProposalDrafted on a proposal that already exists');
      next = drafted(event.data, recorded.position);
      continue;
    }
    if (!next) throw new Error(`${event.type} on a proposal that was never drafted`);
    next.version += 1;
    next.lastPosition = recorded.position;
    apply(next, event);
  }
  return next;
}

function drafted(
  data: Extract<ProposalEvent, { type: 'ProposalDrafted' }>['data'],
  position: number,
): Writable<ProposalRegisterRow> {
  return {
    id: data.proposalId,
    seq: position,
    title: data.title,
    department: data.department,
    category: data.category,
    fiscalYear: data.fiscalYear,
    status: 'draft',
    statutory: data.statutory,
    proposerId: data.proposer.id,
    proposerName: data.proposer.name,
    capitalCostPence: pence(data.capitalCost),
    annualRevenueCostPence: pence(data.annualRevenueCost),
    annualCashableSavingPence: pence(data.annualCashableSaving),
    annualNonCashableBenefitPence: pence(data.annualNonCashableBenefit),
    appraisalYears: data.appraisalYears,
    approvedAmountPence: null,
    realisedCashablePence: 0n,
    realisedNonCashablePence: 0n,
    reviewCount: 0,
    currentReviews: [],
    contentVersion: 1,
    draftedAt: data.draftedAt,
    submittedAt: null,
    decidedAt: null,
    version: 1,
    lastPosition: position,
    caseStage: null,
  };
}

function apply(row: Writable<ProposalRegisterRow>, event: ProposalEvent): void {
  switch (event.type) {
    case 'ProposalDrafted':
      throw new Error('ProposalDrafted on a proposal that already exists');
    case 'ProposalAmended': {
      const changes = event.data.changes;
      if (changes.title !== undefined) row.title = changes.title;
      if (changes.department !== undefined) row.department = changes.department;
      if (changes.category !== undefined) row.category = changes.category;
      if (changes.fiscalYear !== undefined) row.fiscalYear = changes.fiscalYear;
      if (changes.statutory !== undefined) row.statutory = changes.statutory;
      if (changes.appraisalYears !== undefined) row.appraisalYears = changes.appraisalYears;
      if (changes.capitalCost !== undefined) row.capitalCostPence = pence(changes.capitalCost);
      if (changes.annualRevenueCost !== undefined)
        row.annualRevenueCostPence = pence(changes.annualRevenueCost);
      if (changes.annualCashableSaving !== undefined)
        row.annualCashableSavingPence = pence(changes.annualCashableSaving);
      if (changes.annualNonCashableBenefit !== undefined)
        row.annualNonCashableBenefitPence = pence(changes.annualNonCashableBenefit);
      row.contentVersion = row.version;
      setReviews(
        row,
        row.currentReviews.filter((review) => review.proposalVersion >= row.contentVersion),
      );
      return;
    }
    case 'ProposalSubmitted':
      row.status = 'submitted';
      row.submittedAt = event.data.submittedAt;
      row.caseStage = event.data.caseStage ?? row.caseStage ?? 'BJC';
      return;
    case 'ReviewRecorded': {
      const { reviewId, kind, reviewer, proposalVersion, scores } = event.data;
      if (proposalVersion >= row.contentVersion)
        setReviews(row, [
          ...row.currentReviews,
          { reviewId, kind, reviewerId: reviewer.id, proposalVersion, scores },
        ]);
      return;
    }
    case 'ConflictOfInterestDeclared':
      // A conflict declared after a review withdraws it from the score, as the domain's fold does.
      if (row.currentReviews.some((review) => review.reviewerId === event.data.person.id))
        setReviews(
          row,
          row.currentReviews.filter((review) => review.reviewerId !== event.data.person.id),
        );
      return;
    case 'ProposalReturned':
      row.status = 'returned';
      return;
    case 'ProposalWithdrawn':
      row.status = 'withdrawn';
      return;
    case 'ProposalApproved':
      row.status = 'approved';
      row.approvedAmountPence = pence(event.data.approvedAmount);
      row.decidedAt = event.data.decidedAt;
      return;
    case 'ProposalRejected':
      row.status = 'rejected';
      row.decidedAt = event.data.decidedAt;
      return;
    case 'ProposalDeferred':
      row.status = 'deferred';
      row.decidedAt = event.data.decidedAt;
      return;
    case 'BenefitsRecorded':
      row.realisedCashablePence += pence(event.data.cashableSaving);
      row.realisedNonCashablePence += pence(event.data.nonCashableBenefit);
      return;
    case 'StageGatePassed':
      // Back to draft at the next stage, whose reviews are its own; decidedAt stays that of a
      // decision on the proposal's funding.
      row.status = 'draft';
      row.caseStage = event.data.to;
      row.contentVersion = row.version;
      // The same rule as the decider's fold: only reviews of this content version onwards count.
      setReviews(
        row,
        row.currentReviews.filter((review) => review.proposalVersion >= row.contentVersion),
      );
      return;
    case 'KeyDecisionNoticePublished':
      return;
    // Realised means validated: finance confirmed it, and a claim alone does not count.
    case 'BenefitValidated':
      if (event.data.benefitType === 'cash-releasing')
        row.realisedCashablePence += pence(event.data.amount);
      else if (event.data.benefitType === 'non-cash-releasing')
        row.realisedNonCashablePence += pence(event.data.amount);
      return;
    case 'BenefitEvidenced':
    case 'BenefitEvidenceRejected':
      return;
    default:
      assertNever(event);
  }
}

function setReviews(row: Writable<ProposalRegisterRow>, reviews: readonly RegisterReview[]): void {
  row.currentReviews = reviews;
  row.reviewCount = reviews.length;
}

function pence(amount: string): bigint {
  return Money.parse(amount).pence;
}

export function registerRowFromSql(raw: Record<string, unknown>): ProposalRegisterRow {
  const reviews = raw.current_reviews;
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
    // PostgreSQL's driver parses jsonb; SQLite keeps the text.
    currentReviews: (typeof reviews === 'string'
      ? JSON.parse(reviews)
      : reviews) as RegisterReview[],
    contentVersion: Number(raw.content_version),
    draftedAt: String(raw.drafted_at),
    submittedAt: raw.submitted_at === null ? null : String(raw.submitted_at),
    decidedAt: raw.decided_at === null ? null : String(raw.decided_at),
    version: Number(raw.version),
    lastPosition: Number(raw.last_position),
    caseStage:
      raw.case_stage === null || raw.case_stage === undefined ? null : String(raw.case_stage),
  };
}

function toSqlValues(row: ProposalRegisterRow, dialect: SqlExecutor['dialect']): unknown[] {
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
    JSON.stringify(row.currentReviews),
    row.contentVersion,
    row.draftedAt,
    row.submittedAt,
    row.decidedAt,
    row.version,
    row.lastPosition,
    row.caseStage,
  ];
}

export const proposalRegisterProjection: Projection<ProposalRegisterRow> = {
  name: 'proposal-register',
  handles: PROPOSAL_EVENT_TYPES,
  tables: [PROPOSAL_REGISTER_TABLE],
  keyOf: (event) => parseProposalStream(event.streamId),
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
      await sql.query(
        `INSERT INTO ${prefix}${PROPOSAL_REGISTER_TABLE} (${COLUMNS.join(', ')}) VALUES ${batch.map(() => placeholders).join(', ')}
         ON CONFLICT (id) DO UPDATE SET ${updates}`,
        batch.flatMap((row) => toSqlValues(row, sql.dialect)),
      );
    }
  },
};
