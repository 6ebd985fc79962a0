import { EventIdConflict, StreamVersionConflict, type EventStore } from '@ledger/event-store';
import { idFor, type RequestContext, type WriteResult } from './request-context';

/**
 * A retry of a request whose events are already in the stream (the first attempt won a race, or the
 * process stopped before it could remember the answer) gets the first attempt's answer.
 */
export function retriedWrite(
  events: readonly { eventId: string; version: number; position: number }[],
  context: RequestContext,
  streamId: string,
  id: string,
): WriteResult | null {
  if (!context.idempotencyKey) return null;
  const firstId = idFor(context, `${streamId}#0`);
  const index = events.findIndex((event) => event.eventId === firstId);
  if (index < 0) return null;
  let last = events[index];
  for (let i = 1; index + i < events.length; i += 1) {
    if (events[index + i].eventId !== idFor(context, `${streamId}#${i}`)) break;
    last = events[index + i];
  }
  return { id, version: last.version, position: last.position, duplicate: true };
}

/**
 * Two copies of one keyed request can race: both miss the remembered answer, and the second append
 * meets the first one's event ids (with other timestamps). That second copy gets the first answer.
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
