import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ForwardPlanQuery } from '@ledger/ledger';
import { ReadOperation } from '../http/api-operations';
import { contentTag } from '../http/entity-tag';
import { FORWARD_PLAN_CSV } from './forward-plan.csv';
import { ForwardPlanQueryRequest } from './forward-plan.request';
import { ForwardPlanResponse } from './forward-plan.response';

@ApiTags('forward-plan')
@ApiBearerAuth()
@Controller('forward-plan')
export class ForwardPlanController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ReadOperation({
    operationId: 'readForwardPlan',
    summary: 'The forward plan: key decision notices due in a date range, in date order',
    description:
      "Each line is one notice with its proposal's title, department, whole-life cost and status now.",
    type: ForwardPlanResponse,
    fromProjections: true,
    tagOf: contentTag(),
    etag: 'A digest of the answer (weak)',
    csv: FORWARD_PLAN_CSV,
  })
  read(@Query() query: ForwardPlanQueryRequest) {
    if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
      throw new BadRequestException('from must not be after to.');
    }
    return this.queries.execute(new ForwardPlanQuery({ from: query.from, to: query.to }));
  }
}
