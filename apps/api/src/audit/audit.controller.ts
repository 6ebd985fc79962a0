import { Controller, Get, Headers, Inject, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import {
  EVENT_STORE,
  EXPORT_CONTENT_TYPES,
  exportChunks,
  logEventView,
  checkDigest,
  type EventStore,
} from '@ledger/event-store';
import { ChainVerifier } from '@ledger/platform';
import { READ_HISTORY_ROLES, Roles } from '../auth/access.decorators';
import { ApiProblems } from '../problems/api-problems.decorator';
import { ExportQuery, LogPageQuery, VerifyQuery } from './audit.request';
import {
  ChainBrokenResponse,
  ChainIntactResponse,
  DigestCheckResponse,
  DigestResponse,
  LogPageResponse,
} from './audit.response';
import { PROGRESS_CONTENT_TYPE, verificationLines, wantsProgress } from './verify-stream';

@ApiTags('audit')
@ApiBearerAuth()
@Roles(...READ_HISTORY_ROLES)
@Controller('audit')
export class AuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly chain: ChainVerifier,
  ) {}

  @Get('events')
  @ApiOperation({
    operationId: 'readLog',
    summary: 'A page of the global log, in position order',
    description:
      'Events are given exactly as stored (not upcast), so each dataHash and hash can be recomputed by the reader.',
  })
  @ApiOkResponse({ type: LogPageResponse })
  @ApiProblems(400, 403, 503)
  async events(@Query() query: LogPageQuery): Promise<LogPageResponse> {
    const page = await this.store.readAll({
      after: query.after ?? 0,
      limit: query.limit ?? 100,
      upcast: false,
    });
    return {
      events: page.events.map(logEventView) as LogPageResponse['events'],
      nextAfter: page.nextAfter,
    };
  }

  @Get('verify')
  @ApiOperation({
    operationId: 'verifyChain',
    summary: 'Verify the hash chain, or whether the log still holds a digest taken earlier',
    description:
      'Without parameters, walks the whole log recomputing every hash; a broken chain is still a 200 answer with ok false, ' +
      'the first invalid position and the reason. With position and hash (both or neither), says whether the log still holds ' +
      'that digest: a history rewritten with a freshly recomputed chain verifies, but no longer holds the digest. ' +
      'When it does not, reason says why: beyond-head (with the head position) or hash-differs (with the hash held there).',
  })
  @ApiExtraModels(ChainIntactResponse, ChainBrokenResponse, DigestCheckResponse)
  @ApiProduces('application/json', PROGRESS_CONTENT_TYPE)
  @ApiOkResponse({
    description:
      `With Accept: ${PROGRESS_CONTENT_TYPE} (and no position or hash), the walk is streamed as JSON lines while it runs: ` +
      '{"checked":0,"headPosition":H} at once (H the head when the walk began), then {"checked":N,"headPosition":H} ' +
      'at most ten times a second, the last one sent before the verdict, then ' +
      '{"verdict":V}, V being exactly the JSON answer. Errors found before the walk starts (401, 403, 429, 503) are ' +
      'problem+json as usual; a failure during the walk ends the stream with {"problem":P} instead of a verdict.',
    content: {
      'application/json': {
        schema: {
          oneOf: [
            { $ref: getSchemaPath(ChainIntactResponse) },
            { $ref: getSchemaPath(ChainBrokenResponse) },
            { $ref: getSchemaPath(DigestCheckResponse) },
          ],
        },
      },
      [PROGRESS_CONTENT_TYPE]: {
        schema: { type: 'string' },
        example:
          '{"checked":0,"headPosition":3000}\n{"checked":1000,"headPosition":3000}\n{"checked":3000,"headPosition":3000}\n' +
          '{"verdict":{"ok":true,"checked":3000,"headPosition":3000,"headHash":"9f86d0…"}}\n',
      },
    },
  })
  @ApiProblems(400, 403, 503)
  async verify(
    @Query() query: VerifyQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ChainIntactResponse | ChainBrokenResponse | DigestCheckResponse | StreamableFile> {
    if (query.position !== undefined && query.hash !== undefined) {
      return checkDigest(this.store, query.position, query.hash);
    }
    void reply.header('Vary', 'Accept');
    if (!wantsProgress(accept)) return this.chain.verify();
    // Read before the stream starts, so an unreachable database is still a 503 problem.
    const head = await this.store.readHead();
    void reply
      .header('Cache-Control', 'no-store')
      // A reverse proxy that buffers would hold every line back until the verdict.
      .header('X-Accel-Buffering', 'no');
    return new StreamableFile(
      verificationLines((onProgress) => this.chain.verify(onProgress), {
        headPosition: head.position,
      }),
      { type: PROGRESS_CONTENT_TYPE },
    );
  }

  @Get('digest')
  @ApiOperation({
    operationId: 'takeDigest',
    summary: 'The head of the log: keep it outside the system to detect a rewritten history later',
  })
  @ApiOkResponse({ type: DigestResponse })
  @ApiProblems(403, 503)
  async digest(): Promise<DigestResponse> {
    const head = await this.store.readHead();
    return { position: head.position, hash: head.hash, recordedAt: head.recordedAt };
  }

  @Get('export')
  @ApiOperation({
    operationId: 'exportLog',
    summary: 'The global log, streamed as JSON lines or CSV',
    description:
      'Ends at the head as it was when the export began (headers X-Ledger-Head-Position and X-Ledger-Head-Hash). ' +
      'jsonl: one raw envelope per line, verifiable offline with `ledger verify --file` (an export taken with after=N ' +
      'is checked with `--after N`, from the hash of position N). csv: RFC 4180, one row per event, metadata flattened, ' +
      'roles joined by ";", data as a JSON string.',
  })
  @ApiProduces(EXPORT_CONTENT_TYPES.jsonl, EXPORT_CONTENT_TYPES.csv)
  @ApiOkResponse({
    description: 'The export as an attachment',
    headers: {
      'X-Ledger-Head-Position': {
        description: 'The last position the export covers',
        schema: { type: 'integer' },
      },
      'X-Ledger-Head-Hash': {
        description: 'The hash at that position',
        schema: { type: 'string' },
      },
      'Content-Disposition': {
        description: 'attachment; filename="ledger-export-<head>.jsonl"',
        schema: { type: 'string' },
      },
    },
    content: {
      [EXPORT_CONTENT_TYPES.jsonl]: { schema: { type: 'string' } },
      [EXPORT_CONTENT_TYPES.csv]: { schema: { type: 'string' } },
    },
  })
  @ApiProblems(400, 403, 503)
  async export(
    @Query() query: ExportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const format = query.format ?? 'jsonl';
    const after = query.after ?? 0;
    const head = await this.store.readHead();
    const name =
      after === 0
        ? `ledger-export-${head.position}`
        : `ledger-export-${after + 1}-${head.position}`;
    const stream = Readable.from(
      exportChunks(this.store, format, { after, toPosition: head.position }),
      { objectMode: false },
    );
    const file = new StreamableFile(stream, {
      type: EXPORT_CONTENT_TYPES[format],
      disposition: `attachment; filename="${name}.${format}"`,
    });
    void reply
      .header('X-Ledger-Head-Position', String(head.position))
      .header('X-Ledger-Head-Hash', head.hash);
    return file;
  }
}
