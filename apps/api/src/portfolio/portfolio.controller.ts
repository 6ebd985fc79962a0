import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PortfolioSummaryQuery, PrioritiesQuery } from '@ledger/ledger';
import { ReadOperation } from '../http/api-operations';
import { contentTag } from '../http/entity-tag';
import { PORTFOLIO_SUMMARY_CSV, PRIORITIES_CSV } from './portfolio.csv';
import { PrioritiesQueryRequest, SummaryQueryRequest } from './portfolio.request';
import { PortfolioSummaryResponse, PrioritiesResponse } from './portfolio.response';

@ApiTags('portfolio')
@ApiBearerAuth()
@Controller('portfolio')
export class PortfolioController {
  constructor(private readonly queries: QueryBus) {}

  @Get('summary')
  @ReadOperation({
    operationId: 'readPortfolioSummary',
    summary:
      'Finance view of a fiscal year: envelope, requested, approved and remaining capital, expected and realised savings, by department and status',
    type: PortfolioSummaryResponse,
    fromProjections: true,
    tagOf: contentTag<PortfolioSummaryResponse>('asOf'),
    etag: 'A digest of the figures, leaving out the instant they were read at (weak)',
    csv: PORTFOLIO_SUMMARY_CSV,
  })
  summary(@Query() query: SummaryQueryRequest) {
    return this.queries.execute(new PortfolioSummaryQuery(query.fiscalYear, query.asOf));
  }

  @Get('priorities')
  @ReadOperation({
    operationId: 'readPriorities',
    summary:
      'Submitted proposals ranked by weighted score, and the optimal selection within a budget (statutory ones first)',
    description:
      'The selection maximises the total weighted score of the chosen proposals with their capital within the budget: an exact optimum (HiGHS MILP), not a greedy ranking. ' +
      'Without a budget it selects within the remaining capital envelope (422 no-budget when none is set); 422 statutory-exceeds-budget when the statutory proposals alone do not fit.',
    type: PrioritiesResponse,
    fromProjections: true,
    tagOf: contentTag(),
    etag: 'A digest of the ranking and selection (weak)',
    problems: [422],
    csv: PRIORITIES_CSV,
  })
  priorities(@Query() query: PrioritiesQueryRequest) {
    return this.queries.execute(new PrioritiesQuery(query.fiscalYear, query.budget));
  }
}
