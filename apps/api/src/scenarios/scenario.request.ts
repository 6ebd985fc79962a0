import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsFiscalYear, MONEY_PATTERN } from '../http/money.validation';

export class ForcedProposalRequest {
  @ApiProperty({ format: 'uuid', example: '0193a1f2-7c4e-7d2a-9b1e-2f3c4d5e6f70' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  proposalId: string;

  @ApiProperty({ example: 'Statutory duty from April; the board wants it in.', maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

const weight = (example: number) => ({ type: Number, minimum: 0, example });

export class ScenarioWeightsRequest {
  @ApiPropertyOptional(weight(1)) @IsOptional() @IsNumber() @Min(0) strategicFit?: number;
  @ApiPropertyOptional(weight(2)) @IsOptional() @IsNumber() @Min(0) valueForMoney?: number;
  @ApiPropertyOptional(weight(1)) @IsOptional() @IsNumber() @Min(0) deliverability?: number;
  @ApiPropertyOptional(weight(3)) @IsOptional() @IsNumber() @Min(0) riskReduction?: number;
  @ApiPropertyOptional(weight(1)) @IsOptional() @IsNumber() @Min(0) serviceImpact?: number;
}

export class CreateScenarioRequest {
  @IsFiscalYear('The fiscal year whose submitted proposals the scenario selects from')
  fiscalYear: string;

  @ApiProperty({ example: 'Envelope cut by 15%', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: '1275000.00', pattern: MONEY_PATTERN.source })
  @IsString()
  @Matches(MONEY_PATTERN, {
    message: 'budget must be pounds with at most two decimals, such as "1275000.00"',
  })
  budget: string;

  @ApiPropertyOptional({
    type: ScenarioWeightsRequest,
    description: "Some or all criteria; the rest keep the policy's weights",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ScenarioWeightsRequest)
  weights?: ScenarioWeightsRequest;

  @ApiPropertyOptional({
    type: [ForcedProposalRequest],
    description:
      'Chosen first, with the statutory proposals (422 forced-exceeds-budget when they do not fit)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ForcedProposalRequest)
  forceIn?: ForcedProposalRequest[];

  @ApiPropertyOptional({
    type: [ForcedProposalRequest],
    description: 'Left out, even when statutory; the reason is recorded',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ForcedProposalRequest)
  forceOut?: ForcedProposalRequest[];

  @ApiPropertyOptional({
    description:
      'Evaluate the portfolio as it stood at this instant (not in the future); without it, at the log position when the scenario is created',
    example: '2026-11-28T09:30:00.000Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}

export class AdoptScenarioRequest {
  @ApiProperty({ example: 'Agreed at the November investment board.', maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;

  @ApiPropertyOptional({ example: 'IB-2026-11', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  meetingRef?: string;
}

export class ListScenariosRequest {
  @IsFiscalYear("Only this fiscal year's scenarios", true)
  fiscalYear?: string;
}

export class CompareScenariosRequest {
  @ApiProperty({
    description: '2 to 6 scenario ids, comma-separated',
    example: '0193a1f2-7c4e-7d2a-9b1e-2f3c4d5e6f70,0193a1f2-7c4e-7d2a-9b1e-2f3c4d5e6f71',
  })
  @IsString()
  @Matches(/^[^,]+(,[^,]+){1,5}$/, { message: 'ids must be 2 to 6 scenario ids, comma-separated' })
  @MaxLength(400)
  ids: string;
}
