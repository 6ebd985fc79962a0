import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Matches } from 'class-validator';
import { PortfolioSummaryQuery, PrioritiesQuery } from '@ledger/ledger';
import { IsFiscalYear, MONEY_PATTERN } from '../http/money.validation';
import { ApiProblems } from '../problems/api-problems.decorator';

export class SummaryQueryRequest {
  @IsFiscalYear('The fiscal year to summarise')
  fiscalYear: string;

  @ApiPropertyOptional({
    description: 'The portfolio as it stood at this instant, replayed from the log',
    example: '2026-11-28T09:30:00.000Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}

export class PrioritiesQueryRequest {
  @IsFiscalYear('The fiscal year whose submitted proposals to prioritise')
  fiscalYear: string;

  @ApiPropertyOptional({
    description: 'Capital to select within, in pounds (default: the remaining capital envelope)',
    example: '1500000.00',
  })
  @IsOptional()
  @IsString()
  @Matches(MONEY_PATTERN, {
    message: 'budget must be pounds with at most two decimals, such as "1500000.00"',
  })
  budget?: string;
}

const MIN_POSITION = {
  name: 'X-Min-Position',
  required: false,
  description: 'Wait until the read models reach this log position (read-your-writes)',
};

@ApiTags('portfolio')
@ApiBearerAuth()
@ApiHeader(MIN_POSITION)
@Controller('portfolio')
export class PortfolioController {
  constructor(private readonly queries: QueryBus) {}

  @Get('summary')
  @ApiOperation({
    summary:
      'Finance view of a fiscal year: envelope, requested, approved and remaining capital, expected and realised savings, by department and status',
  })
  @ApiOkResponse({ description: 'The summary; money as decimal strings' })
  @ApiProblems(400, 503)
  summary(@Query() query: SummaryQueryRequest) {
    return this.queries.execute(new PortfolioSummaryQuery(query.fiscalYear, query.asOf));
  }

  @Get('priorities')
  @ApiOperation({
    summary:
      'Submitted proposals ranked by weighted score, and the optimal selection within a budget (statutory ones first)',
    description:
      'The selection maximises the total weighted score of the chosen proposals with their capital within the budget: an exact optimum (HiGHS MILP), not a greedy ranking.',
  })
  @ApiOkResponse({ description: '{ fiscalYear, budget, ranking, selection, excluded }' })
  @ApiProblems(400, 422, 503)
  priorities(@Query() query: PrioritiesQueryRequest) {
    return this.queries.execute(new PrioritiesQuery(query.fiscalYear, query.budget));
  }
}
