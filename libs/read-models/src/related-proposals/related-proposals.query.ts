import { parseIsoInstant, parseProposalStream, type RelationFacts } from '@ledger/domain';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import type { ReadModelDatabase } from '../projector/read-model-database';
import {
  evolveRelatedRow,
  loadRelatedRows,
  RELATED_PROPOSAL_COLUMNS,
  RELATED_PROPOSALS_PROJECTION,
  RELATED_PROPOSALS_TABLE,
  RELATION_EVENT_TYPES,
  relatedRowFromSql,
  relationFactsOfRow,
  type RelatedProposalRow,
} from './related-proposals.projection';

/** What a proposal's related set is looked up by. */
export interface RelationKey {
  readonly proposalId: string;
  readonly programme: string | null;
  readonly department: string;
  readonly category: string;
  readonly draftedAt: string;
}

const DAY_MS = 86_400_000;
const TAIL_PAGE = 1000;

/**
 * The proposals that may be related to one (a superset: the domain's rule decides), as the log
 * stands now, not as the projection last saw it. One statement reads the projection's checkpoint and
 * its rows (one indexed query) in one snapshot, so the rows are exactly as of the checkpoint; side by
 * side with it the log's head is read, and the log from the checkpoint up to that head is applied to
 * the rows. Every event up to the head is then in the result, through the rows or through the tail;
 * applying an event a row already holds changes nothing (rows keep their last position), so a
 * projector that is behind, or mid-batch, cannot hide a related proposal. The head is read while the
 * request runs, after it arrived: anything committed before the request is seen.
 * On PostgreSQL that is one round trip when the projector has caught up, two when it is behind.
 */
export async function relationCandidates(
  database: ReadModelDatabase,
  store: EventStore,
  key: RelationKey,
  windowDays: number,
): Promise<RelationFacts[]> {
  const drafted = parseIsoInstant(key.draftedAt) ?? 0;
  // One day either side of the window: the domain counts London dates, and an hour of summer time
  // moves an instant's date.
  const from = new Date(drafted - (windowDays + 1) * DAY_MS).toISOString();
  const to = new Date(drafted + (windowDays + 1) * DAY_MS).toISOString();
  // The anchor row makes the checkpoint come back even when no row matches. UNION ALL: a row both
  // branches find is the same row (one snapshot), kept once by the map below, and PostgreSQL need
  // not hash eleven columns to find that out.
  const [selected, head] = await Promise.all([
    database.query(
      `SELECT (SELECT position FROM projection_checkpoints WHERE name = ?) AS checkpoint_position,
              candidates.*
         FROM (SELECT 1 AS anchor) AS anchor
         LEFT JOIN (
           SELECT ${RELATED_PROPOSAL_COLUMNS} FROM ${RELATED_PROPOSALS_TABLE} WHERE programme = ?
           UNION ALL
           SELECT ${RELATED_PROPOSAL_COLUMNS} FROM ${RELATED_PROPOSALS_TABLE}
            WHERE department = ? AND category = ? AND drafted_at >= ? AND drafted_at <= ?
         ) AS candidates ON 1 = 1`,
      [RELATED_PROPOSALS_PROJECTION, key.programme, key.department, key.category, from, to],
    ),
    store.readHead(),
  ]);
  const checkpoint =
    selected[0]?.checkpoint_position == null ? 0 : Number(selected[0].checkpoint_position);
  const found = selected.filter((raw) => raw.proposal_id !== null && raw.proposal_id !== undefined);
  const tail =
    head.position > checkpoint
      ? await proposalEventsAfter(store, checkpoint, { toPosition: head.position })
      : [];
  const rows = new Map<string, RelatedProposalRow>(
    found.map((raw) => {
      const row = relatedRowFromSql(raw);
      return [row.proposalId, row];
    }),
  );
  if (tail.length > 0) {
    // Only an amendment changes what a proposal is looked up by (programme, department,
    // category); a proposal amended since the checkpoint may have become related: read its row
    // too. Any other proposal not found had keys that matched nothing, and still has.
    const amended = tail.filter((event) => event.type === 'ProposalAmended');
    const missing = [
      ...new Set(amended.map((event) => parseProposalStream(event.streamId)!)),
    ].filter((id) => !rows.has(id));
    if (missing.length > 0) {
      for (const [id, row] of await loadRelatedRows(database, missing)) rows.set(id, row);
    }
    for (const event of tail) {
      const id = parseProposalStream(event.streamId)!;
      const row = rows.get(id);
      if (row === undefined && event.type !== 'ProposalDrafted') continue;
      const next = evolveRelatedRow(row ?? null, event);
      if (next !== null) rows.set(id, next);
    }
  }
  return [...rows.values()]
    .filter((row) => row.proposalId !== key.proposalId)
    .map(relationFactsOfRow);
}

/**
 * Every proposal's relation facts as the log stood at a point, folded from the log with the
 * projection's own evolve: what a read as of a past date shows. It reads the log up to that point,
 * as the as-of portfolio summary does; current reads use `relationCandidates`.
 */
export async function relationFactsAt(
  store: EventStore,
  bound: { readonly asOf?: string; readonly toPosition?: number },
): Promise<RelationFacts[]> {
  const rows = new Map<string, RelatedProposalRow | null>();
  const events = await proposalEventsAfter(store, 0, bound);
  for (const event of events) {
    const id = parseProposalStream(event.streamId)!;
    rows.set(id, evolveRelatedRow(rows.get(id) ?? null, event));
  }
  return [...rows.values()]
    .filter((row): row is RelatedProposalRow => row !== null)
    .map(relationFactsOfRow);
}

async function proposalEventsAfter(
  store: EventStore,
  after: number,
  bound: { readonly asOf?: string; readonly toPosition?: number } = {},
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  const types = new Set<string>(RELATION_EVENT_TYPES);
  for (let position = after; ;) {
    // Up to a known position, ask for no more than is there: a full page needs no look for the end.
    const limit =
      bound.toPosition === undefined ? TAIL_PAGE : Math.min(TAIL_PAGE, bound.toPosition - position);
    if (limit <= 0) return events;
    const page = await store.readAll({
      after: position,
      limit,
      ...(bound.asOf !== undefined ? { asOf: bound.asOf } : {}),
    });
    for (const event of page.events) {
      if (bound.toPosition !== undefined && event.position > bound.toPosition) return events;
      if (types.has(event.type) && parseProposalStream(event.streamId) !== null) events.push(event);
    }
    if (page.nextAfter === null || page.events.length === 0) return events;
    position = page.nextAfter;
  }
}
