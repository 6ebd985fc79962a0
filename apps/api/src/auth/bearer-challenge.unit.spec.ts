import { InvalidToken } from '@ledger/platform';
import { PROBLEM_BASE } from '../problems/problem-details';
import { bearerChallenge } from './bearer-challenge';

const answer = (status: number, code: string) => ({ status, type: `${PROBLEM_BASE}${code}` });

describe('bearerChallenge (RFC 6750 §3)', () => {
  it('gives only the realm when no bearer token was sent', () => {
    expect(
      bearerChallenge(
        new InvalidToken('Send a token', 'No bearer token', false),
        answer(401, 'invalid-token'),
      ),
    ).toBe('Bearer realm="ledger"');
  });

  it('names invalid_token with the short description of a refused token', () => {
    expect(
      bearerChallenge(new InvalidToken('The token has expired'), answer(401, 'invalid-token')),
    ).toBe(
      'Bearer realm="ledger", error="invalid_token", error_description="The token has expired"',
    );
  });

  it('keeps quotes, backslashes and control characters out of the description', () => {
    const challenge = bearerChallenge(
      new InvalidToken('x', 'a "quoted"\\ part\r\nSet-Cookie: x=1 ' + 'z'.repeat(300)),
      answer(401, 'invalid-token'),
    )!;
    const description = /error_description="([^"]*)"$/.exec(challenge)![1];
    expect(description).toMatch(/^[\x20\x21\x23-\x5B\x5D-\x7E]{1,120}$/);
    expect(challenge).not.toMatch(/[\r\n]/);
  });

  it('names insufficient_scope on a 403 for a missing role or delegated authority', () => {
    expect(bearerChallenge(null, answer(403, 'role-required'))).toMatch(
      /^Bearer realm="ledger", error="insufficient_scope", error_description="[^"]+"$/,
    );
    expect(bearerChallenge(null, answer(403, 'authority-not-held'))).toContain(
      'error="insufficient_scope"',
    );
  });

  it('gives no challenge for a duty rule or any other answer', () => {
    expect(bearerChallenge(null, answer(403, 'self-review'))).toBeNull();
    expect(bearerChallenge(null, answer(403, 'conflict-of-interest'))).toBeNull();
    expect(bearerChallenge(null, answer(400, 'validation-failed'))).toBeNull();
    expect(bearerChallenge(null, answer(404, 'not-found'))).toBeNull();
  });
});
