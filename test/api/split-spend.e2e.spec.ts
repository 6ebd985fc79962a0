import {
  aBudgetBody,
  aDraftBody,
  aPolicyBody,
  databaseKindsUnderTest,
  expectProblem,
  ledgerOverHttp,
  people,
  type Person,
} from '@ledger/testing';
import { createApp } from '../../apps/api/src/create-app';

const YEAR = '2026-27';
const chiefOfficer: Person = people.chiefOfficer;

/** 60,000 capital and nothing a year: a whole-life cost of 60,000, inside the chief officer's tier. */
const smallDraft = (overrides: Record<string, unknown> = {}) =>
  aDraftBody({
    fiscalYear: YEAR,
    department: 'Parks and Open Spaces',
    category: 'end-user',
    capitalCost: '60000.00',
    annualRevenueCost: '0.00',
    appraisalYears: 1,
    ...overrides,
  });

describe.each(databaseKindsUnderTest)('split spend over HTTP (%s)', (kind) => {
  const ledger = ledgerOverHttp(kind, createApp);
  const { write, read, head, draft } = ledger;

  async function submitAndReview(id: string): Promise<number> {
    await ledger.submit(id);
    await ledger.reviewBoth(id);
    return ledger.version(id);
  }

  const approval = (extra: Record<string, unknown> = {}) => ({
    outcome: 'approved',
    authority: 'chief-officer',
    reason: 'Good value.',
    approvedAmount: '60000.00',
    ...extra,
  });

  beforeAll(async () => {
    const budget = await write('put', `/api/v1/budgets/${YEAR}`, people.finance, aBudgetBody());
    expect(budget.status).toBe(200);
  });

  describe('while the policy leaves the checks off', () => {
    it('reads splitSpend as null, asks for no reason and approves as v1 did', async () => {
      const first = await draft(smallDraft({ department: 'Leisure' }));
      await draft(smallDraft({ department: 'Leisure' }));
      const version = await submitAndReview(first);
      const { body } = await read(`/api/v1/proposals/${first}`);
      expect(body.splitSpend).toBeNull();
      expect(body.readiness.reasonsRequired).toEqual([]);
      const approved = await write(
        'post',
        `/api/v1/proposals/${first}/decision`,
        chiefOfficer,
        approval(),
        { 'If-Match': `"${version}"` },
      );
      expect(approved.status).toBe(200);
      const decided = await read(`/api/v1/proposals/${first}`);
      expect(decided.body.decision.snapshot).not.toHaveProperty('splitSpend');
    });
  });

  describe('with a 30-day window', () => {
    let first: string;
    let second: string;

    beforeAll(async () => {
      first = await draft(smallDraft());
      second = await draft(smallDraft({ title: 'Second phase of the same kiosks' }));
      const adopted = await write(
        'put',
        '/api/v1/policy',
        people.admin,
        aPolicyBody({ splitSpendWindowDays: 30 }),
      );
      expect(adopted.status).toBe(200);
    });

    it('shows the policy switch', async () => {
      const { body } = await read('/api/v1/policy');
      expect(body).toMatchObject({ splitSpendWindowDays: 30, keyDecisionThreshold: null });
    });

    it('relates same-department, same-category drafts and names the tier their sum crosses', async () => {
      const { body } = await read(`/api/v1/proposals/${first}`);
      expect(body.splitSpend).toEqual({
        related: [second],
        combinedWholeLifeCost: '120000.00',
        crossesTier: 'chief-officer',
        crossesKeyDecision: false,
      });
      expect(body.readiness.reasonsRequired).toEqual(['splitSpendReason']);
      expect(body.readiness.blockers).toEqual(expect.any(Array));
    });

    it('refuses an unexplained approval with 422 split-spend-unexplained and appends nothing', async () => {
      const version = await submitAndReview(first);
      const before = await head();
      const refused = await write(
        'post',
        `/api/v1/proposals/${first}/decision`,
        chiefOfficer,
        approval(),
        { 'If-Match': `"${version}"` },
      );
      expectProblem(refused, 422, 'split-spend-unexplained');
      expect(refused.body.detail).toContain(second);
      expect(refused.body.detail).toContain('120000.00');
      expect(await head()).toBe(before);
    });

    it('approves with splitSpendReason and records it, the related ids and the combined cost', async () => {
      const version = (await read(`/api/v1/proposals/${first}`)).body.version;
      const approved = await write(
        'post',
        `/api/v1/proposals/${first}/decision`,
        chiefOfficer,
        approval({ splitSpendReason: 'Separate sites, separately procured.' }),
        { 'If-Match': `"${version}"` },
      );
      expect(approved.status).toBe(200);
      const { body } = await read(`/api/v1/proposals/${first}`);
      expect(body.status).toBe('approved');
      expect(body.decision.snapshot.splitSpend).toEqual({
        related: [second],
        combinedWholeLifeCost: '120000.00',
        crossesTier: 'chief-officer',
        crossesKeyDecision: false,
        reason: 'Separate sites, separately procured.',
      });
    });

    it('counts an approved proposal, but not a withdrawn one', async () => {
      expect((await read(`/api/v1/proposals/${second}`)).body.splitSpend.related).toEqual([first]);
      const third = await draft(smallDraft());
      const withdrawn = await write(
        'post',
        `/api/v1/proposals/${third}/withdraw`,
        people.proposer,
        { reason: 'Folded into the second phase.' },
      );
      expect(withdrawn.status).toBe(200);
      const { body } = await read(`/api/v1/proposals/${second}`);
      expect(body.splitSpend.related).toEqual([first]);
      expect(body.splitSpend.combinedWholeLifeCost).toBe('120000.00');
    });

    it('relates one programme across departments and categories until the programme is cleared', async () => {
      const kiosk = await draft(
        smallDraft({ department: 'Libraries', category: 'data', programme: '  Self-service  ' }),
      );
      const portal = await draft(
        smallDraft({
          department: 'Housing',
          category: 'digital-service',
          programme: 'Self-service',
        }),
      );
      const { body } = await read(`/api/v1/proposals/${kiosk}`);
      expect(body.programme).toBe('Self-service');
      expect(body.splitSpend.related).toEqual([portal]);
      const amended = await write(
        'patch',
        `/api/v1/proposals/${portal}`,
        people.proposer,
        { programme: null },
        { 'If-Match': '"1"' },
      );
      expect(amended.status).toBe(200);
      expect((await read(`/api/v1/proposals/${kiosk}`)).body.splitSpend.related).toEqual([]);
    });

    it('refuses a bad programme, window or misplaced splitSpendReason with 400 and appends nothing', async () => {
      const version = await submitAndReview(second);
      const before = await head();
      expectProblem(
        await write('post', '/api/v1/proposals', people.proposer, smallDraft({ programme: '   ' })),
        400,
      );
      expectProblem(
        await write(
          'post',
          '/api/v1/proposals',
          people.proposer,
          smallDraft({ programme: 'x'.repeat(201) }),
        ),
        400,
      );
      for (const days of [0, 731, 2.5, '30']) {
        expectProblem(
          await write(
            'put',
            '/api/v1/policy',
            people.admin,
            aPolicyBody({ splitSpendWindowDays: days }),
          ),
          400,
        );
      }
      expectProblem(
        await write(
          'post',
          `/api/v1/proposals/${second}/decision`,
          chiefOfficer,
          {
            outcome: 'rejected',
            authority: 'chief-officer',
            reason: 'No.',
            splitSpendReason: 'Why not.',
          },
          { 'If-Match': `"${version}"` },
        ),
        400,
      );
      expect(await head()).toBe(before);
    });

    it('names the key-decision threshold when only the sum reaches it', async () => {
      const adopted = await write(
        'put',
        '/api/v1/policy',
        people.admin,
        aPolicyBody({ splitSpendWindowDays: 30, keyDecisionThreshold: '100000.00' }),
      );
      expect(adopted.status).toBe(200);
      const { body } = await read(`/api/v1/proposals/${second}`);
      expect(body.splitSpend).toMatchObject({
        crossesKeyDecision: true,
        crossesTier: 'chief-officer',
      });
    });
  });
});
