import type { IncomingMessage } from 'node:http';

/** Paths polled by load balancers and Prometheus: logging each poll would bury the requests. */
const PROBES = new Set(['/health', '/health/live', '/health/ready', '/metrics']);

/**
 * True for a health or metrics poll. The logging middleware runs through middie, which strips the
 * path it is mounted on from `url` (a poll of /health arrives as `/`), so the path is read from
 * `originalUrl`, without its query.
 */
export function isProbe(request: IncomingMessage & { originalUrl?: string }): boolean {
  const url = request.originalUrl ?? request.url ?? '';
  const query = url.indexOf('?');
  return PROBES.has(query === -1 ? url : url.slice(0, query));
}
