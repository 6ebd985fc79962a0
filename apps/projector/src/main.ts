import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger, LoggerModule } from 'nestjs-pino';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import {
  ConfigError,
  LEDGER_DATABASE,
  LedgerDatabaseModule,
  LedgerMetrics,
  loadConfig,
  ReadSideModule,
  type LedgerDatabase,
} from '@ledger/platform';
import { Projector } from '@ledger/read-models';
import { operationsServer } from './operations-server';

/**
 * The projector on its own, for production: API processes run with LEDGER_PROJECTOR=off and stay
 * stateless, and on PostgreSQL several of these may run; one holds the advisory lock and projects,
 * the others stand by and take over when it dies.
 */
async function main(): Promise<void> {
  const config = { ...loadConfig(), projector: 'off' as const };

  @Module({
    imports: [
      LoggerModule.forRoot({ pinoHttp: { level: config.logLevel } }),
      LedgerDatabaseModule.forRoot(config),
      ReadSideModule,
    ],
  })
  class ProjectorAppModule {}

  const app = await NestFactory.createApplicationContext(ProjectorAppModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const projector = app.get(Projector);
  const server = operationsServer({
    sources: {
      eventStore: app.get<EventStore>(EVENT_STORE),
      projections: () => projector.currentPositions(),
    },
    metrics: app.get(LedgerMetrics),
    maxLagEvents: config.readyMaxLagEvents,
    database: app.get<LedgerDatabase>(LEDGER_DATABASE).kind,
  });
  await server.listen({ port: config.projectorPort, host: config.host });
  const port = (server.server.address() as { port: number }).port;
  projector.start();
  app
    .get(Logger)
    .log(
      `Projector started on ${config.databaseUrl ? 'PostgreSQL' : 'SQLite'}; health and metrics on port ${port}`,
      'Bootstrap',
    );
  const stop = async () => {
    await server.close();
    await projector.stop();
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : `The projector could not start: ${error instanceof Error ? error.message : String(error)}`}\n`,
  );
  process.exit(error instanceof ConfigError ? 78 : 1);
});
