import { ApiProperty } from '@nestjs/swagger';
import { PrioritiesResponse } from '../portfolio/portfolio.response';

class PersonRefResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

class ForcedProposalResponse {
  @ApiProperty() proposalId: string;
  @ApiProperty() reason: string;
}

class AdoptionResponse {
  @ApiProperty() reason: string;
  @ApiProperty({ type: String, nullable: true }) meetingRef: string | null;
  @ApiProperty({ type: PersonRefResponse }) adoptedBy: PersonRefResponse;
  @ApiProperty() adoptedAt: string;
  @ApiProperty({ type: String, nullable: true }) supersededAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The scenario adopted in its place' })
  supersededBy: string | null;
}

export class ScenarioSummaryResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: '2026-27' }) fiscalYear: string;
  @ApiProperty({ example: 'Envelope cut by 15%' }) name: string;
  @ApiProperty({ example: '1275000.00' }) budget: string;
  @ApiProperty({ enum: ['created', 'adopted', 'superseded'] }) status: string;
  @ApiProperty({ type: PersonRefResponse }) createdBy: PersonRefResponse;
  @ApiProperty() createdAt: string;
  @ApiProperty({ description: 'The log position the portfolio was evaluated at' })
  evaluationPosition: number;
  @ApiProperty({ type: String, nullable: true }) adoptedAt: string | null;
  @ApiProperty({ description: 'Stream version: send it as If-Match to adopt' }) version: number;
}

export class ScenarioListResponse {
  @ApiProperty({ type: [ScenarioSummaryResponse], description: 'Oldest first' })
  items: ScenarioSummaryResponse[];
}

export class ScenarioResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: '2026-27' }) fiscalYear: string;
  @ApiProperty({ example: 'Envelope cut by 15%' }) name: string;
  @ApiProperty({ example: '1275000.00' }) budget: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { riskReduction: 3 },
    description: "The weights the scenario gave; the others are the policy's",
  })
  weights: Record<string, number>;
  @ApiProperty({ type: [ForcedProposalResponse] }) forceIn: ForcedProposalResponse[];
  @ApiProperty({ type: [ForcedProposalResponse] }) forceOut: ForcedProposalResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'The instant asked for, if any' })
  asOf: string | null;
  @ApiProperty({ description: 'The log position the portfolio was evaluated at' })
  evaluationPosition: number;
  @ApiProperty({ description: 'Log position of the policy in force at the evaluation point' })
  policyVersion: number;
  @ApiProperty({ enum: ['created', 'adopted', 'superseded'] }) status: string;
  @ApiProperty({ type: PersonRefResponse }) createdBy: PersonRefResponse;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: [AdoptionResponse] }) adoptions: AdoptionResponse[];
  @ApiProperty({ description: 'Stream version: send it as If-Match to adopt' }) version: number;
  @ApiProperty({
    type: PrioritiesResponse,
    description: 'At the evaluation point, replayed from the log: reads the same forever',
  })
  result: PrioritiesResponse;
  @ApiProperty({
    type: PrioritiesResponse,
    nullable: true,
    description:
      'The same definition on the portfolio now (forced proposals no longer submitted are dropped); null when it no longer fits',
  })
  currentResult: PrioritiesResponse | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why currentResult is null' })
  currentResultProblem: string | null;
  @ApiProperty({
    type: [String],
    description: 'Proposals whose selection differs between result and currentResult',
  })
  changedSince: string[];
}

class ComparedScenarioResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: '2026-27' }) fiscalYear: string;
  @ApiProperty({ example: '1275000.00' }) budget: string;
  @ApiProperty({ example: '1250000.00' }) totalCapital: string;
  @ApiProperty({ example: 312.5 }) totalScore: number;
  @ApiProperty({ example: '420000.00', description: 'Sum of the selected proposals’ NPVs' })
  totalNpv: string;
  @ApiProperty({
    example: '900000.00',
    description:
      'Cashable savings of the selected proposals over their appraisal years, undiscounted',
  })
  forecastCashableSavings: string;
}

class ComparedProposalResponse {
  @ApiProperty() proposalId: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: [String], description: 'Ids of the scenarios that select it' })
  selectedIn: string[];
}

export class ScenarioComparisonResponse {
  @ApiProperty({ type: [ComparedScenarioResponse] }) scenarios: ComparedScenarioResponse[];
  @ApiProperty({ type: [ComparedProposalResponse] }) proposals: ComparedProposalResponse[];
}
