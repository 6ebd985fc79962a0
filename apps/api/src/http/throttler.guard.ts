import { Injectable, type ExecutionContext } from '@nestjs/common';
import {
  ThrottlerGuard,
  type ThrottlerGenerateKeyFunction,
  type ThrottlerGetTrackerFunction,
  type ThrottlerOptions,
} from '@nestjs/throttler';

/** One throttler's settings for one route, as ThrottlerGuard reads them on every request. */
interface RouteLimit {
  readonly throttler: ThrottlerOptions & { name: string };
  readonly skip: boolean;
  readonly limit: number;
  readonly ttl: number;
  readonly blockDuration: number;
  readonly getTracker: ThrottlerGetTrackerFunction;
  readonly generateKey: ThrottlerGenerateKeyFunction;
}

// ThrottlerGuard's metadata keys (throttler.constants, not exported by the package's index).
const SKIP = 'THROTTLER:SKIP';
const LIMIT = 'THROTTLER:LIMIT';
const TTL = 'THROTTLER:TTL';
const BLOCK_DURATION = 'THROTTLER:BLOCK_DURATION';
const TRACKER = 'THROTTLER:TRACKER';
const KEY_GENERATOR = 'THROTTLER:KEY_GENERATOR';

/**
 * One budget per client across all routes: the default keys each route separately. The route's
 * limits (@SkipThrottle, @Throttle and the module's) are read once per handler instead of six
 * metadata walks on every request; a route whose limit is a function of the request is left to
 * ThrottlerGuard as it is. Every request is still counted and refused past the limit.
 */
@Injectable()
export class LedgerThrottlerGuard extends ThrottlerGuard {
  private readonly routes = new WeakMap<object, readonly RouteLimit[] | null>();

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const limits = this.routeLimits(context);
    if (limits === null) return super.canActivate(context);
    let allowed = true;
    for (const route of limits) {
      const skipIf = route.throttler.skipIf ?? this.commonOptions.skipIf;
      if (route.skip || skipIf?.(context)) continue;
      const { throttler, limit, ttl, blockDuration, getTracker, generateKey } = route;
      const answer = await this.handleRequest({
        context,
        throttler,
        limit,
        ttl,
        blockDuration,
        getTracker,
        generateKey,
      });
      allowed = answer && allowed;
    }
    return allowed;
  }

  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    name: string,
  ): string {
    return `${name}:${tracker}`;
  }

  /** The route's limits, or null when one of them must be resolved per request. */
  private routeLimits(context: ExecutionContext): readonly RouteLimit[] | null {
    const handler = context.getHandler();
    const known = this.routes.get(handler);
    if (known !== undefined) return known;
    const targets = [handler, context.getClass()];
    const read = <T>(key: string, name: string) =>
      this.reflector.getAllAndOverride<T | undefined>(key + name, targets);
    let limits: RouteLimit[] | null = [];
    for (const throttler of this.throttlers as (ThrottlerOptions & { name: string })[]) {
      const limit = read<unknown>(LIMIT, throttler.name) ?? throttler.limit;
      const ttl = read<unknown>(TTL, throttler.name) ?? throttler.ttl;
      const blockDuration =
        read<unknown>(BLOCK_DURATION, throttler.name) ?? throttler.blockDuration ?? ttl;
      if (
        typeof limit !== 'number' ||
        typeof ttl !== 'number' ||
        typeof blockDuration !== 'number'
      ) {
        limits = null;
        break;
      }
      limits.push({
        throttler,
        skip: read<boolean>(SKIP, throttler.name) === true,
        limit,
        ttl,
        blockDuration,
        getTracker:
          read<ThrottlerGetTrackerFunction>(TRACKER, throttler.name) ??
          throttler.getTracker ??
          this.commonOptions.getTracker!,
        generateKey:
          read<ThrottlerGenerateKeyFunction>(KEY_GENERATOR, throttler.name) ??
          throttler.generateKey ??
          this.commonOptions.generateKey!,
      });
    }
    this.routes.set(handler, limits);
    return limits;
  }
}
