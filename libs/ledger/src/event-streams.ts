import type { CommandMetadata } from '@ledger/domain';
import {
  StreamVersionConflict,
  type EventStore,
  type JsonObject,
  type NewEvent,
  type RecordedEvent,
} from '@ledger/event-store';
import { StaleVersion } from './ledger.errors';
import { idFor, type RequestContext } from './request-context';

export interface DomainEventLike {
  readonly type: string;
  readonly data: object;
}

/** A decider's fold: the state of a stream from its events. */
export interface Fold<State, Event> {
  readonly initial: () => State;
  readonly evolve: (state: State, event: Event) => State;
}

export interface StreamState<State> {
  readonly state: State;
  /** The stream's version: 0 when it has no events. */
  readonly version: number;
  /** Global position of the stream's last event (0 when none). */
  readonly position: number;
  readonly events: readonly RecordedEvent[];
}

export async function loadStream<State, Event>(
  store: EventStore,
  streamId: string,
  fold: Fold<State, Event>,
  options: Parameters<EventStore['readStream']>[1] = {},
): Promise<StreamState<State>> {
  const events = await store.readStream(streamId, options);
  let state = fold.initial();
  for (const event of events)
    state = fold.evolve(state, { type: event.type, data: event.data } as Event);
  const last = events[events.length - 1];
  return { state, version: last?.version ?? 0, position: last?.position ?? 0, events };
}

export function metadataOf(context: RequestContext): CommandMetadata {
  return { actor: context.actor, now: context.now };
}

/**
 * Wraps domain events for the store: ids (derived from the Idempotency-Key when there is one), the
 * actor and roles from the token, the request's correlation id, and causation ids that link the
 * events of one command in order.
 */
export function toNewEvents(
  context: RequestContext,
  purpose: string,
  events: readonly DomainEventLike[],
  previousEventId: string | null = null,
): NewEvent[] {
  let causationId = previousEventId ?? context.correlationId;
  return events.map((event, index) => {
    const eventId = idFor(context, `${purpose}#${index}`);
    const newEvent: NewEvent = {
      eventId,
      type: event.type,
      schemaVersion: 1,
      data: event.data as JsonObject,
      metadata: {
        actor: { id: context.actor.id, name: context.actor.name },
        roles: [...context.actor.roles],
        correlationId: context.correlationId,
        causationId,
        idempotencyKey: context.idempotencyKey,
      },
    };
    causationId = eventId;
    return newEvent;
  });
}

/** Turns a lost race into 412 when the client named the version it expected, else lets it be a 409. */
export async function appendChecked<T>(
  append: () => Promise<T>,
  ifMatch: number | undefined,
  resource: string,
): Promise<T> {
  try {
    return await append();
  } catch (error) {
    if (
      error instanceof StreamVersionConflict &&
      ifMatch !== undefined &&
      error.streamId.startsWith('proposal-')
    ) {
      throw new StaleVersion(resource, ifMatch, error.actual);
    }
    throw error;
  }
}
