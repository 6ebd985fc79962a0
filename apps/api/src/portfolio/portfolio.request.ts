import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Matches } from 'class-validator';
import { IsFiscalYear, MONEY_PATTERN } from '../http/money.validation';

export class SummaryQueryRequest {
  @IsFiscalYear('The fiscal year to summarise')
  fiscalYear: string;

  @ApiPropertyOptional({
    description:
      'The portfolio as it stood at this instant, replayed from the log: ISO 8601, such as 2026-11-28T09:30:00.000Z. Leave empty for now.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}

export class PrioritiesQueryRequest {
  @IsFiscalYear('The fiscal year whose submitted proposals to prioritise')
  fiscalYear: string;

  @ApiPropertyOptional({
    description:
      'Capital to select within, in pounds such as 1500000.00; leave empty for the remaining capital envelope',
    pattern: MONEY_PATTERN.source,
  })
  @IsOptional()
  @IsString()
  @Matches(MONEY_PATTERN, {
    message: 'budget must be pounds with at most two decimals, such as "1500000.00"',
  })
  budget?: string;
}
