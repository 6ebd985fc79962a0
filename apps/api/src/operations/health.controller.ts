import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../auth/access.decorators';
import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import {
  LEDGER_CONFIG,
  LEDGER_DATABASE,
  type LedgerConfig,
  type LedgerDatabase,
} from '@ledger/platform';
import { Projector } from '@ledger/read-models';

class ProjectionHealth {
  @ApiProperty({ example: 'proposal-register' }) name: string;
  @ApiProperty({ example: 1234 }) position: number;
  @ApiProperty({ example: 0, description: 'Events in the log not yet applied' }) lagEvents: number;
  @ApiProperty({ nullable: true, description: 'Position of the event it stopped on, if it failed' })
  failedPosition: number | null;
  @ApiProperty({ nullable: true }) error: string | null;
}

class HealthStatus {
  @ApiProperty({
    enum: ['ok', 'degraded', 'unavailable'],
    description: 'degraded: a projection stopped on an event it could not apply',
  })
  status: 'ok' | 'degraded' | 'unavailable';
  @ApiProperty({ example: 'sqlite', enum: ['sqlite', 'postgres'] }) database: string;
  @ApiProperty({ example: true }) databaseReachable: boolean;
  @ApiProperty({
    example: 1234,
    nullable: true,
    description: 'Global position of the last event in the log',
  })
  headPosition: number | null;
  @ApiProperty({ type: [ProjectionHealth] }) projections: ProjectionHealth[];
  @ApiProperty({ example: 'in-process', enum: ['in-process', 'off'] }) projector: string;
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
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly projector: Projector,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness and readiness: the database is reachable' })
  @ApiOkResponse({ type: HealthStatus })
  @ApiServiceUnavailableResponse({ type: HealthStatus })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthStatus> {
    let headPosition: number | null = null;
    let databaseReachable = true;
    let projections: ProjectionHealth[] = [];
    try {
      headPosition = (await this.eventStore.readHead()).position;
      projections = (await this.projector.currentPositions()).map((status) => ({
        name: status.name,
        position: status.position,
        lagEvents: Math.max((headPosition ?? 0) - status.position, 0),
        failedPosition: status.failedPosition,
        error: status.error,
      }));
    } catch {
      databaseReachable = false;
    }
    if (!databaseReachable) void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    const failed = projections.some((projection) => projection.failedPosition !== null);
    return {
      status: !databaseReachable ? 'unavailable' : failed ? 'degraded' : 'ok',
      projections,
      projector: this.config.projector,
      database: this.database.kind,
      databaseReachable,
      headPosition,
      uptimeSeconds: Math.round(process.uptime() * 10) / 10,
    };
  }
}
