import { applyDecorators } from '@nestjs/common';
import { ApiResponse, getSchemaPath, ApiExtraModels } from '@nestjs/swagger';
import { ProblemDetails } from './problem-details';

const MEANING: Record<number, string> = {
  400: 'Malformed or invalid input (errors lists each field; text may not hold control characters other than tab and line breaks, bidirectional overrides or lone surrogates)',
  401: 'No token, or a bad, expired or unsigned one, or one whose claims (sub, name, iat, roles, authorities) break the contract',
  403: 'Your role or duty forbids this (wrong role, own proposal, declared conflict, authority not held)',
  404: 'No such resource',
  409: 'Conflicts with the resource state, or a concurrent write won',
  412: 'If-Match does not match the current version',
  413: 'Body too large',
  422: 'A governance rule refuses it; type names the rule',
  428: 'If-Match is required',
  429: 'Rate limited',
  503: 'The database is unavailable, or the read models did not reach X-Min-Position in time; retry after Retry-After seconds',
};

const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } },
};

const WWW_AUTHENTICATE = {
  'WWW-Authenticate': {
    description:
      'RFC 6750 challenge: `Bearer realm="ledger"` when no bearer token was sent; otherwise `Bearer realm="ledger", error="invalid_token", error_description="..."`',
    schema: { type: 'string' },
  },
};

const INSUFFICIENT_SCOPE = {
  'WWW-Authenticate': {
    description:
      'Only when the token lacks the role or delegated authority needed (RFC 6750): `Bearer realm="ledger", error="insufficient_scope", error_description="..."`',
    schema: { type: 'string' },
  },
};

function headersFor(status: number) {
  if (status === 401) return { headers: WWW_AUTHENTICATE };
  if (status === 403) return { headers: INSUFFICIENT_SCOPE };
  if (status === 429 || status === 503) return { headers: RETRY_AFTER };
  return {};
}

/**
 * Documents error answers as application/problem+json in the OpenAPI document. Every route behind a
 * token can answer 401, every route 429 (rate limit) and 503 (database unavailable).
 */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ApiExtraModels(ProblemDetails),
    ...[...new Set([...statuses, 401, 429, 503])]
      .sort((a, b) => a - b)
      .map((status) =>
        ApiResponse({
          status,
          description: MEANING[status] ?? 'Error',
          ...headersFor(status),
          content: {
            'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetails) } },
          },
        }),
      ),
  );
}
