import { ApiProperty } from '@nestjs/swagger';

class CommitmentResponse {
  @ApiProperty({ example: '0192f1e4-8c1a-4e3b-9b6e-2f9c1d7a4b10' }) proposalId: string;
  @ApiProperty({ example: '250000.00' }) amount: string;
  @ApiProperty({ example: '2026-11-28T09:30:00.123Z' }) committedAt: string;
}

export class BudgetResponse {
  @ApiProperty({ example: '2026-27' }) fiscalYear: string;
  @ApiProperty({ type: String, nullable: true, example: '2000000.00' }) capitalEnvelope:
    string | null;
  @ApiProperty({ type: String, nullable: true, example: '500000.00' }) revenueEnvelope:
    string | null;
  @ApiProperty({ example: '250000.00' }) committedCapital: string;
  @ApiProperty({ type: String, nullable: true, example: '1750000.00' }) remainingCapital:
    string | null;
  @ApiProperty({ type: [CommitmentResponse] }) commitments: CommitmentResponse[];
  @ApiProperty({ type: String, nullable: true, example: '2026-11-28T09:30:00.123Z' }) setAt:
    string | null;
  @ApiProperty({
    example: 3,
    description: "The budget stream's version (0 before an envelope is set): send it as If-Match",
  })
  version: number;
}
