import type { IncomingMessage, ServerResponse } from 'node:http';
import { isProbe, requestLogLevel } from './request-logging';

const aRequest = (fields: { url?: string; originalUrl?: string }) =>
  fields as IncomingMessage & { originalUrl?: string };

describe('isProbe', () => {
  it('knows a health or metrics poll by its original path, as middie leaves it', () => {
    expect(isProbe(aRequest({ url: '/', originalUrl: '/health' }))).toBe(true);
    expect(isProbe(aRequest({ url: '/', originalUrl: '/metrics' }))).toBe(true);
    expect(isProbe(aRequest({ url: '/?probe=1', originalUrl: '/health?probe=1' }))).toBe(true);
    expect(isProbe(aRequest({ url: '/health' }))).toBe(true);
  });

  it('logs every other request, including ones whose stripped path looks like a probe', () => {
    expect(isProbe(aRequest({ url: '/', originalUrl: '/api/v1/proposals' }))).toBe(false);
    expect(isProbe(aRequest({ url: '/health', originalUrl: '/api/v1/health' }))).toBe(false);
    expect(isProbe(aRequest({ url: '/', originalUrl: '/health/../api/v1/proposals' }))).toBe(false);
  });
});

describe('requestLogLevel', () => {
  const answered = (statusCode: number) => ({ statusCode }) as ServerResponse;

  it("never logs a client's mistake above info", () => {
    for (const status of [400, 401, 403, 404, 409, 412, 413, 422, 428, 429, 431])
      expect(requestLogLevel(aRequest({}), answered(status))).toBe('info');
  });

  it('logs a server failure as a warning (the problem filter logs its cause)', () => {
    expect(requestLogLevel(aRequest({}), answered(500))).toBe('warn');
    expect(requestLogLevel(aRequest({}), answered(503))).toBe('warn');
    expect(requestLogLevel(aRequest({}), answered(200), new Error('aborted'))).toBe('warn');
  });

  it('logs a success at info', () => {
    expect(requestLogLevel(aRequest({}), answered(200))).toBe('info');
  });
});
