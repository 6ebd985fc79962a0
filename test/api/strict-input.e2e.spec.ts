import { SignJWT } from 'jose';
import request from 'supertest';
import {
  aDraftBody,
  aPolicyBody,
  expectProblem,
  people,
  startTestApp,
  tokenMinter,
  type Person,
  type TestApp,
} from '@ledger/testing';
import { createApp } from '../../apps/api/src/create-app';

const SECRET = 'strict-input-suite-secret-0123456789-abcdefghijklmnop';
const ENV = { LEDGER_RATE_LIMIT: '1000000', LEDGER_JWT_SECRET: SECRET };
const WRITE_METHODS = ['post', 'put', 'patch', 'delete'];

type Operation = { operationId?: string; requestBody?: unknown };
type Document = { paths: Record<string, Record<string, Operation>> };

const POLICY = aPolicyBody({ discountRate: '0.035' });

/** Issue 21: input the contract does not describe is refused, whatever shape it hides in. */
describe('input outside the contract', () => {
  let testApp: TestApp;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    testApp = await startTestApp('sqlite', createApp, ENV);
    http = request(testApp.app.getHttpServer());
  });

  afterAll(async () => {
    await testApp?.close();
  });

  const bearer = (person: Person) => tokenMinter(testApp.config).bearer(person);

  async function headPosition(): Promise<number> {
    const response = await http.get('/health');
    expect(response.status).toBe(200);
    return response.body.headPosition ?? 0;
  }

  async function drafted(): Promise<string> {
    const response = await http
      .post('/api/v1/proposals')
      .set('Authorization', await bearer(people.proposer))
      .send(aDraftBody());
    expect(response.status).toBe(201);
    return response.body.id;
  }

  describe('a body sent to a command that takes none', () => {
    it('is refused with 400 naming the unknown properties, on every such route, appending nothing', async () => {
      const document: Document = (await http.get('/docs-json').expect(200)).body;
      const bodiless = Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.entries(operations)
          .filter(([method, operation]) => WRITE_METHODS.includes(method) && !operation.requestBody)
          .map(([method]) => ({ method, path })),
      );
      expect(bodiless.length).toBeGreaterThan(0);
      const accepted: string[] = [];
      for (const { method, path } of bodiless) {
        const id = await drafted();
        const before = await headPosition();
        const response = await http[method as 'post'](path.replace(/\{\w+\}/g, id))
          .set('Authorization', await bearer(people.proposer))
          .send({ status: 'approved', approvedAmount: '50000.00' });
        if (response.status !== 400) {
          accepted.push(`${method.toUpperCase()} ${path}: ${response.status}`);
          continue;
        }
        expectProblem(response, 400, 'validation-failed');
        expect(response.body.detail).toContain('status');
        expect(response.body.detail).toContain('approvedAmount');
        expect(await headPosition()).toBe(before);
      }
      expect(accepted).toEqual([]);
    });

    it.each([
      ['an array', [1]],
      ['a string', 'approved'],
      ['a number', 5],
    ])('is refused when it is %s', async (_label, body) => {
      const id = await drafted();
      const before = await headPosition();
      const response = await http
        .post(`/api/v1/proposals/${id}/submit`)
        .set('Authorization', await bearer(people.proposer))
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body));
      expectProblem(response, 400);
      expect(await headPosition()).toBe(before);
    });

    it('still accepts no body, and an empty object', async () => {
      for (const body of [undefined, {}]) {
        const id = await drafted();
        const call = http
          .post(`/api/v1/proposals/${id}/submit`)
          .set('Authorization', await bearer(people.proposer));
        const response = await (body === undefined ? call : call.send(body));
        expect(response.status).toBe(200);
      }
    });
  });

  describe('a map whose keys are named after the prototype', () => {
    it.each(['constructor', 'toString', '__proto__', 'prototype', 'hasOwnProperty', 'valueOf'])(
      'PUT /policy refuses criteriaWeights.%s with 400 naming the field, appending nothing',
      async (key) => {
        const before = await headPosition();
        const body = `{${JSON.stringify(POLICY)
          .slice(1, -1)
          .replace('"strategicFit":1', `"strategicFit":1,${JSON.stringify(key)}:1`)}}`;
        const response = await http
          .put('/api/v1/policy')
          .set('Authorization', await bearer(people.admin))
          .set('Content-Type', 'application/json')
          .send(body);
        expectProblem(response, 400);
        expect(response.body.detail).toContain(key);
        expect(await headPosition()).toBe(before);
      },
    );

    it.each(['constructor', '__proto__', 'prototype'])(
      'POST /proposals refuses %s anywhere in the body',
      async (key) => {
        const before = await headPosition();
        const body = `{${JSON.stringify(aDraftBody()).slice(1, -1)},${JSON.stringify(key)}:{"x":1}}`;
        const response = await http
          .post('/api/v1/proposals')
          .set('Authorization', await bearer(people.proposer))
          .set('Content-Type', 'application/json')
          .send(body);
        expectProblem(response, 400);
        expect(response.body.detail).toContain(key);
        expect(await headPosition()).toBe(before);
      },
    );
  });

  describe('a correctly signed token whose claims do not match the contract', () => {
    async function signed(claims: Record<string, unknown>): Promise<string> {
      const token = await new SignJWT({ name: 'Mallory Mole', ...claims })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject('mallory-1')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(SECRET));
      return `Bearer ${token}`;
    }

    it.each([
      ['roles is a string', { roles: 'admin' }],
      ['roles is an object', { roles: { admin: true } }],
      ['roles holds an unknown role', { roles: ['proposer', 'superuser'] }],
      ['roles holds a miscased role', { roles: ['Admin'] }],
      ['roles holds a non-string', { roles: ['proposer', 7] }],
      ['authorities is a string', { roles: ['board'], authorities: 'cabinet' }],
      ['authorities holds a non-string', { roles: ['board'], authorities: [{ tier: 'cabinet' }] }],
    ])('is 401 when %s, on reads and writes alike', async (_label, claims) => {
      const authorization = await signed(claims);
      const before = await headPosition();
      expectProblem(
        await http.get('/api/v1/proposals').set('Authorization', authorization),
        401,
        'invalid-token',
      );
      expectProblem(
        await http.put('/api/v1/policy').set('Authorization', authorization).send(POLICY),
        401,
        'invalid-token',
      );
      expect(await headPosition()).toBe(before);
    });

    it('reads nothing with roles: [] (403)', async () => {
      const authorization = await signed({ roles: [] });
      for (const path of ['/api/v1/proposals', '/api/v1/policy', '/api/v1/audit/events']) {
        expectProblem(await http.get(path).set('Authorization', authorization), 403);
      }
    });
  });
});
