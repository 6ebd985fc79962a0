import { addDays, londonDateOf } from '@ledger/domain';
import {
  aBudgetBody,
  aDraftBody,
  aPolicyBody,
  databaseKindsUnderTest,
  ledgerOverHttp,
  people,
  type Person,
} from '@ledger/testing';
import type { Response } from 'supertest';
import { createApp } from '../../apps/api/src/create-app';

const YEAR = '2026-27';
/** Holds both roles: the person segregation of duties is about. */
const rhea: Person = {
  sub: 'rhea-1',
  name: 'Rhea Both',
  roles: ['reviewer', 'board'],
  authorities: ['investment-board'],
};
// aDraftBody: 250,000 capital + 5 × 15,000 = 325,000 whole-life cost, decided by the investment board.
const WHOLE_LIFE_COST = '325000.00';
const POLICY = aPolicyBody();

describe.each(databaseKindsUnderTest)(
  'segregation of duties and key decisions over HTTP (%s)',
  (kind) => {
    const ledger = ledgerOverHttp(kind, createApp);
    const { write, read, version } = ledger;
    const today = () => londonDateOf(new Date().toISOString());

    /** The refusal, with its problem type, and proof that the log did not move. */
    const refused = (status: number, code: string, attempt: () => Promise<Response>) =>
      ledger.refusedAppendingNothing(attempt, status, code || undefined);

    async function reviewed(technicalReviewer: Person = people.technicalReviewer) {
      const id = await ledger.draft(aDraftBody());
      await ledger.submit(id);
      await ledger.reviewBoth(id, { technicalReviewer });
      return id;
    }

    const approval = (extra: object = {}) => ({
      outcome: 'approved',
      authority: 'investment-board',
      reason: 'Strong case.',
      approvedAmount: '250000.00',
      ...extra,
    });

    async function decide(id: string, by: Person, body: object) {
      return write('post', `/api/v1/proposals/${id}/decision`, by, body, {
        'If-Match': `"${await version(id)}"`,
      });
    }

    async function publish(id: string, by: Person, body: object = {}) {
      return write('post', `/api/v1/proposals/${id}/key-decision-notice`, by, {
        publishedOn: today(),
        decisionDue: addDays(today(), 30),
        decisionMaker: 'investment-board',
        summary: 'Replace the revenues and benefits system.',
        ...body,
      });
    }

    beforeAll(async () => {
      const budget = await write(
        'put',
        `/api/v1/budgets/${YEAR}`,
        people.finance,
        aBudgetBody({ capitalEnvelope: '5000000.00' }),
      );
      expect(budget.status).toBe(200);
    });

    describe('segregation of duties', () => {
      it('refuses a reviewer returning or deciding on the proposal they reviewed, appending nothing', async () => {
        const id = await reviewed(rhea);
        await refused(403, 'reviewer-cannot-decide', () =>
          write('post', `/api/v1/proposals/${id}/return`, rhea, { reason: 'Revise.' }),
        );
        const response = await refused(403, 'reviewer-cannot-decide', () =>
          decide(id, rhea, approval()),
        );
        expect(response.body.detail).toContain('recorded a review');
        await refused(403, 'reviewer-cannot-decide', () =>
          decide(id, rhea, { outcome: 'rejected', authority: 'investment-board', reason: 'No.' }),
        );
        expect((await decide(id, people.board, approval())).status).toBe(200);
        expect((await read(`/api/v1/proposals/${id}`)).body.status).toBe('approved');
      });

      it('withdraws a review whose reviewer later declares a conflict, from the score and the required kinds', async () => {
        const id = await reviewed();
        const conflict = await write(
          'post',
          `/api/v1/proposals/${id}/conflicts`,
          people.technicalReviewer,
          { statement: 'I used to work for the supplier.' },
        );
        expect(conflict.status).toBe(200);
        const { body } = await read(`/api/v1/proposals/${id}`);
        expect(
          body.reviews.map((review: { kind: string; withdrawnByConflict: boolean }) => [
            review.kind,
            review.withdrawnByConflict,
          ]),
        ).toEqual([
          ['financial', false],
          ['technical', true],
        ]);
        expect(body.readiness.missingReviewKinds).toEqual(['technical']);
        expect(body.readiness.blockers.map((blocker: { code: string }) => blocker.code)).toEqual([
          'review-kind-missing',
        ]);
        expect(body.scoreBreakdown.reviewsCounted).toBe(1);
        await refused(422, 'review-kind-missing', () => decide(id, people.board, approval()));
        const listed = await read(`/api/v1/proposals?ready=false&limit=200`);
        expect(listed.body.items.find((item: { id: string }) => item.id === id)).toMatchObject({
          ready: false,
          reviewCount: 1,
        });
      });
    });

    describe('key decisions', () => {
      let noNotice: string;
      let shortNotice: string;
      let fullNotice: string;

      beforeAll(async () => {
        const adopted = await write('put', '/api/v1/policy', people.admin, {
          ...POLICY,
          keyDecisionThreshold: WHOLE_LIFE_COST,
        });
        expect(adopted.status).toBe(200);
        noNotice = await reviewed();
        shortNotice = await reviewed();
        fullNotice = await reviewed();
      });

      afterAll(async () => {
        await write('put', '/api/v1/policy', people.admin, POLICY);
      });

      it('shows the threshold in the policy, and refuses one that is not money', async () => {
        expect((await read('/api/v1/policy')).body.keyDecisionThreshold).toBe(WHOLE_LIFE_COST);
        await refused(400, 'validation-failed', () =>
          write('put', '/api/v1/policy', people.admin, {
            ...POLICY,
            keyDecisionThreshold: '12.345',
          }),
        );
      });

      it('reads a proposal at the threshold as a key decision blocked without notice', async () => {
        const { body } = await read(`/api/v1/proposals/${noNotice}`);
        expect(body.keyDecision).toEqual({ required: true, notices: [] });
        expect(body.ready).toBe(false);
        expect(body.readiness.blockers).toEqual([
          {
            code: 'key-decision-notice-required',
            message: expect.stringContaining('No key decision notice'),
          },
        ]);
        expect(body.readiness.reasonsRequired).toEqual(['urgency']);
      });

      it('refuses approval and rejection without a notice, saying what would satisfy the rule', async () => {
        const response = await refused(422, 'key-decision-notice-required', () =>
          decide(noNotice, people.board, approval()),
        );
        expect(response.body.detail).toContain('28 clear days');
        expect(response.body.detail).toContain(`on or before ${addDays(today(), -29)}`);
        expect(response.body.detail).toContain('special-urgency');
        await refused(422, 'key-decision-notice-required', () =>
          decide(noNotice, people.board, {
            outcome: 'rejected',
            authority: 'investment-board',
            reason: 'No.',
          }),
        );
      });

      it('lets a deferral through without a notice, and refuses urgency on it', async () => {
        const id = await reviewed();
        await refused(400, 'invalid-field', () =>
          decide(id, people.board, {
            outcome: 'deferred',
            authority: 'investment-board',
            reason: 'Later.',
            deferredUntil: '2099-01-01',
            urgency: { procedure: 'special-urgency', agreedBy: 'Chair', reason: 'Now.' },
          }),
        );
        const deferred = await decide(id, people.board, {
          outcome: 'deferred',
          authority: 'investment-board',
          reason: 'Later.',
          deferredUntil: '2099-01-01',
        });
        expect(deferred.status).toBe(200);
      });

      it('records notices from the board and admins only, checking their fields', async () => {
        for (const person of [people.proposer, people.auditor, people.finance]) {
          await refused(403, '', () => publish(shortNotice, person));
        }
        await refused(400, 'invalid-field', () =>
          publish(shortNotice, people.board, { decisionMaker: 'full-council' }),
        );
        await refused(400, 'invalid-field', () =>
          publish(shortNotice, people.board, { publishedOn: addDays(today(), 2) }),
        );
        await refused(400, 'validation-failed', () =>
          publish(shortNotice, people.board, { publishedOn: '2027-02-30' }),
        );
        await refused(400, 'validation-failed', () =>
          publish(shortNotice, people.board, { extra: true }),
        );
        await refused(404, 'proposal-not-found', () =>
          publish('0190a6f4-0000-7000-8000-00000000dead', people.board),
        );
        const published = await publish(shortNotice, people.board, {
          publishedOn: addDays(today(), -10),
        });
        expect(published.status).toBe(200);
        const { body } = await read(`/api/v1/proposals/${shortNotice}`);
        expect(body.keyDecision.notices).toEqual([
          expect.objectContaining({
            publishedOn: addDays(today(), -10),
            decisionMaker: 'investment-board',
            publishedBy: { id: people.board.sub, name: people.board.name },
            clearDaysBeforeDue: 39,
          }),
        ]);
      });

      it('refuses a notice with too few clear days, then accepts special urgency and records it', async () => {
        const response = await refused(422, 'key-decision-notice-required', () =>
          decide(shortNotice, people.board, approval()),
        );
        expect(response.body.detail).toContain('gives 9 clear days');
        const urgency = {
          procedure: 'special-urgency',
          agreedBy: 'Chair of Overview and Scrutiny',
          reason: 'The supplier ends support next month.',
        };
        expect((await decide(shortNotice, people.board, approval({ urgency }))).status).toBe(200);
        const { body } = await read(`/api/v1/proposals/${shortNotice}`);
        expect(body.decision.snapshot.keyDecision).toEqual({
          noticeId: expect.any(String),
          clearDays: 9,
          procedure: 'special-urgency',
          urgency,
        });
      });

      it('approves with a notice 28 clear days before today, recording it in the snapshot', async () => {
        const published = await publish(fullNotice, people.admin, {
          publishedOn: addDays(today(), -29),
          decisionDue: today(),
        });
        expect(published.status).toBe(200);
        expect((await read(`/api/v1/proposals/${fullNotice}`)).body.ready).toBe(true);
        expect((await decide(fullNotice, people.board, approval())).status).toBe(200);
        const { body } = await read(`/api/v1/proposals/${fullNotice}`);
        expect(body.decision.snapshot.keyDecision).toEqual({
          noticeId: body.keyDecision.notices[0].noticeId,
          clearDays: 28,
          procedure: 'notice',
        });
        await refused(409, 'invalid-transition', () => publish(fullNotice, people.board));
      });

      it('serves the forward plan in date order to every role, with each proposal’s figures', async () => {
        for (const person of [people.proposer, people.financialReviewer, people.auditor]) {
          const response = await read(
            `/api/v1/forward-plan?from=${addDays(today(), -1)}&to=${addDays(today(), 40)}`,
            person,
          );
          expect(response.status).toBe(200);
          expect(response.body.items).toEqual([
            {
              decisionDue: today(),
              noticeId: expect.any(String),
              publishedOn: addDays(today(), -29),
              decisionMaker: 'investment-board',
              summary: 'Replace the revenues and benefits system.',
              proposalId: fullNotice,
              title: 'Replace the revenues and benefits system',
              department: 'Finance and Revenues',
              wholeLifeCost: WHOLE_LIFE_COST,
              status: 'approved',
            },
            expect.objectContaining({
              decisionDue: addDays(today(), 30),
              proposalId: shortNotice,
              status: 'approved',
            }),
          ]);
        }
        const narrow = await read(
          `/api/v1/forward-plan?from=${addDays(today(), 1)}&to=${addDays(today(), 30)}`,
        );
        expect(narrow.body.items.map((item: { proposalId: string }) => item.proposalId)).toEqual([
          shortNotice,
        ]);
      });

      it('refuses a forward plan range that is not two dates in order', async () => {
        expect((await read('/api/v1/forward-plan?from=tomorrow')).status).toBe(400);
        expect((await read('/api/v1/forward-plan?from=2027-03-02&to=2027-03-01')).status).toBe(400);
      });
    });
  },
);
