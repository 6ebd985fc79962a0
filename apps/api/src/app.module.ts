import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { LedgerDatabaseModule, type LedgerConfig } from '@ledger/platform';
import { HealthController } from './operations/health.controller';
import { MetricsController } from './operations/metrics.controller';

const controllers = [HealthController, MetricsController];

@Module({})
export class AppModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: (request) => request.headers['x-request-id'] as string,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            autoLogging: { ignore: (request) => request.url === '/health' || request.url === '/metrics' },
          },
        }),
        LedgerDatabaseModule.forRoot(config),
      ],
      controllers,
    };
  }
}
