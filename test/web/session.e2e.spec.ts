import request from 'supertest';
import { AccessTokens, ConfigError, loadConfig } from '@ledger/platform';
import { startTestApp, type TestApp } from '@ledger/testing';
import { createApp } from '../../apps/api/src/create-app';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';

describe('signing in to the web app', () => {
  describe('outside production, with the shared secret (embedded mode)', () => {
    let ledger: TestApp;
    beforeAll(async () => {
      ledger = await startTestApp('sqlite', createApp, { LEDGER_JWT_SECRET: SECRET });
    });
    afterAll(() => ledger.close());

    it('offers the demo people, one per duty, with what each can do', async () => {
      const response = await request(ledger.app.getHttpServer()).get('/api/v1/session').expect(200);
      expect(response.body.mode).toBe('demo');
      const roles = new Set(
        response.body.demoPeople.flatMap((person: { roles: string[] }) => person.roles),
      );
      expect([...roles].sort()).toEqual([
        'admin',
        'auditor',
        'board',
        'finance',
        'proposer',
        'reviewer',
      ]);
      const tiers = new Set(
        response.body.demoPeople.flatMap((person: { authorities: string[] }) => person.authorities),
      );
      expect([...tiers].sort()).toEqual(['cabinet', 'chief-officer', 'investment-board']);
      for (const person of response.body.demoPeople)
        expect(person.description.length).toBeGreaterThan(20);
    });

    it('mints a short-lived token for a demo person that the API accepts as that person', async () => {
      const server = ledger.app.getHttpServer();
      const signedIn = await request(server)
        .post('/api/v1/session/demo')
        .send({ personId: 'mark.bennett' })
        .expect(201);
      const lifetime = Date.parse(signedIn.body.expiresAt) - Date.now();
      expect(lifetime).toBeGreaterThan(50 * 60_000);
      expect(lifetime).toBeLessThanOrEqual(60 * 60_000);
      const actor = await new AccessTokens(ledger.config).verify(signedIn.body.accessToken);
      expect(actor).toMatchObject({
        id: 'mark.bennett',
        roles: ['board'],
        authorities: ['investment-board'],
      });
      await request(server)
        .get('/api/v1/audit/digest')
        .set('Authorization', `Bearer ${signedIn.body.accessToken}`)
        .expect(200);
    });

    it('refuses an unknown person with problem+json and mints nothing', async () => {
      const response = await request(ledger.app.getHttpServer())
        .post('/api/v1/session/demo')
        .send({ personId: 'someone-else' })
        .expect(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.accessToken).toBeUndefined();
      await request(ledger.app.getHttpServer())
        .post('/api/v1/session/demo')
        .send({ personId: 'alex.morris', roles: ['admin', 'board'] })
        .expect(400);
    });
  });

  describe('in production', () => {
    let ledger: TestApp;
    beforeAll(async () => {
      ledger = await startTestApp('sqlite', createApp, {
        NODE_ENV: 'production',
        LEDGER_JWT_SECRET: SECRET,
      });
    });
    afterAll(() => ledger.close());

    it('has no demo sign-in route at all', async () => {
      const server = ledger.app.getHttpServer();
      for (const personId of ['alex.morris', 'mark.bennett']) {
        const response = await request(server)
          .post('/api/v1/session/demo')
          .send({ personId })
          .expect(404);
        expect(response.body.accessToken).toBeUndefined();
      }
      expect(
        (await request(server).get('/docs-json').expect(200)).body.paths['/api/v1/session/demo'],
      ).toBeUndefined();
    });

    it('says sign-in is unavailable until an organisation issuer is configured', async () => {
      const response = await request(ledger.app.getHttpServer()).get('/api/v1/session').expect(200);
      expect(response.body).toEqual({
        mode: 'unavailable',
        reason: expect.stringMatching(/LEDGER_OIDC_CLIENT_ID/),
      });
    });
  });

  describe('with an organisation issuer', () => {
    let ledger: TestApp;
    beforeAll(async () => {
      ledger = await startTestApp('sqlite', createApp, {
        LEDGER_JWT_JWKS_URL: 'https://login.example.org/keys',
        LEDGER_JWT_ISSUER: 'https://login.example.org/tenant/v2.0',
        LEDGER_OIDC_CLIENT_ID: 'ledger-web',
      });
    });
    afterAll(() => ledger.close());

    it('tells the app its client and issuer, and has no demo sign-in', async () => {
      const server = ledger.app.getHttpServer();
      expect((await request(server).get('/api/v1/session').expect(200)).body).toEqual({
        mode: 'oidc',
        issuer: 'https://login.example.org/tenant/v2.0',
        clientId: 'ledger-web',
        scopes: 'openid profile',
      });
      await request(server)
        .post('/api/v1/session/demo')
        .send({ personId: 'alex.morris' })
        .expect(404);
    });

    it("lets the app's page call the issuer and nothing else", async () => {
      const page = await request(ledger.app.getHttpServer())
        .get('/')
        .set('Accept', 'text/html')
        .expect(200);
      expect(page.headers['content-security-policy']).toContain(
        "connect-src 'self' https://login.example.org",
      );
    });
  });

  it('validates the OIDC client settings at start, naming the variable', () => {
    expect(() => loadConfig({ LEDGER_OIDC_CLIENT_ID: 'ledger-web' })).toThrow(
      /^Invalid configuration: LEDGER_OIDC_CLIENT_ID .*LEDGER_JWT_JWKS_URL/,
    );
    expect(() =>
      loadConfig({
        LEDGER_JWT_JWKS_URL: 'https://login.example.org/keys',
        LEDGER_JWT_ISSUER: 'https://login.example.org/',
        LEDGER_OIDC_CLIENT_ID: 'ledger web',
      }),
    ).toThrow(ConfigError);
    expect(() => loadConfig({ LEDGER_OIDC_SCOPES: 'profile email' })).toThrow(
      /^Invalid configuration: LEDGER_OIDC_SCOPES /,
    );
    expect(loadConfig({}).oidc).toEqual({ clientId: null, scopes: 'openid profile' });
  });
});

describe('serving the web app', () => {
  let ledger: TestApp;
  beforeAll(async () => {
    ledger = await startTestApp('sqlite', createApp, { LEDGER_JWT_SECRET: SECRET });
  });
  afterAll(() => ledger.close());

  it("answers the app's own addresses with its page, under a policy allowing only its own scripts and styles", async () => {
    const server = ledger.app.getHttpServer();
    for (const path of [
      '/',
      '/board-pack',
      '/proposals/0192f1e4-8c1a-4e3b-9b6e-2f9c1d7a4b10?asOf=2026-12-01',
    ]) {
      const page = await request(server)
        .get(path)
        .set('Accept', 'text/html,application/xhtml+xml')
        .expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['cache-control']).toBe('no-cache');
      const policy = page.headers['content-security-policy'];
      expect(policy).toContain("script-src 'self';");
      expect(policy).toContain("style-src 'self'");
      expect(policy).not.toContain('unsafe-inline');
    }
  });

  it('leaves the API, its documents and the probes as they were', async () => {
    const server = ledger.app.getHttpServer();
    const missing = await request(server)
      .get('/api/v1/no-such-thing')
      .set('Accept', 'text/html')
      .expect(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    await request(server).get('/health').expect(200);
    await request(server).get('/docs-json').expect(200);
    expect((await request(server).get('/metrics').expect(200)).text).toContain('ledger_');
    await request(server).get('/api/v1/proposals').set('Accept', 'text/html').expect(401);
  });

  it('does not answer a script or image request with the page', async () => {
    await request(ledger.app.getHttpServer()).get('/missing.js').set('Accept', '*/*').expect(404);
  });

  it('answers the root with the page whatever the client accepts, as curl localhost:3000/ asks', async () => {
    const page = await request(ledger.app.getHttpServer())
      .get('/')
      .set('Accept', '*/*')
      .expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
  });
});
