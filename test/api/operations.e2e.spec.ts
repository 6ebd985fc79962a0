import request from 'supertest';
import { databaseKindsUnderTest, startTestApp, type TestApp } from '@ledger/testing';
import { createApp } from '../../apps/api/src/create-app';

describe.each(databaseKindsUnderTest)('operations endpoints (%s)', (kind) => {
  let testApp: TestApp;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    testApp = await startTestApp(kind, createApp);
    http = request(testApp.app.getHttpServer());
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('answers /health with the database reachable', async () => {
    const response = await http.get('/health').expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      database: kind,
      databaseReachable: true,
      headPosition: 0,
    });
  });

  it('serves the OpenAPI document with bearer auth declared, and the Swagger UI', async () => {
    const response = await http.get('/docs-json').expect(200);
    expect(response.body.openapi).toMatch(/^3\./);
    expect(response.body.paths['/health']).toBeDefined();
    expect(response.body.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    await http.get('/docs').expect(200).expect('content-type', /html/);
  });

  it('exposes Prometheus metrics with the append counter and latency histogram', async () => {
    const response = await http
      .get('/metrics')
      .expect(200)
      .expect('content-type', /text\/plain/);
    expect(response.text).toContain('# TYPE ledger_appends_total counter');
    expect(response.text).toContain('# TYPE ledger_append_duration_seconds histogram');
    expect(response.text).toContain('ledger_http_request_duration_seconds');
  });

  it('answers an unknown route with problem+json and no stack trace', async () => {
    const response = await http
      .get('/api/v1/no-such-thing')
      .expect(404)
      .expect('content-type', /application\/problem\+json/);
    expect(response.body).toEqual({
      type: expect.stringMatching(/not-found$/),
      title: 'Not found',
      status: 404,
      detail: 'Nothing is found at GET /api/v1/no-such-thing',
    });
  });

  it('echoes a caller X-Request-Id and sends security headers', async () => {
    const response = await http.get('/health').set('X-Request-Id', 'board-portal-42').expect(200);
    expect(response.headers['x-request-id']).toBe('board-portal-42');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});
