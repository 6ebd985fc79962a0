import request from 'supertest';
import {
  aDraftBody,
  databaseKindsUnderTest,
  expectProblem,
  people,
  startTestApp,
  tokenMinter,
  type TestApp,
} from '@ledger/testing';
import { createApp } from '../../apps/api/src/create-app';

const ENV = { LEDGER_RATE_LIMIT: '1000000' };
const ROUNDS = 30;
const CALLERS = 5;

/**
 * Issue 21: copies of one Idempotency-Key racing with different bodies. Only the first body may be
 * recorded, and every caller whose body differs must be told, whatever the timing: a 201 would say
 * their proposal was drafted when it was not.
 */
describe.each(databaseKindsUnderTest)(
  'one Idempotency-Key raced with different bodies (%s)',
  (kind) => {
    let testApp: TestApp;
    let http: ReturnType<typeof request>;
    let bearer: string;

    beforeAll(async () => {
      testApp = await startTestApp(kind, createApp, ENV);
      http = request(testApp.app.getHttpServer());
      bearer = await tokenMinter(testApp.config).bearer(people.proposer);
    });

    afterAll(async () => {
      await testApp?.close();
    });

    async function headPosition(): Promise<number> {
      const response = await http.get('/health');
      expect(response.status).toBe(200);
      return response.body.headPosition ?? 0;
    }

    it(`records one body and refuses every other caller, over ${ROUNDS} rounds of ${CALLERS}`, async () => {
      const misanswered: string[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const key = `race-${kind}-${round}`;
        const before = await headPosition();
        const titles = Array.from(
          { length: CALLERS },
          (_, caller) => `Round ${round} caller ${caller}`,
        );
        const responses = await Promise.all(
          titles.map((title) =>
            http
              .post('/api/v1/proposals')
              .set('Authorization', bearer)
              .set('Idempotency-Key', key)
              .send(aDraftBody({ title })),
          ),
        );
        const created = responses
          .map((response, caller) => ({ response, caller }))
          .filter(({ response }) => response.status === 201);
        if (created.length !== 1) {
          misanswered.push(
            `round ${round}: ${created.length} callers got 201 (${responses.map((r) => r.status).join(', ')})`,
          );
          continue;
        }
        const winner = created[0];
        for (const [caller, response] of responses.entries()) {
          if (caller === winner.caller) continue;
          if (response.status === 409) expectProblem(response, 409, 'idempotency-in-progress');
          else if (response.status === 422) expectProblem(response, 422, 'idempotency-key-reused');
          else misanswered.push(`round ${round}: caller ${caller} got ${response.status}`);
        }
        const stored = await http
          .get(`/api/v1/proposals/${winner.response.body.id}`)
          .set('Authorization', bearer);
        expect(stored.status).toBe(200);
        expect(stored.body.title).toBe(titles[winner.caller]);
        expect(await headPosition()).toBe(winner.response.body.position);
        expect(winner.response.body.position).toBeGreaterThan(before);
      }
      expect(misanswered).toEqual([]);
    });

    it(`refuses every differing copy of one amendment too, over ${ROUNDS} rounds of ${CALLERS}`, async () => {
      const misanswered: string[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const draft = await http
          .post('/api/v1/proposals')
          .set('Authorization', bearer)
          .send(aDraftBody());
        expect(draft.status).toBe(201);
        const titles = Array.from({ length: CALLERS }, (_, caller) => `Amended ${round}.${caller}`);
        const responses = await Promise.all(
          titles.map((title) =>
            http
              .patch(`/api/v1/proposals/${draft.body.id}`)
              .set('Authorization', bearer)
              .set('Idempotency-Key', `amend-${kind}-${round}`)
              .send({ title }),
          ),
        );
        const statuses = responses.map((response) => response.status);
        const winners = statuses.flatMap((status, caller) => (status === 200 ? [caller] : []));
        if (winners.length !== 1 || statuses.some((status) => ![200, 409, 422].includes(status))) {
          misanswered.push(`round ${round}: ${statuses.join(', ')}`);
          continue;
        }
        for (const response of responses.filter((candidate) => candidate.status !== 200))
          expectProblem(
            response,
            response.status,
            response.status === 409 ? 'idempotency-in-progress' : 'idempotency-key-reused',
          );
        const stored = await http
          .get(`/api/v1/proposals/${draft.body.id}`)
          .set('Authorization', bearer);
        expect(stored.body.title).toBe(titles[winners[0]]);
        expect(stored.body.version).toBe(draft.body.version + 1);
      }
      expect(misanswered).toEqual([]);
    });

    it('still answers identical racing copies with the one recorded answer', async () => {
      const body = aDraftBody({ title: 'Sent five times at once' });
      const responses = await Promise.all(
        Array.from({ length: CALLERS }, () =>
          http
            .post('/api/v1/proposals')
            .set('Authorization', bearer)
            .set('Idempotency-Key', `identical-${kind}`)
            .send(body),
        ),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(CALLERS).fill(201));
      expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
      expect(new Set(responses.map((response) => response.body.position)).size).toBe(1);
    });
  },
);
