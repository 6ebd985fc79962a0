import { Inject, Optional, type InjectionToken, type Type } from '@nestjs/common';
import { CommandHandler, type Command } from '@nestjs/cqrs';
import { DomainError, type CommandMetadata } from '@ledger/domain';
import {
  EVENT_STORE,
  StreamVersionConflict,
  type EventStore,
  type StreamAppend,
} from '@ledger/event-store';
import {
  loadStream,
  metadataOf,
  toNewEvents,
  type DomainEventLike,
  type Fold,
  type StreamState,
} from '../event-streams';
import { StaleVersion, VersionRequired } from '../ledger.errors';
import type { RequestContext, WriteResult } from '../request-context';
import { answerRetries, retriedWrite } from '../write-retries';

/**
 * What a decision answers: events for its own stream, and optionally events for other streams it
 * read as facts (an approval's FundsCommitted on the budget), appended in the same atomic append.
 */
export type Decided<Event> =
  | readonly Event[]
  | {
      readonly events: readonly Event[];
      readonly alsoAppend: readonly {
        readonly streamId: string;
        readonly events: readonly DomainEventLike[];
      }[];
    };

export interface Decider<Command, Event extends DomainEventLike, State> extends Fold<State, Event> {
  readonly decide: (command: Command, state: State) => Decided<Event>;
}

/** Reads another stream for the decision; the version read is the one an append to it expects. */
export type StreamReader = <State, Event extends DomainEventLike>(
  streamId: string,
  fold: Fold<State, Event>,
) => Promise<StreamState<State>>;

/** One use case's write: which stream, which decider, which command, and the client's preconditions. */
export interface CommandWrite<Command, Event extends DomainEventLike, State, Facts = void> {
  readonly decider: Decider<Command, Event, State>;
  readonly streamId: string;
  /** The resource the answer names: a proposal id, a fiscal year, the policy. */
  readonly id: string;
  readonly context: RequestContext;
  /** The version the client last saw (If-Match); a write to a stream that moved past it is 412. */
  readonly ifMatch?: number;
  /** Names the resource in a 412: "The proposal". */
  readonly resource: string;
  /** When set, a write without If-Match is refused (428) naming this action: "A decision". */
  readonly versionRequiredFor?: string;
  /** The command creates its stream, so there is nothing to read unless this may be a retry. */
  readonly creates?: boolean;
  /** The refusal for a command on a stream that has no events yet. */
  readonly notFound?: () => Error;
  /** Facts from other streams the decision needs (the policy in force, the year's budget). */
  readonly facts?: (state: State, read: StreamReader) => Promise<Facts>;
  /**
   * When true, a race lost on a stream read as a fact is answered (409) instead of decided again:
   * for a write whose client must see that another one won (two boards adopting for one year).
   */
  readonly factRacesAnswered?: boolean;
  readonly command: (metadata: CommandMetadata, facts: Facts) => Command;
}

/**
 * A race lost on a stream read as a fact (another approval committed funds on the same budget) is
 * decided again against the new facts, so two approvals that both fit both succeed; a race lost on
 * the command's own stream never is, because the client decided on the version it saw.
 */
const FACT_RACE_ATTEMPTS = 5;

/**
 * The one write path: read and fold the stream, check If-Match, read the facts, decide, and append
 * with the versions decided on, so a concurrent change makes this write fail rather than both land.
 * A retry of an idempotent request answers what the first attempt appended.
 */
export function handleCommand<Command, Event extends DomainEventLike, State, Facts>(
  store: EventStore,
  write: CommandWrite<Command, Event, State, Facts>,
): Promise<WriteResult> {
  return answerRetries(store, write.streamId, write.id, write.context, async () => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await writeOnce(store, write);
      } catch (error) {
        const factRace =
          error instanceof StreamVersionConflict &&
          error.streamId !== write.streamId &&
          write.factRacesAnswered !== true;
        if (!factRace || attempt >= FACT_RACE_ATTEMPTS)
          throw await staleIfMoved(store, write, error);
      }
    }
  });
}

async function writeOnce<Command, Event extends DomainEventLike, State, Facts>(
  store: EventStore,
  write: CommandWrite<Command, Event, State, Facts>,
): Promise<WriteResult> {
  const { decider, streamId, context, ifMatch } = write;
  // Without an Idempotency-Key a new stream's id is fresh, so there is nothing to read (and the
  // no-stream expectation would refuse one); with a key this may be a retry.
  const current =
    write.creates && !context.idempotencyKey
      ? { state: decider.initialState(), version: 0, position: 0, events: [] }
      : await loadStream(store, streamId, decider);
  const retried = await retriedWrite(store, current.events, context, streamId, write.id);
  if (retried) return retried;
  if (!write.creates && current.version === 0 && write.notFound) throw write.notFound();
  if (ifMatch === undefined && write.versionRequiredFor !== undefined) {
    throw new VersionRequired(write.versionRequiredFor);
  }
  if (ifMatch !== undefined && ifMatch !== current.version) {
    throw new StaleVersion(write.resource, ifMatch, current.version);
  }

  const read = new Map<string, number>();
  const reader: StreamReader = async (otherId, fold) => {
    const other = await loadStream(store, otherId, fold);
    read.set(otherId, other.version);
    return other;
  };
  const facts = write.facts ? await write.facts(current.state, reader) : (undefined as Facts);
  const decided = decider.decide(write.command(metadataOf(context), facts), current.state);
  const { events, alsoAppend } = isEventList(decided)
    ? { events: decided, alsoAppend: [] }
    : decided;

  const own = toNewEvents(context, streamId, events);
  const appends: StreamAppend[] = [
    { streamId, expectedVersion: write.creates ? 'no-stream' : current.version, events: own },
  ];
  for (const other of alsoAppend) {
    if (other.events.length === 0) continue;
    const version = read.get(other.streamId);
    if (version === undefined) {
      throw new Error(`${other.streamId} was not read as a fact, so there is no version to expect`);
    }
    appends.push({
      streamId: other.streamId,
      expectedVersion: version,
      events: toNewEvents(context, other.streamId, other.events, own[own.length - 1]?.eventId),
    });
  }
  const result = await store.append(appends);
  return {
    id: write.id,
    version: result.streams[0].version,
    position: result.lastPosition,
    duplicate: result.duplicate,
  };
}

function isEventList<Event>(decided: Decided<Event>): decided is readonly Event[] {
  return Array.isArray(decided);
}

/**
 * A refusal or a lost race, for a client that named the version it saw, is a stale If-Match when
 * the stream has moved past it: the stream and its facts are read one after the other, so a change
 * that lands in between shows up as facts that no longer fit (a budget that already holds this
 * proposal's funds) rather than as a version conflict.
 */
async function staleIfMoved(
  store: EventStore,
  write: Pick<CommandWrite<never, DomainEventLike, never>, 'streamId' | 'ifMatch' | 'resource'>,
  error: unknown,
): Promise<unknown> {
  if (
    write.ifMatch === undefined ||
    !(error instanceof DomainError || error instanceof StreamVersionConflict)
  ) {
    return error;
  }
  const version =
    error instanceof StreamVersionConflict && error.streamId === write.streamId
      ? error.actual
      : (await store.readStream(write.streamId)).length;
  return version !== write.ifMatch
    ? new StaleVersion(write.resource, write.ifMatch, version)
    : error;
}

/** What @nestjs/cqrs calls for a command; ICommandHandler's conditional type cannot be implemented generically. */
interface CommandExecutor<C> {
  execute(command: C): Promise<WriteResult>;
}

/** A provider a use case's write needs besides the event store (a read model); optional ones may be absent. */
export type Dependency =
  InjectionToken | { readonly token: InjectionToken; readonly optional: true };

/**
 * A Nest command handler for one command class: the use case's whole wiring is the function from
 * the command to its write, given the providers named in `dependencies`, in that order.
 */
export function deciderCommandHandler<
  C extends Command<WriteResult>,
  DomainCommand,
  Event extends DomainEventLike,
  State,
  Facts,
  Deps extends unknown[] = [],
>(
  commandClass: Type<C>,
  toWrite: (command: C, ...dependencies: Deps) => CommandWrite<DomainCommand, Event, State, Facts>,
  dependencies: readonly Dependency[] = [],
): Type<CommandExecutor<C>> {
  @CommandHandler(commandClass)
  class DeciderCommandHandler implements CommandExecutor<C> {
    private readonly dependencies: Deps;

    constructor(
      @Inject(EVENT_STORE) private readonly store: EventStore,
      ...dependencies: Deps
    ) {
      this.dependencies = dependencies;
    }

    async execute(command: C): Promise<WriteResult> {
      return handleCommand(this.store, toWrite(command, ...this.dependencies));
    }
  }
  // A rest parameter's emitted type is one Array; Nest must see one parameter per dependency instead.
  Reflect.defineMetadata(
    'design:paramtypes',
    [Object, ...dependencies.map(() => Object)],
    DeciderCommandHandler,
  );
  dependencies.forEach((dependency, index) => {
    const optional = typeof dependency === 'object' && 'optional' in dependency;
    Inject(optional ? dependency.token : dependency)(DeciderCommandHandler, undefined, index + 1);
    if (optional) Optional()(DeciderCommandHandler, undefined, index + 1);
  });
  Object.defineProperty(DeciderCommandHandler, 'name', {
    value: `${commandClass.name.replace(/Command$/, '')}Handler`,
  });
  return DeciderCommandHandler;
}
