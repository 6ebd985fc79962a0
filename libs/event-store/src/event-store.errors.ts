import type { ExpectedVersion } from './event-store.port';

export abstract class EventStoreError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Another write reached the stream first; the caller decides whether that is a 409 or a 412. */
export class StreamVersionConflict extends EventStoreError {
  readonly code = 'stream-version-conflict';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(
      `Stream ${streamId} was expected to be at ${describeExpected(expected)} but is at version ${actual}`,
    );
  }
}

/** An event id is already recorded with different content: a retry must repeat the same events. */
export class EventIdConflict extends EventStoreError {
  readonly code = 'event-id-conflict';
  constructor(
    readonly eventId: string,
    readonly reason: string,
  ) {
    super(`Event ${eventId} is already recorded with different content (${reason})`);
  }
}

export class InvalidAppend extends EventStoreError {
  readonly code = 'invalid-append';
}

export class StoreUnavailable extends EventStoreError {
  readonly code = 'store-unavailable';
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

function describeExpected(expected: ExpectedVersion): string {
  if (expected === 'no-stream') return 'no stream (version 0)';
  if (expected === 'exists') return 'an existing stream';
  if (expected === 'any') return 'any version';
  return `version ${expected}`;
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
]);

/** Whether an error means the database cannot be reached right now (answer 503, not 500). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof StoreUnavailable) return true;
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth += 1) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (
      typeof message === 'string' &&
      /Connection terminated|connection timeout|ECONNREFUSED|the database system is (starting up|shutting down)|Client has encountered a connection error/i.test(
        message,
      )
    )
      return true;
    current =
      (current as { cause?: unknown; driverError?: unknown }).driverError ??
      (current as { cause?: unknown }).cause;
  }
  return false;
}
