export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * `any` skips the check; `no-stream` requires an empty stream; `exists` requires at least one event;
 * a number requires the stream's current version to be exactly that (0 means empty).
 */
export type ExpectedVersion = 'any' | 'no-stream' | 'exists' | number;

export interface Actor {
  readonly id: string;
  readonly name: string;
}

export interface EventMetadata {
  readonly actor: Actor;
  readonly roles: readonly string[];
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly idempotencyKey?: string | null;
}

export interface NewEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion?: number;
  readonly data: JsonObject;
  readonly metadata: EventMetadata;
}

export interface StreamAppend {
  readonly streamId: string;
  readonly expectedVersion: ExpectedVersion;
  readonly events: readonly NewEvent[];
}

/** What every stored event carries: the envelope of DESIGN.md, with its place in the hash chain. */
export interface RecordedEvent {
  readonly position: number;
  readonly streamId: string;
  readonly version: number;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonObject;
  readonly metadata: EventMetadata;
  readonly recordedAt: string;
  readonly dataHash: string;
  readonly prevHash: string;
  readonly hash: string;
}

export interface AppendResult {
  /** Each stream's version after the append, in the order the appends were given. */
  readonly streams: readonly { readonly streamId: string; readonly version: number }[];
  readonly firstPosition: number;
  readonly lastPosition: number;
  /** True when every event already existed with identical content, so nothing was written. */
  readonly duplicate: boolean;
}

export interface ChainHead {
  /** 0 with the genesis hash when the log is empty. */
  readonly position: number;
  readonly hash: string;
  readonly recordedAt: string | null;
}

export interface ReadStreamOptions {
  /** Inclusive upper bound on the stream version. */
  readonly toVersion?: number;
  /** Inclusive upper bound on the global position. */
  readonly toPosition?: number;
  /** Inclusive upper bound on the recorded time (ISO 8601). */
  readonly asOf?: string;
  readonly fromVersion?: number;
}

export interface ReadAllOptions {
  /** Exclusive lower bound: events with a position greater than this. */
  readonly after?: number;
  readonly limit?: number;
  /** Inclusive upper bound on the recorded time (ISO 8601). */
  readonly asOf?: string;
  /** When false, events are returned exactly as stored, before upcasting (verification needs that). */
  readonly upcast?: boolean;
}

export interface LogPage {
  readonly events: readonly RecordedEvent[];
  /** The position to pass as `after` for the next page; null when the page reached the head. */
  readonly nextAfter: number | null;
}

/**
 * An event as stored, its data and metadata still the stored JSON text: what chain verification
 * hashes.
 */
export interface StoredEvent extends Omit<RecordedEvent, 'data' | 'metadata'> {
  readonly dataJson: string;
  readonly metadataJson: string;
}

export interface StoredPage {
  readonly events: readonly StoredEvent[];
  /** The position to pass as `after` for the next page; null when the page reached the head. */
  readonly nextAfter: number | null;
}

export type AppendListener = (head: ChainHead) => void;

export interface EventStore {
  /** Appends to one or several streams atomically, each with its expected version. */
  append(appends: readonly StreamAppend[]): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<LogPage>;
  /**
   * The log as stored, never upcast, with each event's data as the stored text. Optional: it lets
   * verification skip parsing the payloads; without it verification reads `readAll`.
   */
  readStored?(after: number, limit: number): Promise<StoredPage>;
  /**
   * Writes events recorded by another ledger (a verified export) exactly as they were: positions,
   * times and hashes. The batch must continue this log at its head; every link and stream version is
   * checked again before anything is written, and the batch is all or nothing. Optional: the
   * `import` command needs it. Returns the new head.
   */
  importRecorded?(events: readonly RecordedEvent[]): Promise<ChainHead>;
  readHead(): Promise<ChainHead>;
  /** Position of the last event recorded at or before the given time (0 when none). */
  positionAt(asOf: string): Promise<number>;
  /** Called after each commit in this process, so in-process readers can wake without polling. */
  onAppended(listener: AppendListener): () => void;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EventStore');
