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

export interface VerifyOptions {
  readonly pageSize?: number;
  readonly onProgress?: (checked: number, headPosition: number) => void;
}

/**
 * Walks the whole log from position 1, recomputing every dataHash and hash and following prevHash,
 * and names the first position where the chain breaks. The stored head must match the last event, so
 * cutting events off the end is caught too. The next page is read while this one is checked.
 *
 * Appends may go on while it runs. An append commits its events and the head together, so the head
 * is read after the log: a head behind the last event means events were added without it; a head
 * ahead means appends landed meanwhile, and the walk reads on from where it stopped — and if it then
 * finds nothing up to that head, events were removed from the end.
 */
export async function verifyChain(
  store: EventStore,
  options: VerifyOptions = {},
): Promise<ChainVerification> {
  const pageSize = options.pageSize ?? 5000;
  const read = (after: number): Promise<VerifiedPage> => {
    const page = store.readStored
      ? store.readStored(after, pageSize)
      : store.readAll({ after, limit: pageSize, upcast: false });
    // A page read ahead is dropped unawaited when verification stops early.
    page.catch(() => undefined);
    return page;
  };
  let total = (await store.readHead()).position;
  let expectedPosition = 1;
  let prevHash = GENESIS_HASH;
  let headSeen: ChainHead | null = null;
  for (;;) {
    let next: Promise<VerifiedPage> | null = read(expectedPosition - 1);
    while (next !== null) {
      const page: VerifiedPage = await next;
      next = page.nextAfter === null ? null : read(page.nextAfter);
      for (const event of page.events) {
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
      total = Math.max(total, expectedPosition - 1);
      options.onProgress?.(expectedPosition - 1, total);
    }
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

/** Whether the log still holds the event an auditor took a digest of, with the same hash. */
export async function logHoldsDigest(
  store: EventStore,
  position: number,
  hash: string,
): Promise<boolean> {
  if (!Number.isSafeInteger(position) || position < 1) return false;
  const page = await store.readAll({ after: position - 1, limit: 1, upcast: false });
  const event = page.events[0];
  return event !== undefined && event.position === position && event.hash === hash;
}
