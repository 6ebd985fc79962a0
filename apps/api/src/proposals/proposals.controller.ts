import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiTags, getSchemaPath } from '@nestjs/swagger';
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
  PublishKeyDecisionNoticeCommand,
} from '@ledger/ledger';
import { Roles } from '../auth/access.decorators';
import { ReadOperation, WriteOperation } from '../http/api-operations';
import { PrefersCsv } from '../http/csv/csv-answer';
import { contentTag, versionTag } from '../http/entity-tag';
import { Write, type WriteCall } from '../http/write-call';
import {
  AMEND_EXAMPLES,
  AmendProposalRequest,
  ApprovalRequest,
  DECISION_EXAMPLES,
  DecideProposalRequest,
  DeclareConflictRequest,
  DeferralRequest,
  DraftProposalRequest,
  ListProposalsRequest,
  ProposalPointInTimeQuery,
  ReasonRequest,
  RecordBenefitsRequest,
  RecordReviewRequest,
  RejectionRequest,
  KeyDecisionNoticeRequest,
} from './proposal.request';
import { PROPOSAL_REGISTER_CSV } from './proposal.csv';
import { ProposalPageResponse, ProposalResponse } from './proposal.response';

const uuid = new ParseUUIDPipe({ version: undefined, errorHttpStatusCode: 400 });

@ApiTags('proposals')
@ApiBearerAuth()
@Controller('proposals')
export class ProposalsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles('proposer')
  @WriteOperation({
    operationId: 'draftProposal',
    summary: 'Draft a proposal (business case)',
    locationOf: (id) => `/api/v1/proposals/${id}`,
    problems: [403],
  })
  draft(@Body() body: DraftProposalRequest, @Write() call: WriteCall) {
    return this.commands.execute(new DraftProposalCommand(body, call.context));
  }

  @Get()
  @ReadOperation({
    operationId: 'listProposals',
    summary: 'The proposal register: a page of summaries, newest first, with filters',
    description:
      'With Accept: text/csv and no limit, the CSV holds every proposal the filters match (all the pages, for a person downloading the register); ' +
      'with a limit, that page, and a Link header (rel="next") to the next one.',
    type: ProposalPageResponse,
    fromProjections: true,
    tagOf: contentTag(),
    etag: 'A digest of the page (weak)',
    csv: PROPOSAL_REGISTER_CSV,
  })
  list(@Query() query: ListProposalsRequest, @PrefersCsv() csv: boolean) {
    if (csv && query.limit === undefined) return this.everyPage(query);
    return this.queries.execute(new ListProposalsQuery({ ...query, limit: query.limit ?? 25 }));
  }

  /** A person downloading the register wants all of it, not its first page. */
  private async everyPage(query: ListProposalsRequest): Promise<ProposalPageResponse> {
    const items: ProposalPageResponse['items'] = [];
    let cursor = query.cursor;
    do {
      const page = await this.queries.execute(
        new ListProposalsQuery({ ...query, limit: 200, cursor }),
      );
      items.push(...(page.items as ProposalPageResponse['items']));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return { items, nextCursor: null };
  }

  @Get(':id')
  @ReadOperation({
    operationId: 'readProposal',
    summary:
      'A proposal: fields, status, reviews, decision, appraisal; or as it stood at a time or log position',
    description:
      'Folded from its own events, so it is always current. Give asOf or atPosition (not both needed) to see it as it stood then.',
    type: ProposalResponse,
    tagOf: versionTag((view) => view.version),
    etag: 'The version, e.g. "3": send it as If-Match on your next write',
    problems: [404],
  })
  read(@Param('id', uuid) id: string, @Query() at: ProposalPointInTimeQuery) {
    return this.queries.execute(new GetProposalQuery(id, at));
  }

  @Patch(':id')
  @Roles('proposer')
  @WriteOperation({
    operationId: 'amendProposal',
    summary: 'Amend your own proposal while it is a draft or returned',
    ifMatch: 'optional',
    problems: [403, 404],
  })
  @ApiBody({ type: AmendProposalRequest, examples: AMEND_EXAMPLES })
  amend(
    @Param('id', uuid) id: string,
    @Body() body: AmendProposalRequest,
    @Write() call: WriteCall,
  ) {
    return this.commands.execute(new AmendProposalCommand(id, body, call.context, call.ifMatch));
  }

  @Post(':id/submit')
  @Roles('proposer')
  @WriteOperation({
    operationId: 'submitProposal',
    summary: 'Submit your own proposal for review (also resubmits a deferred one)',
    description:
      "The first submission fixes the business case stage by the policy in force: SOC when the whole-life cost is above the policy's `fullBusinessCaseAbove`, else BJC. " +
      'While the policy sets that threshold, the stage needs its sections (SOC: strategic and economic; OBC, FBC, BJC: all five), or 422 `business-case-incomplete` names the missing ones.',
    ifMatch: 'optional',
    hasBody: false,
    problems: [403, 404],
  })
  submit(@Param('id', uuid) id: string, @Write() call: WriteCall) {
    return this.commands.execute(new SubmitProposalCommand(id, call.context, call.ifMatch));
  }

  @Post(':id/reviews')
  @Roles('reviewer')
  @WriteOperation({
    operationId: 'recordReview',
    summary:
      'Record a review of a submitted proposal (not your own, not one you declared a conflict on)',
    ifMatch: 'optional',
    problems: [403, 404],
  })
  review(
    @Param('id', uuid) id: string,
    @Body() body: RecordReviewRequest,
    @Write() call: WriteCall,
  ) {
    const review = { ...body, scores: { ...body.scores } };
    return this.commands.execute(new RecordReviewCommand(id, review, call.context, call.ifMatch));
  }

  @Post(':id/conflicts')
  @WriteOperation({
    operationId: 'declareConflict',
    summary:
      'Declare a conflict of interest: it bars you from reviewing and deciding this proposal',
    problems: [404],
  })
  declareConflict(
    @Param('id', uuid) id: string,
    @Body() body: DeclareConflictRequest,
    @Write() call: WriteCall,
  ) {
    return this.commands.execute(
      new DeclareConflictOfInterestCommand(id, body.statement, call.context),
    );
  }

  @Post(':id/return')
  @Roles('board')
  @WriteOperation({
    operationId: 'returnProposal',
    summary: 'Return a submitted proposal to its proposer for revision',
    ifMatch: 'optional',
    problems: [403, 404],
  })
  returnForRevision(
    @Param('id', uuid) id: string,
    @Body() body: ReasonRequest,
    @Write() call: WriteCall,
  ) {
    return this.commands.execute(
      new ReturnProposalCommand(id, body.reason, call.context, call.ifMatch),
    );
  }

  @Post(':id/withdraw')
  @Roles('proposer')
  @WriteOperation({
    operationId: 'withdrawProposal',
    summary: 'Withdraw your own proposal',
    ifMatch: 'optional',
    problems: [403, 404],
  })
  withdraw(@Param('id', uuid) id: string, @Body() body: ReasonRequest, @Write() call: WriteCall) {
    return this.commands.execute(
      new WithdrawProposalCommand(id, body.reason, call.context, call.ifMatch),
    );
  }

  @Post(':id/decision')
  @Roles('board')
  @WriteOperation({
    operationId: 'decideProposal',
    summary: 'Approve, reject or defer the version you saw (If-Match required)',
    description:
      'Each outcome needs its own fields: `approved` needs `approvedAmount` (at most the capital cost) and may give `conditions`; ' +
      '`deferred` needs `deferredUntil` (a future date); `rejected` needs neither. All need `authority` (a delegation tier in your token) and `reason`; `meetingRef` is optional. ' +
      "An approval also needs the policy's required reviews, a tier whose limit covers the whole-life cost, " +
      "and room in the fiscal year's capital envelope; it commits the funds on the budget in the same atomic append. " +
      'At a SOC or OBC stage an approval passes the stage gate instead (`StageGatePassed`): it needs the stage’s reviews and a covering tier, takes no `approvedAmount`, commits no funds, and returns the proposal to draft at the next stage. ' +
      'You may not decide on or return a proposal you reviewed (403 reviewer-cannot-decide). ' +
      "When the policy's keyDecisionThreshold makes it a key decision, approving or rejecting needs a notice published at least 28 clear days before today (Europe/London), " +
      'or `urgency` (general-exception with 5 clear days, or special-urgency); otherwise 422 key-decision-notice-required.',
    ifMatch: 'required',
    problems: [403, 404],
  })
  @ApiExtraModels(ApprovalRequest, RejectionRequest, DeferralRequest)
  @ApiBody({
    schema: {
      oneOf: [ApprovalRequest, RejectionRequest, DeferralRequest].map((model) => ({
        $ref: getSchemaPath(model),
      })),
      discriminator: {
        propertyName: 'outcome',
        mapping: {
          approved: getSchemaPath(ApprovalRequest),
          rejected: getSchemaPath(RejectionRequest),
          deferred: getSchemaPath(DeferralRequest),
        },
      },
    },
    examples: DECISION_EXAMPLES,
  })
  decide(
    @Param('id', uuid) id: string,
    @Body() body: DecideProposalRequest,
    @Write() call: WriteCall,
  ) {
    return this.commands.execute(new DecideProposalCommand(id, body, call.context, call.ifMatch));
  }

  @Post(':id/key-decision-notice')
  @Roles('board', 'admin')
  @WriteOperation({
    operationId: 'publishKeyDecisionNotice',
    summary: 'Record a key decision notice published on the forward plan',
    description:
      'publishedOn is not after today (Europe/London); decisionDue is after publishedOn; decisionMaker is a delegation tier of the policy in force. ' +
      'Not on an approved, rejected or withdrawn proposal (409).',
    ifMatch: 'optional',
    problems: [403, 404],
  })
  publishKeyDecisionNotice(
    @Param('id', uuid) id: string,
    @Body() body: KeyDecisionNoticeRequest,
    @Write() call: WriteCall,
  ) {
    return this.commands.execute(
      new PublishKeyDecisionNoticeCommand(id, { ...body }, call.context, call.ifMatch),
    );
  }

  @Post(':id/benefits')
  @Roles('finance')
  @WriteOperation({
    operationId: 'recordBenefits',
    summary: 'Record benefits realised by an approved proposal in a fiscal year',
    ifMatch: 'optional',
    problems: [403, 404],
  })
  recordBenefits(
    @Param('id', uuid) id: string,
    @Body() body: RecordBenefitsRequest,
    @Write() call: WriteCall,
  ) {
    return this.commands.execute(new RecordBenefitsCommand(id, body, call.context, call.ifMatch));
  }
}
