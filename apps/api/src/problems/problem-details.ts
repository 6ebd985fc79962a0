import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const PROBLEM_BASE = 'https://ledger.example/problems/';

export class FieldError {
  @ApiProperty({ example: 'capitalCost' }) field: string;
  @ApiProperty({ example: 'must be a decimal amount in pounds with at most two decimals' })
  message: string;
}

/** RFC 9457 problem details, the body of every error response. */
export class ProblemDetails {
  @ApiProperty({ example: `${PROBLEM_BASE}validation-failed` }) type: string;
  @ApiProperty({ example: 'The request is not valid' }) title: string;
  @ApiProperty({ example: 400 }) status: number;
  @ApiProperty({
    example: 'capitalCost must be a decimal amount in pounds with at most two decimals',
  })
  detail: string;
  @ApiPropertyOptional({ type: [FieldError] }) errors?: FieldError[];
}

export function problem(
  status: number,
  code: string,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
): ProblemDetails & Record<string, unknown> {
  return { type: `${PROBLEM_BASE}${code}`, title, status, detail, ...extra };
}
