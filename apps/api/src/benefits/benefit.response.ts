import { ApiProperty } from '@nestjs/swagger';
import { BENEFIT_TYPES } from '@ledger/domain';

class ForecastLineResponse {
  @ApiProperty({ example: '2027-28' }) fiscalYear: string;
  @ApiProperty({ example: '40000.00' }) amount: string;
}

export class PlannedBenefitResponse {
  @ApiProperty({ example: 'licence-savings' }) key: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: BENEFIT_TYPES }) type: string;
  @ApiProperty() owner: string;
  @ApiProperty() measure: string;
  @ApiProperty({ type: [ForecastLineResponse] }) forecast: ForecastLineResponse[];
}

class BenefitPersonResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

class EvidenceOutcomeResponse {
  @ApiProperty() note: string;
  @ApiProperty({ type: BenefitPersonResponse }) by: BenefitPersonResponse;
  @ApiProperty({ example: '2027-05-02T10:00:00.000Z' }) at: string;
}

export class BenefitEvidenceResponse {
  @ApiProperty() evidenceId: string;
  @ApiProperty({ example: 'licence-savings' }) benefitKey: string;
  @ApiProperty({ enum: BENEFIT_TYPES }) benefitType: string;
  @ApiProperty({ example: '2027-28' }) period: string;
  @ApiProperty({ example: '38000.00' }) amount: string;
  @ApiProperty() evidence: string;
  @ApiProperty({ type: BenefitPersonResponse }) recordedBy: BenefitPersonResponse;
  @ApiProperty() recordedAt: string;
  @ApiProperty({ enum: ['pending', 'validated', 'rejected'] }) status: string;
  @ApiProperty({ type: EvidenceOutcomeResponse, nullable: true })
  outcome: EvidenceOutcomeResponse | null;
}

class BenefitTypeAmountsResponse {
  @ApiProperty({ example: '120000.00' }) cashReleasing: string;
  @ApiProperty({ example: '30000.00' }) nonCashReleasing: string;
  @ApiProperty({ example: '0.00' }) societal: string;
}

class BenefitFiguresResponse {
  @ApiProperty({ type: BenefitTypeAmountsResponse }) forecast: BenefitTypeAmountsResponse;
  @ApiProperty({
    type: BenefitTypeAmountsResponse,
    description: 'Evidence recorded and not rejected (pending or validated)',
  })
  evidenced: BenefitTypeAmountsResponse;
  @ApiProperty({
    type: BenefitTypeAmountsResponse,
    description: "Validated evidence, plus v1's recorded benefits",
  })
  validated: BenefitTypeAmountsResponse;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 0.85,
    description: 'Validated ÷ forecast cash-releasing; null without a cash-releasing forecast',
  })
  realisationRate: number | null;
  @ApiProperty({ description: 'realisationRate below 0.8 (exactly 0.8 is not at risk)' })
  atRisk: boolean;
}

class ProposalBenefitsResponse extends BenefitFiguresResponse {
  @ApiProperty() proposalId: string;
  @ApiProperty() title: string;
  @ApiProperty() department: string;
}

class DepartmentBenefitsResponse extends BenefitFiguresResponse {
  @ApiProperty() department: string;
}

export class PortfolioBenefitsResponse {
  @ApiProperty({ example: '2027-28' }) fiscalYear: string;
  @ApiProperty({ example: '2027-11-28T09:30:00.000Z' }) asOf: string;
  @ApiProperty({ type: BenefitFiguresResponse }) totals: BenefitFiguresResponse;
  @ApiProperty({ type: [ProposalBenefitsResponse] }) byProposal: ProposalBenefitsResponse[];
  @ApiProperty({ type: [DepartmentBenefitsResponse] }) byDepartment: DepartmentBenefitsResponse[];
}
