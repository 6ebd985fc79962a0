import request from 'supertest';
import { addDays, londonDateOf } from '@ledger/domain';
import {
  aBudgetBody,
  aDraftBody,
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

/**
 * Issue 17: the rules a decision applies must see a proposal as amended, not as first drafted or
 * submitted. The stage path has its own test (business-cases.e2e.spec.ts); these are the key-decision
 * and split-spend rules, which are judged at the decision from the proposal and its related
 * proposals as they stand then, so an amendment cannot slip a proposal past them.
 */
const ENV = { LEDGER_RATE_LIMIT: '100000' };
const YEAR = '2026-27';
const today = () => londonDateOf(new Date().toISOString());

const policyBody = {
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
  keyDecisionThreshold: '100000.00',
  splitSpendWindowDays: 30,
};

/** 60,000 whole-life: below the key-decision threshold, inside the chief officer's tier. */
const smallDraft = (overrides: Record<string, unknown> = {}) =>
  aDraftBody({
    fiscalYear: YEAR,
    capitalCost: '60000.00',
    annualRevenueCost: '0.00',
    appraisalYears: 1,
    ...overrides,
  });

describe.each(databaseKindsUnderTest)('rules judged on the amended proposal (%s)', (kind) => {
  let testApp: TestApp;
  let http: ReturnType<typeof request>;
  let minter: ReturnType<typeof tokenMinter>;
  let lastPosition = 0;

  async function write(
    method: 'post' | 'put' | 'patch',
    path: string,
    by: Person,
    body: object = {},
    headers: Record<string, string> = {},
  ): Promise<request.Response> {
    const call = http[method](path).set('Authorization', await minter.bearer(by, '2h'));
    for (const [name, value] of Object.entries(headers)) call.set(name, value);
    const response = await call.send(body);
    if (response.status < 300) lastPosition = response.body.position;
    return response;
  }

  async function read(path: string): Promise<request.Response> {
    const response = await http
      .get(path)
      .set('Authorization', await minter.bearer(people.auditor, '2h'))
      .set('X-Min-Position', String(lastPosition));
    expect(response.status).toBe(200);
    return response;
  }

  const proposal = async (id: string) => (await read(`/api/v1/proposals/${id}`)).body;
  const head = async (): Promise<number> => (await read('/api/v1/audit/digest')).body.position;

  async function draft(body: object): Promise<string> {
    const response = await write('post', '/api/v1/proposals', people.proposer, body);
    expect(response.status).toBe(201);
    return response.body.id;
  }

  async function amend(id: string, changes: object): Promise<void> {
    const { version } = await proposal(id);
    const response = await write('patch', `/api/v1/proposals/${id}`, people.proposer, changes, {
      'If-Match': `"${version}"`,
    });
    expect(response.status).toBe(200);
  }

  async function submitAndReview(id: string): Promise<void> {
    expect((await write('post', `/api/v1/proposals/${id}/submit`, people.proposer)).status).toBe(
      200,
    );
    for (const [reviewKind, reviewer] of [
      ['financial', people.financialReviewer],
      ['technical', people.technicalReviewer],
    ] as const) {
      const response = await write(
        'post',
        `/api/v1/proposals/${id}/reviews`,
        reviewer,
        aReviewBody({ kind: reviewKind }),
      );
      expect(response.status).toBe(200);
    }
  }

  async function decide(
    id: string,
    body: { authority: string } & Record<string, unknown>,
  ): Promise<request.Response> {
    const { version } = await proposal(id);
    return write(
      'post',
      `/api/v1/proposals/${id}/decision`,
      body.authority === 'chief-officer' ? people.chiefOfficer : people.board,
      { outcome: 'approved', reason: 'Good value.', ...body },
      { 'If-Match': `"${version}"` },
    );
  }

  /** A refusal with its problem type, after which the log holds nothing new. */
  async function expectRefused(
    attempt: () => Promise<request.Response>,
    status: number,
    type: string,
  ): Promise<request.Response> {
    const before = await head();
    const response = await attempt();
    expectProblem(response, status, type);
    expect(await head()).toBe(before);
    return response;
  }

  beforeAll(async () => {
    testApp = await startTestApp(kind, createApp, ENV);
    http = request(testApp.app.getHttpServer());
    minter = tokenMinter(testApp.config);
    const budget = await write(
      'put',
      `/api/v1/budgets/${YEAR}`,
      people.finance,
      aBudgetBody({ capitalEnvelope: '5000000.00' }),
    );
    expect(budget.status).toBe(200);
    expect((await write('put', '/api/v1/policy', people.admin, policyBody)).status).toBe(200);
  });

  afterAll(async () => {
    await testApp?.close();
  });

  describe('key decisions', () => {
    it('needs notice for a proposal amended above the threshold, none having been published', async () => {
      const id = await draft(smallDraft({ department: 'Highways', category: 'infrastructure' }));
      expect((await proposal(id)).keyDecision.required).toBe(false);
      await amend(id, { capitalCost: '100000.00' });
      expect((await proposal(id)).keyDecision.required).toBe(true);
      await submitAndReview(id);
      expect((await proposal(id)).readiness.reasonsRequired).toContain('urgency');
      const refused = await expectRefused(
        () => decide(id, { authority: 'chief-officer', approvedAmount: '100000.00' }),
        422,
        'key-decision-notice-required',
      );
      expect(refused.body.detail).toContain('No key decision notice has been published');
      await expectRefused(
        () => decide(id, { outcome: 'rejected', authority: 'chief-officer' }),
        422,
        'key-decision-notice-required',
      );
    });

    it('counts a notice published before the amendment when it gives 28 clear days', async () => {
      const id = await draft(smallDraft({ department: 'Waste', category: 'data' }));
      const notice = await write(
        'post',
        `/api/v1/proposals/${id}/key-decision-notice`,
        people.board,
        {
          publishedOn: addDays(today(), -29),
          decisionDue: addDays(today(), 1),
          decisionMaker: 'investment-board',
          summary: 'Route optimisation for refuse collection.',
        },
      );
      expect(notice.status).toBe(200);
      await amend(id, { capitalCost: '250000.00' });
      await submitAndReview(id);
      const approved = await decide(id, {
        authority: 'investment-board',
        approvedAmount: '250000.00',
      });
      expect(approved.status).toBe(200);
      const { decision } = await proposal(id);
      expect(decision.snapshot.keyDecision).toMatchObject({ clearDays: 28, procedure: 'notice' });
      expect(decision.snapshot.wholeLifeCost).toBe('250000.00');
    });
  });

  describe('split spend', () => {
    it('relates a proposal amended into an approved one’s programme, and asks for the reason', async () => {
      const first = await draft(
        smallDraft({ department: 'Libraries', category: 'end-user', programme: 'Self-service' }),
      );
      await submitAndReview(first);
      const approvedFirst = await decide(first, {
        authority: 'chief-officer',
        approvedAmount: '60000.00',
      });
      expect(approvedFirst.status).toBe(200);
      expect((await proposal(first)).decision.snapshot.splitSpend.related).toEqual([]);

      const second = await draft(
        smallDraft({ department: 'Housing', category: 'digital-service' }),
      );
      expect((await proposal(second)).splitSpend.related).toEqual([]);
      await amend(second, { programme: 'Self-service' });
      // Decided straight after the amendment: the related read catches up from the log.
      await submitAndReview(second);
      const refused = await expectRefused(
        () => decide(second, { authority: 'chief-officer', approvedAmount: '60000.00' }),
        422,
        'split-spend-unexplained',
      );
      expect(refused.body.detail).toContain(first);
      const approved = await decide(second, {
        authority: 'chief-officer',
        approvedAmount: '60000.00',
        splitSpendReason: 'Separate services, separately procured.',
      });
      expect(approved.status).toBe(200);
      expect((await proposal(second)).decision.snapshot.splitSpend).toEqual({
        related: [first],
        combinedWholeLifeCost: '120000.00',
        crossesTier: 'chief-officer',
        crossesKeyDecision: true,
        reason: 'Separate services, separately procured.',
      });
    });
  });
});
