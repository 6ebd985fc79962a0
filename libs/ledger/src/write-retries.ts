import { EventIdConflict, StreamVersionConflict, type EventStore } from '@ledger/event-store';
import type { EventMetadata } from '@ledger/event-store';
import { IdempotencyKeyReused } from './ledger.errors';
import { eventIdFor, type RequestContext, type WriteResult } from './request-context';

type RecordedWrite = {
  readonly eventId: string;
  readonly version: number;
  readonly position: number;
  readonly metadata: EventMetadata;
};

function sameKey(metadata: EventMetadata, context: RequestContext): boolean {
  return (
    metadata.idempotencyKey === context.idempotencyKey && metadata.actor.id === context.actor.id
  );
}

/**
 * A retry of a request whose events are already in the stream (the first attempt won a race, or the
 * process stopped before it could remember the answer) gets the first attempt's answer.
 */
export function retriedWrite(
  events: readonly RecordedWrite[],
  context: RequestContext,
  streamId: string,
  id: string,
): WriteResult | null {
  if (!context.idempotencyKey) return null;
  const firstId = eventIdFor(context, `${streamId}#0`);
  const index = events.findIndex((event) => event.eventId === firstId);
  if (index < 0) {
    // Not this request's events, yet this actor's key is on the stream: another request used it.
    if (events.some((event) => sameKey(event.metadata, context)))
      throw new IdempotencyKeyReused(context.idempotencyKey);
    return null;
  }
  let last = events[index];
  for (let i = 1; index + i < events.length; i += 1) {
    if (events[index + i].eventId !== eventIdFor(context, `${streamId}#${i}`)) break;
    last = events[index + i];
  }
  return { id, version: last.version, position: last.position, duplicate: true };
}

/**
 * Two copies of one keyed request can race: both miss the remembered answer, and the second append
 * meets the first one's events. A copy of the same request gets the first answer; a copy with
 * another body (its event ids differ, see `eventIdFor`) is refused as a reused key.
 */
export async function answerRetries(
  store: EventStore,
  streamId: string,
  id: string,
  context: RequestContext,
  attempt: () => Promise<WriteResult>,
): Promise<WriteResult> {
  try {
    return await attempt();
  } catch (error) {
    if (!context.idempotencyKey) throw error;
    const raced =
      error instanceof EventIdConflict ||
      (error instanceof StreamVersionConflict && error.streamId === streamId);
    if (!raced) throw error;
    const retried = retriedWrite(await store.readStream(streamId), context, streamId, id);
    if (retried) return retried;
    throw error;
  }
}
