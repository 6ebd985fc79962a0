import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { EXPORT_FORMATS, type ExportFormat } from '@ledger/event-store';

// Beyond this a PostgreSQL bigint comparison would fail with a 500 instead of a clear 400.
const MAX_POSITION = Number.MAX_SAFE_INTEGER;

export class LogPageQuery {
  @ApiPropertyOptional({
    description: 'Events after this global position (exclusive)',
    minimum: 0,
    default: 0,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_POSITION)
  after?: number;

  @ApiPropertyOptional({ description: 'Events per page', minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class VerifyQuery {
  @ApiPropertyOptional({
    description: 'Position of a digest taken earlier (with hash)',
    minimum: 1,
  })
  @ValidateIf((query: VerifyQuery) => query.position !== undefined || query.hash !== undefined)
  @IsDefined({ message: 'position is required when hash is given' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_POSITION)
  position?: number;

  @ApiPropertyOptional({
    description: 'Hash of that digest (with position)',
    pattern: '^[0-9a-f]{64}$',
  })
  @ValidateIf((query: VerifyQuery) => query.position !== undefined || query.hash !== undefined)
  @IsDefined({ message: 'hash is required when position is given' })
  @IsString()
  @Matches(/^[0-9a-f]{64}$/, { message: 'hash must be 64 lowercase hex characters' })
  hash?: string;
}

export class ExportQuery {
  @ApiPropertyOptional({
    enum: EXPORT_FORMATS,
    default: 'jsonl',
    description: 'jsonl: raw envelopes, verifiable offline; csv: a flattened view',
  })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;

  @ApiPropertyOptional({
    description: 'Export the events after this position (exclusive)',
    minimum: 0,
    default: 0,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_POSITION)
  after?: number;
}
