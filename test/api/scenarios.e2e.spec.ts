import {
  aBudgetBody,
  aDraftBody,
  databaseKindsUnderTest,
  ledgerOverHttp,
  people,
  type Person,
} from '@ledger/testing';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { PROJECTIONS, ReadModelDatabase, rebuildProjections } from '@ledger/read-models';
import { createApp } from '../../apps/api/src/create-app';

const YEAR = '2026-27';
const board: Person = people.boardAtEveryTier;
const everyone: Person[] = [
  people.proposer,
  people.financialReviewer,
  board,
  people.finance,
  people.auditor,
  people.admin,
];

describe.each(databaseKindsUnderTest)(
  'scenarios, the frontier and the adopted plan (%s)',
  (kind) => {
    const ledger = ledgerOverHttp(kind, createApp);
    const { write, read } = ledger;
    const ids: Record<string, string> = {};

    async function reviewedProposal(overrides: Record<string, unknown>, score: number) {
      const id = await ledger.draft(aDraftBody({ fiscalYear: YEAR, ...overrides }));
      await ledger.submit(id);
      const scores = {
        strategicFit: score,
        valueForMoney: score,
        deliverability: score,
        riskReduction: 5 - score,
        serviceImpact: score,
      };
      await ledger.reviewBoth(id, { scores });
      return id;
    }

    const scenarioBody = (overrides: Record<string, unknown> = {}) => ({
      fiscalYear: YEAR,
      name: 'Envelope cut',
      budget: '400000.00',
      ...overrides,
    });

    beforeAll(async () => {
      expect(
        (await write('put', `/api/v1/budgets/${YEAR}`, people.finance, aBudgetBody())).status,
      ).toBe(200);
      ids.big = await reviewedProposal({ title: 'Big', capitalCost: '300000.00' }, 5);
      ids.mid = await reviewedProposal({ title: 'Mid', capitalCost: '200000.00' }, 4);
      ids.small = await reviewedProposal({ title: 'Small', capitalCost: '150000.00' }, 3);
      ids.duty = await reviewedProposal(
        { title: 'Duty', capitalCost: '100000.00', statutory: true },
        1,
      );
    });

    it('lets finance and the board create a scenario, and nobody else', async () => {
      for (const person of everyone) {
        const response = await write('post', '/api/v1/scenarios', person, scenarioBody());
        if (person === board || person === people.finance) {
          expect(response.status).toBe(201);
          expect(response.headers.location).toBe(`/api/v1/scenarios/${response.body.id}`);
        } else {
          expect(response.status).toBe(403);
        }
      }
    });

    it('chooses statutory first, then the exact optimum, and records it', async () => {
      const created = await write('post', '/api/v1/scenarios', people.finance, scenarioBody());
      const scenario = await read(`/api/v1/scenarios/${created.body.id}`);
      expect(scenario.status).toBe(200);
      expect(scenario.headers.etag).toBe('"1"');
      // 400,000: Duty (100k, statutory) + Big (300k) beats Duty + Mid (200k) or Small + Mid.
      expect(new Set(scenario.body.result.selection.proposals)).toEqual(
        new Set([ids.duty, ids.big]),
      );
      expect(scenario.body.result.budgetSource).toBe('scenario');
      expect(scenario.body.evaluationPosition).toBeGreaterThan(0);
      expect(scenario.body.changedSince).toEqual([]);
      const mid = scenario.body.result.ranking.find(
        (entry: { id: string }) => entry.id === ids.mid,
      );
      expect(mid.explanation.reason).toBe('needs 200,000.00; 0.00 remains');
      for (const person of everyone) {
        expect((await read(`/api/v1/scenarios/${created.body.id}`, person)).status).toBe(200);
      }
    });

    it('forces proposals in and out, and refuses what cannot be', async () => {
      const forced = await write(
        'post',
        '/api/v1/scenarios',
        board,
        scenarioBody({
          forceIn: [{ proposalId: ids.small, reason: 'Members asked for it' }],
          forceOut: [{ proposalId: ids.duty, reason: 'Funded by a grant instead' }],
          weights: { riskReduction: 10 },
        }),
      );
      expect(forced.status).toBe(201);
      const scenario = await read(`/api/v1/scenarios/${forced.body.id}`);
      const selected: string[] = scenario.body.result.selection.proposals;
      expect(selected).toContain(ids.small);
      expect(selected).not.toContain(ids.duty);
      expect(scenario.body.result.weights.riskReduction).toBe(10);
      const duty = scenario.body.result.ranking.find(
        (entry: { id: string }) => entry.id === ids.duty,
      );
      expect(duty.explanation.reason).toBe('forced out: Funded by a grant instead');

      const both = await write(
        'post',
        '/api/v1/scenarios',
        board,
        scenarioBody({
          forceIn: [{ proposalId: ids.small, reason: 'in' }],
          forceOut: [{ proposalId: ids.small, reason: 'out' }],
        }),
      );
      expect(both.status).toBe(400);
      const tooMuch = await write(
        'post',
        '/api/v1/scenarios',
        board,
        scenarioBody({ forceIn: [{ proposalId: ids.big, reason: 'must' }], budget: '350000.00' }),
      );
      expect(tooMuch.status).toBe(422);
      expect(tooMuch.body.type).toContain('forced-exceeds-budget');
      const future = await write(
        'post',
        '/api/v1/scenarios',
        board,
        scenarioBody({ asOf: '2999-01-01T00:00:00.000Z' }),
      );
      expect(future.status).toBe(400);
      const unknown = await write(
        'post',
        '/api/v1/scenarios',
        board,
        scenarioBody({
          forceIn: [{ proposalId: '0193a1f2-7c4e-7d2a-9b1e-2f3c4d5e6f70', reason: 'x' }],
        }),
      );
      expect(unknown.status).toBe(422);
      expect(unknown.body.type).toContain('not-a-candidate');
    });

    it('lists and compares scenarios', async () => {
      const a = await write('post', '/api/v1/scenarios', board, scenarioBody({ name: 'A' }));
      const b = await write(
        'post',
        '/api/v1/scenarios',
        board,
        scenarioBody({ name: 'B', budget: '650000.00' }),
      );
      const list = await read(`/api/v1/scenarios?fiscalYear=${YEAR}`);
      expect(list.status).toBe(200);
      expect(list.body.items.map((item: { id: string }) => item.id)).toEqual(
        expect.arrayContaining([a.body.id, b.body.id]),
      );
      const compared = await read(`/api/v1/scenarios/compare?ids=${a.body.id},${b.body.id}`);
      expect(compared.body).toMatchObject({ scenarios: expect.any(Array) });
      expect(compared.status).toBe(200);
      expect(compared.body.scenarios.map((s: { name: string }) => s.name)).toEqual(['A', 'B']);
      const duty = compared.body.proposals.find(
        (p: { proposalId: string }) => p.proposalId === ids.duty,
      );
      expect(duty.selectedIn).toEqual([a.body.id, b.body.id]);
      expect((await read(`/api/v1/scenarios/compare?ids=${a.body.id}`)).status).toBe(400);
      expect(
        (
          await read(
            `/api/v1/scenarios/compare?ids=${a.body.id},0193a1f2-7c4e-7d2a-9b1e-2f3c4d5e6f70`,
          )
        ).status,
      ).toBe(404);
    });

    it('answers the frontier, each point no worse than the one below it', async () => {
      const frontier = await read(
        `/api/v1/portfolio/frontier?fiscalYear=${YEAR}&from=0.00&to=750000.00&steps=6`,
      );
      expect(frontier.status).toBe(200);
      expect(frontier.body.points).toHaveLength(6);
      expect(frontier.body.points[0]).toMatchObject({ budget: '0.00', feasible: false });
      const scores = frontier.body.points
        .filter((point: { feasible: boolean }) => point.feasible)
        .map((point: { totalScore: number }) => point.totalScore);
      expect(scores).toEqual([...scores].sort((x, y) => x - y));
      expect(frontier.body.points[5].proposals).toHaveLength(4);
      expect((await read(`/api/v1/portfolio/frontier?fiscalYear=${YEAR}&steps=1`)).status).toBe(
        400,
      );
    });

    it('explains priorities, scores them with other weights and replays them as of a moment', async () => {
      const now = await read(`/api/v1/portfolio/priorities?fiscalYear=${YEAR}&budget=400000.00`);
      expect(now.status).toBe(200);
      expect(now.body.asOf).toBeNull();
      expect(now.body.ranking[0].explanation).toMatchObject({ rankUnderPolicy: 1 });
      const weighted = await read(
        `/api/v1/portfolio/priorities?fiscalYear=${YEAR}&budget=400000.00&weights=riskReduction:50`,
      );
      expect(weighted.status).toBe(200);
      expect(weighted.body.weights.riskReduction).toBe(50);
      // Duty scores best on risk reduction, so it leads under these weights but not the policy's.
      expect(weighted.body.ranking[0].id).toBe(ids.duty);
      expect(weighted.body.ranking[0].explanation.rankUnderPolicy).toBe(4);
      const bad = await read(
        `/api/v1/portfolio/priorities?fiscalYear=${YEAR}&budget=1.00&weights=beauty:2`,
      );
      expect(bad.status).toBe(400);
      const past = await read(
        `/api/v1/portfolio/priorities?fiscalYear=${YEAR}&budget=400000.00&asOf=2000-01-01T00:00:00.000Z`,
      );
      expect(past.status).toBe(200);
      expect(past.body.ranking).toEqual([]);
    });

    describe('adoption and the departure rule', () => {
      let first: string;
      let second: string;
      let secondResultWhenCreated: unknown;

      beforeAll(async () => {
        first = (await write('post', '/api/v1/scenarios', board, scenarioBody({ name: 'Plan 1' })))
          .body.id;
        second = (await write('post', '/api/v1/scenarios', board, scenarioBody({ name: 'Plan 2' })))
          .body.id;
        secondResultWhenCreated = (await read(`/api/v1/scenarios/${second}`)).body.result;
      });

      it('needs the board and the version the member saw', async () => {
        const body = { reason: 'Agreed at the board', meetingRef: 'IB-1' };
        const path = `/api/v1/scenarios/${first}/adoption`;
        expect((await write('post', path, board, body)).status).toBe(428);
        expect((await write('post', path, board, body, { 'If-Match': '"7"' })).status).toBe(412);
        for (const person of everyone.filter((p) => p !== board)) {
          expect((await write('post', path, person, body, { 'If-Match': '"1"' })).status).toBe(403);
        }
        const adopted = await write('post', path, board, body, { 'If-Match': '"1"' });
        expect(adopted.status).toBe(200);
        expect(adopted.body.version).toBe(2);
        expect((await write('post', path, board, body, { 'If-Match': '"2"' })).status).toBe(409);
      });

      it('supersedes the previously adopted scenario in the same append', async () => {
        await read(`/api/v1/scenarios/${first}`); // the register has seen the first adoption
        const adopted = await write(
          'post',
          `/api/v1/scenarios/${second}/adoption`,
          board,
          { reason: 'Revised plan' },
          { 'If-Match': '"1"' },
        );
        expect(adopted.status).toBe(200);
        const was = await read(`/api/v1/scenarios/${first}`);
        expect(was.body.status).toBe('superseded');
        expect(was.body.adoptions[0].supersededBy).toBe(second);
        const is = await read(`/api/v1/scenarios/${second}`);
        expect(is.body.status).toBe('adopted');
        expect(is.body.adoptions[0].meetingRef).toBeNull();
      });

      it('asks for a departure reason to approve what the adopted plan left out', async () => {
        await read(`/api/v1/scenarios/${second}`);
        const before = await read(`/api/v1/proposals/${ids.mid}`);
        expect(before.body.readiness.reasonsRequired).toContain('departureReason');
        const inThePlan = await read(`/api/v1/proposals/${ids.big}`);
        expect(inThePlan.body.readiness.reasonsRequired).not.toContain('departureReason');
        const version = before.body.version;
        const approval = {
          outcome: 'approved',
          authority: 'investment-board',
          reason: 'Needed now',
          approvedAmount: '200000.00',
        };
        const refused = await write(
          'post',
          `/api/v1/proposals/${ids.mid}/decision`,
          board,
          approval,
          {
            'If-Match': `"${version}"`,
          },
        );
        expect(refused.status).toBe(422);
        expect(refused.body.type).toContain('departs-from-adopted-scenario');
        const approved = await write(
          'post',
          `/api/v1/proposals/${ids.mid}/decision`,
          board,
          { ...approval, departureReason: 'The old system failed in October' },
          { 'If-Match': `"${version}"` },
        );
        expect(approved.status).toBe(200);
        const proposal = await read(`/api/v1/proposals/${ids.mid}`);
        expect(proposal.body.decision.snapshot).toMatchObject({
          adoptedScenarioId: second,
          departureReason: 'The old system failed in October',
        });

        const bigVersion = (await read(`/api/v1/proposals/${ids.big}`)).body.version;
        const inPlan = await write(
          'post',
          `/api/v1/proposals/${ids.big}/decision`,
          board,
          { ...approval, approvedAmount: '300000.00' },
          { 'If-Match': `"${bigVersion}"` },
        );
        expect(inPlan.status).toBe(200);
        const big = await read(`/api/v1/proposals/${ids.big}`);
        expect(big.body.decision.snapshot.adoptedScenarioId).toBe(second);
        expect(big.body.decision.snapshot.departureReason).toBeUndefined();
      });

      it('keeps a scenario result as it was after later decisions, and shows what changed', async () => {
        const scenario = await read(`/api/v1/scenarios/${second}`);
        expect(new Set(scenario.body.result.selection.proposals)).toEqual(
          new Set([ids.duty, ids.big]),
        );
        expect(scenario.body.result).toEqual(secondResultWhenCreated);
        // Big was approved since: it is no longer a candidate now.
        expect(scenario.body.changedSince).toContain(ids.big);
        expect(scenario.body.currentResult.selection.proposals).not.toContain(ids.big);
      });

      it('reads the same after the read models are rebuilt from the log', async () => {
        const before = await read(`/api/v1/scenarios/${second}`);
        const listed = await read(`/api/v1/scenarios?fiscalYear=${YEAR}`);
        const readModels = ledger.testApp.app.get(ReadModelDatabase);
        await rebuildProjections(
          readModels,
          ledger.testApp.app.get<EventStore>(EVENT_STORE),
          PROJECTIONS,
        );
        const after = await read(`/api/v1/scenarios/${second}`);
        expect(after.body.result).toEqual(before.body.result);
        expect(after.body.currentResult).toEqual(before.body.currentResult);
        expect((await read(`/api/v1/scenarios?fiscalYear=${YEAR}`)).body).toEqual(listed.body);
      });
    });

    describe('two boards adopting at once for one fiscal year', () => {
      /** Scenarios of a year no other test adopts in, each at version 1. */
      async function scenariosOf(year: string, count: number): Promise<string[]> {
        const created: string[] = [];
        for (let n = 0; n < count; n++) {
          const response = await write(
            'post',
            '/api/v1/scenarios',
            board,
            scenarioBody({ fiscalYear: year, name: `Plan ${n}`, budget: '1000.00' }),
          );
          expect(response.status).toBe(201);
          created.push(response.body.id);
        }
        return created;
      }

      const adopt = (id: string, version: number) =>
        write(
          'post',
          `/api/v1/scenarios/${id}/adoption`,
          board,
          { reason: 'Agreed' },
          { 'If-Match': `"${version}"` },
        );

      /**
       * Both adoptions race for real: each has read its facts before either appends. The store's
       * first append waits (up to 5 s) until the second arrives, then both go on; on SQLite the two
       * requests would otherwise run one after the other, and the second would rightly supersede.
       */
      async function racing<T>(run: () => Promise<T>): Promise<T> {
        const store = ledger.testApp.app.get<EventStore>(EVENT_STORE);
        const append = store.append;
        let release: (() => void) | null = null;
        store.append = async (appends) => {
          if (release === null) {
            await new Promise<void>((resolve) => {
              release = resolve;
              setTimeout(resolve, 5_000);
            });
          } else {
            release();
          }
          return append.call(store, appends);
        };
        try {
          return await run();
        } finally {
          store.append = append;
        }
      }

      async function statusesOf(scenarioIds: readonly string[]): Promise<string[]> {
        const statuses: string[] = [];
        for (const id of scenarioIds)
          statuses.push((await read(`/api/v1/scenarios/${id}`)).body.status);
        return statuses;
      }

      it('lets exactly one first adoption land; the other is 409 and appends nothing', async () => {
        for (const year of ['2030-31', '2031-32']) {
          const [x, y] = await scenariosOf(year, 2);
          const headBefore = (await ledger.testApp.app.get<EventStore>(EVENT_STORE).readHead()).position;
          const answers = await racing(() => Promise.all([adopt(x, 1), adopt(y, 1)]));
          expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
          const lost = answers.find((answer) => answer.status === 409)!;
          expect(lost.headers['content-type']).toMatch(/problem\+json/);
          // The winner's ScenarioAdopted and its year's record, nothing from the other.
          const head = (await ledger.testApp.app.get<EventStore>(EVENT_STORE).readHead()).position;
          expect(head - headBefore).toBe(2);
          expect((await statusesOf([x, y])).sort()).toEqual(['adopted', 'created']);
        }
      });

      it('lets exactly one of two adoptions superseding the same plan land', async () => {
        for (const year of ['2033-34', '2034-35']) {
          const [plan, x, y] = await scenariosOf(year, 3);
          expect((await adopt(plan, 1)).status).toBe(200);
          const answers = await racing(() => Promise.all([adopt(x, 1), adopt(y, 1)]));
          expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
          const statuses = await statusesOf([plan, x, y]);
          expect(statuses[0]).toBe('superseded');
          expect(statuses.slice(1).sort()).toEqual(['adopted', 'created']);
          // The loser may adopt now, on the version it has, and supersedes the winner.
          const loser = answers[0].status === 409 ? x : y;
          expect((await adopt(loser, 1)).status).toBe(200);
          expect((await statusesOf([x, y])).filter((status) => status === 'adopted')).toHaveLength(
            1,
          );
        }
      });
    });
  },
);
