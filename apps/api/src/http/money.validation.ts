import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';

export const MONEY_PATTERN = /^(0|[1-9]\d{0,11})(\.\d{1,2})?$/;
export const FISCAL_YEAR_PATTERN = /^\d{4}-\d{2}$/;

/**
 * Pounds sterling as a decimal string, at most two decimals, never a float. Optional fields carry no
 * example: Swagger UI's "Try it out" would send it, and as a filter it would narrow the answer.
 */
export function IsMoney(description: string, example = '125000.00', optional = false) {
  const doc = {
    type: String,
    description: `${description} (pounds, a decimal string with at most two decimals)`,
    ...(optional ? {} : { example }),
    pattern: MONEY_PATTERN.source,
  };
  return applyDecorators(
    ...(optional ? [IsOptional(), ApiPropertyOptional(doc)] : [ApiProperty(doc)]),
    IsString({ message: '$property must be a decimal string of pounds, such as "125000.00"' }),
    Matches(MONEY_PATTERN, {
      message:
        '$property must be pounds with at most two decimals, from "0" to "999999999999.99", such as "125000.00"',
    }),
  );
}

export function IsFiscalYear(description: string, optional = false) {
  const doc = {
    type: String,
    description: `${description} (UK April-March year, "2026-27")`,
    ...(optional ? {} : { example: '2026-27' }),
    pattern: FISCAL_YEAR_PATTERN.source,
  };
  return applyDecorators(
    ...(optional ? [IsOptional(), ApiPropertyOptional(doc)] : [ApiProperty(doc)]),
    IsString({ message: '$property must be a fiscal year such as "2026-27"' }),
    Matches(FISCAL_YEAR_PATTERN, { message: '$property must be a fiscal year such as "2026-27"' }),
  );
}
