import type { IncomingMessage, ServerResponse } from 'node:http';

/** Paths polled by load balancers and Prometheus: logging each poll would bury the requests. */
const PROBES = new Set(['/health', '/health/live', '/health/ready', '/metrics']);

/**
 * True for a health or metrics poll. The path is read from `originalUrl` when a middleware runner
 * (middie) stripped its mount path from `url`, else from `url`, without its query.
 */
export function isProbe(request: IncomingMessage & { originalUrl?: string }): boolean {
  const url = request.originalUrl ?? request.url ?? '';
  const query = url.indexOf('?');
  return PROBES.has(query === -1 ? url : url.slice(0, query));
}

/**
 * The level of the line logged when a request is answered: a refusal of a client's mistake (4xx)
 * is routine traffic, never `error` (an error-level line must mean the ledger needs someone, and the
 * problem-details filter logs those with their cause); a 5xx answer is a warning here.
 */
export function requestLogLevel(
  _request: IncomingMessage,
  response: ServerResponse,
  error?: Error,
): 'info' | 'warn' {
  return error !== undefined || response.statusCode >= 500 ? 'warn' : 'info';
}
