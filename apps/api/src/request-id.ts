import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const ACCEPTABLE = /^[\w.:@/-]{1,128}$/;

/**
 * The request id doubles as the correlation id recorded on every event a request appends. A caller's
 * X-Request-Id is kept when it is a plain token, so a board portal can trace its own requests;
 * otherwise one is generated. It is written back onto the raw headers so the access log sees it too.
 */
export function assignRequestId(raw: IncomingMessage): string {
  const given = raw.headers['x-request-id'];
  const id = typeof given === 'string' && ACCEPTABLE.test(given) ? given : randomUUID();
  raw.headers['x-request-id'] = id;
  return id;
}
