import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import type { WriteResult } from '@ledger/ledger';
import { IdempotencyStore } from '@ledger/platform';
import { Projector } from '@ledger/read-models';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { refuseBodyOfBodilessCommand, takesBody } from './bodiless-command';
import { csvAnswer, csvTableOfRoute } from './csv/csv-answer';
import { tagOfRoute, type TagOf } from './entity-tag';
import { IdempotentWrites } from './idempotent-writes';
import { MinPositionWait } from './min-position';
import { answerWrite, writeAnswerOfRoute, type WriteAnswer } from './write-call';
import type { CsvTable } from './csv/csv-table';

/** What a route asks of its answer, read once per handler: route metadata is fixed at start. */
interface Route {
  readonly takesBody: boolean;
  readonly write: WriteAnswer | undefined;
  readonly tagOf: TagOf<object> | undefined;
  readonly csv: CsvTable<object> | undefined;
}

const ROUTES = new WeakMap<object, Route>();

function routeOf(context: ExecutionContext): Route {
  const handler = context.getHandler();
  let route = ROUTES.get(handler);
  if (route === undefined) {
    route = {
      takesBody: takesBody(context.getClass(), handler),
      write: writeAnswerOfRoute(handler),
      tagOf: tagOfRoute(handler),
      csv: csvTableOfRoute(handler),
    };
    ROUTES.set(handler, route);
  }
  return route;
}

/**
 * Every request's checks and answer shaping in one interceptor, outermost first:
 *
 * 1. a command that takes no body refuses one (bodiless-command.ts);
 * 2. a write with Idempotency-Key is answered once (idempotent-writes.ts), and a read with
 *    X-Min-Position waits for the read models (min-position.ts);
 * 3. a write answers `{ id, version, position }` with ETag and Location (write-call.ts); a read is
 *    tagged (entity-tag.ts) and then, when asked for, rendered as CSV (csv/csv-answer.ts).
 *
 * These were five Nest interceptors; Nest wraps each in its own deferred Observable and async
 * resource on every request, which cost more than the checks themselves. The order and every check
 * are as before.
 */
@Injectable()
export class LedgerRequestInterceptor implements NestInterceptor {
  private readonly idempotency: IdempotentWrites;
  private readonly minPosition: MinPositionWait;

  constructor(
    @Inject(IdempotencyStore) idempotency: IdempotencyStore,
    projector: Projector,
    @Inject(EVENT_STORE) store: EventStore,
  ) {
    this.idempotency = new IdempotentWrites(idempotency);
    this.minPosition = new MinPositionWait(projector, store);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const reply = http.getResponse<FastifyReply>();
    const route = routeOf(context);
    refuseBodyOfBodilessCommand(request.body, route.takesBody);
    const answer = () => shaped(route, request, reply, next);
    if (request.method === 'GET') return this.minPosition.around(request, answer);
    return this.idempotency.around(request, reply, answer);
  }
}

function shaped(
  route: Route,
  request: AuthenticatedRequest,
  reply: FastifyReply,
  next: CallHandler,
): Observable<unknown> {
  const { write, tagOf, csv } = route;
  if (write !== undefined)
    return next.handle().pipe(map((result: WriteResult) => answerWrite(reply, write, result)));
  const asCsv = csv ? csvAnswer(csv, request, reply) : null;
  if (tagOf === undefined && asCsv === null) return next.handle();
  return next.handle().pipe(
    map((body: object) => {
      if (tagOf !== undefined) void reply.header('ETag', tagOf(body));
      return asCsv === null ? body : asCsv(body);
    }),
  );
}
