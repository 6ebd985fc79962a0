import { ApiProperty } from '@nestjs/swagger';

export class WriteResultResponse {
  @ApiProperty({
    description: 'The resource written',
    example: '0192f1e4-8c1a-7e3b-9b6e-2f9c1d7a4b10',
  })
  id: string;
  @ApiProperty({ description: "The resource's new version: send it back as If-Match", example: 3 })
  version: number;
  @ApiProperty({
    description: 'Global log position of the last event this write appended',
    example: 1042,
  })
  position: number;
}
