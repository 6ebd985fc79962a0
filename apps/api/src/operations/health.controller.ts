import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../auth/access.decorators';
import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { LEDGER_DATABASE, type LedgerDatabase } from '@ledger/platform';

class HealthStatus {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status: 'ok' | 'unavailable';
  @ApiProperty({ example: 'sqlite', enum: ['sqlite', 'postgres'] }) database: string;
  @ApiProperty({ example: true }) databaseReachable: boolean;
  @ApiProperty({ example: 1234, nullable: true, description: 'Global position of the last event in the log' })
  headPosition: number | null;
  @ApiProperty({ example: 12.5 }) uptimeSeconds: number;
}

@ApiTags('operations')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(LEDGER_DATABASE) private readonly database: LedgerDatabase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness and readiness: the database is reachable' })
  @ApiOkResponse({ type: HealthStatus })
  @ApiServiceUnavailableResponse({ type: HealthStatus })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthStatus> {
    let headPosition: number | null = null;
    let databaseReachable = true;
    try {
      headPosition = (await this.eventStore.readHead()).position;
    } catch {
      databaseReachable = false;
    }
    if (!databaseReachable) void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status: databaseReachable ? 'ok' : 'unavailable',
      database: this.database.kind,
      databaseReachable,
      headPosition,
      uptimeSeconds: Math.round(process.uptime() * 10) / 10,
    };
  }
}
