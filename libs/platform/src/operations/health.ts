import type { EventStore } from '@ledger/event-store';

/** How far one projection has got; the read side reports it (`Projector.currentPositions`). */
export interface ProjectionProgress {
  readonly name: string;
  readonly position: number;
  readonly failedPosition: number | null;
  readonly error: string | null;
}

export interface ProjectionHealthView {
  readonly name: string;
  readonly position: number;
  readonly lagEvents: number;
  readonly failedPosition: number | null;
  readonly error: string | null;
}

/** What a process can be asked about its health: the log's head and the projections' progress. */
export interface HealthSources {
  readonly eventStore: Pick<EventStore, 'readHead'>;
  readonly projections: () => Promise<readonly ProjectionProgress[]>;
}

export interface HealthReport {
  readonly status: 'ok' | 'degraded' | 'unavailable';
  readonly databaseReachable: boolean;
  readonly headPosition: number | null;
  readonly projections: readonly ProjectionHealthView[];
}

/** The whole picture `/health` has always answered: reachable, head, each projection's lag. */
export async function checkHealth(sources: HealthSources): Promise<HealthReport> {
  let headPosition: number;
  let projections: ProjectionHealthView[];
  try {
    const head = (await sources.eventStore.readHead()).position;
    headPosition = head;
    projections = (await sources.projections()).map((status) => ({
      name: status.name,
      position: status.position,
      lagEvents: Math.max(head - status.position, 0),
      failedPosition: status.failedPosition,
      error: status.error,
    }));
  } catch {
    return { status: 'unavailable', databaseReachable: false, headPosition: null, projections: [] };
  }
  const failed = projections.some((projection) => projection.failedPosition !== null);
  return { status: failed ? 'degraded' : 'ok', databaseReachable: true, headPosition, projections };
}

export type NotReadyReason = 'database-unreachable' | 'projection-lag';

export interface Readiness {
  readonly ready: boolean;
  readonly reasons: readonly NotReadyReason[];
  /** Why, in a sentence an operator can act on; null when ready. */
  readonly detail: string | null;
  readonly databaseReachable: boolean;
  readonly headPosition: number | null;
  /** null when this process runs no projections, so their lag is not its readiness. */
  readonly maxLagEvents: number | null;
  readonly projections: readonly ProjectionHealthView[];
}

/**
 * Ready: the database answers and, in a process that runs the projections, none trails the head by
 * more than `maxLagEvents`. An API process whose projections another process keeps
 * (`LEDGER_PROJECTOR=off`) does not judge itself by their lag: a projector that died would otherwise
 * take every API replica out of the load balancer, and writes with them; the projector's own
 * readiness reports that lag instead. A projection stopped on an event it cannot apply counts by its
 * lag too: while it trails by less than the bound its answers are at most that stale.
 */
export async function checkReadiness(
  sources: HealthSources,
  options: { readonly maxLagEvents: number; readonly runsProjections: boolean },
): Promise<Readiness> {
  const health = await checkHealth(sources);
  const maxLagEvents = options.runsProjections ? options.maxLagEvents : null;
  if (!health.databaseReachable) {
    return {
      ready: false,
      reasons: ['database-unreachable'],
      detail: 'The database does not answer.',
      databaseReachable: false,
      headPosition: null,
      maxLagEvents,
      projections: [],
    };
  }
  const behind =
    maxLagEvents === null
      ? []
      : health.projections.filter((projection) => projection.lagEvents > maxLagEvents);
  return {
    ready: behind.length === 0,
    reasons: behind.length === 0 ? [] : ['projection-lag'],
    detail:
      behind.length === 0
        ? null
        : `Projections trail the log by more than the ${maxLagEvents} events allowed (LEDGER_READY_MAX_LAG): ${behind
            .map((projection) => `${projection.name} by ${projection.lagEvents}`)
            .join(', ')}.`,
    databaseReachable: true,
    headPosition: health.headPosition,
    maxLagEvents,
    projections: health.projections,
  };
}

export interface ReadinessFiguresBody {
  readonly databaseReachable: boolean;
  readonly headPosition: number | null;
  readonly maxLagEvents: number | null;
  readonly projections: ProjectionHealthView[];
}

export type ReadinessBody =
  | (ReadinessFiguresBody & { readonly status: 'ready' })
  | (ReadinessFiguresBody & {
      readonly type: string;
      readonly title: 'Not ready';
      readonly status: 503;
      readonly detail: string;
      readonly reasons: NotReadyReason[];
    });

/**
 * One answer shape for every process that serves /health/ready: 200 JSON when ready, else 503
 * problem+json (RFC 9457) whose `type` is `problemType` and whose `reasons` a probe can match on.
 */
export function readinessAnswer(
  readiness: Readiness,
  problemType: string,
): { readonly statusCode: 200 | 503; readonly contentType: string; readonly body: ReadinessBody } {
  const figures = {
    databaseReachable: readiness.databaseReachable,
    headPosition: readiness.headPosition,
    maxLagEvents: readiness.maxLagEvents,
    projections: [...readiness.projections],
  };
  if (readiness.ready) {
    return {
      statusCode: 200,
      contentType: 'application/json; charset=utf-8',
      body: { status: 'ready', ...figures },
    };
  }
  return {
    statusCode: 503,
    contentType: 'application/problem+json; charset=utf-8',
    body: {
      type: problemType,
      title: 'Not ready',
      status: 503,
      detail: readiness.detail ?? 'Not ready.',
      reasons: [...readiness.reasons],
      ...figures,
    },
  };
}
