import { BadRequestException, ServiceUnavailableException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { from, switchMap, type Observable } from 'rxjs';
import type { EventStore } from '@ledger/event-store';
import type { Projector } from '@ledger/read-models';
import { problem } from '../problems/problem-details';

export const MIN_POSITION_WAIT_MS = 5000;

const POSITION = /^\d{1,15}$/;

/**
 * Read-your-writes: a client that has just written sends X-Min-Position with the position its write
 * returned, and the read waits until every projection has reached it (bounded; then 503 Retry-After).
 * A position beyond the head of the log was never answered to any write, so it is the client's
 * mistake: 400 at once, naming the head, rather than a wait that cannot end well. Wraps the answer
 * (`inner`) from the request's one interceptor (ledger-request.interceptor.ts).
 */
export class MinPositionWait {
  constructor(
    private readonly projector: Projector,
    private readonly store: EventStore,
  ) {}

  around(request: FastifyRequest, inner: () => Observable<unknown>): Observable<unknown> {
    const raw = request.headers['x-min-position'];
    if (raw === undefined || request.method !== 'GET') return inner();
    if (typeof raw !== 'string' || !POSITION.test(raw.trim())) {
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
    return from(this.reached(position)).pipe(
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
        return inner();
      }),
    );
  }

  /**
   * Whether the read models reached the position in time. The head is read only when they have not
   * reached it yet: a write's position is answered after its commit, so a position the log does not
   * hold was never answered, and no wait would bring it.
   */
  private async reached(position: number): Promise<boolean> {
    if (await this.projector.waitFor(position, 0)) return true;
    const head = await this.store.readHead();
    if (position > head.position) {
      throw new BadRequestException(
        problem(
          400,
          'min-position-beyond-head',
          'The request is not valid',
          `X-Min-Position ${position} is beyond the head of the log, which is at position ${head.position}: send the position a write answered.`,
          {
            headPosition: head.position,
            errors: [
              {
                field: 'X-Min-Position',
                message: `must be at most ${head.position}, the head of the log`,
              },
            ],
          },
        ),
      );
    }
    return this.projector.waitFor(position, MIN_POSITION_WAIT_MS);
  }
}
