import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../auth/access.decorators';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { LedgerMetrics } from '@ledger/platform';

@ApiTags('operations')
@Public()
@SkipThrottle()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: LedgerMetrics) {}

  @Get()
  @ApiOperation({
    operationId: 'readMetrics',
    summary: 'Prometheus metrics: appends, append latency, projection lag, HTTP latency, process',
    description:
      "The ledger's own series start with ledger_; the standard Node.js process series (process_cpu_seconds_total, nodejs_*) keep their usual names.",
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', schema: { type: 'string' } })
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
