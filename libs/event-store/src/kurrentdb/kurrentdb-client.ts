/**
 * The part of @kurrent/kurrentdb-client 1.x this adapter uses, typed here rather than through the
 * package's own declarations. Those declarations pull in the package's private copy of
 * @types/node 22, whose globals merge with the project's @types/node 20 and change the types of
 * unrelated code (fetch's `Response.json()` becomes `Promise<unknown>` everywhere). The shapes below
 * are checked against the real module by kurrentdb-mapping.unit.spec.ts.
 */

export type AppendStreamState = 'any' | 'no_stream' | 'stream_exists' | bigint;
/** `no_stream`, or the last revision; KurrentDB reports deleted (-5) and tombstoned (-6) as such. */
export type CurrentStreamState = 'no_stream' | bigint;

export interface EventData {
  readonly id: string;
  readonly contentType: 'application/json' | 'application/octet-stream';
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

export interface AppendStreamRequest {
  readonly streamName: string;
  readonly expectedState: AppendStreamState;
  readonly events: EventData[];
}

export interface MultiAppendResult {
  readonly position: bigint;
  readonly responses: { readonly streamName: string; readonly revision: bigint }[];
}

export interface KurrentRecord {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: unknown;
  /** Parsed JSON when the stored metadata is JSON, raw bytes otherwise. */
  readonly metadata: unknown;
  readonly isJson: boolean;
  readonly created: Date;
}

export interface ResolvedEvent {
  /** The event, or the event a link points at when links are resolved. */
  readonly event?: KurrentRecord;
  /** The link itself, when the entry read was a resolved link. */
  readonly link?: KurrentRecord;
}

export interface KurrentReadOptions {
  readonly direction?: 'forwards' | 'backwards';
  readonly fromRevision?: 'start' | 'end' | bigint;
  readonly maxCount?: number | bigint;
  readonly resolveLinkTos?: boolean;
  readonly requiresLeader?: boolean;
}

export interface KurrentClient {
  readStream(streamName: string, options?: KurrentReadOptions): AsyncIterable<ResolvedEvent>;
  multiStreamAppend(requests: AppendStreamRequest[]): Promise<MultiAppendResult>;
  dispose(): Promise<void>;
}

interface CommandErrorClass<Args extends unknown[]> {
  new (...args: Args): Error & { readonly type: string };
}

export interface KurrentModule {
  readonly KurrentDBClient: { connectionString(connectionString: string): KurrentClient };
  readonly jsonEvent: (event: {
    id?: string;
    type: string;
    data: unknown;
    metadata?: unknown;
  }) => EventData;
  readonly binaryEvent: (event: {
    id?: string;
    type: string;
    data: Uint8Array;
    metadata?: unknown;
  }) => EventData;
  readonly ANY: 'any';
  readonly NO_STREAM: 'no_stream';
  readonly STREAM_EXISTS: 'stream_exists';
  readonly START: 'start';
  readonly END: 'end';
  readonly FORWARDS: 'forwards';
  readonly BACKWARDS: 'backwards';
  readonly ErrorType: Readonly<Record<string, string>>;
  readonly WrongExpectedVersionError: CommandErrorClass<
    [undefined, { streamName: string; expected: AppendStreamState; current: CurrentStreamState }]
  >;
  readonly StreamNotFoundError: CommandErrorClass<[undefined, string]>;
  readonly UnavailableError: CommandErrorClass<[undefined?, string?]>;
  readonly DeadlineExceededError: CommandErrorClass<[undefined?, string?]>;
  readonly AccessDeniedError: CommandErrorClass<[undefined?, string?]>;
}

let loaded: KurrentModule | undefined;

/**
 * Loaded on first use: the client brings gRPC and a native module (about 0.4 s at start-up), which
 * SQLite and PostgreSQL deployments importing this library should not pay for.
 */
export function kurrentClientModule(): KurrentModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- an ES import would load the package's declarations (see above)
  loaded ??= require('@kurrent/kurrentdb-client') as KurrentModule;
  return loaded;
}

// The protocol's constants, as the client spells them; the unit spec checks them against the module.
export const ANY = 'any';
export const NO_STREAM = 'no_stream';
export const STREAM_EXISTS = 'stream_exists';
export const START = 'start';
export const END = 'end';
export const FORWARDS = 'forwards';
export const BACKWARDS = 'backwards';
export const ErrorType = {
  WRONG_EXPECTED_VERSION: 'wrong-expected-version',
  STREAM_NOT_FOUND: 'stream-not-found',
  UNAVAILABLE: 'unavailable',
  DEADLINE_EXCEEDED: 'deadline-exceeded',
  TIMEOUT: 'timeout',
  CANCELLED: 'cancelled',
  NOT_LEADER: 'not-leader',
} as const;

export function connectionString(url: string): KurrentClient {
  return kurrentClientModule().KurrentDBClient.connectionString(url);
}

export const jsonEvent: KurrentModule['jsonEvent'] = (event) =>
  kurrentClientModule().jsonEvent(event);

export const binaryEvent: KurrentModule['binaryEvent'] = (event) =>
  kurrentClientModule().binaryEvent(event);
