import type { z } from 'zod';
import type { DomainEvent } from './actor';
import type { Immutable } from './event-fields';

/** One event type: its name, the schema version the current code writes, and its data's schema. */
export interface EventDefinition<Type extends string = string, Data extends z.ZodType = z.ZodType> {
  readonly type: Type;
  readonly schemaVersion: number;
  readonly data: Data;
}

export function defineEvent<Type extends string, Data extends z.ZodType>(
  type: Type,
  schemaVersion: number,
  data: Data,
): EventDefinition<Type, Data> {
  return { type, schemaVersion, data };
}

/** The event a definition describes, its type inferred from the schema so it is declared once. */
export type EventOf<Definition> =
  Definition extends EventDefinition<infer Type, infer Data>
    ? DomainEvent<Type, Immutable<z.output<Data>>>
    : never;

/** An event as the store hands it back, after upcasting: what a read checks against the schema. */
export interface StoredEventRecord {
  readonly position: number;
  readonly streamId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
}

/**
 * A stored event that does not match what this code understands: a corrupted or hand-edited log, a
 * missing upcaster, or an event written by a newer version. Folding it anyway would give answers
 * with a meaning nobody checked, so the read stops and says where.
 */
export class StoredEventInvalid extends Error {
  readonly code = 'stored-event-invalid';
  constructor(
    readonly position: number,
    readonly streamId: string,
    readonly type: string,
    readonly schemaVersion: number,
    /** The failing field, e.g. "data.snapshot.wholeLifeCost"; "data" or "type" when it is the whole. */
    readonly path: string,
    readonly problem: string,
  ) {
    super(
      `The event at position ${position} (${type}, schema version ${schemaVersion}, stream ` +
        `${streamId}) does not match its schema: ${path} ${problem}.`,
    );
    this.name = 'StoredEventInvalid';
  }
}

/** Event type → its current schema version and schema, for the events of one stream type or all. */
export class EventRegistry<Event extends DomainEvent<string, unknown>> {
  private readonly byType = new Map<string, EventDefinition>();

  constructor(definitions: readonly EventDefinition[]) {
    for (const definition of definitions) {
      if (this.byType.has(definition.type)) {
        throw new Error(`${definition.type} is defined twice`);
      }
      this.byType.set(definition.type, definition);
    }
  }

  get types(): readonly Event['type'][] {
    return [...this.byType.keys()] as Event['type'][];
  }

  has(type: string): type is Event['type'] {
    return this.byType.has(type);
  }

  definitionOf(type: string): EventDefinition {
    const definition = this.byType.get(type);
    if (!definition) throw new Error(`No schema is registered for the event type ${type}`);
    return definition;
  }

  /** The version new events of this type are written with. */
  schemaVersionOf(type: Event['type']): number {
    return this.definitionOf(type).schemaVersion;
  }

  /** One registry holding the events of several, as a reader of the whole log needs. */
  with<Other extends DomainEvent<string, unknown>>(
    other: EventRegistry<Other>,
  ): EventRegistry<Event | Other> {
    return new EventRegistry<Event | Other>([...this.byType.values(), ...other.byType.values()]);
  }
}

export function eventRegistry<const Definitions extends readonly EventDefinition[]>(
  ...definitions: Definitions
): EventRegistry<EventOf<Definitions[number]>> {
  return new EventRegistry(definitions);
}

/**
 * Checks a stored (and upcast) event against its type's current schema and answers it as a domain
 * event. Throws StoredEventInvalid naming the event and the failing field.
 */
export function eventFromRecord<Event extends DomainEvent<string, unknown>>(
  registry: EventRegistry<Event>,
  recorded: StoredEventRecord,
): Event {
  const invalid = (path: string, problem: string) =>
    new StoredEventInvalid(
      recorded.position,
      recorded.streamId,
      recorded.type,
      recorded.schemaVersion,
      path,
      problem,
    );
  if (!registry.has(recorded.type)) {
    throw invalid('type', 'is not an event type this stream holds');
  }
  const definition = registry.definitionOf(recorded.type);
  if (recorded.schemaVersion !== definition.schemaVersion) {
    throw invalid(
      'schemaVersion',
      `is not ${definition.schemaVersion}, the version this code reads, and no upcaster brought it there`,
    );
  }
  const result = definition.data.safeParse(recorded.data);
  if (!result.success) {
    const [issue] = result.error.issues;
    const path = ['data', ...issue.path.map(String)].join('.');
    throw invalid(path, issue.message.charAt(0).toLowerCase() + issue.message.slice(1));
  }
  // The registry pairs each type with its schema, which TypeScript cannot follow through a Map.
  return { type: recorded.type, data: result.data } as Event;
}
