import {
  Injectable,
  SetMetadata,
  UseInterceptors,
  applyDecorators,
  createParamDecorator,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';
import type { RequestContext, WriteResult } from '@ledger/ledger';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { ifMatchOf, requestContextOf } from './request-context';
import type { WriteResultResponse } from './write-result.response';

/** What every write needs from its request besides the body: who asks, and the version they saw. */
export interface WriteCall {
  readonly context: RequestContext;
  readonly ifMatch: number | undefined;
}

export const Write = createParamDecorator((_data: unknown, host: ExecutionContext): WriteCall => {
  const request = host.switchToHttp().getRequest<AuthenticatedRequest>();
  return { context: requestContextOf(request), ifMatch: ifMatchOf(request) };
});

const LOCATION_OF = 'ledger:location-of';

/**
 * The one place a write's answer is shaped: `{ id, version, position }`, with the version as ETag
 * (what the client sends back as If-Match) and, for a creation, Location. Headers are set before the
 * idempotency interceptor keeps the answer, so a replay repeats them.
 */
@Injectable()
export class WriteAnswerInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler<WriteResult>): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const locationOf = this.reflector.get<((id: string) => string) | undefined>(
      LOCATION_OF,
      context.getHandler(),
    );
    return next.handle().pipe(
      map((result): WriteResultResponse => {
        void reply.header('ETag', `"${result.version}"`);
        if (locationOf) void reply.header('Location', locationOf(result.id));
        return { id: result.id, version: result.version, position: result.position };
      }),
    );
  }
}

export function AnswersWrite(locationOf?: (id: string) => string) {
  return applyDecorators(
    SetMetadata(LOCATION_OF, locationOf),
    UseInterceptors(WriteAnswerInterceptor),
  );
}
