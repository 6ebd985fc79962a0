import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class DemoPersonResponse {
  @ApiProperty({ example: 'mark.bennett' }) id: string;
  @ApiProperty({ example: 'Mark Bennett' }) name: string;
  @ApiProperty({ type: [String], example: ['board'] }) roles: string[];
  @ApiProperty({ type: [String], example: ['investment-board'] }) authorities: string[];
  @ApiProperty() description: string;
}

/** How a person signs in to this ledger; which fields are present depends on `mode`. */
export class SignInOptionsResponse {
  @ApiProperty({ enum: ['demo', 'oidc', 'unavailable'] }) mode: 'demo' | 'oidc' | 'unavailable';
  @ApiPropertyOptional({ type: [DemoPersonResponse], description: 'mode demo' })
  demoPeople?: DemoPersonResponse[];
  @ApiPropertyOptional({ description: 'mode oidc: the OpenID Connect issuer' }) issuer?: string;
  @ApiPropertyOptional({ description: 'mode oidc: the web app’s client id' }) clientId?: string;
  @ApiPropertyOptional({ example: 'openid profile', description: 'mode oidc' }) scopes?: string;
  @ApiPropertyOptional({ description: 'mode unavailable: what an operator must configure' })
  reason?: string;
}

export class DemoSessionResponse {
  @ApiProperty({ description: 'A bearer token for the demo person' }) accessToken: string;
  @ApiProperty({ example: '2026-12-02T10:30:00.000Z' }) expiresAt: string;
  @ApiProperty({ type: DemoPersonResponse }) person: DemoPersonResponse;
}
