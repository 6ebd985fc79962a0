import { SetMetadata } from '@nestjs/common';
import { createHash } from 'node:crypto';

export type TagOf<T> = (body: T) => string;

/** A resource with a stream: its version, which a write to it takes back as If-Match. */
export function versionTag<T>(versionOf: (body: T) => number): TagOf<T> {
  return (body) => `"${versionOf(body)}"`;
}

/**
 * An answer assembled from read models and the policy has no single version: its tag is a digest of
 * what it says. Weak, because `readAt` fields (the instant a "now" answer was read) are left out:
 * answers that differ only in that instant say the same thing.
 */
export function contentTag<T extends object>(...readAt: (keyof T & string)[]): TagOf<T> {
  return (body) => {
    const rest = Object.fromEntries(
      Object.entries(body).filter(([key]) => !readAt.includes(key as keyof T & string)),
    );
    const digest = createHash('sha256').update(JSON.stringify(rest)).digest('base64url');
    return `W/"${digest.slice(0, 27)}"`;
  };
}

const TAG_OF = 'ledger:tag-of';

/** The route's tag function, if it is a tagged read (set by `Tagged`). */
export function tagOfRoute(handler: object): TagOf<object> | undefined {
  return Reflect.getMetadata(TAG_OF, handler) as TagOf<object> | undefined;
}

/**
 * Every resource read answers an ETag (API.md, Writes). The request's one interceptor
 * (ledger-request.interceptor.ts) sets it from the JSON answer, before a CSV rendering of it.
 */
export function Tagged<T extends object>(tagOf: TagOf<T>) {
  return SetMetadata(TAG_OF, tagOf);
}
