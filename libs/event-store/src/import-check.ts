import type { ChainHead, RecordedEvent } from './event-store.port';
import { InvalidAppend } from './event-store.errors';
import { checkLink } from './hash-chain';

/**
 * Checks a batch of events recorded by another ledger before it is written as it was: it must
 * continue this log at its head (the next position, chained to the head's hash), every link must
 * verify, and every stream must go on from its current version without a gap. Returns the head the
 * batch leaves. `streamVersion` gives a stream's current version in this log (0 when new).
 */
export function checkImportedBatch(
  head: ChainHead,
  events: readonly RecordedEvent[],
  streamVersion: (streamId: string) => number,
): ChainHead {
  if (events.length === 0) throw new InvalidAppend('An import batch needs at least one event');
  let expectedPosition = head.position + 1;
  let prevHash = head.hash;
  const versions = new Map<string, number>();
  for (const event of events) {
    if (expectedPosition === head.position + 1 && event.position !== expectedPosition) {
      throw new InvalidAppend(
        `The import goes on from position ${event.position}, but this log's head is at ${head.position}`,
      );
    }
    const link = checkLink(event, expectedPosition, prevHash);
    if (!link.ok) {
      throw new InvalidAppend(
        `The imported event at position ${event.position} does not verify: ${link.reason}`,
      );
    }
    const current = versions.get(event.streamId) ?? streamVersion(event.streamId);
    if (event.version !== current + 1) {
      throw new InvalidAppend(
        `The imported event at position ${event.position} is version ${event.version} of ${event.streamId}, which is at version ${current}`,
      );
    }
    versions.set(event.streamId, event.version);
    prevHash = event.hash;
    expectedPosition += 1;
  }
  const last = events[events.length - 1];
  return { position: last.position, hash: last.hash, recordedAt: last.recordedAt };
}
