import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CSV_CONTENT_TYPE, prefersCsv } from './csv-negotiation';
import { renderCsv, type CsvTable } from './csv-table';

const CSV_TABLE = 'ledger:csv-table';

/** The route's CSV table, if its answer can be a CSV (set by `AnswersCsv`). */
export function csvTableOfRoute(handler: object): CsvTable<object> | undefined {
  return Reflect.getMetadata(CSV_TABLE, handler) as CsvTable<object> | undefined;
}

/**
 * A route whose answer can also be a CSV: `Vary: Accept` always; with Accept preferring text/csv, the
 * JSON answer (already tagged) rendered as a table, its ETag suffixed -csv, as an attachment, with a
 * Link to the next page. `csvAnswer` returns null when JSON is wanted. Applied by the request's one
 * interceptor (ledger-request.interceptor.ts), after the tag.
 */
export function csvAnswer(
  table: CsvTable<object>,
  request: FastifyRequest,
  reply: FastifyReply,
): ((body: object) => string) | null {
  varyOnAccept(reply);
  if (!prefersCsv(request.headers.accept)) return null;
  return (body) => {
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
  };
}

export function AnswersCsv<T extends object>(table: CsvTable<T>) {
  return SetMetadata(CSV_TABLE, table);
}

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
