import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type {
  AppendListener,
  AppendResult,
  ChainHead,
  EventStore,
  LogPage,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
} from '@ledger/event-store';

export interface ProjectionMetric {
  readonly name: string;
  readonly position: number;
  readonly failedPosition: number | null;
  readonly headPosition: number;
  readonly headRecordedAt: string | null;
}

/** The Prometheus registry of one process: its own, so tests and processes never share counters. */
@Injectable()
export class LedgerMetrics {
  readonly registry = new Registry();
  readonly appends = new Counter({
    name: 'ledger_appends_total',
    help: 'Appends to the event store, by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly appendedEvents = new Counter({
    name: 'ledger_appended_events_total',
    help: 'Events written to the log',
    registers: [this.registry],
  });
  readonly appendSeconds = new Histogram({
    name: 'ledger_append_duration_seconds',
    help: 'Time from an append request to its commit, including waiting for the chain head',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly httpSeconds = new Histogram({
    name: 'ledger_http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  private projectionSource: (() => Promise<ProjectionMetric[]>) | null = null;

  constructor() {
    // Unprefixed, as the standard Node.js dashboards and alerts expect (process_cpu_seconds_total,
    // nodejs_heap_size_used_bytes); only the ledger's own series carry `ledger_`.
    collectDefaultMetrics({ register: this.registry });
    const source = () => this.projectionSource?.() ?? Promise.resolve([]);
    new Gauge({
      name: 'ledger_projection_position',
      help: 'Global log position each projection has applied',
      labelNames: ['projection'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const status of await source()) this.set({ projection: status.name }, status.position);
      },
    });
    new Gauge({
      name: 'ledger_projection_lag_events',
      help: 'Events in the log that a projection has not applied yet',
      labelNames: ['projection'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const status of await source())
          this.set({ projection: status.name }, Math.max(status.headPosition - status.position, 0));
      },
    });
    new Gauge({
      name: 'ledger_projection_lag_seconds',
      help: 'Age of the newest event a projection has not applied yet (0 when caught up)',
      labelNames: ['projection'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const status of await source()) {
          const behind = status.headPosition > status.position && status.headRecordedAt;
          const lag = behind
            ? Math.max((Date.now() - Date.parse(status.headRecordedAt!)) / 1000, 0)
            : 0;
          this.set({ projection: status.name }, lag);
        }
      },
    });
    new Gauge({
      name: 'ledger_projection_failed',
      help: '1 when a projection stopped on an event it could not apply',
      labelNames: ['projection'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const status of await source())
          this.set({ projection: status.name }, status.failedPosition === null ? 0 : 1);
      },
    });
  }

  /** The read side reports its projections' progress here, read at each scrape. */
  observeProjections(source: () => Promise<ProjectionMetric[]>): void {
    this.projectionSource = source;
  }
}

/** Counts and times appends around any adapter, so every store reports the same metrics. */
export class MeasuredEventStore implements EventStore {
  /** Offered only when the adapter offers them, so callers can tell (verification, `import`). */
  readonly readStored?: EventStore['readStored'];
  readonly importRecorded?: EventStore['importRecorded'];

  constructor(
    private readonly inner: EventStore,
    private readonly metrics: LedgerMetrics,
  ) {
    if (inner.readStored) this.readStored = (after, limit) => inner.readStored!(after, limit);
    if (inner.importRecorded) this.importRecorded = (events) => inner.importRecorded!(events);
  }

  async append(appends: readonly StreamAppend[]): Promise<AppendResult> {
    const stop = this.metrics.appendSeconds.startTimer();
    try {
      const result = await this.inner.append(appends);
      stop();
      this.metrics.appends.inc({ outcome: result.duplicate ? 'duplicate' : 'appended' });
      if (!result.duplicate)
        this.metrics.appendedEvents.inc(result.lastPosition - result.firstPosition + 1);
      return result;
    } catch (error) {
      this.metrics.appends.inc({ outcome: 'refused' });
      throw error;
    }
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.inner.readStream(streamId, options);
  }

  readAll(options?: ReadAllOptions): Promise<LogPage> {
    return this.inner.readAll(options);
  }

  readHead(): Promise<ChainHead> {
    return this.inner.readHead();
  }

  positionAt(asOf: string): Promise<number> {
    return this.inner.positionAt(asOf);
  }

  onAppended(listener: AppendListener): () => void {
    return this.inner.onAppended(listener);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
