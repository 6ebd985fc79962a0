import { verifySegment, type EventStore, type SegmentVerifier } from '@ledger/event-store';

/**
 * Verification cut into `count` stretches checked side by side in this thread, on one store: the
 * same verifySegment the apps run in worker threads, so tests prove the cutting and joining.
 */
export function stretchesInThisThread(
  store: EventStore,
  count: number,
  pageSize?: number,
): SegmentVerifier {
  return {
    count,
    minimumEvents: 0,
    run: (from, to, onChecked) => verifySegment(store, from, to, { pageSize, onChecked }),
  };
}
