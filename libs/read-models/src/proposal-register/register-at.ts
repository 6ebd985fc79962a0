import { parseProposalStream, proposalStream } from '@ledger/domain';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import type { ReadModelDatabase } from '../projector/read-model-database';
import {
  foldRegisterRow,
  PROPOSAL_REGISTER_TABLE,
  proposalRegisterProjection,
  registerRowFromSql,
  type ProposalRegisterRow,
} from './proposal-register.projection';

/** Past this many events between the checkpoint and the point, a replay of the log is as quick. */
const MAX_TAIL = 5_000;
/** Past this many proposals changed since the point, a replay of the log is as quick. */
const MAX_REFOLDS = 200;
const PAGE = 1_000;
const ID_CHUNK = 500;

/**
 * The submitted proposals of a fiscal year exactly as the log stood at `position` (drafting order),
 * read from the register instead of replaying the whole log: the same rows a replay of the log up
 * to `position` with the register's own fold gives, or null when that would be quicker (the
 * projector far behind, or many proposals changed since `position`).
 *
 * One statement reads the projection's checkpoint and, in the same snapshot, every row that may
 * matter: those submitted in the year and unchanged since `position`, and any changed since. Then:
 * - events between the checkpoint and `position` (a projector behind) are applied to the rows they
 *   touch, reading the rows the first statement did not need; a row applies only events after its
 *   own last position, so a row the projector has moved on since is not applied twice;
 * - a row changed after `position` is folded again from its own stream up to `position`.
 * A row unchanged since `position` and untouched by that tail is, at `position`, as it is now.
 */
export async function submittedOfYearAt(
  database: ReadModelDatabase,
  store: EventStore,
  fiscalYear: string,
  position: number,
): Promise<ProposalRegisterRow[] | null> {
  const selected = await database.query(
    `SELECT (SELECT position FROM projection_checkpoints WHERE name = ?) AS checkpoint_position,
            register_rows.*
       FROM (SELECT 1 AS anchor) AS anchor
       LEFT JOIN (
         SELECT * FROM ${PROPOSAL_REGISTER_TABLE}
          WHERE seq <= ?
            AND ((fiscal_year = ? AND status = 'submitted' AND last_position <= ?)
                 OR last_position > ?)
       ) AS register_rows ON 1 = 1`,
    [proposalRegisterProjection.name, position, fiscalYear, position, position],
  );
  const checkpoint =
    selected[0]?.checkpoint_position == null ? 0 : Number(selected[0].checkpoint_position);
  if (position - checkpoint > MAX_TAIL) return null;
  const rows = new Map<string, ProposalRegisterRow | null>();
  for (const raw of selected) {
    if (raw.id === null || raw.id === undefined) continue;
    const row = registerRowFromSql(raw);
    rows.set(row.id, row);
  }

  if (checkpoint < position) {
    const tail = await proposalEventsBetween(store, checkpoint, position);
    const missing = [...new Set(tail.map((event) => parseProposalStream(event.streamId)!))].filter(
      (id) => !rows.has(id),
    );
    for (let first = 0; first < missing.length; first += ID_CHUNK) {
      const ids = missing.slice(first, first + ID_CHUNK);
      const found = await database.query(
        `SELECT * FROM ${PROPOSAL_REGISTER_TABLE} WHERE id IN (${ids.map(() => '?').join(', ')})`,
        ids,
      );
      for (const raw of found) {
        const row = registerRowFromSql(raw);
        rows.set(row.id, row);
      }
    }
    for (const event of tail) {
      const id = parseProposalStream(event.streamId)!;
      const row = rows.get(id) ?? null;
      if (row !== null && row.lastPosition >= event.position) continue;
      rows.set(id, foldRegisterRow(row, [event]));
    }
  }

  const changed = [...rows.values()].filter(
    (row): row is ProposalRegisterRow => row !== null && row.lastPosition > position,
  );
  if (changed.length > MAX_REFOLDS) return null;
  const refolded = await Promise.all(
    changed.map(async (row) => {
      const events = await store.readStream(proposalStream(row.id), { toPosition: position });
      return foldRegisterRow(null, events);
    }),
  );
  changed.forEach((row, index) => rows.set(row.id, refolded[index]));

  return [...rows.values()]
    .filter(
      (row): row is ProposalRegisterRow =>
        row !== null && row.fiscalYear === fiscalYear && row.status === 'submitted',
    )
    .sort((a, b) => a.seq - b.seq);
}

/** The proposals' events after `after`, up to and including `to`. */
async function proposalEventsBetween(
  store: EventStore,
  after: number,
  to: number,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let from = after; from < to;) {
    const page = await store.readAll({ after: from, limit: Math.min(PAGE, to - from) });
    for (const event of page.events) {
      if (event.position > to) break;
      if (proposalRegisterProjection.keyOf(event) !== null) events.push(event);
    }
    if (page.nextAfter === null || page.events.length === 0) break;
    from = page.nextAfter;
  }
  return events;
}
