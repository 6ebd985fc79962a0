import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { LedgerThrottlerGuard } from './http/throttler.guard';
import { SlidingWindowThrottlerStorage } from './http/throttler.storage';
import { LoggerModule } from 'nestjs-pino';
import { SqliteEventStore } from '@ledger/event-store';
import { LedgerModule } from '@ledger/ledger';
import {
  AccessTokens,
  IdempotencyStore,
  LEDGER_DATABASE,
  LedgerDatabaseModule,
  ReadSideModule,
  type LedgerConfig,
  type LedgerDatabase,
} from '@ledger/platform';
import { AuditModule } from './audit/audit.module';
import { AuthGuard } from './auth/auth.guard';
import { BudgetsController } from './budgets/budgets.controller';
import { LedgerRequestInterceptor } from './http/ledger-request.interceptor';
import { HealthController } from './operations/health.controller';
import { IdempotencyPurge } from './operations/idempotency-purge';
import { MetricsController } from './operations/metrics.controller';
import { BenefitsController } from './benefits/benefits.controller';
import { PolicyController } from './policy/policy.controller';
import { PortfolioController } from './portfolio/portfolio.controller';
import { ProposalsController } from './proposals/proposals.controller';
import { ScenariosController } from './scenarios/scenarios.controller';
import { webControllers, webProviders } from './web/web.routes';
import { ForwardPlanController } from './forward-plan/forward-plan.controller';

const controllers = [
  HealthController,
  MetricsController,
  ProposalsController,
  BudgetsController,
  PolicyController,
  PortfolioController,
  ForwardPlanController,
  ScenariosController,
  BenefitsController,
];

@Module({})
export class AppModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // The app's logger only: the access log is Fastify hooks (http/request-log.ts), so no
        // middleware is mounted (no middie, no AsyncLocalStorage).
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
          },
          forRoutes: [],
        }),
        LedgerDatabaseModule.forRoot(config),
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'default', ttl: 60_000, limit: config.rateLimitPerMinute }],
          storage: new SlidingWindowThrottlerStorage(),
          errorMessage: `Too many requests: at most ${config.rateLimitPerMinute} a minute from one client.`,
        }),
        ReadSideModule,
        LedgerModule,
        AuditModule,
      ],
      controllers: [...controllers, ...webControllers(config)],
      providers: [
        ...webProviders(config),
        { provide: AccessTokens, useFactory: () => new AccessTokens(config) },
        {
          provide: IdempotencyStore,
          inject: [LEDGER_DATABASE],
          useFactory: (database: LedgerDatabase) =>
            new IdempotencyStore(
              database.dataSource,
              database.eventStore instanceof SqliteEventStore
                ? database.eventStore.writeLock
                : null,
            ),
        },
        IdempotencyPurge,
        { provide: APP_GUARD, useClass: LedgerThrottlerGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: LedgerRequestInterceptor },
      ],
    };
  }
}
