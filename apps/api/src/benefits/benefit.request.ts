import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { BENEFIT_TYPES } from '@ledger/domain';
import { IsFiscalYear, IsMoney } from '../http/money.validation';

export class BenefitForecastRequest {
  @IsFiscalYear('The fiscal year the benefit is forecast in')
  fiscalYear: string;

  @IsMoney('The amount forecast for that year', '40000.00')
  amount: string;
}

export class PlannedBenefitRequest {
  @ApiProperty({
    description: 'Unique in the proposal: 1-40 lower-case letters, digits or hyphens',
    example: 'licence-savings',
    pattern: '^[a-z0-9-]{1,40}$',
  })
  @IsString()
  @Matches(/^[a-z0-9-]{1,40}$/, {
    message: 'key must be 1 to 40 lower-case letters, digits or hyphens',
  })
  key: string;

  @ApiProperty({ example: 'Retire the legacy system licences', maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  description: string;

  @ApiProperty({ enum: BENEFIT_TYPES, example: 'cash-releasing' })
  @IsIn(BENEFIT_TYPES)
  type: string;

  @ApiProperty({ example: 'Head of Revenues', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  owner: string;

  @ApiProperty({ example: 'Licence invoices no longer paid', maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  measure: string;

  @ApiProperty({ type: [BenefitForecastRequest] })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => BenefitForecastRequest)
  forecast: BenefitForecastRequest[];
}

export class RecordEvidenceRequest {
  @IsFiscalYear('The fiscal year the benefit was realised in')
  period: string;

  @IsMoney('The amount realised in the period', '38000.00')
  amount: string;

  @ApiProperty({
    description: 'How the amount is known: invoices, budget lines, measurements',
    example: 'Licence contract 4411 ended 31 March; budget line 5120 reduced.',
    maxLength: 5000,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  evidence: string;
}

export class ValidateEvidenceRequest {
  @ApiProperty({ enum: ['validated', 'rejected'], example: 'validated' })
  @IsIn(['validated', 'rejected'])
  outcome: string;

  @ApiProperty({
    description: 'Why; required (not empty) for a rejection',
    example: 'Checked against the creditor ledger.',
    maxLength: 2000,
  })
  @IsString()
  @MaxLength(2000)
  note: string;
}

export class BenefitsQueryRequest {
  @IsFiscalYear('The benefit period: forecast year and evidence period')
  fiscalYear: string;

  @ApiPropertyOptional({
    description:
      'The register as it stood at this instant: ISO 8601, such as 2026-11-28T09:30:00.000Z. Leave empty for now.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}
