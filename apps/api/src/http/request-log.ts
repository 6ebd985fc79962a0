import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger as Pino } from 'pino';
import { isProbe, requestLogLevel } from './request-logging';

/**
 * The access log as Fastify hooks rather than pino-http mounted through middie (Nest middleware).
 * The lines are pino-http's: `request completed` (or `request errored`, with `err`, for a 5xx) with
 * `req` (id, method, url, query, params, headers without authorization and cookie, remote address),
 * `res` (status and headers) and `responseTime` in ms, at `requestLogLevel`'s level; probes are not
 * logged. What changed is when the work is done: pino-http serialised and redacted every request into
 * a child logger before the handler ran, and nestjs-pino kept it in an AsyncLocalStorage (promise
 * hooks on every promise of the process); here the child logger is made only when a line is written
 * (a level that drops the line costs one comparison). Lines logged while answering a request (the
 * problem filter's) carry its id as `reqId` instead of the whole request.
 */

const LOG = Symbol('ledger.requestLog');

type WithLog = FastifyRequest & { [LOG]?: Pino };

let root: Pino | undefined;

/** The request's child logger (bindings: `req`), made on first use; undefined before the app starts. */
function requestLog(request: FastifyRequest): Pino | undefined {
  const held = (request as WithLog)[LOG];
  if (held !== undefined) return held;
  if (root === undefined) return undefined;
  // pino-std-serializers reads the id from the raw request, as pino-http set it.
  (request.raw as { id?: unknown }).id = request.id;
  const child = root.child({ req: request.raw });
  (request as WithLog)[LOG] = child;
  return child;
}

function logAnswer(request: FastifyRequest, reply: FastifyReply, message: string): void {
  const log = root;
  if (log === undefined || isProbe(request.raw)) return;
  const failed = reply.statusCode >= 500;
  const level = requestLogLevel(request.raw, reply.raw);
  if (!log.isLevelEnabled(level)) return;
  const line: Record<string, unknown> = {
    res: reply.raw,
    responseTime: Math.round(reply.elapsedTime),
  };
  if (failed) line.err = new Error(`failed with status code ${reply.statusCode}`);
  requestLog(request)?.[level](line, failed ? 'request errored' : message);
}

/** Registers the access log on the app's Fastify instance, writing through `logger` (the app's root). */
export function registerRequestLogging(fastify: FastifyInstance, logger: Pino): void {
  root = logger;
  const log = logger;
  fastify.addHook('onResponse', (request, reply, done) => {
    logAnswer(request, reply, 'request completed');
    done();
  });
  // The client went away before an answer: pino-http logged these too, on the socket's close.
  fastify.addHook('onRequestAbort', (request, done) => {
    if (log.isLevelEnabled('info') && !isProbe(request.raw))
      requestLog(request)?.info('request aborted');
    done();
  });
}
