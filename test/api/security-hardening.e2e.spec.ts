import { Logger } from '@nestjs/common';
import { SignJWT } from 'jose';
import { Projector } from '@ledger/read-models';
import {
  aDraftBody,
  aReviewBody,
  databaseKindsUnderTest,
  expectProblem,
  ledgerOverHttp,
  people,
  tokenMinter,
  type Person,
} from '@ledger/testing';
import { createApp } from '../../apps/api/src/create-app';

const SECRET = 'security-hardening-suite-secret-0123456789-abcdefghijkl';
const ENV = { LEDGER_RATE_LIMIT: '1000000', LEDGER_JWT_SECRET: SECRET };
const CHALLENGE = /^Bearer realm="ledger", error="invalid_token", error_description="[^"\\]+"$/;

/** Issue 21, "Hardening": what a hostile or careless client meets beyond the four defects. */
describe.each(databaseKindsUnderTest)('security hardening on %s', (kind) => {
  const ledger = ledgerOverHttp(kind, createApp, { env: ENV, tokenLifetime: '1h' });
  const { bearer } = ledger;

  async function headPosition(): Promise<number> {
    const response = await ledger.http.get('/health');
    expect(response.status).toBe(200);
    return response.body.headPosition ?? 0;
  }

  async function signed(claims: Record<string, unknown>, issuedAt?: number): Promise<string> {
    const jwt = new SignJWT({ roles: ['admin'], ...claims })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setExpirationTime('1h');
    if (issuedAt !== undefined) jwt.setIssuedAt(issuedAt);
    return `Bearer ${await jwt.sign(new TextEncoder().encode(SECRET))}`;
  }

  async function drafted(): Promise<{ id: string; position: number }> {
    const response = await ledger.http
      .post('/api/v1/proposals')
      .set('Authorization', await bearer(people.proposer))
      .send(aDraftBody());
    expect(response.status).toBe(201);
    return response.body;
  }

  describe('token claims', () => {
    it('accepts a well-formed token, so each refusal below is down to the one claim it breaks', async () => {
      const response = await ledger.http
        .get('/api/v1/policy')
        .set('Authorization', await signed({ sub: 'ada-1', name: 'Ada Lovelace' }));
      expect(response.status).toBe(200);
    });

    it.each([
      ['a name of 201 characters', { sub: 'ada-1', name: 'A'.repeat(201) }],
      ['a name with a line break', { sub: 'ada-1', name: 'Ada\nAdmin' }],
      ['a name with an escape sequence', { sub: 'ada-1', name: 'Ada\u001b[8m' }],
      ['a name with a right-to-left override', { sub: 'ada-1', name: 'Ada \u202Ecilbup' }],
      ['a sub of 256 characters', { sub: 's'.repeat(256) }],
      ['a sub with a control character', { sub: 'ada\u0007' }],
    ])(
      'refuses %s with 401 and an invalid_token challenge, on reads and writes',
      async (_label, claims) => {
        const authorization = await signed(claims);
        const before = await headPosition();
        const read = await ledger.http.get('/api/v1/proposals').set('Authorization', authorization);
        const write = await ledger.http
          .post('/api/v1/proposals')
          .set('Authorization', authorization)
          .send(aDraftBody());
        for (const response of [read, write]) {
          expectProblem(response, 401, 'invalid-token');
          expect(response.headers['www-authenticate']).toMatch(CHALLENGE);
        }
        expect(await headPosition()).toBe(before);
      },
    );

    it('refuses a token issued in the future beyond the clock skew', async () => {
      const inAMinute = Math.floor(Date.now() / 1000) + 60;
      const response = await ledger.http
        .get('/api/v1/proposals')
        .set('Authorization', await signed({ sub: 'ada-1' }, inAMinute));
      expectProblem(response, 401, 'invalid-token');
      expect(response.headers['www-authenticate']).toBe(
        'Bearer realm="ledger", error="invalid_token", error_description="The token was issued in the future (iat)"',
      );
    });
  });

  describe('WWW-Authenticate (RFC 6750)', () => {
    it('gives only the realm when no bearer token is sent at all, or another scheme', async () => {
      for (const authorization of [undefined, 'Basic YWxhZGRpbjpvcGVuc2VzYW1l']) {
        const call = ledger.http.get('/api/v1/proposals');
        const response = await (authorization ? call.set('Authorization', authorization) : call);
        expectProblem(response, 401, 'invalid-token');
        expect(response.headers['www-authenticate']).toBe('Bearer realm="ledger"');
      }
    });

    it('names the error of a malformed, forged or expired token without echoing it', async () => {
      const forged = `${(await bearer(people.admin)).slice(0, -4)}AAAA`;
      for (const authorization of [
        'Bearer not a token',
        forged,
        await tokenMinter(ledger.testApp.config).bearer(people.admin, '-5m'),
        await signed({ sub: 'ada-1', roles: ['admin', 'x", error="none'] }),
      ]) {
        const response = await ledger.http
          .get('/api/v1/proposals')
          .set('Authorization', authorization);
        expectProblem(response, 401, 'invalid-token');
        expect(response.headers['www-authenticate']).toMatch(CHALLENGE);
        expect(response.headers['www-authenticate']).not.toContain('none');
      }
    });

    it('names insufficient_scope on a 403 for a role the token lacks, but not on a duty rule', async () => {
      const byRole = await ledger.http
        .put('/api/v1/policy')
        .set('Authorization', await bearer(people.proposer))
        .send({});
      expectProblem(byRole, 403, 'role-required');
      expect(byRole.headers['www-authenticate']).toMatch(
        /^Bearer realm="ledger", error="insufficient_scope", error_description="[^"\\]+"$/,
      );

      const ownProposal = await ledger.http
        .post('/api/v1/proposals')
        .set('Authorization', await bearer(people.proposingReviewer))
        .send(aDraftBody());
      expect(ownProposal.status).toBe(201);
      await ledger.http
        .post(`/api/v1/proposals/${ownProposal.body.id}/submit`)
        .set('Authorization', await bearer(people.proposingReviewer))
        .expect(200);
      const selfReview = await ledger.http
        .post(`/api/v1/proposals/${ownProposal.body.id}/reviews`)
        .set('Authorization', await bearer(people.proposingReviewer))
        .send(aReviewBody());
      expectProblem(selfReview, 403);
      expect(selfReview.headers['www-authenticate']).toBeUndefined();
    });
  });

  describe('free text', () => {
    it.each([
      ['title', { title: 'Approve \u202Eevil\u202C now' }],
      ['summary', { summary: 'Fine\u0007' }],
      ['department', { department: 'Digital\rServices' }],
      ['risks', { risks: 'Lock-in \ud800' }],
      ['strategicObjectives.1', { strategicObjectives: ['Net zero', 'Cloud\u2066 first'] }],
    ])(
      'a draft with unsafe text in %s is 400 naming the field, appending nothing',
      async (field, override) => {
        const before = await headPosition();
        const response = await ledger.http
          .post('/api/v1/proposals')
          .set('Authorization', await bearer(people.proposer))
          .send(aDraftBody(override));
        expectProblem(response, 400);
        expect(response.body.errors).toEqual([
          { field, message: expect.stringMatching(/^must not contain /) },
        ]);
        expect(response.body.detail).toContain(field);
        expect(await headPosition()).toBe(before);
      },
    );

    it('keeps text typed in a browser: CR LF line breaks, tabs, any script and emoji', async () => {
      const summary = 'Why:\r\n\t– the switches fail monthly\r\nمرحبا 東京 😀';
      const created = await ledger.http
        .post('/api/v1/proposals')
        .set('Authorization', await bearer(people.proposer))
        .send(aDraftBody({ summary }));
      expect(created.status).toBe(201);
      const read = await ledger.http
        .get(`/api/v1/proposals/${created.body.id}`)
        .set('Authorization', await bearer(people.proposer))
        .set('X-Min-Position', String(created.body.position));
      expect(read.status).toBe(200);
      expect(read.body.summary).toBe(summary);
    });

    it('refuses unsafe text in the reason, statement and comments of other commands', async () => {
      const { id } = await drafted();
      const cases: [string, string, Person, Record<string, unknown>, string][] = [
        [
          'post',
          `/api/v1/proposals/${id}/conflicts`,
          people.board,
          { statement: 'My\u202Ebrother' },
          'statement',
        ],
        ['patch', `/api/v1/proposals/${id}`, people.proposer, { title: 'New\u0000title' }, 'title'],
        [
          'post',
          `/api/v1/proposals/${id}/withdraw`,
          people.proposer,
          { reason: 'Gone\u0085' },
          'reason',
        ],
      ];
      for (const [method, path, person, body, field] of cases) {
        const before = await headPosition();
        const response = await ledger.http[method as 'post'](path)
          .set('Authorization', await bearer(person))
          .send(body);
        expectProblem(response, 400);
        expect(response.body.errors?.[0]?.field).toBe(field);
        expect(await headPosition()).toBe(before);
      }
      await ledger.http
        .post(`/api/v1/proposals/${id}/submit`)
        .set('Authorization', await bearer(people.proposer))
        .expect(200);
      const review = await ledger.http
        .post(`/api/v1/proposals/${id}/reviews`)
        .set('Authorization', await bearer(people.financialReviewer))
        .send(aReviewBody({ comments: 'Good\u001b[2J' }));
      expectProblem(review, 400);
      expect(review.body.errors?.[0]?.field).toBe('comments');
    });
  });

  describe('Cache-Control', () => {
    it('is no-store on every API answer: successes, refusals and unknown paths', async () => {
      const authorization = await bearer(people.auditor);
      const answers = [
        await ledger.http.get('/api/v1/proposals').set('Authorization', authorization),
        await ledger.http.get('/api/v1/policy').set('Authorization', authorization),
        await ledger.http.get('/api/v1/audit/digest').set('Authorization', authorization),
        await ledger.http.get('/api/v1/proposals'),
        await ledger.http.put('/api/v1/policy').set('Authorization', authorization).send({}),
        await ledger.http.get('/api/v1/no-such-thing').set('Authorization', authorization),
      ];
      expect(answers.map((response) => response.status)).toEqual([200, 200, 200, 401, 403, 404]);
      for (const response of answers) expect(response.headers['cache-control']).toBe('no-store');
    });

    it('leaves probes, the OpenAPI document and the web app to their own caching', async () => {
      for (const path of ['/health', '/metrics', '/docs-json']) {
        const response = await ledger.http.get(path);
        expect(response.status).toBe(200);
        expect(response.headers['cache-control']).not.toBe('no-store');
      }
      const page = await ledger.http.get('/').set('Accept', 'text/html');
      expect(page.status).toBe(200);
      expect(page.headers['cache-control']).toBe('no-cache');
    });
  });

  describe('X-Min-Position beyond the head of the log', () => {
    it('is 400 at once, naming the head, and a position at the head is served', async () => {
      const { position } = await drafted();
      const head = await headPosition();
      expect(head).toBeGreaterThanOrEqual(position);
      const authorization = await bearer(people.auditor);
      const ahead = await ledger.http
        .get('/api/v1/proposals')
        .set('Authorization', authorization)
        .set('X-Min-Position', String(head + 1));
      expectProblem(ahead, 400, 'min-position-beyond-head');
      expect(ahead.body.headPosition).toBe(head);
      expect(ahead.body.detail).toContain(`position ${head}`);
      expect(ahead.body.errors).toEqual([{ field: 'X-Min-Position', message: expect.any(String) }]);
      expect(ahead.headers['retry-after']).toBeUndefined();

      const far = await ledger.http
        .get('/api/v1/proposals')
        .set('Authorization', authorization)
        .set('X-Min-Position', '999999999999999');
      expectProblem(far, 400, 'min-position-beyond-head');

      const atHead = await ledger.http
        .get('/api/v1/proposals')
        .set('Authorization', authorization)
        .set('X-Min-Position', String(head));
      expect(atHead.status).toBe(200);
    });
  });

  describe('log levels', () => {
    let errors: jest.SpyInstance;

    beforeEach(() => {
      errors = jest.spyOn(Logger.prototype, 'error');
    });

    afterEach(() => {
      errors.mockRestore();
    });

    it('warns, rather than logging an error, when the read models are behind a position the log holds', async () => {
      const warnings = jest.spyOn(Logger.prototype, 'warn');
      const projector = ledger.testApp.app.get(Projector, { strict: false });
      await projector.stop();
      try {
        const { position } = await drafted();
        const behind = await ledger.http
          .get('/api/v1/proposals')
          .set('Authorization', await bearer(people.auditor))
          .set('X-Min-Position', String(position));
        expectProblem(behind, 503, 'projection-behind');
        expect(behind.headers['retry-after']).toMatch(/^\d+$/);
        expect(errors).not.toHaveBeenCalled();
        expect(warnings).toHaveBeenCalledWith(
          expect.objectContaining({ type: expect.stringMatching(/projection-behind$/) }),
          'request refused',
        );
      } finally {
        warnings.mockRestore();
        projector.start();
      }
    }, 30_000);

    it("logs none of a client's mistakes at error level", async () => {
      const authorization = await bearer(people.auditor);
      const { id } = await drafted();
      const answers = [
        await ledger.http
          .get('/api/v1/proposals')
          .set('X-Min-Position', '999999999999999')
          .set('Authorization', authorization),
        await ledger.http
          .get('/api/v1/proposals')
          .set('X-Min-Position', 'soon')
          .set('Authorization', authorization),
        await ledger.http.get('/api/v1/proposals'),
        await ledger.http.get('/api/v1/proposals').set('Authorization', 'Bearer a.b.c'),
        await ledger.http.put('/api/v1/policy').set('Authorization', authorization).send({}),
        await ledger.http
          .get('/api/v1/proposals/00000000-0000-4000-8000-000000000000')
          .set('Authorization', authorization),
        await ledger.http
          .post('/api/v1/proposals')
          .set('Authorization', await bearer(people.proposer))
          .send(aDraftBody({ title: 'x\u0007' })),
        await ledger.http
          .post('/api/v1/proposals')
          .set('Authorization', await bearer(people.proposer))
          .set('Content-Type', 'application/json')
          .send('{"title":'),
        await ledger.http
          .post(`/api/v1/proposals/${id}/withdraw`)
          .set('Authorization', await bearer(people.otherProposer))
          .send({ reason: 'Not mine' }),
      ];
      expect(answers.map((response) => response.status)).toEqual([
        400, 400, 401, 401, 403, 404, 400, 400, 403,
      ]);
      expect(errors).not.toHaveBeenCalled();
    });
  });

  describe('the OpenAPI document', () => {
    it('documents WWW-Authenticate on every 401, and the X-Min-Position refusal', async () => {
      const document = (await ledger.http.get('/docs-json').expect(200)).body as {
        paths: Record<
          string,
          Record<
            string,
            {
              responses: Record<string, { headers?: object }>;
              parameters?: { name: string; description?: string }[];
            }
          >
        >;
      };
      const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({
          name: `${method} ${path}`,
          operation,
        })),
      );
      const with401 = operations.filter(({ operation }) => operation.responses['401']);
      expect(with401.length).toBeGreaterThan(10);
      expect(
        with401
          .filter(
            ({ operation }) => !('WWW-Authenticate' in (operation.responses['401'].headers ?? {})),
          )
          .map(({ name }) => name),
      ).toEqual([]);
      const minPosition = operations
        .flatMap(({ operation }) => operation.parameters ?? [])
        .find((parameter) => parameter.name === 'X-Min-Position');
      expect(minPosition?.description).toContain('min-position-beyond-head');
    });
  });
});
