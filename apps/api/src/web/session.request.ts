import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class DemoSessionRequest {
  @ApiProperty({
    example: 'mark.bennett',
    description: 'One of the demo people listed by GET /session',
  })
  @IsString()
  @MaxLength(100)
  personId: string;
}
