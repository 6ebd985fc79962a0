import { BadRequestException } from '@nestjs/common';
import { canonicalJson, sha256Hex } from '@ledger/event-store';
import type { RequestContext } from '@ledger/ledger';
import { problem } from '../problems/problem-details';
import type { AuthenticatedRequest } from '../auth/auth.guard';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export function idempotencyKeyOf(request: AuthenticatedRequest): string | null {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return null;
  if (typeof raw !== 'string' || !IDEMPOTENCY_KEY.test(raw)) {
    throw new BadRequestException(
      problem(
        400,
        'invalid-idempotency-key',
        'The request is not valid',
        'Idempotency-Key must be 1 to 200 visible ASCII characters.',
        {
          errors: [
            { field: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' },
          ],
        },
      ),
    );
  }
  return raw;
}

/**
 * What a request asks, as one digest: the method, the path and the body in canonical form. The same
 * request sent again has the same digest, whatever its key order or whitespace.
 */
export function requestDigestOf(request: AuthenticatedRequest): string {
  return sha256Hex(
    `${request.method} ${request.url.split('?')[0]}\n${canonicalJson(request.body ?? null)}`,
  );
}

/** Who is asking and when, from the verified token and the request; never from the body. */
export function requestContextOf(request: AuthenticatedRequest): RequestContext {
  if (!request.actor) throw new Error('A write route without authentication');
  return {
    actor: request.actor,
    correlationId: String(request.id),
    idempotencyKey: idempotencyKeyOf(request),
    requestDigest: requestDigestOf(request),
    now: new Date().toISOString(),
  };
}

/**
 * The version the client last saw, from If-Match: "4" (also 4 or W/"4"). Absent gives undefined;
 * anything else is a 400, so a typo is not mistaken for "no precondition".
 */
export function ifMatchOf(request: AuthenticatedRequest): number | undefined {
  const raw = request.headers['if-match'];
  if (raw === undefined || raw === '*') return undefined;
  const match = typeof raw === 'string' ? /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(raw) : null;
  if (!match) {
    throw new BadRequestException(
      problem(
        400,
        'invalid-if-match',
        'The request is not valid',
        'If-Match must be the version you read, in quotes: If-Match: "4".',
        {
          errors: [{ field: 'If-Match', message: 'must be a version number such as "4"' }],
        },
      ),
    );
  }
  return Number(match[1]);
}
