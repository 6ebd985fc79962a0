import { applyDecorators } from '@nestjs/common';
import { ApiResponse, getSchemaPath, ApiExtraModels } from '@nestjs/swagger';
import { ProblemDetails } from './problem-details';

const MEANING: Record<number, string> = {
  400: 'Malformed or invalid input (errors lists each field)',
  401: 'No token, or a bad, expired or unsigned one',
  403: 'Your role or duty forbids this (wrong role, own proposal, declared conflict, authority not held)',
  404: 'No such resource',
  409: 'Conflicts with the resource state, or a concurrent write won',
  412: 'If-Match does not match the current version',
  413: 'Body too large',
  422: 'A governance rule refuses it; type names the rule',
  428: 'If-Match is required',
  429: 'Rate limited',
  503: 'The database is unavailable, or projections did not catch up in time',
};

/** Documents error answers as application/problem+json in the OpenAPI document. */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ApiExtraModels(ProblemDetails),
    ...[...new Set([401, 429, ...statuses])].map((status) =>
      ApiResponse({
        status,
        description: MEANING[status] ?? 'Error',
        content: {
          'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetails) } },
        },
      }),
    ),
  );
}
