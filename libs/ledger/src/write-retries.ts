import { EventIdConflict, StreamVersionConflict, type EventStore } from '@ledger/event-store';
import type { EventMetadata } from '@ledger/event-store';
import { IdempotencyKeyReused, StaleVersion } from './ledger.errors';
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
 * process stopped before it could remember the answer) gets the first attempt's answer, whose
 * position is its command's last event: on another stream when the command appended to several (an
 * approval's FundsCommitted), as the first answer said.
 */
export async function retriedWrite(
  store: EventStore,
  events: readonly RecordedWrite[],
  context: RequestContext,
  streamId: string,
  id: string,
): Promise<WriteResult | null> {
  const retried = retriedOnStream(events, context, streamId, id);
  if (!retried) return null;
  const last = events.find((event) => event.position === retried.position)!;
  let position = retried.position;
  for (;;) {
    const page = await store.readAll({ after: position, limit: 20 });
    const end = page.events.findIndex(
      (event) =>
        event.metadata.correlationId !== last.metadata.correlationId ||
        !sameKey(event.metadata, context),
    );
    const ours = end < 0 ? page.events : page.events.slice(0, end);
    if (ours.length > 0) position = ours[ours.length - 1].position;
    if (end >= 0 || page.nextAfter === null || ours.length === 0) return { ...retried, position };
  }
}

function retriedOnStream(
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
 * another body (its event ids differ, see `eventIdFor`) is refused as a reused key. With If-Match
 * the lost race arrives as a stale version (the stream moved past it), but if the copy's own key
 * moved it, the client's version was right and the answer is the first one's, or the reused key's.
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
      error instanceof StaleVersion ||
      (error instanceof StreamVersionConflict && error.streamId === streamId);
    if (!raced) throw error;
    const retried = await retriedWrite(
      store,
      await store.readStream(streamId),
      context,
      streamId,
      id,
    );
    if (retried) return retried;
    throw error;
  }
}
