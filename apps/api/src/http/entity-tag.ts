import {
  Injectable,
  SetMetadata,
  UseInterceptors,
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';

type TagOf<T> = (body: T) => string;

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

@Injectable()
export class EntityTagInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler<object>): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const tagOf = this.reflector.get<TagOf<object>>(TAG_OF, context.getHandler());
    return next.handle().pipe(
      map((body) => {
        void reply.header('ETag', tagOf(body));
        return body;
      }),
    );
  }
}

/** Every resource read answers an ETag (API.md, Writes). */
export function Tagged<T extends object>(tagOf: TagOf<T>) {
  return applyDecorators(SetMetadata(TAG_OF, tagOf), UseInterceptors(EntityTagInterceptor));
}
