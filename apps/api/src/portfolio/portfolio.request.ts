import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsISO8601,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
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

  @ApiPropertyOptional({
    description:
      'The portfolio, policy and envelope as they stood at this instant, replayed from the log: ISO 8601. Leave empty for now.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;

  @ApiPropertyOptional({
    description:
      "Criterion weights to score with instead of the policy's, as criterion:weight,… such as riskReduction:3,valueForMoney:2; criteria left out keep the policy's weight",
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  weights?: string;
}

export class FrontierQueryRequest {
  @IsFiscalYear('The fiscal year whose submitted proposals to select from')
  fiscalYear: string;

  @ApiPropertyOptional({
    description:
      'The lowest budget, in pounds; leave empty for the capital of the statutory proposals',
    pattern: MONEY_PATTERN.source,
  })
  @IsOptional()
  @IsString()
  @Matches(MONEY_PATTERN, { message: 'from must be pounds with at most two decimals' })
  from?: string;

  @ApiPropertyOptional({
    description: 'The highest budget, in pounds; leave empty for the capital of every proposal',
    pattern: MONEY_PATTERN.source,
  })
  @IsOptional()
  @IsString()
  @Matches(MONEY_PATTERN, { message: 'to must be pounds with at most two decimals' })
  to?: string;

  @ApiPropertyOptional({
    minimum: 2,
    maximum: 100,
    default: 20,
    description: 'Points on the frontier',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(100)
  steps?: number;
}
