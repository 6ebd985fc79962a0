import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNotEmptyObject,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { REVIEW_KINDS } from '@ledger/domain';
import { MONEY_PATTERN } from '../http/money.validation';

export class DelegationTierRequest {
  @ApiProperty({ example: 'investment-board' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @Matches(/^[a-z0-9][a-z0-9-]*$/, {
    message: 'authority must be lower-case words joined by hyphens',
  })
  authority: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '1000000.00',
    description: 'Largest whole-life cost this tier may decide; null for no limit',
  })
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @Matches(MONEY_PATTERN, {
    message: 'upTo must be pounds with at most two decimals, or null for no limit',
  })
  upTo: string | null;
}

export class CriteriaWeightsRequest {
  @ApiProperty({ example: 1 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000)
  strategicFit: number;
  @ApiProperty({ example: 1 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000)
  valueForMoney: number;
  @ApiProperty({ example: 1 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000)
  deliverability: number;
  @ApiProperty({ example: 1 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000)
  riskReduction: number;
  @ApiProperty({ example: 1 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000)
  serviceImpact: number;
}

export class AdoptPolicyRequest {
  @ApiProperty({ type: [DelegationTierRequest] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => DelegationTierRequest)
  delegation: DelegationTierRequest[];

  @ApiProperty({ enum: REVIEW_KINDS, isArray: true, example: ['financial', 'technical'] })
  @IsArray()
  @ArrayMaxSize(5)
  @IsIn(REVIEW_KINDS, { each: true })
  requiredReviewKinds: string[];

  @ApiProperty({ type: CriteriaWeightsRequest })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => CriteriaWeightsRequest)
  criteriaWeights: CriteriaWeightsRequest;

  @ApiPropertyOptional({
    example: '0.035',
    description:
      'Discount rate, 0 <= r < 1, as a decimal string or number (HM Treasury Green Book: 0.035)',
  })
  @IsOptional()
  @Transform(({ value }) =>
    typeof value === 'number' && Number.isFinite(value) ? String(value) : value,
  )
  @IsString({ message: 'discountRate must be a decimal such as "0.035"' })
  @Matches(/^(0(\.\d{1,10})?|0?\.\d{1,10})$/, {
    message: 'discountRate must be a decimal from 0 to below 1, such as "0.035"',
  })
  discountRate?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    // null: the example policy keeps v1's single stage, so the examples after it still submit.
    example: null,
    description:
      'Whole-life cost (e.g. "500000.00") above which a proposal goes through SOC, OBC and FBC (each gate approved by the board) instead of one BJC; null or absent: off',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @Matches(MONEY_PATTERN, {
    message: 'fullBusinessCaseAbove must be pounds with at most two decimals, or null for off',
  })
  fullBusinessCaseAbove?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    // The example keeps the rule off, so trying the example does not change what decisions need.
    example: null,
    description:
      'Whole-life cost at or above which deciding is a key decision (28 clear days of notice); null or absent: no key decisions',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @Matches(MONEY_PATTERN, {
    message: 'keyDecisionThreshold must be pounds with at most two decimals, or null',
  })
  keyDecisionThreshold?: string | null;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 1,
    maximum: 730,
    example: null,
    description:
      'Split-spend checks, such as 90: proposals of one department and category drafted within this many days of each other (or of one programme) count together. Null (the default): off',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(730)
  splitSpendWindowDays?: number | null;

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description:
      'Refuse an approval whose first-year revenue cost does not fit the remaining revenue envelope (422 revenue-envelope-exceeded)',
  })
  @IsOptional()
  @IsBoolean()
  enforceRevenueEnvelope?: boolean;
}
