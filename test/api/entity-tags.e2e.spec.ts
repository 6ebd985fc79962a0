import request from 'supertest';
import {
  aBudgetBody,
  aDraftBody,
  databaseKindsUnderTest,
  expectProblem,
  people,
  startTestApp,
  tokenMinter,
  type Person,
  type TestApp,
} from '@ledger/testing';
import { createApp } from '../../apps/api/src/create-app';

const ENV = { LEDGER_RATE_LIMIT: '100000' };
const A_POLICY = {
  delegation: [
    { authority: 'chief-officer', upTo: '50000.00' },
    { authority: 'investment-board', upTo: '1000000.00' },
    { authority: 'cabinet', upTo: null },
  ],
  requiredReviewKinds: ['financial', 'technical'],
  criteriaWeights: {
    strategicFit: 2,
    valueForMoney: 1,
    deliverability: 1,
    riskReduction: 1,
    serviceImpact: 1,
  },
  discountRate: '0.035',
};

describe.each(databaseKindsUnderTest)('ETag and If-Match over HTTP (%s)', (kind) => {
  let testApp: TestApp;
  let http: ReturnType<typeof request>;
  let bearer: (person: Person) => Promise<string>;

  beforeAll(async () => {
    testApp = await startTestApp(kind, createApp, ENV);
    http = request(testApp.app.getHttpServer());
    const minter = tokenMinter(testApp.config);
    bearer = (person) => minter.bearer(person);
  });

  afterAll(async () => {
    await testApp?.close();
  });

  async function headPosition(): Promise<number> {
    return (await http.get('/health').expect(200)).body.headPosition;
  }

  async function get(path: string, headers: Record<string, string> = {}) {
    const response = await http
      .get(`/api/v1${path}`)
      .set({ Authorization: await bearer(people.auditor), ...headers });
    expect({ path, status: response.status }).toEqual({ path, status: 200 });
    return response;
  }

  describe('PUT /budgets/{fiscalYear}', () => {
    const YEAR = '2031-32';

    async function put(body: object, ifMatch?: string) {
      const call = http
        .put(`/api/v1/budgets/${YEAR}`)
        .set('Authorization', await bearer(people.finance));
      return (ifMatch === undefined ? call : call.set('If-Match', ifMatch)).send(body);
    }

    it('answers the version it read as ETag, and takes it back as If-Match', async () => {
      expect((await get(`/budgets/${YEAR}`)).headers.etag).toBe('"0"');
      const first = await put(aBudgetBody(), '"0"');
      expect(first.status).toBe(200);
      expect(first.headers.etag).toBe('"1"');
      const read = await get(`/budgets/${YEAR}`);
      expect(read.headers.etag).toBe(`"${read.body.version}"`);
      expect(read.headers.etag).toBe('"1"');
      const second = await put(aBudgetBody({ capitalEnvelope: '2500000.00' }), read.headers.etag);
      expect({ status: second.status, etag: second.headers.etag }).toEqual({
        status: 200,
        etag: '"2"',
      });
    });

    it('refuses a stale If-Match with 412 and records nothing, so two officers cannot overwrite each other', async () => {
      const seen = (await get(`/budgets/${YEAR}`)).headers.etag;
      expect((await put(aBudgetBody({ capitalEnvelope: '3000000.00' }), seen)).status).toBe(200);
      const before = await headPosition();

      const late = await put(aBudgetBody({ capitalEnvelope: '100.00' }), seen);

      expectProblem(late, 412, 'stale-version');
      expect(late.body).toMatchObject({ expectedVersion: Number(JSON.parse(seen)) });
      expect(await headPosition()).toBe(before);
      expect((await get(`/budgets/${YEAR}`)).body.capitalEnvelope).toBe('3000000.00');
    });

    it('refuses an If-Match that is not a version with 400', async () => {
      expectProblem(await put(aBudgetBody(), 'yesterday'), 400, 'invalid-if-match');
    });
  });

  describe('PUT /policy', () => {
    async function adopt(ifMatch?: string) {
      const call = http.put('/api/v1/policy').set('Authorization', await bearer(people.admin));
      return (ifMatch === undefined ? call : call.set('If-Match', ifMatch)).send(A_POLICY);
    }

    it('tags the policy with its revision, honours it as If-Match, and refuses a stale one with 412', async () => {
      const initial = await get('/policy');
      expect(initial.headers.etag).toBe(`"${initial.body.revision}"`);

      const adopted = await adopt(initial.headers.etag);
      expect(adopted.status).toBe(200);
      const now = await get('/policy');
      expect(now.headers.etag).toBe(adopted.headers.etag);
      expect(now.headers.etag).toBe(`"${initial.body.revision + 1}"`);
      expect(now.body.version).toBe(adopted.body.position);
      const before = await headPosition();

      expectProblem(await adopt(initial.headers.etag), 412, 'stale-version');
      expect(await headPosition()).toBe(before);
      expect((await adopt(now.headers.etag)).status).toBe(200);
    });
  });

  describe('resource reads', () => {
    let proposalId: string;
    let position: number;

    beforeAll(async () => {
      await http
        .put('/api/v1/budgets/2026-27')
        .set('Authorization', await bearer(people.finance))
        .send(aBudgetBody())
        .expect(200);
      const drafted = await http
        .post('/api/v1/proposals')
        .set('Authorization', await bearer(people.proposer))
        .send(aDraftBody())
        .expect(201);
      const submitted = await http
        .post(`/api/v1/proposals/${drafted.body.id}/submit`)
        .set('Authorization', await bearer(people.proposer))
        .expect(200);
      proposalId = drafted.body.id;
      position = submitted.body.position;
    });

    it("tags a proposal's history with the proposal's version", async () => {
      const proposal = await get(`/proposals/${proposalId}`);
      const history = await get(`/proposals/${proposalId}/history`);
      expect(history.headers.etag).toBe(proposal.headers.etag);
      expect(history.headers.etag).toBe('"2"');
    });

    it.each([
      ['the register', '/proposals'],
      ['the portfolio summary', '/portfolio/summary?fiscalYear=2026-27'],
      ['the priorities', '/portfolio/priorities?fiscalYear=2026-27'],
    ])(
      'tags %s with a weak digest that holds while nothing changes and moves when it does',
      async (_name, path) => {
        const minPosition = { 'X-Min-Position': String(position) };
        const first = await get(path, minPosition);
        const again = await get(path, minPosition);
        expect(first.headers.etag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
        expect(again.headers.etag).toBe(first.headers.etag);

        const another = await http
          .post('/api/v1/proposals')
          .set('Authorization', await bearer(people.proposer))
          .send(aDraftBody({ title: `Another for ${path}` }))
          .expect(201);
        const submitted = await http
          .post(`/api/v1/proposals/${another.body.id}/submit`)
          .set('Authorization', await bearer(people.proposer))
          .expect(200);
        position = submitted.body.position;

        const after = await get(path, { 'X-Min-Position': String(position) });
        expect(after.headers.etag).not.toBe(first.headers.etag);
      },
    );
  });
});
