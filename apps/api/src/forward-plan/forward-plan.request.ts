import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export class ForwardPlanQueryRequest {
  @ApiPropertyOptional({
    format: 'date',
    description:
      'Decisions due on or after this date, such as 2027-01-01; leave empty for no lower bound',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be a date such as "2027-01-01"' })
  @Matches(DATE_ONLY, { message: 'from must be a date such as "2027-01-01"' })
  from?: string;

  @ApiPropertyOptional({
    format: 'date',
    description:
      'Decisions due on or before this date, such as 2027-03-31; leave empty for no upper bound',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be a date such as "2027-03-31"' })
  @Matches(DATE_ONLY, { message: 'to must be a date such as "2027-03-31"' })
  to?: string;
}
