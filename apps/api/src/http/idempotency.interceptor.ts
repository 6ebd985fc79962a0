import {
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  UnprocessableEntityException,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { IdempotencyStore } from '@ledger/platform';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { problem } from '../problems/problem-details';
import { idempotencyKeyOf, requestDigestOf } from './request-context';

const REPLAYED_HEADERS = ['location', 'etag'];

/**
 * Idempotency-Key on a write: the first successful answer is kept durably; a retry with the same key
 * and body gets that answer again and appends nothing; the same key with another request is a 422.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@Inject(IdempotencyStore) private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    if (!['POST', 'PUT', 'PATCH'].includes(request.method) || !request.actor) return next.handle();
    const key = idempotencyKeyOf(request);
    if (key === null) return next.handle();
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
        const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
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
