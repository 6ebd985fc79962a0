import {
  BadRequestException,
  CallHandler,
  ExecutionContext,
  Injectable,
  ServiceUnavailableException,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { from, switchMap, type Observable } from 'rxjs';
import { Projector } from '@ledger/read-models';
import { problem } from '../problems/problem-details';

export const MIN_POSITION_WAIT_MS = 5000;

/**
 * Read-your-writes: a client that has just written sends X-Min-Position with the position its write
 * returned, and the read waits until every projection has reached it (bounded; then 503 Retry-After).
 */
@Injectable()
export class MinPositionInterceptor implements NestInterceptor {
  constructor(private readonly projector: Projector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const raw = request.headers['x-min-position'];
    if (raw === undefined || request.method !== 'GET') return next.handle();
    if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw.trim())) {
      throw new BadRequestException(
        problem(
          400,
          'invalid-min-position',
          'The request is not valid',
          'X-Min-Position must be a log position such as 1042.',
          {
            errors: [{ field: 'X-Min-Position', message: 'must be a whole number' }],
          },
        ),
      );
    }
    const position = Number(raw.trim());
    return from(this.projector.waitFor(position, MIN_POSITION_WAIT_MS)).pipe(
      switchMap((reached) => {
        if (!reached) {
          throw new ServiceUnavailableException(
            problem(
              503,
              'projection-behind',
              'The read models have not caught up yet',
              `The read models have not reached position ${position} within ${MIN_POSITION_WAIT_MS / 1000} s; retry shortly.`,
            ),
          );
        }
        return next.handle();
      }),
    );
  }
}
