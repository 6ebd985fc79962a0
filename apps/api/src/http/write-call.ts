import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
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

const WRITE_ANSWER = 'ledger:write-answer';

export interface WriteAnswer {
  readonly locationOf?: (id: string) => string;
}

/** The route's write answer, if it is a write (set by `AnswersWrite`). */
export function writeAnswerOfRoute(handler: object): WriteAnswer | undefined {
  return Reflect.getMetadata(WRITE_ANSWER, handler) as WriteAnswer | undefined;
}

/**
 * A write answers `{ id, version, position }`, the new version as ETag and, for a new resource, its
 * Location. Set before the idempotency check keeps the answer, so a replay repeats them.
 */
export function answerWrite(
  reply: FastifyReply,
  answer: WriteAnswer,
  result: WriteResult,
): WriteResultResponse {
  void reply.header('ETag', `"${result.version}"`);
  if (answer.locationOf) void reply.header('Location', answer.locationOf(result.id));
  return { id: result.id, version: result.version, position: result.position };
}

/** Marks a write route; the request's one interceptor (ledger-request.interceptor.ts) answers it. */
export function AnswersWrite(locationOf?: (id: string) => string) {
  return SetMetadata(WRITE_ANSWER, { locationOf } satisfies WriteAnswer);
}
