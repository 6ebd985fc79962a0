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

/** The longest stretch of log read on speculation alongside the rows. */
const EARLY_TAIL_LIMIT = 200;

/** The related-proposals checkpoint the last read of each read-model database found. */
const checkpointSeen = new WeakMap<ReadModelDatabase, number>();

/** The head of the log after the last append this process made to each store. */
const headAppended = new WeakMap<EventStore, { position: number }>();

function appendedHead(store: EventStore): number | undefined {
  const known = headAppended.get(store);
  if (known === undefined) {
    const head = { position: 0 };
    headAppended.set(store, head);
    store.onAppended(({ position }) => {
      head.position = Math.max(head.position, position);
    });
    return undefined;
  }
  return known.position > 0 ? known.position : undefined;
}

/**
 * The proposals that may be related to one (a superset: the domain's rule decides), as the log
 * stands now, not as the projection last saw it. One statement reads the projection's checkpoint and
 * its rows (one indexed query) in one snapshot, so the rows are exactly as of the checkpoint; side by
 * side with it the log's head is read, and the log from the checkpoint up to that head is applied to
 * the rows. Every event up to the head is then in the result, through the rows or through the tail;
 * applying an event a row already holds changes nothing (rows keep their last position), so a
 * projector that is behind, or mid-batch, cannot hide a related proposal. The head is read while the
 * request runs, after it arrived: anything committed before the request is seen.
 *
 * The tail is also read side by side with the rows, on speculation: from the checkpoint the last
 * read found up to the head this process's own last append left (both known without asking). When
 * that covers the stretch from the checkpoint found to the head read, which it does unless the
 * checkpoint went back (a rebuild) or another process appended since, nothing more is read: on
 * PostgreSQL one round trip whether or not the projector has caught up; else the rest of the tail
 * is read after, bounded by the head. On SQLite, where reads are calls in the process and cost no
 * round trip, the tail is read after the rows only when the head is past the checkpoint.
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
  const seen = checkpointSeen.get(database);
  const appended = appendedHead(store);
  // Only where a read costs a round trip: on SQLite every read is a call in this process, and a
  // tail read that turns out not to be needed (the projector had caught up) is only extra work.
  const early =
    database.dialect === 'postgres' &&
    seen !== undefined &&
    appended !== undefined &&
    appended > seen &&
    appended - seen <= EARLY_TAIL_LIMIT
      ? { after: seen, to: appended }
      : null;
  // The anchor row makes the checkpoint come back even when no row matches. UNION ALL: a row both
  // branches find is the same row (one snapshot), kept once by the map below, and PostgreSQL need
  // not hash eleven columns to find that out.
  const [selected, head, earlyTail] = await Promise.all([
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
    early === null ? null : proposalEventsAfter(store, early.after, { toPosition: early.to }),
  ]);
  const checkpoint =
    selected[0]?.checkpoint_position == null ? 0 : Number(selected[0].checkpoint_position);
  checkpointSeen.set(database, checkpoint);
  const found = selected.filter((raw) => raw.proposal_id !== null && raw.proposal_id !== undefined);
  const tail = await tailUpTo(store, checkpoint, head.position, early, earlyTail);
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
 * The relation events from past `checkpoint` up to `head`, in log order, using what was read on
 * speculation (the log from `early.after` to `early.to`) when it starts at or before the checkpoint.
 * Its events at or below the checkpoint are dropped: a proposal the rows did not find must be built
 * from all of its events past the checkpoint or none, never from a draft whose later changes the
 * speculation did not read.
 */
async function tailUpTo(
  store: EventStore,
  checkpoint: number,
  head: number,
  early: { readonly after: number; readonly to: number } | null,
  earlyTail: RecordedEvent[] | null,
): Promise<RecordedEvent[]> {
  if (head <= checkpoint) return [];
  if (early === null || earlyTail === null || early.after > checkpoint) {
    return proposalEventsAfter(store, checkpoint, { toPosition: head });
  }
  const past = earlyTail.filter((event) => event.position > checkpoint);
  const readTo = Math.max(early.to, checkpoint);
  if (head <= readTo) return past;
  return [...past, ...(await proposalEventsAfter(store, readTo, { toPosition: head }))];
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
