import type { OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

interface Window {
  /** When each counted hit leaves the window, oldest first; entries before `start` have left. */
  hits: number[];
  start: number;
  expiresAt: number;
  blocked: boolean;
  blockExpiresAt: number;
}

const SWEEP_MS = 60_000;

/**
 * The throttler's in-memory storage with the same sliding window and block rules as the default,
 * but constant work per request: the default filters every hit still in the window on every
 * request, so at a high limit each request cost time and garbage in proportion to the last minute's
 * traffic. Hits expire in the order they were counted (the ttl is fixed), so the window is a queue
 * trimmed from its front.
 */
export class SlidingWindowThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly windows = new Map<string, Window>();
  private sweeper: NodeJS.Timeout | null = null;

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<{
    totalHits: number;
    timeToExpire: number;
    isBlocked: boolean;
    timeToBlockExpire: number;
  }> {
    this.sweeper ??= setInterval(() => this.sweep(), SWEEP_MS).unref();
    const now = Date.now();
    const id = `${throttlerName}\u0000${key}`;
    let window = this.windows.get(id);
    if (!window) {
      window = { hits: [], start: 0, expiresAt: now + ttl, blocked: false, blockExpiresAt: 0 };
      this.windows.set(id, window);
    }
    trim(window, now);
    if (window.expiresAt <= now) window.expiresAt = now + ttl;
    const timeToExpire = Math.ceil((window.expiresAt - now) / 1000);

    if (blockDuration <= 0) {
      const isBlocked = count(window) >= limit;
      if (!isBlocked) window.hits.push(now + ttl);
      const timeToBlockExpire = isBlocked ? Math.ceil((window.hits[window.start] - now) / 1000) : 0;
      return Promise.resolve({
        totalHits: count(window) + (isBlocked ? 1 : 0),
        timeToExpire,
        isBlocked,
        timeToBlockExpire,
      });
    }

    if (!window.blocked) window.hits.push(now + ttl);
    if (count(window) > limit && !window.blocked) {
      window.blocked = true;
      window.blockExpiresAt = now + blockDuration;
    }
    const timeToBlockExpire = Math.ceil((window.blockExpiresAt - now) / 1000);
    if (timeToBlockExpire <= 0 && window.blocked) {
      window.blocked = false;
      window.hits = [now + ttl];
      window.start = 0;
    }
    return Promise.resolve({
      totalHits: count(window),
      timeToExpire,
      isBlocked: window.blocked,
      timeToBlockExpire,
    });
  }

  onApplicationShutdown(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    this.windows.clear();
  }

  /** Forgets clients that have gone quiet, so the map does not grow with every address ever seen. */
  private sweep(now = Date.now()): void {
    for (const [id, window] of this.windows) {
      trim(window, now);
      const live = count(window) > 0 || window.expiresAt > now;
      if (!live && !(window.blocked && window.blockExpiresAt > now)) this.windows.delete(id);
    }
  }
}

function count(window: Window): number {
  return window.hits.length - window.start;
}

function trim(window: Window, now: number): void {
  const { hits } = window;
  while (window.start < hits.length && hits[window.start] <= now) window.start += 1;
  if (window.start > 1024 && window.start * 2 > hits.length) {
    window.hits = hits.slice(window.start);
    window.start = 0;
  }
}
