import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { Logger, PinoLogger } from 'nestjs-pino';
import { LedgerMetrics, type LedgerConfig } from '@ledger/platform';
import { AppModule } from './app.module';
import { assignRequestId } from './request-id';
import {
  clientError,
  frameworkError,
  jsonBodyParser,
  rejectHostileInput,
} from './http/input-guards';
import { ProblemDetailsFilter } from './problems/problem-details.filter';
import { ledgerValidationPipe } from './http/validation.pipe';
import { securityHeaders } from './http/security-headers';
import { serveWebApp } from './web/web-app.static';
import { registerRequestLogging } from './http/request-log';

export const API_PREFIX = 'api/v1';
/** Every path the API owns, as the web app's fallback tells them apart (web-app.static.ts). */
const API_PATH = /^\/api(?:[/?]|$)/;

/** Builds the HTTP application exactly as production runs it; e2e tests use the same function. */
export async function createApp(config: LedgerConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    trustProxy:
      typeof config.trustProxy === 'string' && /^\d+$/.test(config.trustProxy)
        ? (_address: string, hop: number) => hop < Number(config.trustProxy)
        : config.trustProxy,
    frameworkErrors: frameworkError,
    clientErrorHandler: clientError,
    routerOptions: { maxParamLength: 200 },
    genReqId: assignRequestId,
    // No Nest middleware is mounted (the access log is a Fastify hook): no middie on every request.
    skipMiddie: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.useBodyParser(
    'application/json',
    { bodyLimit: config.bodyLimitBytes },
    jsonBodyParser(app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error')),
  );
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(ledgerValidationPipe());
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...config.corsOrigins],
      exposedHeaders: ['ETag', 'Location', 'X-Request-Id', 'Content-Disposition', 'Link', 'WWW-Authenticate'],
    });
  }

  const metrics = app.get(LedgerMetrics);
  const fastify = app.getHttpAdapter().getInstance();
  if (!PinoLogger.root) throw new Error('The root logger was not made');
  registerRequestLogging(fastify, PinoLogger.root);
  fastify.addHook('preHandler', rejectHostileInput);
  const helmetHeaders = await securityHeaders();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(helmetHeaders);
    void reply.header('X-Request-Id', request.id);
    // Answers of the API hold what a person's token let them read: no browser or proxy keeps them.
    // Probes, the OpenAPI documents and the web app's files keep their own caching.
    if (API_PATH.test(request.url)) void reply.header('Cache-Control', 'no-store');
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.httpSeconds.observe(
      {
        method: request.method,
        route: request.routeOptions?.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });

  await serveWebApp(app, config);

  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  return app;
}

const AUTHORIZE =
  "A bearer token (JWT). In the embedded mode, mint one with the ledger's own secret: " +
  '`npm run -s ledger -- token --sub alice --name "Alice Smith" --roles proposer` ' +
  '(roles: proposer, reviewer, board, finance, auditor, admin; board members add `--authorities investment-board`). ' +
  "Or use the web app's demo sign-in (embedded mode only, never in production): `GET /api/v1/session` lists the demo people and `POST /api/v1/session/demo` mints a short-lived token for one. " +
  'With an OIDC issuer configured (LEDGER_JWT_JWKS_URL), use an access token from that issuer. Paste the token without "Bearer".';

/** The OpenAPI document, from the app's routes; `npm run openapi` writes it to docs/openapi.json. */
export function openApiDocument(app: NestFastifyApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('ICT investment decision ledger')
      .setDescription(
        'An event-sourced, hash-chained record of ICT investment proposals, reviews and board decisions. ' +
          'Money is a decimal string in pounds sterling; fiscal years are UK years written "2026-27". ' +
          'Errors are application/problem+json (RFC 9457). ' +
          'Every write answers `{ id, version, position }` with an ETag; send the version back as If-Match. ' +
          'The contract in prose is docs/api.md in the repository.',
      )
      .setVersion('1')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: AUTHORIZE,
      })
      .build(),
    { operationIdFactory: (_controller, method) => method },
  );
}
