import request from 'supertest';
import { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { AccessTokens, dataSourceOptionsFor } from '@ledger/platform';
import { anEvent, databaseKindsUnderTest, startTestApp, type TestApp } from '@ledger/testing';
import { createApp } from '../../apps/api/src/create-app';

const EVENTS = 3_000;
const NDJSON = 'application/x-ndjson';

interface Progress {
  readonly checked: number;
  readonly headPosition: number;
}

/** Reads the answer as it arrives, line by line, the way the web app does. */
async function linesOf(response: Response): Promise<unknown[]> {
  const lines: unknown[] = [];
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffered.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(buffered.slice(0, end)));
      buffered = buffered.slice(end + 1);
    }
  }
  expect(buffered).toBe('');
  return lines;
}

describe.each(databaseKindsUnderTest)('verification progress as JSON lines (%s)', (kind) => {
  let testApp: TestApp;
  let http: ReturnType<typeof request>;
  let base: string;
  let auditor: string;
  let proposer: string;

  const verifyJson = async () =>
    (await http.get('/api/v1/audit/verify').set('Authorization', `Bearer ${auditor}`).expect(200))
      .body;
  const verifyStream = (token: string | null, init: RequestInit = {}) =>
    fetch(`${base}/api/v1/audit/verify`, {
      ...init,
      headers: { Accept: NDJSON, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    });

  /** Every line but the last is progress; the last is the verdict. */
  async function streamed(): Promise<{ progress: Progress[]; verdict: unknown }> {
    const response = await verifyStream(auditor);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const lines = await linesOf(response);
    const last = lines.pop() as { verdict?: unknown };
    expect(Object.keys(last)).toEqual(['verdict']);
    for (const line of lines)
      expect(Object.keys(line as object).sort()).toEqual(['checked', 'headPosition']);
    return { progress: lines as Progress[], verdict: last.verdict };
  }

  beforeAll(async () => {
    testApp = await startTestApp(kind, createApp, {
      LEDGER_RATE_LIMIT: '100000',
      LEDGER_PROJECTOR: 'off',
    });
    http = request(testApp.app.getHttpServer());
    base = await testApp.app.getUrl();
    const tokens = new AccessTokens(testApp.config);
    auditor = await tokens.mint({ sub: 'u-auditor', name: 'Aud Itor', roles: ['auditor'] });
    proposer = await tokens.mint({ sub: 'u-proposer', name: 'Pat Proposer', roles: ['proposer'] });
    const store = testApp.app.get<EventStore>(EVENT_STORE);
    for (let appended = 0; appended < EVENTS; appended += 250) {
      await store.append([
        {
          streamId: `probe-${appended}`,
          expectedVersion: 'any',
          events: Array.from({ length: 250 }, () => anEvent()),
        },
      ]);
    }
  }, 120_000);

  afterAll(async () => {
    await testApp?.close();
  });

  it('streams progress that never goes back and reaches the head, then the same verdict as JSON', async () => {
    const { progress, verdict } = await streamed();
    expect(progress[0]).toEqual({ checked: 0, headPosition: EVENTS });
    for (let i = 1; i < progress.length; i += 1) {
      expect(progress[i].checked).toBeGreaterThanOrEqual(progress[i - 1].checked);
    }
    expect(progress[progress.length - 1]).toEqual({ checked: EVENTS, headPosition: EVENTS });
    expect(verdict).toEqual({
      ok: true,
      checked: EVENTS,
      headPosition: EVENTS,
      headHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(verdict).toEqual(await verifyJson());
  });

  it('answers plain JSON, unchanged, to a client that does not ask for the stream', async () => {
    const response = await http
      .get('/api/v1/audit/verify')
      .set('Authorization', `Bearer ${auditor}`)
      .set('Accept', 'application/json')
      .expect(200)
      .expect('content-type', /^application\/json/);
    expect(response.body).toMatchObject({ ok: true, checked: EVENTS });
  });

  it('refuses an unauthenticated or unauthorised client with problem+json, not a stream', async () => {
    for (const [token, status] of [
      [null, 401],
      [proposer, 403],
    ] as const) {
      const response = await verifyStream(token);
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({ status });
    }
  });

  it('survives a client that goes away mid-stream, and verifies again afterwards', async () => {
    const abort = new AbortController();
    const response = await verifyStream(auditor, { signal: abort.signal });
    expect(response.status).toBe(200);
    abort.abort();
    await expect(response.text()).rejects.toThrow();
    // Long enough for the abandoned verification to finish and try to write to the gone client.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { verdict } = await streamed();
    expect(verdict).toMatchObject({ ok: true, checked: EVENTS });
  });

  it('ends a tampered log with ok false and the first broken position, as the JSON answer does', async () => {
    const database = new DataSource(dataSourceOptionsFor(testApp.database));
    await database.initialize();
    try {
      const p = kind === 'postgres' ? '$1' : '?';
      await database.query(`UPDATE ledger_events SET data = ${p} WHERE position = 1500`, [
        JSON.stringify({ amount: '1.00', note: 'a note' }),
      ]);
    } finally {
      await database.destroy();
    }
    const { progress, verdict } = await streamed();
    for (let i = 1; i < progress.length; i += 1) {
      expect(progress[i].checked).toBeGreaterThanOrEqual(progress[i - 1].checked);
    }
    expect(progress.every((line) => line.checked < 1500)).toBe(true);
    expect(verdict).toEqual({
      ok: false,
      checked: 1499,
      firstInvalidPosition: 1500,
      reason: expect.stringMatching(/payload was altered/),
    });
    expect(verdict).toEqual(await verifyJson());
  });
});
