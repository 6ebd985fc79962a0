import {
  aBudgetBody,
  aDraftBody,
  aReviewBody,
  databaseKindsUnderTest,
  ledgerOverHttp,
  people,
  type Person,
} from '@ledger/testing';
import { createApp } from '../../apps/api/src/create-app';

const YEAR = '2026-27';
const board: Person = people.boardAtEveryTier;

interface Listed {
  readonly id: string;
  readonly status: string;
  readonly ready: boolean;
  readonly blockers: string[];
}

describe.each(databaseKindsUnderTest)('readiness and score breakdown over HTTP (%s)', (kind) => {
  const ledger = ledgerOverHttp(kind, createApp);
  const { write, read } = ledger;

  async function draftAndSubmit(overrides: Record<string, unknown> = {}): Promise<string> {
    const id = await ledger.draft(aDraftBody({ fiscalYear: YEAR, ...overrides }));
    await ledger.submit(id);
    return id;
  }

  async function review(id: string, kindOfReview: string, by: Person, scores = {}) {
    const base = aReviewBody().scores as Record<string, number>;
    const response = await write(
      'post',
      `/api/v1/proposals/${id}/reviews`,
      by,
      aReviewBody({ kind: kindOfReview, scores: { ...base, ...scores } }),
    );
    expect(response.status).toBe(200);
  }

  async function reviewed(overrides: Record<string, unknown> = {}): Promise<string> {
    const id = await draftAndSubmit(overrides);
    await review(id, 'financial', people.financialReviewer, { strategicFit: 5 });
    await review(id, 'technical', people.technicalReviewer, { valueForMoney: 2 });
    return id;
  }

  async function listAll(query: string, limit: number): Promise<Listed[][]> {
    const pages: Listed[][] = [];
    let cursor: string | null = null;
    do {
      const after: string = cursor ? `&cursor=${cursor}` : '';
      const response = await read(`/api/v1/proposals?${query}&limit=${limit}${after}`);
      expect(response.status).toBe(200);
      pages.push(response.body.items);
      cursor = response.body.nextCursor;
    } while (cursor !== null && pages.length < 50);
    return pages;
  }

  describe('before the fiscal year has an envelope', () => {
    let id: string;

    beforeAll(async () => {
      id = await draftAndSubmit();
    });

    it('lists every blocker of a submitted proposal with no reviews and no envelope', async () => {
      const response = await read(`/api/v1/proposals/${id}`);
      expect(response.status).toBe(200);
      expect(response.body.ready).toBe(false);
      expect(response.body.readiness).toEqual({
        missingReviewKinds: ['financial', 'technical'],
        // 250,000 capital + 5 × 15,000 = 325,000 whole-life cost
        tierNeeded: 'investment-board',
        envelopeRemaining: null,
        blockers: [
          {
            code: 'review-kind-missing',
            message: expect.stringContaining('financial and technical'),
          },
          { code: 'no-envelope', message: expect.stringContaining(YEAR) },
        ],
        reasonsRequired: [],
      });
      expect(response.body.scoreBreakdown.reviewsCounted).toBe(0);
      expect(response.body.weightedScore).toBeNull();
    });
  });

  describe('with an envelope, reviews and decisions', () => {
    let envelopeSetAt: string;
    let ready: string;
    let small: string;
    let missingTechnical: string;
    let tooBig: string;
    let draft: string;

    beforeAll(async () => {
      const envelope = await write(
        'put',
        `/api/v1/budgets/${YEAR}`,
        people.finance,
        aBudgetBody({ capitalEnvelope: '600000.00' }),
      );
      expect(envelope.status).toBe(200);
      envelopeSetAt = new Date().toISOString();
      ready = await reviewed();
      small = await reviewed({ capitalCost: '50000.00', annualRevenueCost: '1000.00' });
      missingTechnical = await draftAndSubmit();
      await review(missingTechnical, 'financial', people.financialReviewer);
      tooBig = await reviewed({ capitalCost: '700000.00' });
      const drafted = await write(
        'post',
        '/api/v1/proposals',
        people.proposer,
        aDraftBody({ fiscalYear: YEAR }),
      );
      draft = drafted.body.id;
    });

    it('reads ready when the required reviews, a tier and room in the envelope are there', async () => {
      const response = await read(`/api/v1/proposals/${ready}`);
      expect(response.body).toMatchObject({
        ready: true,
        readiness: {
          missingReviewKinds: [],
          tierNeeded: 'investment-board',
          envelopeRemaining: '600000.00',
          blockers: [],
          reasonsRequired: [],
        },
      });
      expect((await read(`/api/v1/proposals/${small}`)).body.readiness.tierNeeded).toBe(
        'chief-officer',
      );
    });

    it('explains the weighted score: contributions per criterion that sum to it', async () => {
      const { body } = await read(`/api/v1/proposals/${ready}`);
      expect(body.scoreBreakdown.reviewsCounted).toBe(2);
      const strategicFit = body.scoreBreakdown.criteria.find(
        (c: { criterion: string }) => c.criterion === 'strategicFit',
      );
      // financial 5, technical 4: mean 4.5, a fifth of the weight, scaled to 100: 18 points
      expect(strategicFit).toEqual({
        criterion: 'strategicFit',
        meanScore: 4.5,
        weight: 1,
        contribution: 18,
      });
      const total = body.scoreBreakdown.criteria.reduce(
        (sum: number, c: { contribution: number }) => sum + c.contribution * 100,
        0,
      );
      expect((Math.round(total) / 100).toFixed(2)).toBe(body.weightedScore.toFixed(2));
    });

    it('names the missing review kind and the capital that does not fit, as the decision would', async () => {
      const missing = await read(`/api/v1/proposals/${missingTechnical}`);
      expect(missing.body.readiness.missingReviewKinds).toEqual(['technical']);
      expect(missing.body.readiness.blockers.map((b: { code: string }) => b.code)).toEqual([
        'review-kind-missing',
      ]);
      const big = await read(`/api/v1/proposals/${tooBig}`);
      expect(big.body.readiness.blockers).toEqual([
        { code: 'envelope-exceeded', message: expect.stringContaining('£600000.00') },
      ]);
      const refused = await write(
        'post',
        `/api/v1/proposals/${tooBig}/decision`,
        board,
        {
          outcome: 'approved',
          authority: big.body.readiness.tierNeeded,
          reason: 'Tried anyway.',
          approvedAmount: big.body.capitalCost,
        },
        { 'If-Match': `"${big.body.version}"` },
      );
      expect(refused.status).toBe(422);
      expect(refused.body.type).toMatch(/\/envelope-exceeded$/);
    });

    it('filters the register on readiness, each item carrying it', async () => {
      const readyOnes = (await listAll(`fiscalYear=${YEAR}&ready=true`, 25)).flat();
      expect(readyOnes.map((item) => item.id).sort()).toEqual([ready, small].sort());
      expect(readyOnes.every((item) => item.ready && item.blockers.length === 0)).toBe(true);

      const others = (await listAll(`fiscalYear=${YEAR}&ready=false`, 25)).flat();
      const byId = new Map(others.map((item) => [item.id, item]));
      expect(byId.has(ready)).toBe(false);
      expect(byId.get(tooBig)).toMatchObject({ ready: false, blockers: ['envelope-exceeded'] });
      expect(byId.get(draft)).toMatchObject({
        status: 'draft',
        ready: false,
        blockers: ['not-submitted', 'review-kind-missing'],
      });

      const unfiltered = await read(`/api/v1/proposals?fiscalYear=${YEAR}&limit=100`);
      const line = unfiltered.body.items.find((item: Listed) => item.id === ready);
      expect(line).toMatchObject({ ready: true, blockers: [] });
      expect(unfiltered.body.items).toHaveLength(readyOnes.length + others.length);
    });

    it('approves what it reads as ready, under the tier it names, and then no longer lists it', async () => {
      const { body } = await read(`/api/v1/proposals/${small}`);
      const approved = await write(
        'post',
        `/api/v1/proposals/${small}/decision`,
        board,
        {
          outcome: 'approved',
          authority: body.readiness.tierNeeded,
          reason: 'Ready, and within the chief officer’s limit.',
          approvedAmount: body.capitalCost,
        },
        { 'If-Match': `"${body.version}"` },
      );
      expect(approved.status).toBe(200);
      const after = await read(`/api/v1/proposals/${small}`);
      expect(after.body.ready).toBe(false);
      expect(after.body.readiness.blockers.map((b: { code: string }) => b.code)).toEqual([
        'not-submitted',
      ]);
      expect((await read(`/api/v1/proposals/${ready}`)).body.readiness.envelopeRemaining).toBe(
        '550000.00',
      );
      const readyOnes = (await listAll(`fiscalYear=${YEAR}&ready=true`, 25)).flat();
      expect(readyOnes.map((item) => item.id)).toEqual([ready]);
    });

    it('shows readiness as it stood at an earlier time', async () => {
      const first = await read(`/api/v1/proposals?fiscalYear=${YEAR}&limit=200`);
      const earliest = first.body.items[first.body.items.length - 1];
      const before = await read(
        `/api/v1/proposals/${earliest.id}?asOf=${encodeURIComponent(envelopeSetAt)}`,
      );
      expect(before.status).toBe(200);
      expect(before.body.readiness.envelopeRemaining).toBe('600000.00');
      const now = await read(`/api/v1/proposals/${earliest.id}`);
      expect(now.body.readiness.envelopeRemaining).toBe('550000.00');
    });

    it('keeps pages full and the cursor consistent while filtering', async () => {
      // Interleave ready and blocked proposals so a filtered page must read past rows it leaves out.
      for (let i = 0; i < 4; i += 1) {
        await reviewed({ capitalCost: '10000.00', annualRevenueCost: '0.00' });
        await draftAndSubmit({ capitalCost: '10000.00' });
      }
      const all = (await listAll(`fiscalYear=${YEAR}&ready=true`, 100)).flat();
      expect(all.length).toBe(5);
      const pages = await listAll(`fiscalYear=${YEAR}&ready=true`, 2);
      expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
      expect(pages.flat().map((item) => item.id)).toEqual(all.map((item) => item.id));

      const blocked = (
        await listAll(`fiscalYear=${YEAR}&status=submitted&ready=false`, 100)
      ).flat();
      const blockedPages = await listAll(`fiscalYear=${YEAR}&status=submitted&ready=false`, 3);
      expect(blockedPages.slice(0, -1).every((page) => page.length === 3)).toBe(true);
      expect(blockedPages.flat().map((item) => item.id)).toEqual(blocked.map((item) => item.id));
      expect(blocked.every((item) => item.status === 'submitted' && !item.ready)).toBe(true);
    });

    it('lists nothing ready among proposals of another status', async () => {
      const response = await read(`/api/v1/proposals?status=approved&ready=true`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ items: [], nextCursor: null });
    });

    it('refuses a ready filter that is not true or false', async () => {
      const response = await read(`/api/v1/proposals?ready=yes`);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors).toEqual([
        { field: 'ready', message: expect.stringContaining('true or false') },
      ]);
    });
  });
});
