import type { IncomingMessage } from 'node:http';
import { isProbe } from './request-logging';

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
