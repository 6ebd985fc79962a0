import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  PortfolioBenefitsQuery,
  RecordBenefitEvidenceCommand,
  ValidateBenefitEvidenceCommand,
} from '@ledger/ledger';
import { Roles } from '../auth/access.decorators';
import { ReadOperation, WriteOperation } from '../http/api-operations';
import { contentTag } from '../http/entity-tag';
import { Write, type WriteCall } from '../http/write-call';
import { BENEFITS_CSV } from './benefit.csv';
import {
  BenefitsQueryRequest,
  RecordEvidenceRequest,
  ValidateEvidenceRequest,
} from './benefit.request';
import { PortfolioBenefitsResponse } from './benefit.response';

const uuid = new ParseUUIDPipe({ version: undefined, errorHttpStatusCode: 400 });
const BENEFIT_KEY_PARAM = {
  name: 'key',
  description: "A benefit's key in the proposal's benefit plan",
  example: 'licence-savings',
};

@ApiTags('benefits')
@ApiBearerAuth()
@Controller()
export class BenefitsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('proposals/:id/benefits/:key/evidence')
  @Roles('finance', 'proposer')
  @WriteOperation({
    operationId: 'recordBenefitEvidence',
    summary: 'Record evidence that a planned benefit was realised in a fiscal year',
    description:
      'By finance, or by the proposer of the proposal; only once it is approved, and for a benefit of its plan. ' +
      "The answer's `id` is the new evidence id (`version` is the proposal's). A period with evidence that was not rejected is 409 evidence-already-recorded.",
    ifMatch: 'optional',
    problems: [403, 404],
  })
  @ApiParam(BENEFIT_KEY_PARAM)
  recordEvidence(
    @Param('id', uuid) id: string,
    @Param('key') key: string,
    @Body() body: RecordEvidenceRequest,
    @Write() call: WriteCall,
  ) {
    return this.commands.execute(
      new RecordBenefitEvidenceCommand(id, key, body, call.context, call.ifMatch),
    );
  }

  @Post('proposals/:id/benefits/:key/evidence/:evidenceId/validation')
  @Roles('finance')
  @WriteOperation({
    operationId: 'validateBenefitEvidence',
    summary: 'Validate or reject a piece of benefit evidence (finance, not whoever recorded it)',
    description:
      'Evidence is validated or rejected once (409 evidence-already-validated); the person who recorded it may not (403 self-validation). ' +
      'A rejection needs a note, and new evidence for that period may follow it.',
    ifMatch: 'optional',
    problems: [403, 404],
  })
  @ApiParam(BENEFIT_KEY_PARAM)
  validateEvidence(
    @Param('id', uuid) id: string,
    @Param('key') key: string,
    @Param('evidenceId', uuid) evidenceId: string,
    @Body() body: ValidateEvidenceRequest,
    @Write() call: WriteCall,
  ) {
    return this.commands.execute(
      new ValidateBenefitEvidenceCommand(id, key, evidenceId, body, call.context, call.ifMatch),
    );
  }

  @Get('portfolio/benefits')
  @ReadOperation({
    operationId: 'readPortfolioBenefits',
    summary:
      'Forecast, evidenced and validated benefits of a benefit period: totals, by proposal and by department, with realisation rates',
    description:
      "`fiscalYear` selects the benefit period (forecast year, evidence period) across every approved proposal; a proposal is listed when it has a forecast or evidence in it. Validated counts v1's recorded benefits. " +
      '`realisationRate` = validated ÷ forecast cash-releasing (null without a forecast); `atRisk` when below 0.8.',
    type: PortfolioBenefitsResponse,
    fromProjections: true,
    tagOf: contentTag<PortfolioBenefitsResponse>('asOf'),
    etag: 'A digest of the figures, leaving out the instant they were read at (weak)',
    csv: BENEFITS_CSV,
  })
  benefits(@Query() query: BenefitsQueryRequest) {
    return this.queries.execute(new PortfolioBenefitsQuery(query.fiscalYear, query.asOf));
  }
}
