import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { GetBudgetQuery, SetBudgetEnvelopeCommand } from '@ledger/ledger';
import { Roles } from '../auth/access.decorators';
import { ReadOperation, WriteOperation } from '../http/api-operations';
import { versionTag } from '../http/entity-tag';
import { Write, type WriteCall } from '../http/write-call';
import { SetBudgetRequest } from './budget.request';
import { BudgetResponse } from './budget.response';

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
  @WriteOperation({
    operationId: 'setBudget',
    summary:
      "Set a fiscal year's capital and revenue envelopes (never below what is already committed)",
    ifMatch: 'optional',
    problems: [403],
  })
  @ApiParam(FISCAL_YEAR_PARAM)
  set(
    @Param('fiscalYear') fiscalYear: string,
    @Body() body: SetBudgetRequest,
    @Write() call: WriteCall,
  ) {
    return this.commands.execute(
      new SetBudgetEnvelopeCommand({ fiscalYear, ...body }, call.context, call.ifMatch),
    );
  }

  @Get(':fiscalYear')
  @ReadOperation({
    operationId: 'readBudget',
    summary: "A fiscal year's envelopes, committed capital and what remains",
    type: BudgetResponse,
    tagOf: versionTag((budget) => budget.version),
    etag: 'The version, e.g. "3": send it as If-Match to PUT /budgets/{fiscalYear}',
  })
  @ApiParam(FISCAL_YEAR_PARAM)
  read(@Param('fiscalYear') fiscalYear: string) {
    return this.queries.execute(new GetBudgetQuery(fiscalYear));
  }
}
