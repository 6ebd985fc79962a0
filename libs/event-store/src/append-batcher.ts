import type { AppendResult, StreamAppend } from './event-store.port';
import type { PlannedAppend } from './append-planner';

interface Pending {
  readonly request: readonly StreamAppend[];
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: appends that arrive while a commit is in flight wait and then share the next
 * transaction at the chain head, so concurrent writers pay for one commit between them instead of
 * queueing on the head lock one commit at a time.
 */
export class AppendBatcher {
  private readonly queue: Pending[] = [];
  private draining = false;

  constructor(
    private readonly commit: (
      requests: readonly (readonly StreamAppend[])[],
    ) => Promise<readonly PlannedAppend[]>,
    private readonly maxEventsPerCommit = 2000,
  ) {}

  submit(request: readonly StreamAppend[]): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  get pending(): number {
    return this.queue.length;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        try {
          const outcomes = await this.commit(batch.map((pending) => pending.request));
          outcomes.forEach((outcome, index) => {
            if (outcome.ok) batch[index].resolve(outcome.result);
            else batch[index].reject(outcome.error);
          });
        } catch (error) {
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private takeBatch(): Pending[] {
    let events = 0;
    let count = 0;
    while (count < this.queue.length) {
      events += this.queue[count].request.reduce((sum, append) => sum + append.events.length, 0);
      count += 1;
      if (events >= this.maxEventsPerCommit) break;
    }
    return this.queue.splice(0, count);
  }
}
