import request from 'supertest';
import {
  aBudgetBody,
  aDraftBody,
  anApprovalBody,
  aReviewBody,
  databaseKindsUnderTest,
  expectProblem,
  people,
  startTestApp,
  tokenMinter,
  type Person,
  type TestApp,
} from '@ledger/testing';
import { createApp } from '../../apps/api/src/create-app';

const ENV = { LEDGER_RATE_LIMIT: '1000000' };
const YEAR = '2026-27';
const NEXT = '2027-28';

const policyBody = (switches: Record<string, unknown> = {}) => ({
  delegation: [
    { authority: 'chief-officer', upTo: '100000.00' },
    { authority: 'investment-board', upTo: '1000000.00' },
    { authority: 'cabinet', upTo: null },
  ],
  requiredReviewKinds: ['financial', 'technical'],
  criteriaWeights: {
    strategicFit: 1,
    valueForMoney: 1,
    deliverability: 1,
    riskReduction: 1,
    serviceImpact: 1,
  },
  ...switches,
});

/**
 * Revenue commitments (API.md, Wave 2): an approval commits its running cost against the revenue
 * envelope of every year it runs; the summary shows approvedRevenue and remainingRevenue; with the
 * policy's enforceRevenueEnvelope an approval whose first-year running cost does not fit what is
 * left is 422 revenue-envelope-exceeded and appends nothing. Each test starts a fresh ledger.
 */
describe.each(databaseKindsUnderTest)('revenue commitments over HTTP (%s)', (kind) => {
  let testApp: TestApp;
  let http: ReturnType<typeof request>;
  let minter: ReturnType<typeof tokenMinter>;
  let lastPosition = 0;
  const bearers = new Map<string, string>();

  async function bearerOf(person: Person): Promise<string> {
    let bearer = bearers.get(person.sub);
    if (!bearer) bearers.set(person.sub, (bearer = await minter.bearer(person, '2h')));
    return bearer;
  }

  async function call(
    method: 'post' | 'put',
    path: string,
    by: Person,
    body?: Record<string, unknown>,
    version?: number,
  ): Promise<request.Response> {
    const pending = http[method](path).set('Authorization', await bearerOf(by));
    if (version !== undefined) pending.set('If-Match', `"${version}"`);
    const response = await (body === undefined ? pending : pending.send(body));
    if (response.status < 300 && typeof response.body?.position === 'number')
      lastPosition = Math.max(lastPosition, response.body.position);
    return response;
  }

  async function ok(...args: Parameters<typeof call>): Promise<request.Response> {
    const response = await call(...args);
    if (response.status >= 300)
      throw new Error(`${args[0]} ${args[1]} got ${response.status}: ${response.text}`);
    return response;
  }

  async function read(path: string, by: Person = people.finance): Promise<request.Response> {
    const response = await http
      .get(path)
      .set('Authorization', await bearerOf(by))
      .set('X-Min-Position', String(lastPosition));
    expect(response.status).toBe(200);
    return response;
  }

  const head = async () => (await read('/api/v1/audit/digest', people.auditor)).body.position;

  const summary = async (fiscalYear: string) =>
    (await read(`/api/v1/portfolio/summary?fiscalYear=${fiscalYear}`)).body as {
      envelope: { capital: string | null; revenue: string | null };
      approvedRevenue: string;
      remainingRevenue: string | null;
    };

  /** A reviewed proposal ready for the investment board: its id and version. */
  async function reviewed(
    fiscalYear: string,
    annualRevenueCost: string,
    appraisalYears: number,
  ): Promise<{ id: string; version: number }> {
    const drafted = await ok(
      'post',
      '/api/v1/proposals',
      people.proposer,
      aDraftBody({
        fiscalYear,
        capitalCost: '150000.00',
        annualRevenueCost,
        appraisalYears,
        title: `Running ${annualRevenueCost} a year for ${appraisalYears} years`,
      }),
    );
    const id: string = drafted.body.id;
    await ok('post', `/api/v1/proposals/${id}/submit`, people.proposer);
    await ok('post', `/api/v1/proposals/${id}/reviews`, people.financialReviewer, aReviewBody());
    const last = await ok(
      'post',
      `/api/v1/proposals/${id}/reviews`,
      people.technicalReviewer,
      aReviewBody({ kind: 'technical' }),
    );
    return { id, version: last.body.version };
  }

  const approve = ({ id, version }: { id: string; version: number }) =>
    call(
      'post',
      `/api/v1/proposals/${id}/decision`,
      people.board,
      anApprovalBody({ approvedAmount: '150000.00' }),
      version,
    );

  async function adopt(enforceRevenueEnvelope?: boolean): Promise<void> {
    await ok(
      'put',
      '/api/v1/policy',
      people.admin,
      policyBody(enforceRevenueEnvelope === undefined ? {} : { enforceRevenueEnvelope }),
    );
  }

  beforeEach(async () => {
    testApp = await startTestApp(kind, createApp, ENV);
    http = request(testApp.app.getHttpServer());
    minter = tokenMinter(testApp.config);
    bearers.clear();
    lastPosition = 0;
    for (const [year, revenueEnvelope] of [
      [YEAR, '50000.00'],
      [NEXT, '30000.00'],
    ])
      await ok(
        'put',
        `/api/v1/budgets/${year}`,
        people.finance,
        aBudgetBody({ capitalEnvelope: '5000000.00', revenueEnvelope }),
      );
  });

  afterEach(async () => {
    await testApp?.close();
  });

  it('commits running costs against every year they run, and the summary shows them', async () => {
    await adopt();
    expect((await read('/api/v1/policy')).body.enforceRevenueEnvelope).toBe(false);
    expect(await summary(YEAR)).toMatchObject({
      envelope: { revenue: '50000.00' },
      approvedRevenue: '0.00',
      remainingRevenue: '50000.00',
    });
    // 20,000.00 a year for three years: 2026-27, 2027-28 and 2028-29.
    expect((await approve(await reviewed(YEAR, '20000.00', 3))).status).toBe(200);
    expect(await summary(YEAR)).toMatchObject({
      approvedRevenue: '20000.00',
      remainingRevenue: '30000.00',
    });
    expect(await summary(NEXT)).toMatchObject({
      approvedRevenue: '20000.00',
      remainingRevenue: '10000.00',
    });
    // No envelope set for 2028-29: committed all the same, with nothing to remain.
    expect(await summary('2028-29')).toMatchObject({
      envelope: { revenue: null },
      approvedRevenue: '20000.00',
      remainingRevenue: null,
    });
    expect(await summary('2029-30')).toMatchObject({ approvedRevenue: '0.00' });
  });

  it('leaves approvals over the revenue envelope alone while the switch is off (v1 behaviour)', async () => {
    await adopt();
    expect((await approve(await reviewed(YEAR, '60000.00', 1))).status).toBe(200);
    expect(await summary(YEAR)).toMatchObject({
      approvedRevenue: '60000.00',
      remainingRevenue: '-10000.00',
    });
  });

  it('with the switch on, approves a running cost that fits exactly and refuses 0.01 more, appending nothing', async () => {
    await adopt(true);
    expect((await read('/api/v1/policy')).body.enforceRevenueEnvelope).toBe(true);
    expect((await approve(await reviewed(YEAR, '20000.00', 3))).status).toBe(200);

    const over = await reviewed(YEAR, '30000.01', 1);
    const before = await head();
    const refused = await approve(over);
    expectProblem(refused, 422, 'revenue-envelope-exceeded');
    expect(await head()).toBe(before);
    expect((await read(`/api/v1/proposals/${over.id}`)).body.status).toBe('submitted');
    expect(await summary(YEAR)).toMatchObject({ remainingRevenue: '30000.00' });

    const exact = await reviewed(YEAR, '30000.00', 1);
    expect((await approve(exact)).status).toBe(200);
    expect(await summary(YEAR)).toMatchObject({
      approvedRevenue: '50000.00',
      remainingRevenue: '0.00',
    });
    // Nothing is left: even a penny a year is refused now.
    expectProblem(await approve(await reviewed(YEAR, '0.01', 1)), 422, 'revenue-envelope-exceeded');
  });

  it("counts an earlier year's multi-year running costs against a later year's envelope", async () => {
    await adopt(true);
    // Runs 2026-27 to 2027-28: 20,000.00 of 2027-28's 30,000.00 is already spoken for.
    expect((await approve(await reviewed(YEAR, '20000.00', 2))).status).toBe(200);
    const before = await head();
    expectProblem(
      await approve(await reviewed(NEXT, '10000.01', 4)),
      422,
      'revenue-envelope-exceeded',
    );
    // The refused approval appended nothing; only the drafts and reviews of the new proposal did.
    const afterRefusal = await head();
    expect(afterRefusal - before).toBe(4);
    expect((await approve(await reviewed(NEXT, '10000.00', 4))).status).toBe(200);
    expect(await summary(NEXT)).toMatchObject({
      approvedRevenue: '30000.00',
      remainingRevenue: '0.00',
    });
    // The later proposal's first year fits; its later years are not checked against envelopes
    // that may not be set yet (API.md: the first-year running cost).
    expect(await summary('2028-29')).toMatchObject({ approvedRevenue: '10000.00' });
  });
});
