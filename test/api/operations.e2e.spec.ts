import request from 'supertest';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { LEDGER_DATABASE, type LedgerDatabase } from '@ledger/platform';
import { Projector } from '@ledger/read-models';
import { anEvent, databaseKindsUnderTest, startTestApp, type TestApp } from '@ledger/testing';
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

  it('answers /health/live without a token, outside the API prefix', async () => {
    const response = await http.get('/health/live').expect(200);
    expect(response.body).toEqual({ status: 'ok', uptimeSeconds: expect.any(Number) });
    await http.get('/api/v1/health/live').expect(404);
  });

  it('answers /health/ready with the database reachable and the projections caught up', async () => {
    const response = await http.get('/health/ready').expect(200);
    expect(response.body).toMatchObject({
      status: 'ready',
      databaseReachable: true,
      headPosition: 0,
      maxLagEvents: 1000,
      projections: expect.arrayContaining([
        expect.objectContaining({ name: 'proposal-register', lagEvents: 0 }),
      ]),
    });
  });

  it('serves the OpenAPI document with bearer auth declared, and the Swagger UI', async () => {
    const response = await http.get('/docs-json').expect(200);
    expect(response.body.openapi).toMatch(/^3\./);
    expect(response.body.paths['/health']).toBeDefined();
    const ready = response.body.paths['/health/ready'].get;
    expect(ready.operationId).toBe('checkReadiness');
    expect(ready.responses['503'].content['application/problem+json'].schema.$ref).toMatch(
      /NotReadyProblem$/,
    );
    expect(response.body.paths['/health/live'].get.operationId).toBe('checkLiveness');
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

  it('names the process metrics as standard Node.js dashboards expect, unprefixed', async () => {
    const { text } = await http.get('/metrics').expect(200);
    expect(text).toMatch(/^# TYPE process_cpu_seconds_total counter$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(text).not.toContain('ledger_process_');
    const series = text
      .split('\n')
      .filter((line) => line.startsWith('# TYPE '))
      .map((line) => line.split(' ')[2]);
    const own = series.filter((name) => !/^(process_|nodejs_)/.test(name));
    expect(own.length).toBeGreaterThan(0);
    expect(own.filter((name) => !name.startsWith('ledger_'))).toEqual([]);
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

describe.each(databaseKindsUnderTest)('readiness when it should not get requests (%s)', (kind) => {
  let testApp: TestApp | null = null;

  afterEach(async () => {
    await testApp?.close();
    testApp = null;
  });

  it('answers 503 problem+json naming the projection that trails by more than LEDGER_READY_MAX_LAG', async () => {
    testApp = await startTestApp(kind, createApp, { LEDGER_READY_MAX_LAG: '2' });
    const http = request(testApp.app.getHttpServer());
    await testApp.app.get(Projector).stop();
    const store = testApp.app.get<EventStore>(EVENT_STORE);
    const appendOne = () =>
      store.append([{ streamId: 'probe-1', expectedVersion: 'any', events: [anEvent()] }]);
    await appendOne();
    await appendOne();
    expect((await http.get('/health/ready')).status).toBe(200);
    await appendOne();
    const response = await http
      .get('/health/ready')
      .expect(503)
      .expect('content-type', /application\/problem\+json/);
    expect(response.body).toMatchObject({
      type: expect.stringMatching(/not-ready$/),
      title: 'Not ready',
      status: 503,
      reasons: ['projection-lag'],
      detail: expect.stringMatching(
        /^Projections trail the log by more than the 2 events allowed \(LEDGER_READY_MAX_LAG\): .*proposal-register by 3/,
      ),
      headPosition: 3,
      maxLagEvents: 2,
    });
    await http.get('/health/live').expect(200);
    await http.get('/health').expect(200);
  });

  it('never rate-limits the probes, even once the client is limited elsewhere', async () => {
    testApp = await startTestApp(kind, createApp, { LEDGER_RATE_LIMIT: '2' });
    const http = request(testApp.app.getHttpServer());
    for (let i = 0; i < 3; i += 1) await http.get('/api/v1/proposals');
    await http.get('/api/v1/proposals').expect(429);
    for (let i = 0; i < 5; i += 1)
      for (const path of ['/health/live', '/health/ready', '/health', '/metrics'])
        await http.get(path).expect(200);
  });

  it('judges only the database when another process keeps the projections (LEDGER_PROJECTOR=off)', async () => {
    testApp = await startTestApp(kind, createApp, {
      LEDGER_READY_MAX_LAG: '0',
      LEDGER_PROJECTOR: 'off',
    });
    const store = testApp.app.get<EventStore>(EVENT_STORE);
    await store.append([{ streamId: 'probe-1', expectedVersion: 'any', events: [anEvent()] }]);
    const response = await request(testApp.app.getHttpServer()).get('/health/ready').expect(200);
    expect(response.body).toMatchObject({ status: 'ready', headPosition: 1, maxLagEvents: null });
    expect(response.body.projections[0]).toMatchObject({ lagEvents: 1 });
  });

  it('answers 503 database-unreachable while /health/live still answers 200', async () => {
    testApp = await startTestApp(kind, createApp);
    const http = request(testApp.app.getHttpServer());
    await testApp.app.get(Projector).stop();
    const database = testApp.app.get<LedgerDatabase>(LEDGER_DATABASE);
    await database.eventStore.close();
    await database.dataSource.destroy();
    const response = await http.get('/health/ready').expect(503);
    expect(response.body).toMatchObject({
      reasons: ['database-unreachable'],
      databaseReachable: false,
    });
    await http.get('/health/live').expect(200);
  });
});
