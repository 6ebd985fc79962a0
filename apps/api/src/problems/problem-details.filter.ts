import {
  ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorKind } from '@ledger/domain';
import {
  EventIdConflict,
  InvalidAppend,
  isDatabaseUnavailable,
  StreamVersionConflict,
} from '@ledger/event-store';
import {
  IdempotencyKeyReused,
  NoBudgetForPriorities,
  StaleVersion,
  VersionRequired,
} from '@ledger/ledger';
import {
  InvalidCursor,
  PrioritySelectionNotProven,
  StatutoryExceedsBudget,
} from '@ledger/read-models';
import { Money } from '@ledger/domain';
import { InvalidToken } from '@ledger/platform';
import { bearerChallenge } from '../auth/bearer-challenge';
import { problem, PROBLEM_BASE, type ProblemDetails } from './problem-details';

const STATUS_CODES: Record<number, [code: string, title: string]> = {
  400: ['bad-request', 'The request is not valid'],
  401: ['unauthorized', 'Authentication is required'],
  403: ['forbidden', 'You may not do this'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  409: ['conflict', 'Conflict with the current state'],
  412: ['precondition-failed', 'The resource has changed since you read it'],
  413: ['payload-too-large', 'The request body is too large'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  422: ['governance-rule', 'A governance rule refuses this'],
  428: ['precondition-required', 'If-Match is required'],
  429: ['rate-limited', 'Too many requests'],
  503: ['unavailable', 'The ledger is temporarily unavailable'],
};

const DOMAIN_STATUS: Record<ErrorKind, [number, string]> = {
  invalid: [400, 'The request is not valid'],
  forbidden: [403, 'You may not do this'],
  'not-found': [404, 'Not found'],
  conflict: [409, 'Conflict with the current state'],
  governance: [422, 'A governance rule refuses this'],
};

/** Answers that say the ledger is busy or behind, not broken: worth a warning, not a stack trace. */
const TRANSIENT: ReadonlySet<string> = new Set(
  ['projection-behind', 'selection-not-proven'].map((code) => `${PROBLEM_BASE}${code}`),
);

/**
 * How the filter logs an answer. A client's mistake (4xx) is never logged here: the request log
 * records every answer at info, and an error-level line must mean the ledger needs someone.
 */
export function logLevelOf(
  answer: Pick<ProblemDetails, 'status' | 'type'>,
): 'error' | 'warn' | null {
  if (answer.status < 500) return null;
  return TRANSIENT.has(answer.type) ? 'warn' : 'error';
}

/**
 * The one place where errors become HTTP answers: application/problem+json, never a stack trace or
 * SQL text. Unknown errors are logged with their detail and answered with a bare 500 (see logLevelOf).
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const body = this.toProblem(error, request);
    const level = logLevelOf(body);
    // The request id (reqId, pino-http's name for it) ties the line to the access log's `req.id`.
    const reqId = request?.id;
    if (level === 'error')
      this.logger.error({ err: error, url: request?.url, reqId }, 'request failed');
    else if (level === 'warn')
      this.logger.warn(
        { type: body.type, detail: body.detail, url: request?.url, reqId },
        'request refused',
      );
    if (body.status === 503) void reply.header('Retry-After', '5');
    const challenge = bearerChallenge(error, body);
    if (challenge !== null) void reply.header('WWW-Authenticate', challenge);
    void reply
      .status(body.status)
      .header('Content-Type', 'application/problem+json; charset=utf-8')
      .send(body);
  }

  private toProblem(error: unknown, request: FastifyRequest | undefined): ProblemDetails {
    if (error instanceof DomainError) {
      const [status, title] = DOMAIN_STATUS[error.kind];
      return problem(
        status,
        error.code,
        title,
        error.message,
        error.field ? { errors: [{ field: error.field, message: error.message }] } : {},
      );
    }
    if (error instanceof StaleVersion) {
      return problem(
        412,
        error.code,
        `${error.resource} has changed since you read it`,
        error.message,
        {
          expectedVersion: error.expected,
          currentVersion: error.actual,
        },
      );
    }
    if (error instanceof IdempotencyKeyReused) {
      return problem(
        422,
        error.code,
        'This Idempotency-Key was used for another request',
        error.message,
      );
    }
    if (error instanceof VersionRequired) {
      return problem(428, error.code, 'If-Match is required', error.message);
    }
    if (error instanceof InvalidCursor) {
      return problem(400, error.code, 'The request is not valid', error.message, {
        errors: [{ field: 'cursor', message: error.message }],
      });
    }
    if (error instanceof NoBudgetForPriorities) {
      return problem(422, error.code, 'A governance rule refuses this', error.message);
    }
    if (error instanceof StatutoryExceedsBudget) {
      return problem(
        422,
        error.code,
        'The statutory proposals alone exceed the budget',
        `Statutory proposals need ${Money.fromPence(error.statutoryCapitalPence).toString()} but the budget is ${Money.fromPence(error.budgetPence).toString()}: they must be funded, so raise the budget or revisit them.`,
        {
          statutoryCapital: Money.fromPence(error.statutoryCapitalPence).toString(),
          budget: Money.fromPence(error.budgetPence).toString(),
        },
      );
    }
    if (error instanceof PrioritySelectionNotProven) {
      return problem(
        503,
        'selection-not-proven',
        'The optimal selection could not be proven in time',
        error.message,
      );
    }
    if (error instanceof InvalidToken) {
      return problem(401, error.code, 'Authentication is required', `${error.message}.`);
    }
    if (error instanceof StreamVersionConflict) {
      return problem(409, 'concurrent-write', 'Another change was recorded first', error.message, {
        expectedVersion: error.expected,
        actualVersion: error.actual,
      });
    }
    if (error instanceof EventIdConflict) {
      return problem(
        409,
        'event-id-conflict',
        'This change conflicts with one already recorded',
        error.message,
      );
    }
    if (error instanceof InvalidAppend) {
      return problem(400, 'invalid-append', 'The change is not valid', error.message);
    }
    if (isDatabaseUnavailable(error)) {
      return problem(
        503,
        'database-unavailable',
        'The ledger database is unavailable',
        'Try again shortly.',
      );
    }
    if (error instanceof HttpException) {
      return this.fromHttpException(error, request);
    }
    const fastifyStatus = (error as { statusCode?: number } | null)?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      const [code, title] = STATUS_CODES[fastifyStatus] ?? [
        'bad-request',
        'The request is not valid',
      ];
      const detail =
        fastifyStatus === 413
          ? 'The request body is larger than this ledger accepts.'
          : fastifyStatus === 400
            ? 'The request body is not valid JSON.'
            : title;
      return problem(fastifyStatus, code, title, detail);
    }
    return problem(
      500,
      'internal-error',
      'Something went wrong',
      'The error has been logged; nothing was recorded.',
    );
  }

  private fromHttpException(
    error: HttpException,
    request: FastifyRequest | undefined,
  ): ProblemDetails {
    const status = error.getStatus();
    const response = error.getResponse();
    if (
      typeof response === 'object' &&
      response !== null &&
      'type' in response &&
      'status' in response
    ) {
      return response as ProblemDetails;
    }
    const [code, title] =
      STATUS_CODES[status] ??
      (status >= 500 ? ['internal-error', 'Something went wrong'] : ['error', 'Error']);
    let detail =
      typeof response === 'string' ? response : (response as { message?: unknown }).message;
    if (Array.isArray(detail)) detail = detail.join('; ');
    if (status === HttpStatus.NOT_FOUND && request)
      detail = `Nothing is found at ${request.method} ${request.url.split('?')[0]}`;
    return problem(status, code, title, typeof detail === 'string' ? detail : title);
  }
}
