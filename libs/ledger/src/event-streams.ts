import {
  eventFromRecord,
  LEDGER_EVENTS,
  type CommandMetadata,
  type EventRegistry,
} from '@ledger/domain';
import type { EventStore, JsonObject, NewEvent, RecordedEvent } from '@ledger/event-store';
import { eventIdFor, type RequestContext } from './request-context';

export interface DomainEventLike {
  readonly type: string;
  readonly data: object;
}

/** A decider's fold, with the schemas its stream's events are checked against when read. */
export interface Fold<State, Event extends DomainEventLike> {
  readonly initialState: () => State;
  readonly evolve: (state: State, event: Event) => State;
  readonly events: EventRegistry<Event>;
}

export interface StreamState<State> {
  readonly state: State;
  /** The stream's version: 0 when it has no events. */
  readonly version: number;
  /** Global position of the stream's last event (0 when none). */
  readonly position: number;
  readonly events: readonly RecordedEvent[];
}

/** Reads a stream and folds it, checking every event against its schema on the way. */
export async function loadStream<State, Event extends DomainEventLike>(
  store: EventStore,
  streamId: string,
  fold: Fold<State, Event>,
  options: Parameters<EventStore['readStream']>[1] = {},
): Promise<StreamState<State>> {
  const events = await store.readStream(streamId, options);
  let state = fold.initialState();
  for (const event of events) state = fold.evolve(state, eventFromRecord(fold.events, event));
  const last = events[events.length - 1];
  return { state, version: last?.version ?? 0, position: last?.position ?? 0, events };
}

export function metadataOf(context: RequestContext): CommandMetadata {
  return { actor: context.actor, now: context.now };
}

/**
 * Wraps domain events for the store: ids (derived from the Idempotency-Key when there is one), the
 * schema version each type is written with now, the actor and roles from the token, the request's
 * correlation id, and causation ids that link the events of one command in order.
 */
export function toNewEvents(
  context: RequestContext,
  purpose: string,
  events: readonly DomainEventLike[],
  previousEventId: string | null = null,
): NewEvent[] {
  let causationId = previousEventId ?? context.correlationId;
  return events.map((event, index) => {
    const eventId = eventIdFor(context, `${purpose}#${index}`);
    const newEvent: NewEvent = {
      eventId,
      type: event.type,
      schemaVersion: LEDGER_EVENTS.definitionOf(event.type).schemaVersion,
      // Plain JSON by construction: every event type's schema admits only JSON values.
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
