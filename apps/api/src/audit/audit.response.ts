import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class ActorResponse {
  @ApiProperty({ example: 'u-1042' }) id: string;
  @ApiProperty({ example: 'Priya Shah' }) name: string;
}

class MetadataResponse {
  @ApiProperty({ type: ActorResponse }) actor: ActorResponse;
  @ApiProperty({ type: [String], example: ['finance'] }) roles: string[];
  @ApiProperty() correlationId: string;
  @ApiProperty({ nullable: true, type: String }) causationId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) idempotencyKey?: string | null;
}

/** One event of the global log with its place in the hash chain. */
export class LogEventResponse {
  @ApiProperty({ example: 42, description: 'Global log position, from 1, gap-free' })
  position: number;
  @ApiProperty({ example: 'proposal-0192f1e4-8c1a-4e3b-9b6e-2f9c1d7a4b10' }) streamId: string;
  @ApiProperty({ example: 3, description: 'Version within the stream' }) version: number;
  @ApiProperty() eventId: string;
  @ApiProperty({ example: 'ProposalSubmitted' }) type: string;
  @ApiProperty({ example: 1 }) schemaVersion: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
  @ApiProperty({ type: ActorResponse, description: 'Who caused it, from their token' })
  actor: ActorResponse;
  @ApiProperty({ type: [String], description: 'The roles the actor acted under' }) roles: string[];
  @ApiProperty({ example: '2026-11-28T09:30:00.123Z' }) recordedAt: string;
  @ApiProperty() correlationId: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The event or request that caused this one',
  })
  causationId: string | null;
  @ApiProperty({ nullable: true, type: String }) idempotencyKey: string | null;
  @ApiProperty({ type: MetadataResponse, description: 'The metadata exactly as hashed' })
  metadata: MetadataResponse;
  @ApiProperty({ description: 'SHA-256 of the canonical JSON of data' }) dataHash: string;
  @ApiProperty({ description: 'hash of the previous event (64 zeros before position 1)' })
  prevHash: string;
  @ApiProperty({
    description:
      'SHA-256(prevHash + canonical JSON of the envelope with data replaced by dataHash)',
  })
  hash: string;
}

export class LogPageResponse {
  @ApiProperty({ type: [LogEventResponse] }) events: LogEventResponse[];
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Pass as after for the next page; null at the head',
  })
  nextAfter: number | null;
}

export class ProposalHistoryResponse {
  @ApiProperty() proposalId: string;
  @ApiProperty({ type: [LogEventResponse], description: 'In stream order' })
  events: LogEventResponse[];
}

export class ChainIntactResponse {
  @ApiProperty({ enum: [true] }) ok: true;
  @ApiProperty({ description: 'Events verified' }) checked: number;
  @ApiProperty() headPosition: number;
  @ApiProperty() headHash: string;
}

export class ChainBrokenResponse {
  @ApiProperty({ enum: [false] }) ok: false;
  @ApiProperty({ description: 'Events verified before the break' }) checked: number;
  @ApiProperty() firstInvalidPosition: number;
  @ApiProperty({ example: 'data does not match its dataHash (the payload was altered)' })
  reason: string;
}

export class DigestCheckResponse {
  @ApiProperty({ description: 'Whether the log still holds this position with this hash' })
  ok: boolean;
  @ApiProperty() position: number;
  @ApiProperty() hash: string;
  @ApiPropertyOptional({
    enum: ['beyond-head', 'hash-differs', 'position-missing'],
    description:
      'Only when ok is false. beyond-head: the log ends before the position (events were cut off, or it is another log); ' +
      'hash-differs: the position holds another event, so history up to it was rewritten; ' +
      'position-missing: the log goes on past the position but nothing stands at it',
  })
  reason?: 'beyond-head' | 'hash-differs' | 'position-missing';
  @ApiPropertyOptional({
    description: 'With beyond-head and position-missing: the last position the log holds',
    example: 1042,
  })
  headPosition?: number;
  @ApiPropertyOptional({ description: 'With hash-differs: the hash the position holds instead' })
  heldHash?: string;
}

export class DigestResponse {
  @ApiProperty({ example: 1042, description: '0 for an empty log' }) position: number;
  @ApiProperty({ description: 'The hash of the event at that position' }) hash: string;
  @ApiProperty({ nullable: true, type: String, example: '2026-11-28T09:30:00.123Z' }) recordedAt:
    string | null;
}
