import type { ChainHead, EventStore, RecordedEvent, StoredEvent } from './event-store.port';
import { GENESIS_HASH, checkLink } from './hash-chain';

export type ChainVerification =
  | {
      readonly ok: true;
      readonly checked: number;
      readonly headPosition: number;
      readonly headHash: string;
    }
  | {
      readonly ok: false;
      readonly checked: number;
      readonly firstInvalidPosition: number;
      readonly reason: string;
    };

interface VerifiedPage {
  readonly events: readonly (RecordedEvent | StoredEvent)[];
  readonly nextAfter: number | null;
}

/** What one stretch of the log, checked on its own, came to. */
export type SegmentVerification =
  | { readonly ok: true; readonly lastHash: string }
  | {
      readonly ok: false;
      /** Positions before this one are proven, given the segments before this one are intact. */
      readonly firstInvalidPosition: number;
      readonly checked: number;
      readonly reason: string;
    };

/**
 * Checks positions `from` to `to` side by side with other stretches (in worker threads, each with its
 * own connection): `run` must call verifySegment, or do what it does, and may report how many events
 * of its stretch it has checked so far.
 */
export interface SegmentVerifier {
  /** How many stretches to cut the log into. */
  readonly count: number;
  /** Below this many events the log is walked in one go: starting the stretches costs more. */
  readonly minimumEvents: number;
  run(
    from: number,
    to: number,
    onChecked: (checked: number) => void,
    signal: AbortSignal,
  ): Promise<SegmentVerification>;
}

export interface VerifyOptions {
  readonly pageSize?: number;
  readonly onProgress?: (checked: number, headPosition: number) => void;
  /** Checks the log as it stood at the start in stretches side by side; the rest is walked after. */
  readonly segments?: SegmentVerifier;
}

/**
 * Pages of 1,000: a 5,000-event page (~6 MB of row text, two pages alive with the read-ahead)
 * outgrows V8's young generation, so its strings are promoted and collected by full mark-compacts;
 * the GC took a fifth of a worker's time. Measured on 300,000 events, two workers: SQLite 235k ->
 * 320k events/s, PostgreSQL 172k -> 200k (500 and 2,000 were no better).
 */
const DEFAULT_PAGE_SIZE = 1000;

/**
 * Walks the whole log from position 1, recomputing every dataHash and hash and following prevHash,
 * and names the first position where the chain breaks. The stored head must match the last event, so
 * cutting events off the end is caught too. The next page is read while this one is checked.
 *
 * Appends may go on while it runs. An append commits its events and the head together, so the head
 * is read after the log: a head behind the last event means events were added without it; a head
 * ahead means appends landed meanwhile, and the walk reads on from where it stopped — and if it then
 * finds nothing up to that head, events were removed from the end.
 *
 * With `segments`, the log up to the head found at the start is cut into stretches checked side by
 * side. Each stretch checks its first event's link against the stored hash of the event before it,
 * which the stretch before proves, so together they prove the same chain; the first broken stretch
 * names the first invalid position. What was appended meanwhile is walked here afterwards.
 */
export async function verifyChain(
  store: EventStore,
  options: VerifyOptions = {},
): Promise<ChainVerification> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  let total = (await store.readHead()).position;
  let expectedPosition = 1;
  let prevHash = GENESIS_HASH;
  let headSeen: ChainHead | null = null;
  const segments = options.segments;
  if (segments && segments.count > 1 && total >= Math.max(segments.minimumEvents, 2)) {
    const result = await verifyInSegments(segments, total, options.onProgress);
    if (!result.ok) return result;
    expectedPosition = total + 1;
    prevHash = result.lastHash;
  }
  for (;;) {
    const walked = await walk(store, expectedPosition, prevHash, Infinity, pageSize, (done) =>
      options.onProgress?.(done, (total = Math.max(total, done))),
    );
    if (!walked.ok) return walked;
    expectedPosition = walked.nextPosition;
    prevHash = walked.lastHash;
    const last = expectedPosition - 1;
    if (headSeen !== null && last < headSeen.position) {
      return {
        ok: false,
        checked: last,
        firstInvalidPosition: last + 1,
        reason: `the head is at position ${headSeen.position} but the log ends at ${last}: events were removed`,
      };
    }
    const head = await store.readHead();
    if (last > head.position || (last === head.position && prevHash !== head.hash)) {
      return {
        ok: false,
        checked: last,
        firstInvalidPosition: Math.min(last, head.position + 1) || 1,
        reason: 'the recorded chain head does not match the last event',
      };
    }
    if (last === head.position) {
      return { ok: true, checked: last, headPosition: head.position, headHash: head.hash };
    }
    headSeen = head;
    total = head.position;
  }
}

/**
 * Checks positions `from` to `to`, which the caller knows the log holds (the head was at `to` or
 * beyond): each event against the one before it, and the first against the stored hash of position
 * `from - 1`, which is taken as it is — the stretch before this one proves it.
 */
export async function verifySegment(
  store: EventStore,
  from: number,
  to: number,
  options: { pageSize?: number; onChecked?: (checked: number) => void } = {},
): Promise<SegmentVerification> {
  let prevHash = GENESIS_HASH;
  if (from > 1) {
    const before = (await readPage(store, from - 2, 1)).events[0];
    if (before === undefined || before.position !== from - 1) {
      return {
        ok: false,
        checked: from - 2,
        firstInvalidPosition: from - 1,
        reason: `position ${from - 1} is missing`,
      };
    }
    prevHash = before.hash;
  }
  const walked = await walk(
    store,
    from,
    prevHash,
    to,
    options.pageSize ?? DEFAULT_PAGE_SIZE,
    (done) => options.onChecked?.(done - from + 1),
  );
  if (!walked.ok) return walked;
  if (walked.nextPosition <= to) {
    return {
      ok: false,
      checked: walked.nextPosition - 1,
      firstInvalidPosition: walked.nextPosition,
      reason: `position ${walked.nextPosition} is missing: the log ends before the head`,
    };
  }
  return { ok: true, lastHash: walked.lastHash };
}

type Walked =
  | { readonly ok: true; readonly nextPosition: number; readonly lastHash: string }
  | Extract<SegmentVerification, { ok: false }>;

/** Checks events from `from` on, up to `to` or the end of the log, reading the next page ahead. */
async function walk(
  store: EventStore,
  from: number,
  prevHash: string,
  to: number,
  pageSize: number,
  onPage: (checkedUpTo: number) => void,
): Promise<Walked> {
  let expectedPosition = from;
  const read = (after: number): Promise<VerifiedPage> | null => {
    if (after >= to) return null;
    const page = readPage(store, after, Math.min(pageSize, to - after));
    // A page read ahead is dropped unawaited when verification stops early.
    page.catch(() => undefined);
    return page;
  };
  let next = read(expectedPosition - 1);
  while (next !== null) {
    const page: VerifiedPage = await next;
    next = page.nextAfter === null ? null : read(page.nextAfter);
    for (const event of page.events) {
      if (event.position > to) break;
      const check = checkLink(event, expectedPosition, prevHash);
      if (!check.ok) {
        return {
          ok: false,
          checked: expectedPosition - 1,
          firstInvalidPosition: Math.min(expectedPosition, event.position),
          reason: check.reason,
        };
      }
      prevHash = event.hash;
      expectedPosition += 1;
    }
    onPage(expectedPosition - 1);
  }
  return { ok: true, nextPosition: expectedPosition, lastHash: prevHash };
}

function readPage(store: EventStore, after: number, limit: number): Promise<VerifiedPage> {
  return store.readStored
    ? store.readStored(after, limit)
    : store.readAll({ after, limit, upcast: false });
}

/** Cuts 1..upTo into `segments.count` stretches, checks them side by side, and joins the answers. */
async function verifyInSegments(
  segments: SegmentVerifier,
  upTo: number,
  onProgress: VerifyOptions['onProgress'],
): Promise<SegmentVerification> {
  const count = Math.min(segments.count, upTo);
  const checked = new Array<number>(count).fill(0);
  const stretches = Array.from({ length: count }, (_, i) => ({
    from: Math.floor((upTo * i) / count) + 1,
    to: Math.floor((upTo * (i + 1)) / count),
  }));
  // A stretch that fails to run (its connection broke) stops the others: there is no verdict.
  const abandon = new AbortController();
  const results = await Promise.all(
    stretches.map(({ from, to }, i) =>
      segments
        .run(
          from,
          to,
          (done) => {
            checked[i] = done;
            onProgress?.(
              checked.reduce((sum, n) => sum + n, 0),
              upTo,
            );
          },
          abandon.signal,
        )
        .catch((error: unknown) => {
          abandon.abort();
          throw error;
        }),
    ),
  );
  // The first broken stretch holds the first invalid position: every stretch before it is intact.
  const broken = results.find((result) => !result.ok);
  return broken ?? results[results.length - 1];
}

/** Why the log does not hold a digest an auditor kept. */
export type DigestMismatch =
  /** The log ends before the digest's position: events were cut off, or it is another log. */
  | { readonly reason: 'beyond-head'; readonly headPosition: number }
  /** The position holds an event with another hash: history up to it was rewritten. */
  | { readonly reason: 'hash-differs'; readonly heldHash: string }
  /** The head is past the position, yet no event stands at it: it was deleted. */
  | { readonly reason: 'position-missing'; readonly headPosition: number };

export type DigestCheck =
  | { readonly ok: true; readonly position: number; readonly hash: string }
  | ({ readonly ok: false; readonly position: number; readonly hash: string } & DigestMismatch);

/** Whether the log still holds the event an auditor took a digest of, with the same hash, and if not, why. */
export async function checkDigest(
  store: EventStore,
  position: number,
  hash: string,
): Promise<DigestCheck> {
  if (!Number.isSafeInteger(position) || position < 1)
    throw new RangeError(`a digest's position is a whole number from 1, got ${position}`);
  const page = await store.readAll({ after: position - 1, limit: 1, upcast: false });
  const event = page.events[0];
  if (event !== undefined && event.position === position) {
    return event.hash === hash
      ? { ok: true, position, hash }
      : { ok: false, position, hash, reason: 'hash-differs', heldHash: event.hash };
  }
  const head = await store.readHead();
  return {
    ok: false,
    position,
    hash,
    reason: position > head.position ? 'beyond-head' : 'position-missing',
    headPosition: head.position,
  };
}

/** Whether the log still holds the event an auditor took a digest of, with the same hash. */
export async function logHoldsDigest(
  store: EventStore,
  position: number,
  hash: string,
): Promise<boolean> {
  if (!Number.isSafeInteger(position) || position < 1) return false;
  return (await checkDigest(store, position, hash)).ok;
}
