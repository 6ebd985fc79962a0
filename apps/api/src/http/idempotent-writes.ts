import { UnprocessableEntityException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { IdempotencyStore } from '@ledger/platform';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { problem } from '../problems/problem-details';
import { idempotencyKeyOf, requestDigestOf } from './request-context';

const REPLAYED_HEADERS = ['location', 'etag'];

const WRITES = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Idempotency-Key on a write: the first successful answer is kept durably; a retry with the same key
 * and body gets that answer again and appends nothing; the same key with another request is a 422.
 * Wraps the answer (`inner`) from the request's one interceptor (ledger-request.interceptor.ts).
 */
export class IdempotentWrites {
  constructor(private readonly store: IdempotencyStore) {}

  around(
    request: AuthenticatedRequest,
    reply: FastifyReply,
    inner: () => Observable<unknown>,
  ): Observable<unknown> {
    if (!WRITES.has(request.method) || !request.actor) return inner();
    const key = idempotencyKeyOf(request);
    if (key === null) return inner();
    const actorId = request.actor.id;
    const requestHash = requestDigestOf(request);
    return from(
      (async () => {
        const remembered = await this.store.find(actorId, key);
        if (remembered) {
          if (remembered.requestHash !== requestHash) {
            throw new UnprocessableEntityException(
              problem(
                422,
                'idempotency-key-reused',
                'This Idempotency-Key was used for another request',
                `The Idempotency-Key "${key}" was already used with a different request; use a new key for a new request.`,
              ),
            );
          }
          void reply.status(remembered.status);
          for (const [name, value] of Object.entries(remembered.headers))
            void reply.header(name, value);
          void reply.header('Idempotent-Replayed', 'true');
          return remembered.body;
        }
        const body = await lastValueFrom(inner(), { defaultValue: undefined });
        const headers: Record<string, string> = {};
        for (const name of REPLAYED_HEADERS) {
          const value = reply.getHeader(name);
          if (typeof value === 'string') headers[name] = value;
        }
        const status = reply.statusCode >= 200 && reply.statusCode < 300 ? reply.statusCode : 200;
        await this.store.remember(actorId, key, { requestHash, status, body, headers });
        return body;
      })(),
    );
  }
}
