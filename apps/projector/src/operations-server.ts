import Fastify, { type FastifyInstance } from 'fastify';
import {
  checkHealth,
  checkReadiness,
  readinessAnswer,
  type HealthSources,
  type LedgerMetrics,
} from '@ledger/platform';

export const NOT_READY_PROBLEM = 'https://ledger.example/problems/not-ready';

/**
 * The projector serves no API, but an orchestrator still has to probe it and Prometheus to scrape
 * it: the same /health/live, /health/ready, /health and /metrics as the API, on their own port.
 * A standby (waiting for the advisory lock) reports the active projector's progress, which is the
 * read models' progress whichever process applies it.
 */
export function operationsServer(options: {
  readonly sources: HealthSources;
  readonly metrics: LedgerMetrics;
  readonly maxLagEvents: number;
  readonly database: string;
}): FastifyInstance {
  const { sources, metrics } = options;
  const server = Fastify({ logger: false });
  const uptimeSeconds = () => Math.round(process.uptime() * 10) / 10;

  server.get('/health/live', async () => ({ status: 'ok', uptimeSeconds: uptimeSeconds() }));

  server.get('/health/ready', async (_request, reply) => {
    const readiness = await checkReadiness(sources, {
      maxLagEvents: options.maxLagEvents,
      runsProjections: true,
    });
    const answer = readinessAnswer(readiness, NOT_READY_PROBLEM);
    return reply
      .status(answer.statusCode)
      .header('Content-Type', answer.contentType)
      .send(answer.body);
  });

  server.get('/health', async (_request, reply) => {
    const health = await checkHealth(sources);
    return reply.status(health.databaseReachable ? 200 : 503).send({
      ...health,
      database: options.database,
      projector: 'process',
      uptimeSeconds: uptimeSeconds(),
    });
  });

  server.get('/metrics', async (_request, reply) =>
    reply
      .header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
      .send(await metrics.registry.metrics()),
  );

  return server;
}
