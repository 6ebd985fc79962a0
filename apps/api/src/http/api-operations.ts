import { HttpCode, applyDecorators, type Type } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiHeader,
  ApiOperation,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiProblems } from '../problems/api-problems.decorator';
import { AnswersCsv } from './csv/csv-answer';
import { CSV_CONTENT_TYPE } from './csv/csv-negotiation';
import type { CsvTable } from './csv/csv-table';
import { Tagged } from './entity-tag';
import { AnswersWrite } from './write-call';
import { WriteResultResponse } from './write-result.response';

interface Operation {
  /** The name a generated client gives the call: a verb in the users' words, e.g. `decideProposal`. */
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  /** Statuses beyond those every route of its kind can answer. */
  readonly problems?: readonly number[];
}

interface WriteOperationDoc extends Operation {
  readonly ifMatch?: 'optional' | 'required';
  readonly hasBody?: boolean;
  /** A creation answers 201 with Location. */
  readonly locationOf?: (id: string) => string;
}

interface ReadOperationDoc<T extends object> extends Operation {
  readonly type: Type<T>;
  readonly tagOf: (body: T) => string;
  /** Served from projections: honours X-Min-Position. */
  readonly fromProjections?: boolean;
  readonly etag: string;
  /** The answer as a table for people: served as CSV when the client prefers `text/csv`. */
  readonly csv?: CsvTable<T>;
}

const STRING = { schema: { type: 'string' } };

const IDEMPOTENCY_KEY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Up to 200 visible ASCII characters. A retry with the same key and body gets the first answer and appends nothing; the same key with another body is 422.',
};

const MIN_POSITION_HEADER = {
  name: 'X-Min-Position',
  required: false,
  description:
    'The position your last write answered: the read waits (up to 5 s, then 503 with Retry-After) until the read models have reached it. A position beyond the head of the log is 400 at once (type min-position-beyond-head, with headPosition).',
};

function ifMatchHeader(required: boolean) {
  return {
    name: 'If-Match',
    required,
    description: required
      ? 'The version you decided on, from the ETag of your last read, e.g. "5" (428 without it, 412 when the resource has moved on)'
      : 'The version you last read, from its ETag, e.g. "3"; 412 when the resource has moved on',
  };
}

/**
 * A write's contract: its id, the headers it reads, `{ id, version, position }` with ETag (and
 * Location for a creation), and the errors every write can answer: 400 (a malformed header), 409 (a
 * concurrent write won), 422 (an Idempotency-Key reused with another body), 413 with a body.
 */
export function WriteOperation(doc: WriteOperationDoc) {
  const created = doc.locationOf !== undefined;
  const hasBody = doc.hasBody ?? true;
  return applyDecorators(
    ApiOperation({
      operationId: doc.operationId,
      summary: doc.summary,
      description: doc.description,
    }),
    HttpCode(created ? 201 : 200),
    ApiHeader(IDEMPOTENCY_KEY_HEADER),
    ...(doc.ifMatch ? [ApiHeader(ifMatchHeader(doc.ifMatch === 'required'))] : []),
    ApiResponse({
      status: created ? 201 : 200,
      description: created ? 'Recorded; Location names the new resource' : 'Recorded',
      type: WriteResultResponse,
      headers: {
        ETag: { description: 'The new version, e.g. "3": send it back as If-Match', ...STRING },
        ...(created ? { Location: { description: 'The new resource', ...STRING } } : {}),
      },
    }),
    ApiProblems(
      ...(doc.problems ?? []),
      400,
      409,
      422,
      ...(hasBody ? [413] : []),
      ...(doc.ifMatch ? [412] : []),
      ...(doc.ifMatch === 'required' ? [428] : []),
    ),
    AnswersWrite(doc.locationOf),
  );
}

/** A read's contract: its id, its answer's schema with ETag, and X-Min-Position where it applies. */
export function ReadOperation<T extends object>(doc: ReadOperationDoc<T>) {
  return applyDecorators(
    ApiOperation({
      operationId: doc.operationId,
      summary: doc.summary,
      description: doc.description,
    }),
    ...(doc.fromProjections ? [ApiHeader(MIN_POSITION_HEADER)] : []),
    doc.csv
      ? ApiResponse(csvOrJsonResponse(doc.type, doc.etag, doc.csv))
      : ApiResponse({
          status: 200,
          description: 'OK',
          type: doc.type,
          headers: { ETag: { description: doc.etag, ...STRING } },
        }),
    ...(doc.csv ? [ApiExtraModels(doc.type), AnswersCsv(doc.csv)] : []),
    ApiProblems(...(doc.problems ?? []), 400),
    // After AnswersCsv, so the tag is taken from the JSON answer before it becomes CSV.
    Tagged(doc.tagOf),
  );
}

function csvOrJsonResponse<T extends object>(type: Type<T>, etag: string, csv: CsvTable<T>) {
  return {
    status: 200,
    description:
      'OK. JSON by default; with Accept: text/csv (q-values honoured) the same answer as a table for people: ' +
      'UTF-8 with a byte-order mark, CRLF, a header row, money as plain numbers with two decimals, ' +
      "text cells that begin with = + - @ (or a tab or CR) prefixed with ', as an attachment.",
    headers: {
      ETag: { description: `${etag}; a CSV answer's ends in -csv`, ...STRING },
      Vary: { description: 'Accept', ...STRING },
      'Content-Disposition': {
        description: 'CSV answers only: attachment; filename="<name>.csv"',
        ...STRING,
      },
    },
    content: {
      'application/json': { schema: { $ref: getSchemaPath(type) } },
      [CSV_CONTENT_TYPE.split(';')[0]]: {
        schema: { type: 'string' },
        example: `${csv.headers.map((header) => (/[",]/.test(header) ? `"${header}"` : header)).join(',')}\r\n…`,
      },
    },
  };
}
