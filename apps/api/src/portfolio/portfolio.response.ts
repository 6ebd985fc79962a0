import { ApiProperty } from '@nestjs/swagger';
import { CRITERIA } from '@ledger/domain';
import { ProposalSummaryResponse, ScoreBreakdownResponse } from '../proposals/proposal.response';

class EnvelopeResponse {
  @ApiProperty({ type: String, nullable: true, example: '2000000.00' }) capital: string | null;
  @ApiProperty({ type: String, nullable: true, example: '500000.00' }) revenue: string | null;
}

class PortfolioFiguresResponse {
  @ApiProperty({ example: 3 }) count: number;
  @ApiProperty({ example: '750000.00', description: 'Capital of proposals put to the board' })
  requestedCapital: string;
  @ApiProperty({ example: '250000.00' }) approvedCapital: string;
  @ApiProperty({ example: '40000.00', description: 'Yearly cashable savings of approved ones' })
  expectedAnnualSavings: string;
  @ApiProperty({ example: '10000.00' }) expectedAnnualNonCashableBenefits: string;
  @ApiProperty({ example: '38000.00' }) realisedSavings: string;
  @ApiProperty({ example: '9000.00' }) realisedNonCashableBenefits: string;
}

class DepartmentFiguresResponse extends PortfolioFiguresResponse {
  @ApiProperty({ example: 'Finance and Revenues' }) department: string;
}

class StatusFiguresResponse extends PortfolioFiguresResponse {
  @ApiProperty({ example: 'approved' }) status: string;
}

export class PortfolioSummaryResponse {
  @ApiProperty({ example: '2026-27' }) fiscalYear: string;
  @ApiProperty({
    example: '2026-11-28T09:30:00.123Z',
    description: 'The instant the figures stand at: asOf when given, else when it was read',
  })
  asOf: string;
  @ApiProperty({ type: EnvelopeResponse }) envelope: EnvelopeResponse;
  @ApiProperty({ example: '250000.00' }) committedCapital: string;
  @ApiProperty({ example: '250000.00' }) approvedCapital: string;
  @ApiProperty({ type: String, nullable: true, example: '1750000.00' }) remainingCapital:
    string | null;
  @ApiProperty({ example: '750000.00' }) requestedCapital: string;
  @ApiProperty({ example: '40000.00' }) expectedAnnualSavings: string;
  @ApiProperty({ example: '10000.00' }) expectedAnnualNonCashableBenefits: string;
  @ApiProperty({
    example: '38000.00',
    description:
      "Validated cash-releasing benefits of the year's proposals plus v1's recorded cashable savings; pending evidence does not count",
  })
  realisedSavings: string;
  @ApiProperty({ example: '9000.00' }) realisedNonCashableBenefits: string;
  @ApiProperty({ example: 4 }) proposalCount: number;
  @ApiProperty({ type: [DepartmentFiguresResponse] }) byDepartment: DepartmentFiguresResponse[];
  @ApiProperty({ type: [StatusFiguresResponse] }) byStatus: StatusFiguresResponse[];
  @ApiProperty({
    example: '45000.00',
    description:
      'Yearly running costs of approved proposals that run in this year (their fiscal year and the appraisal years after it)',
  })
  approvedRevenue: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '455000.00',
    description: 'Revenue envelope less approvedRevenue; null when no envelope is set',
  })
  remainingRevenue: string | null;
}

class RankingExplanationResponse {
  @ApiProperty({ type: ScoreBreakdownResponse, description: 'Under the weights used' })
  scoreBreakdown: ScoreBreakdownResponse;
  @ApiProperty({ example: 2, description: "Its rank under the policy's own weights" })
  rankUnderPolicy: number;
  @ApiProperty({
    example: 'needs 250,000.00; 120,000.00 remains',
    description:
      'Why it is in or out: statutory, forced in or out, "needs …; … remains", or "a higher total score fits without it"',
  })
  reason: string;
}

class RankedProposalResponse extends ProposalSummaryResponse {
  @ApiProperty({ example: 1 }) rank: number;
  @ApiProperty({ description: 'In the optimal selection' }) selected: boolean;
  @ApiProperty({ type: RankingExplanationResponse }) explanation: RankingExplanationResponse;
}

class WeightsResponse {
  @ApiProperty({ example: 1 }) strategicFit: number;
  @ApiProperty({ example: 1 }) valueForMoney: number;
  @ApiProperty({ example: 1 }) deliverability: number;
  @ApiProperty({ example: 3 }) riskReduction: number;
  @ApiProperty({ example: 1 }) serviceImpact: number;
}

export class SelectionResponse {
  @ApiProperty({ type: [String], description: 'Ids of the chosen proposals' }) proposals: string[];
  @ApiProperty({ example: '1450000.00' }) totalCapital: string;
  @ApiProperty({ example: 312.5 }) totalScore: number;
  @ApiProperty({ example: '200000.00' }) statutoryCapital: string;
  @ApiProperty({ enum: [true], description: 'Always true: the solver proved the optimum' })
  optimal: true;
}

export class PrioritiesResponse {
  @ApiProperty({ example: '2026-27' }) fiscalYear: string;
  @ApiProperty({ example: '1500000.00' }) budget: string;
  @ApiProperty({
    enum: ['requested', 'remaining-envelope', 'scenario'],
    description:
      "Whether budget came from the query, the remaining capital envelope or a scenario's definition",
  })
  budgetSource: string;
  @ApiProperty({ description: 'Log position of the policy whose weights scored the proposals' })
  policyVersion: number;
  @ApiProperty({ type: [RankedProposalResponse], description: 'By weighted score, highest first' })
  ranking: RankedProposalResponse[];
  @ApiProperty({ type: SelectionResponse }) selection: SelectionResponse;
  @ApiProperty({ type: [String], description: 'Ids of submitted proposals not chosen' })
  excluded: string[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The instant the portfolio was replayed at; null for now',
  })
  asOf: string | null;
  @ApiProperty({
    type: WeightsResponse,
    description: `The weights the scores used (criteria: ${CRITERIA.join(', ')})`,
  })
  weights: WeightsResponse;
}

class FrontierPointResponse {
  @ApiProperty({ example: '1000000.00' }) budget: string;
  @ApiProperty({ description: 'False when the statutory proposals alone exceed this budget' })
  feasible: boolean;
  @ApiProperty({ type: Number, nullable: true, example: 312.5 }) totalScore: number | null;
  @ApiProperty({ type: String, nullable: true, example: '980000.00' }) totalCapital: string | null;
  @ApiProperty({ type: [String], description: 'The optimal selection at this budget' })
  proposals: string[];
}

export class FrontierResponse {
  @ApiProperty({ example: '2026-27' }) fiscalYear: string;
  @ApiProperty({ description: 'Log position of the policy whose weights scored the proposals' })
  policyVersion: number;
  @ApiProperty({ type: [FrontierPointResponse], description: 'From the lowest budget up' })
  points: FrontierPointResponse[];
}
