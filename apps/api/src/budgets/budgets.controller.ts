import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { GetBudgetQuery, SetBudgetEnvelopeCommand, type RequestContext } from '@ledger/ledger';
import { Roles } from '../auth/access.decorators';
import { IsMoney } from '../http/money.validation';
import { Context } from '../http/request-context.decorator';
import { WriteResultResponse } from '../http/write-result.response';
import { ApiProblems } from '../problems/api-problems.decorator';

export class SetBudgetRequest {
  @IsMoney('Capital available for ICT investment in the year', '2000000.00')
  capitalEnvelope: string;

  @IsMoney('Revenue available for ICT running costs in the year', '500000.00')
  revenueEnvelope: string;
}

class BudgetResponse {
  @ApiProperty({ example: '2026-27' }) fiscalYear: string;
  @ApiProperty({ nullable: true, example: '2000000.00' }) capitalEnvelope: string | null;
  @ApiProperty({ nullable: true, example: '500000.00' }) revenueEnvelope: string | null;
  @ApiProperty({ example: '250000.00' }) committedCapital: string;
  @ApiProperty({ nullable: true, example: '1750000.00' }) remainingCapital: string | null;
  @ApiProperty({
    example: [
      {
        proposalId: '0192f1e4-8c1a-4e3b-9b6e-2f9c1d7a4b10',
        amount: '250000.00',
        committedAt: '2026-11-28T09:30:00.123Z',
      },
    ],
  })
  commitments: { proposalId: string; amount: string; committedAt: string }[];
  @ApiProperty({ nullable: true }) setAt: string | null;
  @ApiProperty() version: number;
}

const FISCAL_YEAR_PARAM = {
  name: 'fiscalYear',
  example: '2026-27',
  description: 'UK fiscal year, April to March',
};

@ApiTags('budgets')
@ApiBearerAuth()
@Controller('budgets')
export class BudgetsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Put(':fiscalYear')
  @Roles('finance', 'admin')
  @ApiOperation({
    summary:
      "Set a fiscal year's capital and revenue envelopes (never below what is already committed)",
  })
  @ApiParam(FISCAL_YEAR_PARAM)
  @ApiOkResponse({ type: WriteResultResponse })
  @ApiProblems(400, 403, 409, 422)
  async set(
    @Param('fiscalYear') fiscalYear: string,
    @Body() body: SetBudgetRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.commands.execute(
      new SetBudgetEnvelopeCommand({ fiscalYear, ...body }, context),
    );
    void reply.header('ETag', `"${result.version}"`);
    return { id: result.id, version: result.version, position: result.position };
  }

  @Get(':fiscalYear')
  @ApiOperation({ summary: "A fiscal year's envelopes, committed capital and what remains" })
  @ApiParam(FISCAL_YEAR_PARAM)
  @ApiOkResponse({ type: BudgetResponse })
  @ApiProblems(400)
  async read(
    @Param('fiscalYear') fiscalYear: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const view = await this.queries.execute(new GetBudgetQuery(fiscalYear));
    void reply.header('ETag', `"${view.version}"`);
    return view;
  }
}
