import { ApiProperty } from '@nestjs/swagger';

/** A line of the forward plan: flat, one notice of a forthcoming key decision and its proposal. */
export class ForwardPlanEntryResponse {
  @ApiProperty({ format: 'date', example: '2027-03-29' }) decisionDue: string;
  @ApiProperty() noticeId: string;
  @ApiProperty({ format: 'date', example: '2027-02-28' }) publishedOn: string;
  @ApiProperty({ example: 'cabinet', description: 'The delegation tier that will decide' })
  decisionMaker: string;
  @ApiProperty() summary: string;
  @ApiProperty() proposalId: string;
  @ApiProperty() title: string;
  @ApiProperty() department: string;
  @ApiProperty({ example: '325000.00' }) wholeLifeCost: string;
  @ApiProperty({
    enum: ['draft', 'submitted', 'returned', 'deferred', 'withdrawn', 'approved', 'rejected'],
  })
  status: string;
}

export class ForwardPlanResponse {
  @ApiProperty({ type: String, nullable: true, format: 'date' }) from: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) to: string | null;
  @ApiProperty({
    type: [ForwardPlanEntryResponse],
    description: 'By decision due date, then publication date, then order of publication',
  })
  items: ForwardPlanEntryResponse[];
}
