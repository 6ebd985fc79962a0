import {
  assertNever,
  Money,
  parseProposalEvent,
  parseProposalStream,
  PROPOSAL_EVENT_TYPES,
  type ProposalEvent,
} from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { Projection } from '../projector/projection';
import { chunk } from '../projector/sql-executor';

export interface ForwardPlanNotice {
  readonly noticeId: string;
  readonly publishedOn: string;
  readonly decisionDue: string;
  readonly decisionMaker: string;
  readonly summary: string;
  readonly position: number;
}

/**
 * One proposal's part of the forward plan: what a line of the plan shows about it (kept current as
 * it is amended and decided) and its notices. Kept for every proposal, so a notice published later
 * finds the proposal's title and cost without reading its stream.
 */
export interface ForwardPlanRow {
  readonly proposalId: string;
  readonly title: string;
  readonly department: string;
  readonly status: string;
  readonly capitalCostPence: bigint;
  readonly annualRevenueCostPence: bigint;
  readonly appraisalYears: number;
  readonly notices: readonly ForwardPlanNotice[];
  readonly version: number;
  readonly lastPosition: number;
}

export const FORWARD_PLAN_PROPOSALS_TABLE = 'forward_plan_proposals';
export const FORWARD_PLAN_NOTICES_TABLE = 'forward_plan_notices';

type Writable<T> = { -readonly [K in keyof T]: T[K] };

export function evolveForwardPlanRow(
  row: ForwardPlanRow | null,
  recorded: RecordedEvent,
): ForwardPlanRow | null {
  const event = parseProposalEvent(recorded);
  if (event.type === 'ProposalDrafted') {
    const { data } = event;
    return {
      proposalId: data.proposalId,
      title: data.title,
      department: data.department,
      status: 'draft',
      capitalCostPence: pence(data.capitalCost),
      annualRevenueCostPence: pence(data.annualRevenueCost),
      appraisalYears: data.appraisalYears,
      notices: [],
      version: recorded.version,
      lastPosition: recorded.position,
    };
  }
  if (row === null) return null;
  const next: Writable<ForwardPlanRow> = {
    ...row,
    version: recorded.version,
    lastPosition: recorded.position,
  };
  apply(next, event, recorded.position);
  return next;
}

function apply(row: Writable<ForwardPlanRow>, event: ProposalEvent, position: number): void {
  switch (event.type) {
    case 'ProposalDrafted':
      throw new Error('ProposalDrafted on a proposal that already exists');
    case 'ProposalAmended': {
      const { changes } = event.data;
      if (changes.title !== undefined) row.title = changes.title;
      if (changes.department !== undefined) row.department = changes.department;
      if (changes.capitalCost !== undefined) row.capitalCostPence = pence(changes.capitalCost);
      if (changes.annualRevenueCost !== undefined)
        row.annualRevenueCostPence = pence(changes.annualRevenueCost);
      if (changes.appraisalYears !== undefined) row.appraisalYears = changes.appraisalYears;
      return;
    }
    case 'ProposalSubmitted':
      row.status = 'submitted';
      return;
    case 'ProposalReturned':
      row.status = 'returned';
      return;
    case 'ProposalWithdrawn':
      row.status = 'withdrawn';
      return;
    case 'ProposalApproved':
      row.status = 'approved';
      return;
    case 'ProposalRejected':
      row.status = 'rejected';
      return;
    case 'ProposalDeferred':
      row.status = 'deferred';
      return;
    case 'StageGatePassed':
      // A gate returns the proposal to draft at its next business case stage.
      row.status = 'draft';
      return;
    case 'KeyDecisionNoticePublished': {
      const { noticeId, publishedOn, decisionDue, decisionMaker, summary } = event.data;
      row.notices = [
        ...row.notices,
        { noticeId, publishedOn, decisionDue, decisionMaker, summary, position },
      ];
      return;
    }
    case 'ReviewRecorded':
    case 'ConflictOfInterestDeclared':
    case 'BenefitsRecorded':
    case 'BenefitEvidenced':
    case 'BenefitValidated':
    case 'BenefitEvidenceRejected':
      return;
    default:
      assertNever(event);
  }
}

/** capital + annual revenue cost × appraisal years, as the domain's wholeLifeCost. */
export function wholeLifeCostPence(row: ForwardPlanRow): bigint {
  return row.capitalCostPence + row.annualRevenueCostPence * BigInt(row.appraisalYears);
}

function pence(amount: string): bigint {
  return Money.parse(amount).pence;
}

const PROPOSAL_COLUMNS = [
  'proposal_id',
  'title',
  'department',
  'status',
  'capital_cost_pence',
  'annual_revenue_cost_pence',
  'appraisal_years',
  'whole_life_cost_pence',
  'version',
  'last_position',
];

const NOTICE_COLUMNS = [
  'notice_id',
  'proposal_id',
  'published_on',
  'decision_due',
  'decision_maker',
  'summary',
  'position',
];

export const forwardPlanProjection: Projection<ForwardPlanRow> = {
  name: 'forward-plan',
  handles: PROPOSAL_EVENT_TYPES,
  tables: [FORWARD_PLAN_PROPOSALS_TABLE, FORWARD_PLAN_NOTICES_TABLE],
  keyOf: (event) => parseProposalStream(event.streamId),
  evolve: evolveForwardPlanRow,

  async load(sql, keys, prefix) {
    const rows = new Map<string, Writable<ForwardPlanRow>>();
    for (const ids of chunk(keys, 500)) {
      const marks = ids.map(() => '?').join(', ');
      for (const raw of await sql.query(
        `SELECT ${PROPOSAL_COLUMNS.join(', ')} FROM ${prefix}${FORWARD_PLAN_PROPOSALS_TABLE} WHERE proposal_id IN (${marks})`,
        ids,
      )) {
        rows.set(String(raw.proposal_id), {
          proposalId: String(raw.proposal_id),
          title: String(raw.title),
          department: String(raw.department),
          status: String(raw.status),
          capitalCostPence: BigInt(raw.capital_cost_pence as string),
          annualRevenueCostPence: BigInt(raw.annual_revenue_cost_pence as string),
          appraisalYears: Number(raw.appraisal_years),
          notices: [],
          version: Number(raw.version),
          lastPosition: Number(raw.last_position),
        });
      }
      for (const raw of await sql.query(
        `SELECT ${NOTICE_COLUMNS.join(', ')} FROM ${prefix}${FORWARD_PLAN_NOTICES_TABLE} WHERE proposal_id IN (${marks}) ORDER BY position`,
        ids,
      )) {
        const row = rows.get(String(raw.proposal_id));
        if (!row) continue;
        row.notices = [...row.notices, noticeFromSql(raw)];
      }
    }
    return rows;
  },

  async save(sql, rows, prefix) {
    const present = [...rows.values()].filter((row): row is ForwardPlanRow => row !== null);
    const big = (value: bigint) => (sql.dialect === 'postgres' ? value.toString() : Number(value));
    const updates = PROPOSAL_COLUMNS.slice(1)
      .map((column) => `${column} = excluded.${column}`)
      .join(', ');
    for (const batch of chunk(present, 200)) {
      await sql.query(
        `INSERT INTO ${prefix}${FORWARD_PLAN_PROPOSALS_TABLE} (${PROPOSAL_COLUMNS.join(', ')}) VALUES ${batch
          .map(() => `(${PROPOSAL_COLUMNS.map(() => '?').join(', ')})`)
          .join(', ')}
         ON CONFLICT (proposal_id) DO UPDATE SET ${updates}`,
        batch.flatMap((row) => [
          row.proposalId,
          row.title,
          row.department,
          row.status,
          big(row.capitalCostPence),
          big(row.annualRevenueCostPence),
          row.appraisalYears,
          big(wholeLifeCostPence(row)),
          row.version,
          row.lastPosition,
        ]),
      );
    }
    // A notice is a published fact: written once, never changed.
    const notices = present.flatMap((row) =>
      row.notices.map((notice) => ({ proposalId: row.proposalId, ...notice })),
    );
    for (const batch of chunk(notices, 200)) {
      await sql.query(
        `INSERT INTO ${prefix}${FORWARD_PLAN_NOTICES_TABLE} (${NOTICE_COLUMNS.join(', ')}) VALUES ${batch
          .map(() => `(${NOTICE_COLUMNS.map(() => '?').join(', ')})`)
          .join(', ')}
         ON CONFLICT (notice_id) DO NOTHING`,
        batch.flatMap((notice) => [
          notice.noticeId,
          notice.proposalId,
          notice.publishedOn,
          notice.decisionDue,
          notice.decisionMaker,
          notice.summary,
          notice.position,
        ]),
      );
    }
  },
};

function noticeFromSql(raw: Record<string, unknown>): ForwardPlanNotice {
  return {
    noticeId: String(raw.notice_id),
    publishedOn: String(raw.published_on),
    decisionDue: String(raw.decision_due),
    decisionMaker: String(raw.decision_maker),
    summary: String(raw.summary),
    position: Number(raw.position),
  };
}
