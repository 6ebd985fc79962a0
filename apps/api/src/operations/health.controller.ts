import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../auth/access.decorators';
import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiServiceUnavailableResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import {
  LEDGER_CONFIG,
  LEDGER_DATABASE,
  checkHealth,
  checkReadiness,
  readinessAnswer,
  type HealthSources,
  type LedgerConfig,
  type LedgerDatabase,
} from '@ledger/platform';
import { Projector } from '@ledger/read-models';
import { PROBLEM_BASE } from '../problems/problem-details';

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

class LivenessStatus {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
  @ApiProperty({ example: 12.5 }) uptimeSeconds: number;
}

class ReadinessFigures {
  @ApiProperty({ example: true }) databaseReachable: boolean;
  @ApiProperty({ example: 1234, nullable: true, type: Number }) headPosition: number | null;
  @ApiProperty({
    example: 1000,
    nullable: true,
    type: Number,
    description:
      'LEDGER_READY_MAX_LAG; null when this process runs no projections (LEDGER_PROJECTOR=off)',
  })
  maxLagEvents: number | null;
  @ApiProperty({ type: [ProjectionHealth] }) projections: ProjectionHealth[];
}

class ReadinessStatus extends ReadinessFigures {
  @ApiProperty({ enum: ['ready'] }) status: 'ready';
}

class NotReadyProblem extends ReadinessFigures {
  @ApiProperty({ example: `${PROBLEM_BASE}not-ready` }) type: string;
  @ApiProperty({ example: 'Not ready' }) title: string;
  @ApiProperty({ example: 503 }) status: number;
  @ApiProperty({
    example:
      'Projections trail the log by more than the 1000 events allowed (LEDGER_READY_MAX_LAG): proposal-register by 5000.',
  })
  detail: string;
  @ApiProperty({
    enum: ['database-unreachable', 'projection-lag'],
    isArray: true,
    description: 'Why this process should not be sent requests now',
  })
  reasons: string[];
}

@ApiTags('operations')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  private readonly sources: HealthSources;

  constructor(
    @Inject(EVENT_STORE) eventStore: EventStore,
    @Inject(LEDGER_DATABASE) private readonly database: LedgerDatabase,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    projector: Projector,
  ) {
    this.sources = { eventStore, projections: () => projector.currentPositions() };
  }

  @Get()
  @ApiOperation({
    operationId: 'readHealth',
    summary: 'Everything at once: database reachable, head of the log, each projection',
    description:
      'Answers 200 while the database is reachable, also when a projection has stopped (status degraded); 503 when it is not.',
  })
  @ApiOkResponse({ type: HealthStatus })
  @ApiServiceUnavailableResponse({ type: HealthStatus, description: 'The database is unreachable' })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthStatus> {
    const health = await checkHealth(this.sources);
    if (!health.databaseReachable) void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status: health.status,
      projections: [...health.projections],
      projector: this.config.projector,
      database: this.database.kind,
      databaseReachable: health.databaseReachable,
      headPosition: health.headPosition,
      uptimeSeconds: uptimeSeconds(),
    };
  }

  @Get('live')
  @ApiOperation({
    operationId: 'checkLiveness',
    summary: 'Liveness: the process answers (never asks the database)',
    description:
      'For an orchestrator deciding whether to restart the process: a database outage is not a reason to.',
  })
  @ApiOkResponse({ type: LivenessStatus })
  live(): LivenessStatus {
    return { status: 'ok', uptimeSeconds: uptimeSeconds() };
  }

  @Get('ready')
  @ApiOperation({
    operationId: 'checkReadiness',
    summary: 'Readiness: the database answers and the projections are within LEDGER_READY_MAX_LAG',
    description:
      'For a load balancer deciding whether to send this process requests. 503 problem+json names the reasons. ' +
      'With LEDGER_PROJECTOR=off the projections belong to the projector process, whose own /health/ready judges their lag.',
  })
  @ApiOkResponse({ type: ReadinessStatus })
  @ApiExtraModels(NotReadyProblem)
  @ApiServiceUnavailableResponse({
    description:
      'The database is unreachable or a projection trails by more than LEDGER_READY_MAX_LAG events',
    content: {
      'application/problem+json': { schema: { $ref: getSchemaPath(NotReadyProblem) } },
    },
  })
  async ready(
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReadinessStatus | NotReadyProblem> {
    const readiness = await checkReadiness(this.sources, {
      maxLagEvents: this.config.readyMaxLagEvents,
      runsProjections: this.config.projector === 'in-process',
    });
    const answer = readinessAnswer(readiness, `${PROBLEM_BASE}not-ready`);
    void reply.status(answer.statusCode).header('Content-Type', answer.contentType);
    return answer.body as ReadinessStatus | NotReadyProblem;
  }
}

function uptimeSeconds(): number {
  return Math.round(process.uptime() * 10) / 10;
}
