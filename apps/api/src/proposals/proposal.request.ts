import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNotEmptyObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CATEGORIES, RECOMMENDATIONS, REVIEW_KINDS } from '@ledger/domain';
import { IsFiscalYear, IsMoney } from '../http/money.validation';

export class DraftProposalRequest {
  @ApiProperty({ example: 'Replace the revenues and benefits system', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiProperty({ example: 'The current system is out of support in March 2028.', maxLength: 5000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  summary: string;

  @ApiProperty({ example: 'Finance and Revenues', maxLength: 120 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  department: string;

  @ApiProperty({ enum: CATEGORIES, example: 'digital-service' })
  @IsIn(CATEGORIES)
  category: string;

  @IsFiscalYear('The fiscal year the capital is needed in')
  fiscalYear: string;

  @IsMoney('One-off capital cost')
  capitalCost: string;

  @IsMoney('Yearly running cost', '15000.00')
  annualRevenueCost: string;

  @IsMoney('Yearly cashable saving', '40000.00')
  annualCashableSaving: string;

  @IsMoney('Yearly non-cashable benefit, valued in pounds', '10000.00')
  annualNonCashableBenefit: string;

  @ApiProperty({ minimum: 1, maximum: 15, example: 5 })
  @IsInt()
  @Min(1)
  @Max(15)
  appraisalYears: number;

  @ApiProperty({
    description: 'Required by law or regulation: always funded first',
    example: false,
  })
  @IsBoolean()
  statutory: boolean;

  @ApiPropertyOptional({ example: 'Data migration may overrun.', maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  risks?: string;

  @ApiPropertyOptional({ type: [String], example: ['Digital by default'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  strategicObjectives?: string[];
}

export class AmendProposalRequest extends PartialType(DraftProposalRequest) {}

export class ReviewScoresRequest {
  @ApiProperty({ minimum: 0, maximum: 5 }) @IsInt() @Min(0) @Max(5) strategicFit: number;
  @ApiProperty({ minimum: 0, maximum: 5 }) @IsInt() @Min(0) @Max(5) valueForMoney: number;
  @ApiProperty({ minimum: 0, maximum: 5 }) @IsInt() @Min(0) @Max(5) deliverability: number;
  @ApiProperty({ minimum: 0, maximum: 5 }) @IsInt() @Min(0) @Max(5) riskReduction: number;
  @ApiProperty({ minimum: 0, maximum: 5 }) @IsInt() @Min(0) @Max(5) serviceImpact: number;
}

export class RecordReviewRequest {
  @ApiProperty({ enum: REVIEW_KINDS, example: 'financial' })
  @IsIn(REVIEW_KINDS)
  kind: string;

  @ApiProperty({ type: ReviewScoresRequest })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => ReviewScoresRequest)
  scores: ReviewScoresRequest;

  @ApiProperty({ enum: RECOMMENDATIONS, example: 'support' })
  @IsIn(RECOMMENDATIONS)
  recommendation: string;

  @ApiProperty({
    example: 'Savings are credible; revenue costs checked with the supplier.',
    maxLength: 5000,
  })
  @IsString()
  @MaxLength(5000)
  comments: string;
}

export class DeclareConflictRequest {
  @ApiProperty({ example: 'My spouse works for a bidding supplier.', maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  statement: string;
}

export class ReasonRequest {
  @ApiProperty({ example: 'The options appraisal needs a do-minimum option.', maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

export class DecideProposalRequest {
  @ApiProperty({ enum: ['approved', 'rejected', 'deferred'] })
  @IsIn(['approved', 'rejected', 'deferred'])
  outcome: 'approved' | 'rejected' | 'deferred';

  @ApiProperty({
    description: 'The delegation tier decided under; must be in your token',
    example: 'investment-board',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  authority: string;

  @ApiProperty({ example: 'Strong invest-to-save case.', maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;

  @IsMoney('For approval: the capital approved, at most the capital cost', '250000.00', true)
  approvedAmount?: string;

  @ApiPropertyOptional({ type: [String], description: 'For approval: conditions attached' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(1000, { each: true })
  conditions?: string[];

  @ApiPropertyOptional({
    description: 'For deferral: the date to look at it again',
    example: '2027-01-15',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  deferredUntil?: string;

  @ApiPropertyOptional({ example: 'IB-2026-11', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  meetingRef?: string;
}

export class RecordBenefitsRequest {
  @IsFiscalYear('The fiscal year the benefits were realised in')
  period: string;

  @IsMoney('Cashable saving realised in the period', '38000.00')
  cashableSaving: string;

  @IsMoney('Non-cashable benefit realised in the period', '9000.00')
  nonCashableBenefit: string;

  @ApiProperty({ example: 'Two posts released; licence costs down.', maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  note: string;
}

export class ProposalPointInTimeQuery {
  @ApiPropertyOptional({
    description: 'Show the proposal as it stood at this instant (ISO 8601)',
    example: '2026-11-28T09:30:00.000Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;

  @ApiPropertyOptional({
    description: 'Show the proposal as it stood after this global log position',
    example: 1042,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  atPosition?: number;
}

export class ListProposalsRequest {
  @ApiPropertyOptional({
    enum: ['draft', 'submitted', 'returned', 'deferred', 'withdrawn', 'approved', 'rejected'],
  })
  @IsOptional()
  @IsIn(['draft', 'submitted', 'returned', 'deferred', 'withdrawn', 'approved', 'rejected'])
  status?: string;

  @ApiPropertyOptional({ example: 'Finance and Revenues' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  department?: string;

  @IsFiscalYear('Only proposals of this fiscal year', true)
  fiscalYear?: string;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: string;

  @ApiPropertyOptional({
    type: Boolean,
    description:
      'true: only proposals that could be approved now (submitted, nothing blocking); false: all the others',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'ready must be true or false' })
  ready?: boolean;

  // 200: a board pack lists every proposal awaiting decision, with its readiness, in one request.
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
