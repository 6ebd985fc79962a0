import { ApiProperty } from '@nestjs/swagger';
import { CriteriaWeightsRequest, DelegationTierRequest } from './policy.request';

export class PolicyResponse {
  @ApiProperty({
    description: 'Log position of the PolicyAdopted in force; 0 for the default policy',
  })
  version: number;
  @ApiProperty({
    description:
      'How many policies have been adopted (0 for the default policy): the ETag, and what PUT /policy takes as If-Match',
  })
  revision: number;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-28T09:30:00.123Z' })
  adoptedAt: string | null;
  @ApiProperty({ type: [DelegationTierRequest] }) delegation: DelegationTierRequest[];
  @ApiProperty({ type: [String] }) requiredReviewKinds: string[];
  @ApiProperty({ type: CriteriaWeightsRequest }) criteriaWeights: CriteriaWeightsRequest;
  @ApiProperty({ example: '0.035' }) discountRate: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'Whole-life cost above which proposals go through SOC, OBC and FBC; null: off',
  })
  fullBusinessCaseAbove: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'Whole-life cost at or above which deciding is a key decision; null: none',
  })
  keyDecisionThreshold: string | null;
  @ApiProperty({ type: 'integer', nullable: true, example: null }) splitSpendWindowDays:
    number | null;
  @ApiProperty({
    type: Boolean,
    example: false,
    description:
      "Whether an approval's first-year revenue cost must fit the remaining revenue envelope",
  })
  enforceRevenueEnvelope: boolean;
}
