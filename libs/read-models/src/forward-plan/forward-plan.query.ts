import { Money } from '@ledger/domain';
import type { ReadModelDatabase } from '../projector/read-model-database';
import {
  FORWARD_PLAN_NOTICES_TABLE,
  FORWARD_PLAN_PROPOSALS_TABLE,
} from './forward-plan.projection';

/** One line of the forward plan: flat, so it reads as a table row as well as a JSON object. */
export interface ForwardPlanEntry {
  readonly decisionDue: string;
  readonly noticeId: string;
  readonly publishedOn: string;
  readonly decisionMaker: string;
  readonly summary: string;
  readonly proposalId: string;
  readonly title: string;
  readonly department: string;
  readonly wholeLifeCost: string;
  readonly status: string;
}

/** Notices whose decision is due between `from` and `to` (dates, inclusive, either open), in date order. */
export async function forwardPlan(
  database: ReadModelDatabase,
  range: { readonly from?: string; readonly to?: string },
): Promise<ForwardPlanEntry[]> {
  const where: string[] = [];
  const params: string[] = [];
  if (range.from !== undefined) {
    where.push('n.decision_due >= ?');
    params.push(range.from);
  }
  if (range.to !== undefined) {
    where.push('n.decision_due <= ?');
    params.push(range.to);
  }
  const rows = await database.query(
    `SELECT n.decision_due, n.notice_id, n.published_on, n.decision_maker, n.summary, n.proposal_id,
            p.title, p.department, p.whole_life_cost_pence, p.status
       FROM ${FORWARD_PLAN_NOTICES_TABLE} n
       JOIN ${FORWARD_PLAN_PROPOSALS_TABLE} p ON p.proposal_id = n.proposal_id
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY n.decision_due, n.published_on, n.position`,
    params,
  );
  return rows.map((raw) => ({
    decisionDue: String(raw.decision_due),
    noticeId: String(raw.notice_id),
    publishedOn: String(raw.published_on),
    decisionMaker: String(raw.decision_maker),
    summary: String(raw.summary),
    proposalId: String(raw.proposal_id),
    title: String(raw.title),
    department: String(raw.department),
    wholeLifeCost: Money.fromPence(BigInt(raw.whole_life_cost_pence as string)).toString(),
    status: String(raw.status),
  }));
}
