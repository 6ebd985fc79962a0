import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiOkResponse,
  ApiCreatedResponse,
  ApiOperation,
  ApiTags,
  ApiBody,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  AmendProposalCommand,
  DecideProposalCommand,
  DeclareConflictOfInterestCommand,
  DraftProposalCommand,
  GetProposalQuery,
  ListProposalsQuery,
  RecordBenefitsCommand,
  RecordReviewCommand,
  ReturnProposalCommand,
  SubmitProposalCommand,
  WithdrawProposalCommand,
  type ProposalView,
  type RequestContext,
  type WriteResult,
} from '@ledger/ledger';
import { Roles } from '../auth/access.decorators';
import { Context, IfMatch } from '../http/request-context.decorator';
import { WriteResultResponse } from '../http/write-result.response';
import { ApiProblems } from '../problems/api-problems.decorator';
import {
  AmendProposalRequest,
  DecideProposalRequest,
  DeclareConflictRequest,
  DraftProposalRequest,
  ListProposalsRequest,
  ProposalPointInTimeQuery,
  ReasonRequest,
  RecordBenefitsRequest,
  RecordReviewRequest,
} from './proposal.request';
import { ProposalResponse } from './proposal.response';

const uuid = new ParseUUIDPipe({ version: undefined, errorHttpStatusCode: 400 });
const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The version you last read, e.g. "3"; 412 when the proposal has moved on',
};
const IDEMPOTENCY = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Retry-safe key: a retry with the same key and body returns the first answer',
};

function answer(reply: FastifyReply, result: WriteResult): WriteResultResponse {
  void reply.header('ETag', `"${result.version}"`);
  return { id: result.id, version: result.version, position: result.position };
}

@ApiTags('proposals')
@ApiBearerAuth()
@ApiHeader(IDEMPOTENCY)
@Controller('proposals')
export class ProposalsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('proposer')
  @ApiOperation({ summary: 'Draft a proposal (business case)' })
  @ApiCreatedResponse({
    type: WriteResultResponse,
    description: 'Drafted; Location names the new proposal',
  })
  @ApiProblems(400, 403, 422)
  async draft(
    @Body() body: DraftProposalRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.commands.execute(new DraftProposalCommand(body, context));
    void reply.header('Location', `/api/v1/proposals/${result.id}`);
    return answer(reply, result);
  }

  @Get()
  @ApiOperation({
    summary: 'The proposal register: a page of summaries, newest first, with filters',
  })
  @ApiHeader({
    name: 'X-Min-Position',
    required: false,
    description: 'Wait until the read models reach this log position (read-your-writes)',
  })
  @ApiOkResponse({
    description:
      '{ items: [...], nextCursor }; each item carries ready (submitted, nothing would refuse an approval now) and blockers (their codes)',
  })
  @ApiProblems(400, 503)
  list(@Query() query: ListProposalsRequest) {
    return this.queries.execute(
      new ListProposalsQuery({
        status: query.status,
        department: query.department,
        fiscalYear: query.fiscalYear,
        category: query.category,
        ready: query.ready,
        limit: query.limit ?? 25,
        cursor: query.cursor,
      }),
    );
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'A proposal: fields, status, reviews, decision, appraisal; or as it stood at a time or log position',
  })
  @ApiOkResponse({
    type: ProposalResponse,
    headers: { ETag: { description: 'The version, "3"', schema: { type: 'string' } } },
  })
  @ApiProblems(400, 404)
  async read(
    @Param('id', uuid) id: string,
    @Query() at: ProposalPointInTimeQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProposalView> {
    const view = await this.queries.execute(new GetProposalQuery(id, at));
    void reply.header('ETag', `"${view.version}"`);
    return view;
  }

  @Patch(':id')
  @Roles('proposer')
  @ApiOperation({ summary: 'Amend your own proposal while it is a draft or returned' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: WriteResultResponse })
  @ApiProblems(400, 403, 404, 409, 412)
  async amend(
    @Param('id', uuid) id: string,
    @Body() body: AmendProposalRequest,
    @Context() context: RequestContext,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return answer(
      reply,
      await this.commands.execute(new AmendProposalCommand(id, body, context, ifMatch)),
    );
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles('proposer')
  @ApiOperation({ summary: 'Submit your own proposal for review (also resubmits a deferred one)' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: WriteResultResponse })
  @ApiProblems(403, 404, 409, 412)
  async submit(
    @Param('id', uuid) id: string,
    @Context() context: RequestContext,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return answer(
      reply,
      await this.commands.execute(new SubmitProposalCommand(id, context, ifMatch)),
    );
  }

  @Post(':id/reviews')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({
    summary:
      'Record a review of a submitted proposal (not your own, not one you declared a conflict on)',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: WriteResultResponse })
  @ApiProblems(400, 403, 404, 409, 412)
  async review(
    @Param('id', uuid) id: string,
    @Body() body: RecordReviewRequest,
    @Context() context: RequestContext,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const scores = { ...body.scores };
    return answer(
      reply,
      await this.commands.execute(
        new RecordReviewCommand(id, { ...body, scores }, context, ifMatch),
      ),
    );
  }

  @Post(':id/conflicts')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Declare a conflict of interest: it bars you from reviewing and deciding this proposal',
  })
  @ApiOkResponse({ type: WriteResultResponse })
  @ApiProblems(400, 404)
  async declareConflict(
    @Param('id', uuid) id: string,
    @Body() body: DeclareConflictRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return answer(
      reply,
      await this.commands.execute(
        new DeclareConflictOfInterestCommand(id, body.statement, context),
      ),
    );
  }

  @Post(':id/return')
  @HttpCode(200)
  @Roles('board')
  @ApiOperation({ summary: 'Return a submitted proposal to its proposer for revision' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: WriteResultResponse })
  @ApiProblems(400, 403, 404, 409, 412)
  async returnForRevision(
    @Param('id', uuid) id: string,
    @Body() body: ReasonRequest,
    @Context() context: RequestContext,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return answer(
      reply,
      await this.commands.execute(new ReturnProposalCommand(id, body.reason, context, ifMatch)),
    );
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles('proposer')
  @ApiOperation({ summary: 'Withdraw your own proposal' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: WriteResultResponse })
  @ApiProblems(400, 403, 404, 409, 412)
  async withdraw(
    @Param('id', uuid) id: string,
    @Body() body: ReasonRequest,
    @Context() context: RequestContext,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return answer(
      reply,
      await this.commands.execute(new WithdrawProposalCommand(id, body.reason, context, ifMatch)),
    );
  }

  @Post(':id/decision')
  @HttpCode(200)
  @Roles('board')
  @ApiOperation({
    summary: 'Approve, reject or defer the version you saw (If-Match required)',
    description:
      "An approval needs the policy's required reviews, a delegation tier in your token whose limit covers the whole-life cost, " +
      "and room in the fiscal year's capital envelope; it commits the funds on the budget in the same atomic append.",
  })
  @ApiHeader({
    ...IF_MATCH,
    required: true,
    description: 'The version of the proposal the board decided on, e.g. "5"',
  })
  @ApiBody({ type: DecideProposalRequest })
  @ApiOkResponse({ type: WriteResultResponse })
  @ApiProblems(400, 403, 404, 409, 412, 422, 428)
  async decide(
    @Param('id', uuid) id: string,
    @Body() body: DecideProposalRequest,
    @Context() context: RequestContext,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return answer(
      reply,
      await this.commands.execute(new DecideProposalCommand(id, body, context, ifMatch)),
    );
  }

  @Post(':id/benefits')
  @HttpCode(200)
  @Roles('finance')
  @ApiOperation({ summary: 'Record benefits realised by an approved proposal in a fiscal year' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: WriteResultResponse })
  @ApiProblems(400, 403, 404, 409, 412)
  async recordBenefits(
    @Param('id', uuid) id: string,
    @Body() body: RecordBenefitsRequest,
    @Context() context: RequestContext,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return answer(
      reply,
      await this.commands.execute(new RecordBenefitsCommand(id, body, context, ifMatch)),
    );
  }
}
