import type { EventStore, RecordedEvent, StoredEvent } from './event-store.port';
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
 */
export async function verifyChain(
  store: EventStore,
  options: VerifyOptions = {},
): Promise<ChainVerification> {
  const pageSize = options.pageSize ?? 5000;
  const head = await store.readHead();
  const read = (after: number): Promise<VerifiedPage> => {
    const page = store.readStored
      ? store.readStored(after, pageSize)
      : store.readAll({ after, limit: pageSize, upcast: false });
    // A page read ahead is dropped unawaited when verification stops early.
    page.catch(() => undefined);
    return page;
  };
  let expectedPosition = 1;
  let prevHash = GENESIS_HASH;
  let next: Promise<VerifiedPage> | null = read(0);
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
    options.onProgress?.(expectedPosition - 1, head.position);
  }
  const last = expectedPosition - 1;
  if (last < head.position) {
    return {
      ok: false,
      checked: last,
      firstInvalidPosition: last + 1,
      reason: `the head is at position ${head.position} but the log ends at ${last}: events were removed`,
    };
  }
  if (last > head.position || prevHash !== head.hash) {
    return {
      ok: false,
      checked: last,
      firstInvalidPosition: Math.min(last, head.position + 1) || 1,
      reason: 'the recorded chain head does not match the last event',
    };
  }
  return { ok: true, checked: last, headPosition: head.position, headHash: head.hash };
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
