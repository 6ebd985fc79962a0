import {
  BadRequestException,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { problem } from '../problems/problem-details';

const BODY_ARGUMENTS = [`${RouteParamtypes.BODY}:`, `${RouteParamtypes.RAW_BODY}:`];

/** Per handler, read once: route metadata is fixed when the app starts. */
const TAKES_BODY = new WeakMap<object, boolean>();

/** Whether the handler reads its request body at all (an `@Body()` or `@RawBody()` parameter). */
function takesBody(context: ExecutionContext): boolean {
  const handler = context.getHandler();
  const known = TAKES_BODY.get(handler);
  if (known !== undefined) return known;
  const argumentsOf: Record<string, unknown> =
    Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ?? {};
  const takes = Object.keys(argumentsOf).some((key) =>
    BODY_ARGUMENTS.some((kind) => key.startsWith(kind)),
  );
  TAKES_BODY.set(handler, takes);
  return takes;
}

/**
 * The validation pipe only sees a body a handler asks for, so a command without one (submit) took
 * `{"status":"approved"}` silently. A caller who sends properties there believes they say something;
 * they are refused as unknown, as on every other route. No body, or `{}`, is the command as documented.
 */
@Injectable()
export class BodilessCommandInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const body = context.switchToHttp().getRequest<FastifyRequest>().body;
    if (body === undefined || body === null || takesBody(context)) return next.handle();
    const isObject = typeof body === 'object' && !Array.isArray(body);
    const unknown = isObject ? Object.keys(body) : [];
    if (isObject && unknown.length === 0) return next.handle();
    const errors = isObject
      ? unknown.map((field) => ({ field, message: 'should not exist' }))
      : [{ field: 'body', message: 'must be empty: this command takes no body' }];
    throw new BadRequestException(
      problem(
        400,
        'validation-failed',
        'The request is not valid',
        isObject
          ? `This command takes no body; unknown properties: ${unknown.join(', ')}.`
          : 'This command takes no body.',
        { errors },
      ),
    );
  }
}
