import { InvalidToken } from '@ledger/platform';
import { PROBLEM_BASE } from '../problems/problem-details';

const REALM = 'ledger';

/** RFC 6750 §3: error_description holds only these characters (no quote, no backslash, no controls). */
const NOT_QUOTABLE = /[^\x20\x21\x23-\x5B\x5D-\x7E]/g;
const MAX_DESCRIPTION = 120;

/**
 * Refusals that a token with more privileges would have passed: RFC 6750 §3.1's
 * `insufficient_scope`. A duty rule (one's own proposal, a declared conflict) is not one: no token
 * would change it, so its 403 carries no challenge.
 */
const INSUFFICIENT_SCOPE: ReadonlyMap<string, string> = new Map([
  [`${PROBLEM_BASE}role-required`, 'Your token does not grant the role this needs'],
  [`${PROBLEM_BASE}authority-not-held`, 'Your token does not grant this delegated authority'],
]);

/**
 * The WWW-Authenticate challenge for an error answer (RFC 6750 §3), or null when it takes none:
 * every 401 carries one, with `error="invalid_token"` unless no bearer token was sent at all (then
 * only the realm, §3.1); a 403 for a missing role or authority carries `error="insufficient_scope"`.
 */
export function bearerChallenge(
  error: unknown,
  answer: { readonly status: number; readonly type: string },
): string | null {
  if (answer.status === 401) {
    if (error instanceof InvalidToken && !error.presented) return `Bearer realm="${REALM}"`;
    return challenge(
      'invalid_token',
      error instanceof InvalidToken ? error.description : 'The access token is not valid',
    );
  }
  const insufficient = answer.status === 403 ? INSUFFICIENT_SCOPE.get(answer.type) : undefined;
  return insufficient === undefined ? null : challenge('insufficient_scope', insufficient);
}

function challenge(code: 'invalid_token' | 'insufficient_scope', description: string): string {
  const quoted = description.replace(NOT_QUOTABLE, '').slice(0, MAX_DESCRIPTION);
  return `Bearer realm="${REALM}", error="${code}", error_description="${quoted}"`;
}
