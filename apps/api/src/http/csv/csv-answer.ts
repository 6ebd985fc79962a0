import {
  Injectable,
  SetMetadata,
  UseInterceptors,
  applyDecorators,
  createParamDecorator,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { CSV_CONTENT_TYPE, prefersCsv } from './csv-negotiation';
import { renderCsv, type CsvTable } from './csv-table';

const CSV_TABLE = 'ledger:csv-table';

/**
 * Answers the route's JSON as its CSV table when the client prefers `text/csv`, as an attachment.
 * It must wrap the ETag interceptor (listed before it), so the tag is taken from the JSON answer;
 * the CSV's tag is that one marked as another representation.
 */
@Injectable()
export class CsvAnswerInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler<object>): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const table = this.reflector.get<CsvTable<object>>(CSV_TABLE, context.getHandler());
    varyOnAccept(reply);
    if (!prefersCsv(request.headers.accept)) return next.handle();
    return next.handle().pipe(
      map((body) => {
        const csv = renderCsv(table, body);
        const query = (request.query ?? {}) as Record<string, unknown>;
        const etag = reply.getHeader('ETag');
        if (typeof etag === 'string') void reply.header('ETag', etag.replace(/"$/, '-csv"'));
        void reply
          .header('Content-Type', CSV_CONTENT_TYPE)
          .header(
            'Content-Disposition',
            `attachment; filename="${safeFilename(table.filename(body, query))}.csv"`,
          );
        const next = table.nextCursor?.(body);
        if (next) void reply.header('Link', `<${withCursor(request.url, next)}>; rel="next"`);
        return csv;
      }),
    );
  }
}

/** The route also answers `Accept: text/csv` with this table. */
export function AnswersCsv<T extends object>(table: CsvTable<T>) {
  return applyDecorators(SetMetadata(CSV_TABLE, table), UseInterceptors(CsvAnswerInterceptor));
}

/** Whether this request will be answered as CSV: for a route whose CSV answer differs in content. */
export const PrefersCsv = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  prefersCsv(context.switchToHttp().getRequest<FastifyRequest>().headers.accept),
);

// A cache must not give a CSV to a client that asked for JSON, nor the reverse.
function varyOnAccept(reply: FastifyReply): void {
  const vary = reply.getHeader('Vary');
  const present = typeof vary === 'string' ? vary : '';
  if (!/(^|,)\s*accept\s*(,|$)/i.test(present)) {
    void reply.header('Vary', present ? `${present}, Accept` : 'Accept');
  }
}

function withCursor(url: string, cursor: string): string {
  const next = new URL(url, 'http://ledger.invalid');
  next.searchParams.set('cursor', cursor);
  return `${next.pathname}${next.search}`;
}

function safeFilename(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 120) || 'ledger';
}
