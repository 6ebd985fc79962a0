import { BadRequestException } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { problem } from '../problems/problem-details';

const BODY_ARGUMENTS = [`${RouteParamtypes.BODY}:`, `${RouteParamtypes.RAW_BODY}:`];

/** Whether the handler reads its request body at all (an `@Body()` or `@RawBody()` parameter). */
export function takesBody(controller: object, handler: { name: string }): boolean {
  const argumentsOf: Record<string, unknown> =
    Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler.name) ?? {};
  return Object.keys(argumentsOf).some((key) =>
    BODY_ARGUMENTS.some((kind) => key.startsWith(kind)),
  );
}

/**
 * The validation pipe only sees a body a handler asks for, so a command without one (submit) took
 * `{"status":"approved"}` silently. A caller who sends properties there believes they say something;
 * they are refused as unknown, as on every other route. No body, or `{}`, is the command as documented.
 * Runs before the pipes, from the request's one interceptor (ledger-request.interceptor.ts).
 */
export function refuseBodyOfBodilessCommand(body: unknown, handlerTakesBody: boolean): void {
  if (body === undefined || body === null || handlerTakesBody) return;
  const isObject = typeof body === 'object' && !Array.isArray(body);
  const unknown = isObject ? Object.keys(body) : [];
  if (isObject && unknown.length === 0) return;
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
