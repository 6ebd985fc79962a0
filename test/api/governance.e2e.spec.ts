import request from 'supertest';
import {
  aBoardMember,
  aBudgetBody,
  aDraftBody,
  anApprovalBody,
  aReviewBody,
  databaseKindsUnderTest,
  expectProblem,
  people,
  problemFields,
  startTestApp,
  startTestAppOn,
  tokenMinter,
  type Person,
  type TestApp,
} from '@ledger/testing';
import { AccessTokens } from '@ledger/platform';
import { createApp } from '../../apps/api/src/create-app';

// The suite makes far more requests than the default per-client limit allows in a minute.
const ENV = { LEDGER_RATE_LIMIT: '100000' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Refused scenarios draft in a year with no envelope, so a wrongly accepted approval cannot commit
// funds that another test counts on.
const REFUSALS_YEAR = '2035-36';

type Http = ReturnType<typeof request>;

describe.each(databaseKindsUnderTest)('governance writes over HTTP (%s)', (kind) => {
  let testApp: TestApp;
  let http: Http;
  let minter: ReturnType<typeof tokenMinter>;
  const bearers = new Map<string, string>();

  async function as(person: Person): Promise<string> {
    let token = bearers.get(person.sub);
    if (!token) {
      token = await minter.bearer(person, '2h');
      bearers.set(person.sub, token);
    }
    return token;
  }

  async function headPosition(): Promise<number> {
    const response = await http.get('/health').expect(200);
    return response.body.headPosition;
  }

  async function setBudget(fiscalYear: string, capitalEnvelope: string): Promise<void> {
    const response = await http
      .put(`/api/v1/budgets/${fiscalYear}`)
      .set('Authorization', await as(people.finance))
      .send(aBudgetBody({ capitalEnvelope }));
    expect(response.status).toBe(200);
  }

  async function draft(
    body = aDraftBody(),
    by: Person = people.proposer,
  ): Promise<{ id: string; version: number }> {
    const response = await http
      .post('/api/v1/proposals')
      .set('Authorization', await as(by))
      .send(body);
    expect(response.status).toBe(201);
    return response.body;
  }

  async function submit(id: string, by: Person = people.proposer): Promise<number> {
    const response = await http
      .post(`/api/v1/proposals/${id}/submit`)
      .set('Authorization', await as(by));
    expect(response.status).toBe(200);
    return response.body.version;
  }

  async function review(id: string, kindOfReview: string, by: Person): Promise<number> {
    const response = await http
      .post(`/api/v1/proposals/${id}/reviews`)
      .set('Authorization', await as(by))
      .send(aReviewBody({ kind: kindOfReview }));
    expect(response.status).toBe(200);
    return response.body.version;
  }

  async function submitted(overrides: Record<string, unknown> = {}, by: Person = people.proposer) {
    const { id } = await draft(aDraftBody({ fiscalYear: REFUSALS_YEAR, ...overrides }), by);
    const version = await submit(id, by);
    return { id, version };
  }

  /** Submitted with the default policy's required financial and technical reviews. */
  async function readyForDecision(
    overrides: Record<string, unknown> = {},
    by: Person = people.proposer,
  ) {
    const { id } = await submitted(overrides, by);
    await review(id, 'financial', people.financialReviewer);
    const version = await review(id, 'technical', people.technicalReviewer);
    return { id, version };
  }

  async function decide(
    id: string,
    ifMatch: number | null,
    body: Record<string, unknown>,
    by: Person = people.board,
  ) {
    const call = http.post(`/api/v1/proposals/${id}/decision`).set('Authorization', await as(by));
    if (ifMatch !== null) call.set('If-Match', `"${ifMatch}"`);
    return call.send(body);
  }

  async function readProposal(id: string) {
    const response = await http
      .get(`/api/v1/proposals/${id}`)
      .set('Authorization', await as(people.auditor));
    expect(response.status).toBe(200);
    return response;
  }

  async function readBudget(fiscalYear: string) {
    const response = await http
      .get(`/api/v1/budgets/${fiscalYear}`)
      .set('Authorization', await as(people.finance));
    expect(response.status).toBe(200);
    return response.body;
  }

  beforeAll(async () => {
    testApp = await startTestApp(kind, createApp, ENV);
    http = request(testApp.app.getHttpServer());
    minter = tokenMinter(testApp.config);
  });

  afterAll(async () => {
    await testApp?.close();
  });

  describe('the governance path', () => {
    it('takes a proposal from budget to approval, recording the token holders as actors and committing the approved capital to the penny', async () => {
      await http
        .put('/api/v1/budgets/2026-27')
        .set('Authorization', await as(people.finance))
        .send(aBudgetBody({ capitalEnvelope: '2000000.00', revenueEnvelope: '500000.00' }))
        .expect(200);

      const drafted = await http
        .post('/api/v1/proposals')
        .set('Authorization', await as(people.proposer))
        .send(aDraftBody({ fiscalYear: '2026-27', capitalCost: '250000.00' }));
      expect(drafted.status).toBe(201);
      expect(drafted.body).toEqual({
        id: expect.stringMatching(UUID),
        version: 1,
        position: expect.any(Number),
      });
      expect(drafted.body.position).toBeGreaterThanOrEqual(1);
      const id: string = drafted.body.id;
      expect(drafted.headers.location).toBe(`/api/v1/proposals/${id}`);
      expect(drafted.headers.etag).toBe('"1"');

      const amended = await http
        .patch(`/api/v1/proposals/${id}`)
        .set('Authorization', await as(people.proposer))
        .set('If-Match', '"1"')
        .send({ capitalCost: '249999.99' });
      expect(amended.status).toBe(200);
      expect(amended.body).toEqual({ id, version: 2, position: expect.any(Number) });
      expect(amended.body.position).toBeGreaterThan(drafted.body.position);
      expect(amended.headers.etag).toBe('"2"');

      const submittedAnswer = await http
        .post(`/api/v1/proposals/${id}/submit`)
        .set('Authorization', await as(people.proposer))
        .set('If-Match', '"2"');
      expect(submittedAnswer.status).toBe(200);
      expect(submittedAnswer.body).toMatchObject({ id, version: 3 });

      expect(await review(id, 'financial', people.financialReviewer)).toBe(4);
      expect(await review(id, 'technical', people.technicalReviewer)).toBe(5);

      const decided = await decide(
        id,
        5,
        anApprovalBody({ authority: 'investment-board', approvedAmount: '249999.99' }),
      );
      expect(decided.status).toBe(200);
      expect(decided.body).toEqual({ id, version: 6, position: expect.any(Number) });
      expect(decided.headers.etag).toBe('"6"');

      const read = await readProposal(id);
      expect(read.headers.etag).toBe('"6"');
      const proposal = read.body;
      expect(proposal).toMatchObject({
        id,
        status: 'approved',
        version: 6,
        capitalCost: '249999.99',
        proposer: { id: people.proposer.sub, name: people.proposer.name },
      });
      const reviewers = proposal.reviews.map((r: { kind: string; reviewer: unknown }) => [
        r.kind,
        r.reviewer,
      ]);
      expect(reviewers).toEqual([
        ['financial', { id: people.financialReviewer.sub, name: people.financialReviewer.name }],
        ['technical', { id: people.technicalReviewer.sub, name: people.technicalReviewer.name }],
      ]);
      const reviewIds = proposal.reviews.map((r: { reviewId: string }) => r.reviewId);
      expect(proposal.decision).toMatchObject({
        outcome: 'approved',
        approvedAmount: '249999.99',
        decidedBy: { id: people.board.sub, name: people.board.name },
        snapshot: {
          proposalVersion: 5,
          policyVersion: 0,
          authority: 'investment-board',
          authorityUpTo: '1000000.00',
          // 249999.99 capital + 15000.00 a year for 5 years
          wholeLifeCost: '324999.99',
        },
      });
      expect([...proposal.decision.snapshot.reviewIds].sort()).toEqual([...reviewIds].sort());
      expect(proposal.decisions).toHaveLength(1);

      expect(await readBudget('2026-27')).toMatchObject({
        fiscalYear: '2026-27',
        capitalEnvelope: '2000000.00',
        committedCapital: '249999.99',
        remainingCapital: '1750000.01',
        commitments: [{ proposalId: id, amount: '249999.99', committedAt: expect.any(String) }],
      });
    });
  });

  describe('refusals', () => {
    it('answers 401 invalid-token when no bearer token is sent', async () => {
      const response = await http.post('/api/v1/proposals').send(aDraftBody());
      expectProblem(response, 401, 'invalid-token');
    });

    it('answers 401 invalid-token for a token signed with another secret', async () => {
      const forger = new AccessTokens({
        ...testApp.config,
        jwt: { ...testApp.config.jwt, secret: 'not-the-ledger-secret-but-long-enough-0123456789' },
      });
      const forged = await forger.mint({
        sub: people.proposer.sub,
        name: people.proposer.name,
        roles: ['proposer'],
      });
      const response = await http
        .post('/api/v1/proposals')
        .set('Authorization', `Bearer ${forged}`)
        .send(aDraftBody());
      expectProblem(response, 401, 'invalid-token');
    });

    it('answers 401 invalid-token for an expired token', async () => {
      const expired = await minter.bearer(people.proposer, '-1h');
      const response = await http
        .post('/api/v1/proposals')
        .set('Authorization', expired)
        .send(aDraftBody());
      expectProblem(response, 401, 'invalid-token');
      expect(response.body.detail).toMatch(/expired/);
    });

    it('answers 403 role-required when a reviewer tries to draft a proposal', async () => {
      const response = await http
        .post('/api/v1/proposals')
        .set('Authorization', await as(people.financialReviewer))
        .send(aDraftBody());
      expectProblem(response, 403, 'role-required');
    });

    it('answers 403 self-review when a proposer who is also a reviewer reviews their own proposal', async () => {
      const { id } = await submitted({}, people.proposingReviewer);
      const response = await http
        .post(`/api/v1/proposals/${id}/reviews`)
        .set('Authorization', await as(people.proposingReviewer))
        .send(aReviewBody({ kind: 'financial' }));
      expectProblem(response, 403, 'self-review');
    });

    it('answers 403 self-decision when a proposer who is also on the board decides their own proposal', async () => {
      const { id, version } = await readyForDecision({}, people.proposingBoardMember);
      const response = await decide(id, version, anApprovalBody(), people.proposingBoardMember);
      expectProblem(response, 403, 'self-decision');
    });

    it('answers 403 conflict-of-interest when a reviewer who declared a conflict then reviews', async () => {
      const { id } = await submitted();
      await http
        .post(`/api/v1/proposals/${id}/conflicts`)
        .set('Authorization', await as(people.financialReviewer))
        .send({ statement: 'My brother works for the preferred supplier.' })
        .expect(200);
      const response = await http
        .post(`/api/v1/proposals/${id}/reviews`)
        .set('Authorization', await as(people.financialReviewer))
        .send(aReviewBody({ kind: 'financial' }));
      expectProblem(response, 403, 'conflict-of-interest');
    });

    it('answers 403 conflict-of-interest when a board member who declared a conflict then decides', async () => {
      const { id } = await readyForDecision();
      const declared = await http
        .post(`/api/v1/proposals/${id}/conflicts`)
        .set('Authorization', await as(people.board))
        .send({ statement: 'I sit on the supplier’s advisory panel.' })
        .expect(200);
      const response = await decide(id, declared.body.version, anApprovalBody());
      expectProblem(response, 403, 'conflict-of-interest');
    });

    it('answers 403 authority-not-held when the board member decides under a tier their token does not carry', async () => {
      const { id, version } = await readyForDecision();
      const response = await decide(id, version, anApprovalBody({ authority: 'cabinet' }));
      expectProblem(response, 403, 'authority-not-held');
    });

    it('answers 409 invalid-transition when approving a withdrawn proposal', async () => {
      const { id } = await readyForDecision();
      const withdrawn = await http
        .post(`/api/v1/proposals/${id}/withdraw`)
        .set('Authorization', await as(people.proposer))
        .send({ reason: 'Superseded by a shared service.' })
        .expect(200);
      const response = await decide(id, withdrawn.body.version, anApprovalBody());
      expectProblem(response, 409, 'invalid-transition');
    });

    it('answers 409 duplicate-review to a second review of the same kind by the same reviewer', async () => {
      const { id } = await submitted();
      await review(id, 'financial', people.financialReviewer);
      const response = await http
        .post(`/api/v1/proposals/${id}/reviews`)
        .set('Authorization', await as(people.financialReviewer))
        .send(aReviewBody({ kind: 'financial', comments: 'Second thoughts.' }));
      expectProblem(response, 409, 'duplicate-review');
    });

    it('answers 412 stale-version when If-Match names a version the proposal has moved past', async () => {
      const { id } = await draft(aDraftBody({ fiscalYear: REFUSALS_YEAR }));
      await http
        .patch(`/api/v1/proposals/${id}`)
        .set('Authorization', await as(people.proposer))
        .set('If-Match', '"1"')
        .send({ title: 'Replace the revenues system' })
        .expect(200);
      const response = await http
        .patch(`/api/v1/proposals/${id}`)
        .set('Authorization', await as(people.proposer))
        .set('If-Match', '"1"')
        .send({ title: 'Replace the benefits system' });
      expectProblem(response, 412, 'stale-version');
    });

    it('answers 422 review-kind-missing when approving without the technical review', async () => {
      const { id } = await submitted();
      const version = await review(id, 'financial', people.financialReviewer);
      const response = await decide(id, version, anApprovalBody());
      expectProblem(response, 422, 'review-kind-missing');
    });

    it('answers 422 tier-limit-exceeded when the chief-officer tier (up to 100000.00) decides a larger whole-life cost', async () => {
      // 90000.00 capital + 5000.00 a year for 5 years = 115000.00 whole-life, above the tier.
      const { id, version } = await readyForDecision({
        capitalCost: '90000.00',
        annualRevenueCost: '5000.00',
        appraisalYears: 5,
      });
      const response = await decide(
        id,
        version,
        anApprovalBody({ authority: 'chief-officer', approvedAmount: '90000.00' }),
        people.chiefOfficer,
      );
      expectProblem(response, 422, 'tier-limit-exceeded');
    });

    it('answers 422 envelope-exceeded when the approved amount does not fit the remaining envelope', async () => {
      await setBudget('2028-29', '100000.00');
      const { id, version } = await readyForDecision({
        fiscalYear: '2028-29',
        capitalCost: '150000.00',
      });
      const response = await decide(id, version, anApprovalBody({ approvedAmount: '150000.00' }));
      expectProblem(response, 422, 'envelope-exceeded');
      expect(await readBudget('2028-29')).toMatchObject({
        committedCapital: '0.00',
        remainingCapital: '100000.00',
      });
    });

    it('answers 422 no-envelope when approving in a fiscal year with no budget set', async () => {
      const { id, version } = await readyForDecision({ fiscalYear: '2040-41' });
      const response = await decide(id, version, anApprovalBody());
      expectProblem(response, 422, 'no-envelope');
    });

    it('answers 422 idempotency-key-reused when a key is sent again with another body', async () => {
      const key = `reuse-${kind}`;
      await http
        .post('/api/v1/proposals')
        .set('Authorization', await as(people.proposer))
        .set('Idempotency-Key', key)
        .send(aDraftBody({ fiscalYear: REFUSALS_YEAR }))
        .expect(201);
      const response = await http
        .post('/api/v1/proposals')
        .set('Authorization', await as(people.proposer))
        .set('Idempotency-Key', key)
        .send(aDraftBody({ fiscalYear: REFUSALS_YEAR, title: 'Something else entirely' }));
      expectProblem(response, 422, 'idempotency-key-reused');
    });

    it('answers 428 if-match-required to a decision without If-Match', async () => {
      const { id } = await readyForDecision();
      const response = await decide(id, null, anApprovalBody());
      expectProblem(response, 428, 'if-match-required');
    });
  });

  describe('idempotency', () => {
    it('answers a retried draft with the first answer, marks it replayed and appends nothing', async () => {
      const key = `draft-retry-${kind}`;
      const body = aDraftBody({ fiscalYear: REFUSALS_YEAR, title: 'Idempotent draft' });
      const first = await http
        .post('/api/v1/proposals')
        .set('Authorization', await as(people.proposer))
        .set('Idempotency-Key', key)
        .send(body);
      expect(first.status).toBe(201);
      const before = await headPosition();

      const retry = await http
        .post('/api/v1/proposals')
        .set('Authorization', await as(people.proposer))
        .set('Idempotency-Key', key)
        .send(body);

      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.headers.location).toBe(first.headers.location);
      expect(retry.headers.etag).toBe(first.headers.etag);
      expect(await headPosition()).toBe(before);
    });

    it('drafts once and answers every copy with the first answer when the same keyed request arrives several times at once', async () => {
      const key = `draft-burst-${kind}`;
      const body = aDraftBody({ fiscalYear: REFUSALS_YEAR, title: 'Sent by an impatient client' });
      const bearer = await as(people.proposer);
      const before = await headPosition();

      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          http
            .post('/api/v1/proposals')
            .set('Authorization', bearer)
            .set('Idempotency-Key', key)
            .send(body),
        ),
      );

      expect(await headPosition()).toBe(before + 1);
      expect(answers.map((answer) => ({ status: answer.status, type: answer.body.type }))).toEqual(
        Array.from({ length: 20 }, () => ({ status: 201, type: undefined })),
      );
      expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    });

    it('answers a retried draft with the first answer after the app restarts on the same database', async () => {
      const first = await startTestApp(kind, createApp, ENV);
      let second: TestApp | undefined;
      try {
        const tokens = tokenMinter(first.config);
        const proposer = await tokens.bearer(people.proposer);
        const body = aDraftBody({ fiscalYear: REFUSALS_YEAR, title: 'Drafted before the restart' });
        const original = await request(first.app.getHttpServer())
          .post('/api/v1/proposals')
          .set('Authorization', proposer)
          .set('Idempotency-Key', 'draft-across-restart')
          .send(body);
        expect(original.status).toBe(201);
        await first.app.close();

        second = await startTestAppOn(first.database, createApp, ENV);
        const again = request(second.app.getHttpServer());
        const before = (await again.get('/health').expect(200)).body.headPosition;
        expect(before).toBe(original.body.position);

        const retry = await again
          .post('/api/v1/proposals')
          .set('Authorization', proposer)
          .set('Idempotency-Key', 'draft-across-restart')
          .send(body);

        expect(retry.status).toBe(201);
        expect(retry.body).toEqual(original.body);
        expect(retry.headers['idempotent-replayed']).toBe('true');
        expect((await again.get('/health').expect(200)).body.headPosition).toBe(before);
      } finally {
        if (second) await second.close();
        else await first.close();
      }
    });
  });

  describe('input validation', () => {
    it('answers malformed JSON with a 400 problem', async () => {
      const before = await headPosition();
      const response = await http
        .post('/api/v1/proposals')
        .set('Authorization', await as(people.proposer))
        .set('Content-Type', 'application/json')
        .send('{"title": "Unfinished",');
      expectProblem(response, 400, 'bad-request');
      expect(await headPosition()).toBe(before);
    });

    it('answers an unknown body property with a 400 naming it', async () => {
      const response = await http
        .post('/api/v1/proposals')
        .set('Authorization', await as(people.proposer))
        .send(aDraftBody({ colour: 'blue' }));
      expectProblem(response, 400, 'validation-failed');
      expect(problemFields(response)).toContain('colour');
    });

    it('answers an unknown nested property with a 400 naming its path', async () => {
      const { id } = await submitted();
      const response = await http
        .post(`/api/v1/proposals/${id}/reviews`)
        .set('Authorization', await as(people.financialReviewer))
        .send(aReviewBody({ scores: { ...(aReviewBody().scores as object), vibes: 5 } }));
      expectProblem(response, 400, 'validation-failed');
      expect(problemFields(response)).toContain('scores.vibes');
    });

    it.each([
      ['"1.234"', '1.234'],
      ['"1e5"', '1e5'],
      ['12.5 as a number', 12.5],
    ])('answers money written as %s with a 400 naming the field', async (_label, capitalCost) => {
      const response = await http
        .post('/api/v1/proposals')
        .set('Authorization', await as(people.proposer))
        .send(aDraftBody({ capitalCost }));
      expectProblem(response, 400, 'validation-failed');
      expect(problemFields(response)).toEqual(['capitalCost']);
    });

    it('answers a proposal id that is not a UUID with 400', async () => {
      const read = await http
        .get('/api/v1/proposals/not-a-uuid')
        .set('Authorization', await as(people.auditor));
      expectProblem(read, 400, 'bad-request');
      const write = await http
        .post('/api/v1/proposals/not-a-uuid/submit')
        .set('Authorization', await as(people.proposer));
      expectProblem(write, 400, 'bad-request');
    });

    it('answers an unknown proposal UUID with 404', async () => {
      const unknown = '0192f1e4-8c1a-4e3b-9b6e-2f9c1d7a4b10';
      const read = await http
        .get(`/api/v1/proposals/${unknown}`)
        .set('Authorization', await as(people.auditor));
      expectProblem(read, 404, 'proposal-not-found');
      const write = await http
        .post(`/api/v1/proposals/${unknown}/submit`)
        .set('Authorization', await as(people.proposer));
      expectProblem(write, 404, 'proposal-not-found');
    });
  });

  describe('concurrency', () => {
    it('lets exactly one of 20 board members decide a version; the others get 409 or 412', async () => {
      await setBudget('2029-30', '5000000.00');
      const { id, version } = await readyForDecision({ fiscalYear: '2029-30' });
      const members = Array.from({ length: 20 }, (_, index) => aBoardMember(index));
      const bearersOfMembers = await Promise.all(members.map((member) => minter.bearer(member)));

      const answers = await Promise.all(
        bearersOfMembers.map((bearer) =>
          http
            .post(`/api/v1/proposals/${id}/decision`)
            .set('Authorization', bearer)
            .set('If-Match', `"${version}"`)
            .send(anApprovalBody()),
        ),
      );

      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(
        statuses.filter((status) => status !== 200 && status !== 409 && status !== 412),
      ).toEqual([]);
      const proposal = (await readProposal(id)).body;
      expect(proposal.status).toBe('approved');
      expect(proposal.decisions).toHaveLength(1);
      const budget = await readBudget('2029-30');
      expect(
        budget.commitments.filter((c: { proposalId: string }) => c.proposalId === id),
      ).toHaveLength(1);
    });

    it('lets exactly one of 20 simultaneous decisions by the same board member land', async () => {
      const { id, version } = await readyForDecision();
      const bearer = await as(people.board);

      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          http
            .post(`/api/v1/proposals/${id}/decision`)
            .set('Authorization', bearer)
            .set('If-Match', `"${version}"`)
            .send({
              outcome: 'rejected',
              authority: 'investment-board',
              reason: `Not now (${index}).`,
            }),
        ),
      );

      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(
        statuses.filter((status) => status !== 200 && status !== 409 && status !== 412),
      ).toEqual([]);
      const proposal = (await readProposal(id)).body;
      expect(proposal.status).toBe('rejected');
      expect(proposal.decisions).toHaveLength(1);
    });

    it.each(['2031-32', '2032-33', '2033-34'])(
      'approves only one of two proposals racing for the last of the %s envelope; the other gets 422 envelope-exceeded',
      async (fiscalYear) => {
        await setBudget(fiscalYear, '300000.00');
        const first = await readyForDecision({ fiscalYear, capitalCost: '200000.00' });
        const second = await readyForDecision({ fiscalYear, capitalCost: '200000.00' });
        const otherBoardMember = aBoardMember(99);

        const answers = await Promise.all([
          decide(
            first.id,
            first.version,
            anApprovalBody({ approvedAmount: '200000.00' }),
            people.board,
          ),
          decide(
            second.id,
            second.version,
            anApprovalBody({ approvedAmount: '200000.00' }),
            otherBoardMember,
          ),
        ]);

        const statuses = answers.map((answer) => answer.status).sort();
        expect(statuses).toEqual([200, 422]);
        expectProblem(
          answers.find((answer) => answer.status === 422)!,
          422,
          'envelope-exceeded',
        );
        const budget = await readBudget(fiscalYear);
        expect(budget).toMatchObject({
          capitalEnvelope: '300000.00',
          committedCapital: '200000.00',
          remainingCapital: '100000.00',
        });
        expect(budget.commitments).toHaveLength(1);
      },
    );
  });

  describe('bad input', () => {
    it('answers every bad request with a 4xx and appends nothing', async () => {
      const { id: draftId } = await draft(aDraftBody({ fiscalYear: REFUSALS_YEAR }));
      const { id: readyId, version: readyVersion } = await readyForDecision();
      const { id: submittedId } = await submitted();
      const proposer = await as(people.proposer);
      const reviewer = await as(people.technicalReviewer);
      const board = await as(people.board);
      const finance = await as(people.finance);
      const admin = await as(people.admin);
      const longText = (length: number) => 'x'.repeat(length);
      const post = (path: string, bearer: string) =>
        http.post(`/api/v1${path}`).set('Authorization', bearer);
      const decision = (body: Record<string, unknown>, ifMatch = `"${readyVersion}"`) =>
        post(`/proposals/${readyId}/decision`, board)
          .set('If-Match', ifMatch)
          .send(anApprovalBody(body));
      const patch = (body: unknown, ifMatch = '"1"') =>
        http
          .patch(`/api/v1/proposals/${draftId}`)
          .set('Authorization', proposer)
          .set('If-Match', ifMatch)
          .send(body as object);
      const reviewWith = (overrides: Record<string, unknown>) =>
        post(`/proposals/${submittedId}/reviews`, reviewer).send(aReviewBody(overrides));
      const { title: _omitted, ...withoutTitle } = aDraftBody();

      const badRequests: [string, () => request.Test][] = [
        ['draft without a title', () => post('/proposals', proposer).send(withoutTitle)],
        [
          'draft with a numeric title',
          () => post('/proposals', proposer).send(aDraftBody({ title: 42 })),
        ],
        [
          'draft with a 201-character title',
          () => post('/proposals', proposer).send(aDraftBody({ title: longText(201) })),
        ],
        [
          'draft with a 5001-character summary',
          () => post('/proposals', proposer).send(aDraftBody({ summary: longText(5001) })),
        ],
        [
          'draft with negative money',
          () => post('/proposals', proposer).send(aDraftBody({ capitalCost: '-1.00' })),
        ],
        [
          'draft with money above the maximum',
          () => post('/proposals', proposer).send(aDraftBody({ capitalCost: '1000000000000.00' })),
        ],
        [
          'draft with fiscal year 2026-28',
          () => post('/proposals', proposer).send(aDraftBody({ fiscalYear: '2026-28' })),
        ],
        [
          'draft with 0 appraisal years',
          () => post('/proposals', proposer).send(aDraftBody({ appraisalYears: 0 })),
        ],
        [
          'draft with 16 appraisal years',
          () => post('/proposals', proposer).send(aDraftBody({ appraisalYears: 16 })),
        ],
        [
          'draft with 2.5 appraisal years',
          () => post('/proposals', proposer).send(aDraftBody({ appraisalYears: 2.5 })),
        ],
        [
          'draft with statutory "yes"',
          () => post('/proposals', proposer).send(aDraftBody({ statutory: 'yes' })),
        ],
        [
          'draft with an unknown category',
          () => post('/proposals', proposer).send(aDraftBody({ category: 'spaceships' })),
        ],
        [
          'draft with objectives as a string',
          () => post('/proposals', proposer).send(aDraftBody({ strategicObjectives: 'Digital' })),
        ],
        [
          'draft with 21 objectives',
          () =>
            post('/proposals', proposer).send(
              aDraftBody({ strategicObjectives: Array(21).fill('Aim') }),
            ),
        ],
        [
          'draft with a JSON array body',
          () => post('/proposals', proposer).set('Content-Type', 'application/json').send('[]'),
        ],
        [
          'draft with a JSON null body',
          () => post('/proposals', proposer).set('Content-Type', 'application/json').send('null'),
        ],
        [
          'draft with a text/plain body',
          () => post('/proposals', proposer).set('Content-Type', 'text/plain').send('title=x'),
        ],
        [
          'draft larger than the body limit',
          () => post('/proposals', proposer).send(aDraftBody({ risks: longText(1_100_000) })),
        ],
        [
          'draft with an Idempotency-Key containing spaces',
          () => post('/proposals', proposer).set('Idempotency-Key', 'two words').send(aDraftBody()),
        ],
        ['amend with If-Match "abc"', () => patch({ title: 'New title' }, '"abc"')],
        ['amend with money "1e5"', () => patch({ capitalCost: '1e5' })],
        ['amend with an unknown property', () => patch({ owner: 'someone-else' })],
        ['amend with no changes', () => patch({})],
        ['review of an unknown kind', () => reviewWith({ kind: 'vibes' })],
        ['review without a kind', () => reviewWith({ kind: undefined })],
        [
          'review with a score of 6',
          () => reviewWith({ scores: { ...(aReviewBody().scores as object), strategicFit: 6 } }),
        ],
        [
          'review with a fractional score',
          () =>
            reviewWith({ scores: { ...(aReviewBody().scores as object), deliverability: 2.5 } }),
        ],
        ['review without scores', () => reviewWith({ scores: undefined })],
        ['review with an unknown recommendation', () => reviewWith({ recommendation: 'meh' })],
        ['review with 5001-character comments', () => reviewWith({ comments: longText(5001) })],
        ['decision with outcome "maybe"', () => decision({ outcome: 'maybe' })],
        ['decision with a negative approved amount', () => decision({ approvedAmount: '-5.00' })],
        [
          'decision with an approved amount above the capital cost',
          () => decision({ approvedAmount: '250000.01' }),
        ],
        [
          'deferral until "tomorrow"',
          () =>
            decision({
              outcome: 'deferred',
              approvedAmount: undefined,
              conditions: undefined,
              deferredUntil: 'tomorrow',
            }),
        ],
        ['decision with If-Match W/"x"', () => decision({}, 'W/"x"')],
        ['decision with a 2001-character reason', () => decision({ reason: longText(2001) })],
        [
          'conflict with an empty statement',
          () => post(`/proposals/${submittedId}/conflicts`, reviewer).send({ statement: '' }),
        ],
        [
          'withdrawal without a reason',
          () => post(`/proposals/${draftId}/withdraw`, proposer).send({}),
        ],
        [
          'budget for fiscal year 2026-28',
          () =>
            http.put('/api/v1/budgets/2026-28').set('Authorization', finance).send(aBudgetBody()),
        ],
        [
          'budget with a float envelope',
          () =>
            http
              .put('/api/v1/budgets/2036-37')
              .set('Authorization', finance)
              .send(aBudgetBody({ capitalEnvelope: 1000.5 })),
        ],
        [
          'policy with no delegation tiers',
          () =>
            http
              .put('/api/v1/policy')
              .set('Authorization', admin)
              .send({
                delegation: [],
                requiredReviewKinds: ['financial'],
                criteriaWeights: {
                  strategicFit: 1,
                  valueForMoney: 1,
                  deliverability: 1,
                  riskReduction: 1,
                  serviceImpact: 1,
                },
              }),
        ],
        [
          'policy with a discount rate of 1.5',
          () =>
            http
              .put('/api/v1/policy')
              .set('Authorization', admin)
              .send({
                delegation: [{ authority: 'cabinet', upTo: null }],
                requiredReviewKinds: ['financial'],
                criteriaWeights: {
                  strategicFit: 1,
                  valueForMoney: 1,
                  deliverability: 1,
                  riskReduction: 1,
                  serviceImpact: 1,
                },
                discountRate: '1.5',
              }),
        ],
      ];

      const before = await headPosition();
      const outcomes: { name: string; status: number; type: unknown }[] = [];
      for (const [name, send] of badRequests) {
        const response = await send();
        outcomes.push({ name, status: response.status, type: response.body?.type });
      }

      const notClientErrors = outcomes.filter(({ status }) => status < 400 || status >= 500);
      expect(notClientErrors).toEqual([]);
      expect(await headPosition()).toBe(before);
    });
  });

  describe('OpenAPI document', () => {
    const writeRoutes: [string, string][] = [
      ['post', '/api/v1/proposals'],
      ['patch', '/api/v1/proposals/{id}'],
      ['post', '/api/v1/proposals/{id}/submit'],
      ['post', '/api/v1/proposals/{id}/reviews'],
      ['post', '/api/v1/proposals/{id}/conflicts'],
      ['post', '/api/v1/proposals/{id}/return'],
      ['post', '/api/v1/proposals/{id}/withdraw'],
      ['post', '/api/v1/proposals/{id}/decision'],
      ['post', '/api/v1/proposals/{id}/benefits'],
      ['put', '/api/v1/budgets/{fiscalYear}'],
      ['put', '/api/v1/policy'],
    ];

    it('documents every write route of the contract, with bearer auth', async () => {
      const document = (await http.get('/docs-json').expect(200)).body;
      const missing = writeRoutes.filter(([method, path]) => !document.paths?.[path]?.[method]);
      expect(missing).toEqual([]);
      expect(document.components.securitySchemes.bearer).toMatchObject({
        type: 'http',
        scheme: 'bearer',
      });
      const unsecured = writeRoutes.filter(
        ([method, path]) =>
          !(document.paths[path][method].security ?? []).some(
            (s: Record<string, unknown>) => 'bearer' in s,
          ),
      );
      expect(unsecured).toEqual([]);
    });

    it('lists problem+json answers for 400, 401, 403 and 422 on the decision route', async () => {
      const document = (await http.get('/docs-json').expect(200)).body;
      const responses = document.paths['/api/v1/proposals/{id}/decision'].post.responses;
      for (const status of ['400', '401', '403', '422']) {
        expect({ status, content: Object.keys(responses[status]?.content ?? {}) }).toEqual({
          status,
          content: expect.arrayContaining(['application/problem+json']),
        });
      }
    });
  });
});
