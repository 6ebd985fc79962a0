import { logLevelOf } from './problem-details.filter';
import { PROBLEM_BASE } from './problem-details';

const answer = (status: number, code: string) => ({ status, type: `${PROBLEM_BASE}${code}` });

describe('logLevelOf', () => {
  it.each([
    [400, 'validation-failed'],
    [400, 'min-position-beyond-head'],
    [401, 'invalid-token'],
    [403, 'role-required'],
    [404, 'not-found'],
    [409, 'concurrent-write'],
    [422, 'idempotency-key-reused'],
    [429, 'rate-limited'],
  ])("leaves a client's mistake (%i %s) to the request log", (status, code) => {
    expect(logLevelOf(answer(status, code))).toBeNull();
  });

  it('warns, without a stack, when the ledger is only behind or busy', () => {
    expect(logLevelOf(answer(503, 'projection-behind'))).toBe('warn');
    expect(logLevelOf(answer(503, 'selection-not-proven'))).toBe('warn');
  });

  it('logs an error when the ledger failed or its database is unavailable', () => {
    expect(logLevelOf(answer(500, 'internal-error'))).toBe('error');
    expect(logLevelOf(answer(503, 'database-unavailable'))).toBe('error');
  });
});
