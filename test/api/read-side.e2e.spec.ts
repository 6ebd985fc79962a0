import request from 'supertest';
import {
  aBudgetBody,
  aDraftBody,
  anApprovalBody,
  aReviewBody,
  databaseKindsUnderTest,
  expectProblem,
  people,
  problemFields,
  startTestApp,
  tokenMinter,
  type Person,
  type TestApp,
} from '@ledger/testing';
import { createApp } from '../../apps/api/src/create-app';

// The suite makes far more requests than the default per-client limit allows in a minute.
const ENV = { LEDGER_RATE_LIMIT: '100000' };

type Response = request.Response;

interface WriteAnswer {
  readonly id: string;
  readonly version: number;
  readonly position: number;
}

interface ListedProposal {
  readonly id: string;
}

interface RankedProposal {
  readonly id: string;
  readonly rank: number;
  readonly selected: boolean;
  readonly weightedScore: number | null;
}

interface Figures {
  readonly count: number;
  readonly requestedCapital: string;
  readonly approvedCapital: string;
  readonly expectedAnnualSavings: string;
  readonly realisedSavings: string;
}

/** Every criterion scored the same, so the expected weighted score is that score × 20. */
function uniformScores(score: number) {
  return {
    strategicFit: score,
    valueForMoney: score,
    deliverability: score,
    riskReduction: score,
    serviceImpact: score,
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The people of one running ledger. It remembers the position of the last write it saw answered, and
 * sends it as X-Min-Position on every read, because reads come from projections that trail the log.
 */
function ledgerOf(testApp: TestApp) {
  const http = request(testApp.app.getHttpServer());
  const minter = tokenMinter(testApp.config);
  const bearers = new Map<string, string>();
  let lastPosition = 0;

  async function as(person: Person): Promise<string> {
    let token = bearers.get(person.sub);
    if (!token) {
      token = await minter.bearer(person, '2h');
      bearers.set(person.sub, token);
    }
    return token;
  }

  function written(response: Response, status = 200): WriteAnswer {
    // The body rides along so a refused seed write shows the API's reason.
    expect({ status: response.status, body: response.body }).toEqual({
      status,
      body: expect.objectContaining({ position: expect.any(Number) }),
    });
    lastPosition = Math.max(lastPosition, response.body.position);
    return response.body;
  }

  const ledger = {
    http,
    as,
    get lastPosition() {
      return lastPosition;
    },

    async setBudget(fiscalYear: string, capitalEnvelope: string, revenueEnvelope = '500000.00') {
      return written(
        await http
          .put(`/api/v1/budgets/${fiscalYear}`)
          .set('Authorization', await as(people.finance))
          .send(aBudgetBody({ capitalEnvelope, revenueEnvelope })),
      );
    },

    async draft(overrides: Record<string, unknown> = {}, by: Person = people.proposer) {
      return written(
        await http
          .post('/api/v1/proposals')
          .set('Authorization', await as(by))
          .send(aDraftBody(overrides)),
        201,
      );
    },

    async amend(id: string, changes: Record<string, unknown>, by: Person = people.proposer) {
      return written(
        await http
          .patch(`/api/v1/proposals/${id}`)
          .set('Authorization', await as(by))
          .send(changes),
      );
    },

    async submit(id: string, by: Person = people.proposer) {
      return written(
        await http.post(`/api/v1/proposals/${id}/submit`).set('Authorization', await as(by)),
      );
    },

    async review(id: string, kind: string, by: Person, score?: number) {
      const body =
        score === undefined
          ? aReviewBody({ kind })
          : aReviewBody({ kind, scores: uniformScores(score) });
      return written(
        await http
          .post(`/api/v1/proposals/${id}/reviews`)
          .set('Authorization', await as(by))
          .send(body),
      );
    },

    async returnForRevision(id: string) {
      return written(
        await http
          .post(`/api/v1/proposals/${id}/return`)
          .set('Authorization', await as(people.board))
          .send({ reason: 'The options appraisal needs a do-minimum option.' }),
      );
    },

    async withdraw(id: string, by: Person = people.proposer) {
      return written(
        await http
          .post(`/api/v1/proposals/${id}/withdraw`)
          .set('Authorization', await as(by))
          .send({ reason: 'Superseded by a shared service.' }),
      );
    },

    async decide(id: string, version: number, body: Record<string, unknown>) {
      return written(
        await http
          .post(`/api/v1/proposals/${id}/decision`)
          .set('Authorization', await as(people.board))
          .set('If-Match', `"${version}"`)
          .send(body),
      );
    },

    /** Submitted, given the default policy's financial and technical reviews, and approved. */
    async approve(id: string, approvedAmount: string) {
      await ledger.submit(id);
      await ledger.review(id, 'financial', people.financialReviewer);
      const reviewed = await ledger.review(id, 'technical', people.technicalReviewer);
      return ledger.decide(id, reviewed.version, anApprovalBody({ approvedAmount }));
    },

    async recordBenefits(id: string, period: string, cashableSaving: string) {
      return written(
        await http
          .post(`/api/v1/proposals/${id}/benefits`)
          .set('Authorization', await as(people.finance))
          .send({
            period,
            cashableSaving,
            nonCashableBenefit: '1000.00',
            note: 'Licences released.',
          }),
      );
    },

    async read(path: string, by: Person = people.auditor): Promise<Response> {
      return http
        .get(path)
        .set('Authorization', await as(by))
        .set('X-Min-Position', String(lastPosition));
    },

    async readOk(path: string, by: Person = people.auditor): Promise<Response> {
      const response = await ledger.read(path, by);
      expect({ status: response.status, body: response.body }).toEqual({
        status: 200,
        body: expect.anything(),
      });
      return response;
    },

    async listIds(query: string): Promise<string[]> {
      const response = await ledger.readOk(`/api/v1/proposals?${query}`);
      return (response.body.items as ListedProposal[]).map((item) => item.id);
    },
  };
  return ledger;
}

type Ledger = ReturnType<typeof ledgerOf>;

describe.each(databaseKindsUnderTest)('the read side over HTTP (%s)', (kind) => {
  let testApp: TestApp;
  let ledger: Ledger;

  beforeAll(async () => {
    testApp = await startTestApp(kind, createApp, ENV);
    ledger = ledgerOf(testApp);
  });

  afterAll(async () => {
    await testApp?.close();
  });

  describe('the proposal register', () => {
    it('filters by status, department, fiscal year and category, alone and combined, answering exactly the matching proposals newest first', async () => {
      // Unfiltered and status-only reads see the whole register, so this test owns an empty ledger.
      const own = await startTestApp(kind, createApp, ENV);
      try {
        const fresh = ledgerOf(own);
        await fresh.setBudget('2026-27', '2000000.00');
        await fresh.setBudget('2027-28', '2000000.00');
        // name, fiscal year, department, category, status
        const seeds = [
          ['L1', '2026-27', 'Adults', 'infrastructure', 'draft'],
          ['L2', '2026-27', 'Children', 'security', 'submitted'],
          ['L3', '2027-28', 'Place', 'infrastructure', 'approved'],
          ['L4', '2026-27', 'Adults', 'security', 'withdrawn'],
          ['L5', '2027-28', 'Children', 'infrastructure', 'submitted'],
          ['L6', '2026-27', 'Place', 'security', 'approved'],
          ['L7', '2027-28', 'Adults', 'infrastructure', 'draft'],
          ['L8', '2027-28', 'Children', 'security', 'withdrawn'],
        ] as const;
        const ids: Record<string, string> = {};
        for (const [name, fiscalYear, department, category, status] of seeds) {
          const { id } = await fresh.draft({
            title: `Proposal ${name}`,
            fiscalYear,
            department,
            category,
          });
          ids[name] = id;
          if (status === 'submitted') await fresh.submit(id);
          if (status === 'approved') await fresh.approve(id, '250000.00');
          if (status === 'withdrawn') {
            // Withdrawn after submission, so the status filter must follow the latest event.
            await fresh.submit(id);
            await fresh.withdraw(id);
          }
        }
        const named = (...names: string[]) => names.map((name) => ids[name]);

        expect(await fresh.listIds('limit=100')).toEqual(
          named('L8', 'L7', 'L6', 'L5', 'L4', 'L3', 'L2', 'L1'),
        );
        expect(await fresh.listIds('status=draft')).toEqual(named('L7', 'L1'));
        expect(await fresh.listIds('status=submitted')).toEqual(named('L5', 'L2'));
        expect(await fresh.listIds('status=approved')).toEqual(named('L6', 'L3'));
        expect(await fresh.listIds('status=withdrawn')).toEqual(named('L8', 'L4'));
        expect(await fresh.listIds('department=Adults')).toEqual(named('L7', 'L4', 'L1'));
        expect(await fresh.listIds('department=Children')).toEqual(named('L8', 'L5', 'L2'));
        expect(await fresh.listIds('fiscalYear=2027-28')).toEqual(named('L8', 'L7', 'L5', 'L3'));
        expect(await fresh.listIds('category=security')).toEqual(named('L8', 'L6', 'L4', 'L2'));
        expect(await fresh.listIds('category=infrastructure')).toEqual(
          named('L7', 'L5', 'L3', 'L1'),
        );
        expect(await fresh.listIds('fiscalYear=2026-27&category=security')).toEqual(
          named('L6', 'L4', 'L2'),
        );
        expect(await fresh.listIds('department=Children&status=submitted')).toEqual(
          named('L5', 'L2'),
        );
        expect(await fresh.listIds('department=Place&status=draft')).toEqual([]);

        const approved = await fresh.readOk('/api/v1/proposals?status=approved');
        expect(approved.body.nextCursor).toBeNull();
        expect(approved.body.items[0]).toMatchObject({
          id: ids.L6,
          status: 'approved',
          department: 'Place',
          category: 'security',
          fiscalYear: '2026-27',
          approvedAmount: '250000.00',
        });
      } finally {
        await own.close();
      }
    });

    it('walks every page with limit=3 via nextCursor without repeating or skipping a proposal, ending with nextCursor null, and refuses a garbage cursor and limits outside 1-200', async () => {
      const department = `Paging ${kind}`;
      const drafted: string[] = [];
      for (let i = 1; i <= 7; i += 1) {
        drafted.push(
          (await ledger.draft({ department, title: `Paged ${i}`, fiscalYear: '2032-33' })).id,
        );
      }
      // A proposal of another department drafted in between must not appear in the pages.
      await ledger.draft({ department: `Elsewhere ${kind}`, fiscalYear: '2032-33' });

      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const query: string = `department=${encodeURIComponent(department)}&limit=3${
          cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
        }`;
        const page = await ledger.readOk(`/api/v1/proposals?${query}`);
        pages.push((page.body.items as ListedProposal[]).map((item) => item.id));
        cursor = page.body.nextCursor;
        if (cursor !== null) expect(typeof cursor).toBe('string');
        expect(pages.length).toBeLessThanOrEqual(3);
      } while (cursor !== null);

      expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
      expect(pages.flat()).toEqual([...drafted].reverse());

      const garbage = await ledger.read('/api/v1/proposals?cursor=not-a-cursor-we-gave');
      expectProblem(garbage, 400);
      expect(problemFields(garbage)).toContain('cursor');

      expectProblem(await ledger.read('/api/v1/proposals?limit=0'), 400);
      expectProblem(await ledger.read('/api/v1/proposals?limit=201'), 400);
    });

    it('answers a proposal with ETag "<version>" equal to its body version, and a new ETag after another write', async () => {
      const { id } = await ledger.draft({ fiscalYear: '2033-34' });
      const first = await ledger.readOk(`/api/v1/proposals/${id}`);
      expect(first.body.version).toBe(1);
      expect(first.headers.etag).toBe(`"${first.body.version}"`);

      await ledger.amend(id, { title: 'Replace the revenues system only' });
      const second = await ledger.readOk(`/api/v1/proposals/${id}`);
      expect(second.body).toMatchObject({ version: 2, title: 'Replace the revenues system only' });
      expect(second.headers.etag).toBe(`"${second.body.version}"`);
      expect(second.headers.etag).not.toBe(first.headers.etag);
    });
  });

  describe('the portfolio summary', () => {
    const year = '2026-27';
    let between = '';
    // At `between` the highways proposal was still submitted and the 700000.00 one not yet withdrawn.
    const earlierFigures = {
      fiscalYear: year,
      envelope: { capital: '2000000.00', revenue: '400000.00' },
      committedCapital: '280000.00',
      approvedCapital: '280000.00',
      remainingCapital: '1720000.00',
      requestedCapital: '1455000.75',
      expectedAnnualSavings: '40000.00',
      realisedSavings: '12500.50',
    };

    beforeAll(async () => {
      await ledger.setBudget(year, '2000000.00', '400000.00');
      // Non-approved proposals carry a saving that would show up if it were wrongly counted.
      const unapprovedSaving = '11111.00';

      const p1 = await ledger.draft({
        fiscalYear: year,
        department: 'Adult Social Care',
        capitalCost: '300000.00',
        annualCashableSaving: '40000.00',
      });
      await ledger.approve(p1.id, '280000.00');
      await ledger.recordBenefits(p1.id, year, '12500.50');

      const p2 = await ledger.draft({
        fiscalYear: year,
        department: 'Highways',
        capitalCost: '150000.00',
        annualCashableSaving: '25000.00',
      });
      await ledger.submit(p2.id);
      await ledger.review(p2.id, 'financial', people.financialReviewer);
      const p2Reviewed = await ledger.review(p2.id, 'technical', people.technicalReviewer);

      const p3 = await ledger.draft({
        fiscalYear: year,
        department: 'Highways',
        capitalCost: '120000.45',
        annualCashableSaving: unapprovedSaving,
      });
      await ledger.submit(p3.id);

      const p4 = await ledger.draft({
        fiscalYear: year,
        department: 'Adult Social Care',
        capitalCost: '80000.30',
        annualCashableSaving: unapprovedSaving,
      });
      await ledger.submit(p4.id);
      await ledger.returnForRevision(p4.id);

      const p5 = await ledger.draft({
        fiscalYear: year,
        department: 'Highways',
        capitalCost: '60000.00',
        annualCashableSaving: unapprovedSaving,
      });
      const p5Submitted = await ledger.submit(p5.id);
      await ledger.decide(p5.id, p5Submitted.version, {
        outcome: 'deferred',
        authority: 'investment-board',
        reason: 'Wait for the procurement framework.',
        deferredUntil: '2027-06-30',
      });

      const p6 = await ledger.draft({
        fiscalYear: year,
        department: 'Libraries',
        capitalCost: '45000.00',
        annualCashableSaving: unapprovedSaving,
      });
      const p6Submitted = await ledger.submit(p6.id);
      await ledger.decide(p6.id, p6Submitted.version, {
        outcome: 'rejected',
        authority: 'investment-board',
        reason: 'No case for change.',
      });

      await ledger.draft({
        fiscalYear: year,
        department: 'Libraries',
        capitalCost: '500000.00',
        annualCashableSaving: unapprovedSaving,
      });

      const p8 = await ledger.draft({
        fiscalYear: year,
        department: 'Libraries',
        capitalCost: '700000.00',
        annualCashableSaving: unapprovedSaving,
      });
      await ledger.submit(p8.id);

      // recordedAt has millisecond precision: the pauses keep both neighbours off the instant.
      await pause(30);
      between = new Date().toISOString();
      await pause(30);

      await ledger.decide(
        p2.id,
        p2Reviewed.version,
        anApprovalBody({ approvedAmount: '150000.00' }),
      );
      await ledger.recordBenefits(p2.id, year, '5000.25');
      await ledger.recordBenefits(p2.id, '2027-28', '7000.00');
      await ledger.withdraw(p8.id);
    });

    it('sums envelope, committed, approved, remaining, requested, expected and realised money to the penny by department and status, and replays the earlier figures for an asOf between two writes', async () => {
      const now = (await ledger.readOk(`/api/v1/portfolio/summary?fiscalYear=${year}`)).body;
      expect(now).toMatchObject({
        fiscalYear: year,
        envelope: { capital: '2000000.00', revenue: '400000.00' },
        committedCapital: '430000.00',
        approvedCapital: '430000.00',
        remainingCapital: '1570000.00',
        // submitted 120000.45 + returned 80000.30 + deferred 60000.00 + approved 300000.00 and
        // 150000.00 + rejected 45000.00; the draft (500000.00) and the withdrawn (700000.00) do not count
        requestedCapital: '755000.75',
        expectedAnnualSavings: '65000.00',
        realisedSavings: '24500.75',
      });

      const figuresOf = (group: Figures) => ({
        count: group.count,
        requestedCapital: group.requestedCapital,
        approvedCapital: group.approvedCapital,
        expectedAnnualSavings: group.expectedAnnualSavings,
        realisedSavings: group.realisedSavings,
      });
      const byDepartment = Object.fromEntries(
        (now.byDepartment as (Figures & { department: string })[]).map((group) => [
          group.department,
          figuresOf(group),
        ]),
      );
      expect(byDepartment).toEqual({
        'Adult Social Care': {
          count: 2,
          requestedCapital: '380000.30',
          approvedCapital: '280000.00',
          expectedAnnualSavings: '40000.00',
          realisedSavings: '12500.50',
        },
        Highways: {
          count: 3,
          requestedCapital: '330000.45',
          approvedCapital: '150000.00',
          expectedAnnualSavings: '25000.00',
          realisedSavings: '12000.25',
        },
        Libraries: {
          count: 3,
          requestedCapital: '45000.00',
          approvedCapital: '0.00',
          expectedAnnualSavings: '0.00',
          realisedSavings: '0.00',
        },
      });
      const byStatus = Object.fromEntries(
        (now.byStatus as (Figures & { status: string })[]).map((group) => [
          group.status,
          figuresOf(group),
        ]),
      );
      const nothing = {
        approvedCapital: '0.00',
        expectedAnnualSavings: '0.00',
        realisedSavings: '0.00',
      };
      expect(byStatus).toEqual({
        approved: {
          count: 2,
          requestedCapital: '450000.00',
          approvedCapital: '430000.00',
          expectedAnnualSavings: '65000.00',
          realisedSavings: '24500.75',
        },
        deferred: { count: 1, requestedCapital: '60000.00', ...nothing },
        draft: { count: 1, requestedCapital: '0.00', ...nothing },
        rejected: { count: 1, requestedCapital: '45000.00', ...nothing },
        returned: { count: 1, requestedCapital: '80000.30', ...nothing },
        submitted: { count: 1, requestedCapital: '120000.45', ...nothing },
        withdrawn: { count: 1, requestedCapital: '0.00', ...nothing },
      });

      const earlier = (
        await ledger.readOk(
          `/api/v1/portfolio/summary?fiscalYear=${year}&asOf=${encodeURIComponent(between)}`,
        )
      ).body;
      expect(earlier).toMatchObject({ ...earlierFigures, asOf: between });
      const earlierByStatus = Object.fromEntries(
        (earlier.byStatus as (Figures & { status: string })[]).map((group) => [
          group.status,
          group.count,
        ]),
      );
      expect(earlierByStatus).toEqual({
        approved: 1,
        deferred: 1,
        draft: 1,
        rejected: 1,
        returned: 1,
        submitted: 3,
      });
    });

    it('reads an asOf written with a UTC offset as the same instant as its UTC spelling', async () => {
      // ISO 8601 allows an offset and the query accepts one; the instant, not the spelling, decides.
      const instant = Date.parse(between);
      const plusOne = new Date(instant + 3_600_000).toISOString().replace('Z', '+01:00');
      const minusFive = new Date(instant - 5 * 3_600_000).toISOString().replace('Z', '-05:00');
      for (const spelling of [plusOne, minusFive]) {
        const response = await ledger.readOk(
          `/api/v1/portfolio/summary?fiscalYear=${year}&asOf=${encodeURIComponent(spelling)}`,
        );
        // The spelling rides along so a failure names the one that was misread.
        expect({ spelling, summary: response.body }).toMatchObject({
          spelling,
          summary: earlierFigures,
        });
      }
    });
  });

  describe('the priorities', () => {
    async function submittedWithScore(
      fiscalYear: string,
      capitalCost: string,
      score: number | null,
      statutory = false,
    ): Promise<string> {
      const { id } = await ledger.draft({ fiscalYear, capitalCost, statutory });
      await ledger.submit(id);
      if (score !== null) await ledger.review(id, 'financial', people.financialReviewer, score);
      return id;
    }

    it('selects the two proposals that together outscore the top-ranked one when taking the top one would leave room for nothing (not greedy)', async () => {
      const year = '2040-41';
      const expensive = await submittedWithScore(year, '600000.00', 5);
      const second = await submittedWithScore(year, '300000.00', 4);
      const third = await submittedWithScore(year, '300000.00', 3);

      const body = (
        await ledger.readOk(`/api/v1/portfolio/priorities?fiscalYear=${year}&budget=700000.00`)
      ).body;
      expect(body).toMatchObject({
        fiscalYear: year,
        budget: '700000.00',
        budgetSource: 'requested',
      });
      expect(
        (body.ranking as RankedProposal[]).map(({ id, rank, selected, weightedScore }) => ({
          id,
          rank,
          selected,
          weightedScore,
        })),
      ).toEqual([
        { id: expensive, rank: 1, selected: false, weightedScore: 100 },
        { id: second, rank: 2, selected: true, weightedScore: 80 },
        { id: third, rank: 3, selected: true, weightedScore: 60 },
      ]);
      expect([...body.selection.proposals].sort()).toEqual([second, third].sort());
      expect(body.selection).toMatchObject({
        totalCapital: '600000.00',
        totalScore: 140,
        statutoryCapital: '0.00',
      });
      expect(body.excluded).toEqual([expensive]);
    });

    it('selects a statutory proposal first even when its score is the lowest', async () => {
      const year = '2041-42';
      const statutory = await submittedWithScore(year, '400000.00', 1, true);
      const best = await submittedWithScore(year, '400000.00', 5);
      const good = await submittedWithScore(year, '400000.00', 4);

      const body = (
        await ledger.readOk(`/api/v1/portfolio/priorities?fiscalYear=${year}&budget=800000.00`)
      ).body;
      expect([...body.selection.proposals].sort()).toEqual([statutory, best].sort());
      expect(body.selection).toMatchObject({
        totalCapital: '800000.00',
        totalScore: 120,
        statutoryCapital: '400000.00',
      });
      expect(body.excluded).toEqual([good]);
      const ranked = body.ranking as RankedProposal[];
      expect(ranked[ranked.length - 1]).toMatchObject({
        id: statutory,
        weightedScore: 20,
        selected: true,
      });
    });

    it('answers 422 statutory-exceeds-budget when the statutory proposals alone need more capital than the budget', async () => {
      const year = '2042-43';
      await submittedWithScore(year, '300000.00', 3, true);
      await submittedWithScore(year, '300000.00', null, true);

      const response = await ledger.read(
        `/api/v1/portfolio/priorities?fiscalYear=${year}&budget=500000.00`,
      );
      expectProblem(response, 422, 'statutory-exceeds-budget');
    });

    it('answers 422 no-budget without a budget parameter or an envelope, and otherwise selects within the remaining envelope', async () => {
      const bare = '2043-44';
      await submittedWithScore(bare, '100000.00', 4);
      expectProblem(
        await ledger.read(`/api/v1/portfolio/priorities?fiscalYear=${bare}`),
        422,
        'no-budget',
      );

      const funded = '2044-45';
      await ledger.setBudget(funded, '1000000.00');
      const { id: approved } = await ledger.draft({ fiscalYear: funded, capitalCost: '250000.00' });
      await ledger.approve(approved, '250000.00');
      const big = await submittedWithScore(funded, '700000.00', 5);
      const small = await submittedWithScore(funded, '100000.00', 2);

      const body = (await ledger.readOk(`/api/v1/portfolio/priorities?fiscalYear=${funded}`)).body;
      // Within the whole envelope both would fit; within the 750000.00 left only one can.
      expect(body).toMatchObject({
        fiscalYear: funded,
        budget: '750000.00',
        budgetSource: 'remaining-envelope',
      });
      expect(body.selection).toMatchObject({
        proposals: [big],
        totalCapital: '700000.00',
        totalScore: 100,
      });
      expect(body.excluded).toEqual([small]);
      expect((body.ranking as RankedProposal[]).map((item) => item.id)).toEqual([big, small]);
    });
  });

  describe('read-your-writes', () => {
    it('includes a just-drafted proposal in a list read with its position as X-Min-Position', async () => {
      const department = `Fresh ${kind}`;
      const drafted = await ledger.draft({ department, fiscalYear: '2045-46' });
      const response = await ledger.http
        .get(`/api/v1/proposals?department=${encodeURIComponent(department)}`)
        .set('Authorization', await ledger.as(people.auditor))
        .set('X-Min-Position', String(drafted.position));
      expect(response.status).toBe(200);
      expect((response.body.items as ListedProposal[]).map((item) => item.id)).toEqual([
        drafted.id,
      ]);
    });

    it('answers 400 problem+json naming the head at once when X-Min-Position is far beyond the head of the log', async () => {
      const head = (await ledger.http.get('/health')).body.headPosition;
      expect(typeof head).toBe('number');
      const response = await ledger.http
        .get('/api/v1/proposals')
        .set('Authorization', await ledger.as(people.auditor))
        .set('X-Min-Position', String(head + 1000));
      expectProblem(response, 400, 'min-position-beyond-head');
      expect(response.body.headPosition).toBe(head);
    });

    it('answers 400 to a non-numeric X-Min-Position', async () => {
      const response = await ledger.http
        .get('/api/v1/proposals')
        .set('Authorization', await ledger.as(people.auditor))
        .set('X-Min-Position', 'latest');
      expectProblem(response, 400);
    });
  });

  describe('who may read', () => {
    const readers: [string, Person][] = [
      ['proposer', people.proposer],
      ['reviewer', people.financialReviewer],
      ['board', people.board],
      ['finance', people.finance],
      ['auditor', people.auditor],
      ['admin', people.admin],
    ];
    const reads = [
      '/api/v1/proposals',
      '/api/v1/portfolio/summary?fiscalYear=2026-27',
      '/api/v1/portfolio/priorities?fiscalYear=2046-47&budget=100000.00',
    ];

    it('lets every role read the list, the summary and the priorities, and answers 401 without a token', async () => {
      const statuses: Record<string, number> = {};
      const expected: Record<string, number> = {};
      for (const [role, person] of readers) {
        for (const path of reads) {
          statuses[`${role} ${path}`] = (await ledger.read(path, person)).status;
          expected[`${role} ${path}`] = 200;
        }
      }
      expect(statuses).toEqual(expected);

      for (const path of reads) {
        const response = await ledger.http
          .get(path)
          .set('X-Min-Position', String(ledger.lastPosition));
        expectProblem(response, 401);
      }
    });
  });
});
