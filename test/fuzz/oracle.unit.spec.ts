import { judge, judgeAcceptedWrite, type LogEvent, type Observation } from './oracle';

const PROBLEM = { 'content-type': 'application/problem+json; charset=utf-8' };

function observed(overrides: Partial<Observation> = {}): Observation {
  return {
    method: 'POST',
    secured: true,
    signedIn: true,
    status: 400,
    headers: PROBLEM,
    text: JSON.stringify({
      type: 'https://ledger.example/problems/validation-failed',
      title: 'The request is not valid',
      status: 400,
      detail: 'title must be a string',
    }),
    sent: [],
    headBefore: 7,
    headAfter: 7,
    minPositionBeyondHead: false,
    ...overrides,
  };
}

const faults = (observation: Observation) => judge(observation).map((verdict) => verdict.fault);

describe("the fuzzer's oracle", () => {
  it('passes a well-formed refusal that appended nothing', () => {
    expect(judge(observed())).toEqual([]);
  });

  it('flags a server error', () => {
    expect(
      faults(observed({ status: 500, text: '{"type":"x","title":"x","status":500,"detail":"x"}' })),
    ).toContain('server error 500');
  });

  it('flags a refusal that is not problem+json', () => {
    expect(
      faults(
        observed({
          headers: { 'content-type': 'application/json' },
          text: '{"message":"Bad Request"}',
        }),
      ),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/^not problem\+json/)]));
  });

  it('flags a stack trace, a SQL text and a file path, but not an echo of what was sent', () => {
    const leaky = (detail: string, sent: string[] = []) =>
      faults(
        observed({
          text: JSON.stringify({ type: 'x', title: 'x', status: 400, detail }),
          sent,
        }),
      );
    expect(leaky('Error: boom\n    at Object.<anonymous> (/app/dist/main.js:10:5)')).not.toEqual(
      [],
    );
    expect(leaky('SQLITE_CONSTRAINT: UNIQUE constraint failed')).not.toEqual([]);
    expect(leaky('failed in /work/libs/domain/src/money.ts:12')).not.toEqual([]);
    expect(
      leaky("unknown id ' UNION SELECT hash FROM events --", [
        "' UNION SELECT hash FROM events --",
      ]),
    ).toEqual([]);
  });

  it('flags a refused write that appended events, and a read that did', () => {
    expect(faults(observed({ status: 409, headAfter: 8 }))).toContain(
      'refused write appended 1 event(s)',
    );
    expect(
      faults(observed({ method: 'GET', status: 200, headers: {}, text: '{}', headAfter: 8 })),
    ).toContain('a read appended events');
  });

  it('flags an answer given without a valid token on a route that needs one', () => {
    expect(faults(observed({ signedIn: false, status: 200, text: '{}', headers: {} }))).toContain(
      'answered 200 without a valid token',
    );
    expect(
      faults(observed({ secured: false, signedIn: false, status: 200, text: '{}', headers: {} })),
    ).toEqual([]);
  });

  it('reports the 503 for X-Min-Position beyond the head as known, and any other 503 as a fault', () => {
    const behind = JSON.stringify({
      type: 'https://ledger.example/problems/projection-behind',
      title: 'x',
      status: 503,
      detail: 'x',
    });
    const wait = judge(
      observed({ method: 'GET', status: 503, text: behind, minPositionBeyondHead: true }),
    );
    expect(wait).toEqual([
      expect.objectContaining({ known: expect.stringContaining('hardening') }),
    ]);
    expect(
      judge(observed({ method: 'GET', status: 503, text: behind, minPositionBeyondHead: false })),
    ).toEqual([{ fault: 'server error 503' }]);
  });
});

describe("the fuzzer's check of an accepted write", () => {
  const event = (position: number, overrides: Partial<LogEvent> = {}): LogEvent => ({
    position,
    correlationId: 'fuzz-1',
    actor: { id: 'proposer-1' },
    prevHash: `h${position - 1}`,
    hash: `h${position}`,
    ...overrides,
  });
  const accepted = (overrides: Partial<Parameters<typeof judgeAcceptedWrite>[0]> = {}) =>
    judgeAcceptedWrite({
      answer: { id: 'p', version: 2, position: 9 },
      requestId: 'fuzz-1',
      actorId: 'proposer-1',
      idempotencyKeyReused: false,
      headBefore: 7,
      headAfter: 9,
      events: [event(8), event(9)],
      previousHash: 'h7',
      ...overrides,
    }).map((verdict) => verdict.fault);

  it('passes events that are its own, contiguous, by the token holder and chained', () => {
    expect(accepted()).toEqual([]);
  });

  it("flags another request's event, another actor, a broken link and a wrong position", () => {
    expect(accepted({ events: [event(8), event(9, { correlationId: 'other' })] })).toHaveLength(1);
    expect(accepted({ events: [event(8, { actor: { id: 'admin-1' } }), event(9)] })).toHaveLength(
      1,
    );
    expect(accepted({ previousHash: 'tampered' })).toHaveLength(1);
    expect(accepted({ answer: { position: 8 } })).toHaveLength(1);
    expect(accepted({ events: [event(9)] })).not.toEqual([]);
  });

  it('passes a replay that appended nothing only when its Idempotency-Key was used before', () => {
    const replay = { answer: { position: 5 }, headAfter: 7, events: [] };
    expect(accepted({ ...replay, idempotencyKeyReused: true })).toEqual([]);
    expect(accepted(replay)).toEqual(['answered position 5 but appended nothing']);
  });
});
