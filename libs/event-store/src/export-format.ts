import type { ChainVerification } from './chain-verifier';
import type { EventMetadata, EventStore, JsonObject, RecordedEvent } from './event-store.port';
import { GENESIS_HASH, checkLink } from './hash-chain';
import { neutraliseFormula } from './spreadsheet-text';

export type ExportFormat = 'jsonl' | 'csv';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['jsonl', 'csv'];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  jsonl: 'application/x-ndjson',
  csv: 'text/csv; charset=utf-8',
};

/** One event as readers see it: the envelope with its metadata also flattened for convenience. */
export interface LogEventView {
  readonly position: number;
  readonly streamId: string;
  readonly version: number;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonObject;
  readonly actor: { readonly id: string; readonly name: string };
  readonly roles: readonly string[];
  readonly recordedAt: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly idempotencyKey: string | null;
  /** As stored and hashed, so a reader can recompute `hash` (an absent and a null key hash differently). */
  readonly metadata: EventMetadata;
  readonly dataHash: string;
  readonly prevHash: string;
  readonly hash: string;
}

export function logEventView(event: RecordedEvent): LogEventView {
  return {
    position: event.position,
    streamId: event.streamId,
    version: event.version,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    actor: { id: event.metadata.actor.id, name: event.metadata.actor.name },
    roles: event.metadata.roles,
    recordedAt: event.recordedAt,
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId,
    idempotencyKey: event.metadata.idempotencyKey ?? null,
    metadata: event.metadata,
    dataHash: event.dataHash,
    prevHash: event.prevHash,
    hash: event.hash,
  };
}

/** The whole envelope exactly as stored, so the line can be verified offline with `verifyExportLines`. */
export function jsonlLineOf(event: RecordedEvent): string {
  const envelope: RecordedEvent = {
    position: event.position,
    streamId: event.streamId,
    version: event.version,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
    dataHash: event.dataHash,
    prevHash: event.prevHash,
    hash: event.hash,
  };
  return `${JSON.stringify(envelope)}\n`;
}

export const CSV_COLUMNS = [
  'position',
  'streamId',
  'version',
  'eventId',
  'type',
  'schemaVersion',
  'recordedAt',
  'actorId',
  'actorName',
  'roles',
  'correlationId',
  'causationId',
  'idempotencyKey',
  'dataHash',
  'prevHash',
  'hash',
  'data',
] as const;

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

/**
 * RFC 4180. Text fields are neutralised as every CSV of the ledger's is (`neutraliseFormula`): names
 * and keys come from users, and the CSV is meant to be opened by people. The JSONL export is the
 * exact, verifiable one.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? neutraliseFormula(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRowOf(event: RecordedEvent): string {
  const { metadata } = event;
  const cells: (string | number | null | undefined)[] = [
    event.position,
    event.streamId,
    event.version,
    event.eventId,
    event.type,
    event.schemaVersion,
    event.recordedAt,
    metadata.actor.id,
    metadata.actor.name,
    metadata.roles.join(';'),
    metadata.correlationId,
    metadata.causationId,
    metadata.idempotencyKey,
    event.dataHash,
    event.prevHash,
    event.hash,
    JSON.stringify(event.data),
  ];
  return `${cells.map(csvField).join(',')}\r\n`;
}

export interface ExportRange {
  /** Exclusive lower bound, as in `readAll`. */
  readonly after?: number;
  /** Inclusive upper bound: the head read when the export began, so the file is one consistent prefix. */
  readonly toPosition: number;
  readonly pageSize?: number;
  readonly onPage?: (exported: number, lastPosition: number) => void;
}

/**
 * The log rendered in the format, one chunk per page read, so memory stays flat whatever the log's
 * size: a consumer that pulls lazily (a Readable, a write stream with backpressure) reads one page
 * at a time. Events are read as stored, before upcasting, so the JSONL verifies offline.
 */
export async function* exportChunks(
  store: EventStore,
  format: ExportFormat,
  range: ExportRange,
): AsyncGenerator<string> {
  const pageSize = range.pageSize ?? 1000;
  if (format === 'csv') yield csvHeader();
  const render = format === 'csv' ? csvRowOf : jsonlLineOf;
  let after = range.after ?? 0;
  let exported = 0;
  while (after < range.toPosition) {
    const page = await store.readAll({ after, limit: pageSize, upcast: false });
    const events = page.events.filter((event) => event.position <= range.toPosition);
    if (events.length === 0) break;
    exported += events.length;
    after = events[events.length - 1].position;
    range.onPage?.(exported, after);
    yield events.map(render).join('');
    if (page.nextAfter === null) break;
  }
}

export interface ExportAnchor {
  /**
   * The `after` the export was taken with (0 or absent: the whole log, which must start at position 1
   * on the genesis hash). An export taken after N starts at N + 1 and can only be chained from the
   * hash of position N.
   */
  readonly after?: number;
  /**
   * The hash of position `after`, from a digest kept outside the system. Without it, the first
   * event's own prevHash is taken on trust: the rest of the file is then checked against it, and the
   * anchor itself should be confirmed with `verify --position <after> --hash <anchor>`.
   */
  readonly prevHash?: string;
}

export type ExportVerification = ChainVerification & {
  /** The position and hash the file was chained from; `trusted` when it came from the file itself. */
  readonly anchor: {
    readonly position: number;
    readonly hash: string;
    readonly trusted: boolean;
  } | null;
};

/**
 * Checks a JSONL export offline, with no database: every line is parsed, its dataHash and hash are
 * recomputed and its prevHash must be the previous line's hash, positions gap-free from the anchor.
 * An intact file ends at `headPosition`/`headHash`; comparing them with a digest kept outside the
 * system shows whether it was cut short or the whole history recomputed.
 */
export async function verifyExportLines(
  lines: AsyncIterable<string>,
  anchor: ExportAnchor = {},
): Promise<ExportVerification> {
  const after = anchor.after ?? 0;
  let expectedPosition = after + 1;
  let prevHash: string | null = anchor.prevHash ?? (after === 0 ? GENESIS_HASH : null);
  let used: ExportVerification['anchor'] =
    prevHash === null ? null : { position: after, hash: prevHash, trusted: false };
  let lineNumber = 0;
  const broken = (reason: string, position = expectedPosition): ExportVerification => ({
    ok: false,
    checked: expectedPosition - after - 1,
    firstInvalidPosition: position,
    reason,
    anchor: used,
  });
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') return broken(`line ${lineNumber} is empty`);
    const parsed = parseEnvelope(line);
    if (typeof parsed === 'string') return broken(`line ${lineNumber} ${parsed}`);
    if (prevHash === null) {
      prevHash = parsed.prevHash;
      used = { position: after, hash: prevHash, trusted: true };
    }
    if (lineNumber === 1 && parsed.position !== expectedPosition) {
      return broken(
        after === 0
          ? `the export starts at position ${parsed.position}, not 1: it was taken with after=${parsed.position - 1}; check it with that anchor`
          : `the export starts at position ${parsed.position}, not ${expectedPosition} as after=${after} says`,
        Math.min(parsed.position, expectedPosition),
      );
    }
    const check = checkLink(parsed, expectedPosition, prevHash);
    if (!check.ok) return broken(check.reason, Math.min(expectedPosition, parsed.position));
    prevHash = parsed.hash;
    expectedPosition += 1;
  }
  return {
    ok: true,
    checked: expectedPosition - after - 1,
    headPosition: expectedPosition - 1,
    headHash: prevHash ?? '',
    anchor: used,
  };
}

const STRING_FIELDS = [
  'streamId',
  'eventId',
  'type',
  'recordedAt',
  'dataHash',
  'prevHash',
  'hash',
] as const;
const INTEGER_FIELDS = ['position', 'version', 'schemaVersion'] as const;

/**
 * One line of a JSONL export as the event it records. Throws on a line that is not a ledger event:
 * check the file with `verifyExportLines` first for a message that names the line.
 */
export function parseExportLine(line: string): RecordedEvent {
  const parsed = parseEnvelope(line);
  if (typeof parsed === 'string') throw new SyntaxError(`The line ${parsed}`);
  return parsed;
}

function parseEnvelope(line: string): RecordedEvent | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'is not valid JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'is not a JSON object';
  const record = value as Record<string, unknown>;
  for (const field of STRING_FIELDS) {
    if (typeof record[field] !== 'string')
      return `has no ${field} string: it is not a ledger event`;
  }
  for (const field of INTEGER_FIELDS) {
    if (!Number.isSafeInteger(record[field]))
      return `has no whole-number ${field}: it is not a ledger event`;
  }
  for (const field of ['data', 'metadata'] as const) {
    const object = record[field];
    if (typeof object !== 'object' || object === null || Array.isArray(object)) {
      return `has no ${field} object: it is not a ledger event`;
    }
  }
  return record as unknown as RecordedEvent;
}
