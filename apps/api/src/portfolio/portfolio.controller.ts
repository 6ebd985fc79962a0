import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { FrontierQuery, PortfolioSummaryQuery, PrioritiesQuery } from '@ledger/ledger';
import { ReadOperation } from '../http/api-operations';
import { contentTag } from '../http/entity-tag';
import { PORTFOLIO_SUMMARY_CSV, PRIORITIES_CSV } from './portfolio.csv';
import {
  FrontierQueryRequest,
  PrioritiesQueryRequest,
  SummaryQueryRequest,
} from './portfolio.request';
import {
  FrontierResponse,
  PortfolioSummaryResponse,
  PrioritiesResponse,
} from './portfolio.response';

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
      'Without a budget it selects within the remaining capital envelope (422 no-budget when none is set); 422 statutory-exceeds-budget when the statutory proposals alone do not fit. ' +
      '`asOf` replays the portfolio, policy and envelope from the log as they stood; `weights` scores with other criterion weights. Each ranking entry explains its score, its rank under the policy and why it is in or out. ' +
      'Ties: the solver sees proposals in drafting order (log position), so the same log always gives the same selection; the ranking breaks equal scores by drafting time, then id.',
    type: PrioritiesResponse,
    fromProjections: true,
    tagOf: contentTag(),
    etag: 'A digest of the ranking and selection (weak)',
    problems: [422],
    csv: PRIORITIES_CSV,
  })
  priorities(@Query() query: PrioritiesQueryRequest) {
    return this.queries.execute(
      new PrioritiesQuery(query.fiscalYear, query.budget, query.asOf, query.weights),
    );
  }

  @Get('frontier')
  @ReadOperation({
    operationId: 'readFrontier',
    summary:
      'The efficient frontier: the exact optimal selection at each of `steps` budgets from `from` to `to`',
    description:
      'Each point is an exact optimum (HiGHS MILP in a worker thread, statutory proposals first), so the curve shows what each extra pound buys. ' +
      'Budgets are evenly spaced in pence, rounded down. Points below the statutory capital are `feasible: false`.',
    type: FrontierResponse,
    fromProjections: true,
    tagOf: contentTag(),
    etag: 'A digest of the points (weak)',
    problems: [422],
  })
  frontier(@Query() query: FrontierQueryRequest) {
    return this.queries.execute(
      new FrontierQuery(query.fiscalYear, query.from, query.to, query.steps ?? 20),
    );
  }
}
