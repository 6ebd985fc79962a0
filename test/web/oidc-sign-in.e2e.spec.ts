import type { Browser } from 'playwright-core';
import request from 'supertest';
import { aDraftBody, startTestApp, type TestApp } from '@ledger/testing';
import { createApp } from '../../apps/api/src/create-app';
import {
  beginOidcSignIn,
  completeOidcSignIn,
  OidcSignInFailed,
  type OidcConfig,
  type OidcEnvironment,
} from '../../apps/web/src/session/oidc';
import { startOidcIssuer, type RunningIssuer } from './oidc-issuer';
import {
  browserSuite,
  launchChromium,
  newPage,
  startLedger,
  type RunningLedger,
} from './web-app.harness';

// The web app's sign-in code (authorization code + PKCE) run against a real OpenID Connect issuer
// on loopback, and the ledger API verifying what it issues through the issuer's JWKS: no mocks.
const redirectUri = 'http://127.0.0.1:5199/auth/callback';

/** A browser's part of the dance, by HTTP: follows redirects with a cookie jar, signs in, consents. */
class SignInBrowser {
  private readonly cookies = new Map<string, string>();

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers ?? {}), cookie: this.cookieHeader() },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const index = pair.indexOf('=');
      this.cookies.set(pair.slice(0, index), pair.slice(index + 1));
    }
    return response;
  }

  /** Follows the provider's redirects until it sends the browser back to the app; answers that URL. */
  async signIn(authorizationUrl: string, login: string): Promise<URL> {
    let url = authorizationUrl;
    for (let step = 0; step < 12; step += 1) {
      if (url.startsWith(redirectUri)) return new URL(url);
      const response = await this.fetch(url);
      const location = response.headers.get('location');
      if (location) {
        url = new URL(location, url).toString();
        continue;
      }
      const page = await response.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
      const prompt = /name="prompt" value="([^"]+)"/.exec(page)?.[1];
      if (!action || !prompt)
        throw new Error(`unexpected page from the issuer: ${page.slice(0, 300)}`);
      const form = new URLSearchParams({ prompt });
      if (prompt === 'login') {
        form.set('login', login);
        form.set('password', 'any');
      }
      const submitted = await this.fetch(new URL(action, url).toString(), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      url = new URL(submitted.headers.get('location')!, url).toString();
    }
    throw new Error('the issuer never sent the browser back to the app');
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

function tabEnvironment(): OidcEnvironment & { readonly visited: string[] } {
  const items = new Map<string, string>();
  const visited: string[] = [];
  return {
    visited,
    redirectUri,
    navigate: (url) => visited.push(url),
    storage: {
      getItem: (key) => items.get(key) ?? null,
      setItem: (key, value) => void items.set(key, value),
      removeItem: (key) => void items.delete(key),
    },
  };
}

describe('signing in with the organisation account (OIDC, code + PKCE)', () => {
  let issuer: RunningIssuer;
  let ledger: TestApp;
  let config: OidcConfig;

  beforeAll(async () => {
    issuer = await startOidcIssuer([redirectUri]);
    ledger = await startTestApp('sqlite', createApp, {
      LEDGER_JWT_JWKS_URL: `${issuer.issuer}/jwks`,
      LEDGER_JWT_ISSUER: issuer.issuer,
      LEDGER_JWT_AUDIENCE: issuer.audience,
    });
    config = { issuer: issuer.issuer, clientId: issuer.clientId, scopes: 'openid profile' };
  });

  afterAll(async () => {
    await ledger?.close();
    await issuer?.stop();
  });

  async function signInAs(login: string, returnTo = '/board-pack') {
    const tab = tabEnvironment();
    await beginOidcSignIn(config, returnTo, tab);
    const callback = await new SignInBrowser().signIn(tab.visited[0], login);
    return completeOidcSignIn(config, callback, tab);
  }

  it('sends the person to the issuer with a PKCE S256 challenge, state and nonce', async () => {
    const tab = tabEnvironment();
    await beginOidcSignIn(config, '/portfolio', tab);
    const sent = new URL(tab.visited[0]);
    expect(sent.origin).toBe(issuer.issuer);
    expect(Object.fromEntries(sent.searchParams)).toMatchObject({
      client_id: 'ledger-web',
      redirect_uri: redirectUri,
      response_type: 'code',
      code_challenge_method: 'S256',
      scope: 'openid profile',
    });
    expect(sent.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sent.searchParams.get('state')).toBeTruthy();
    expect(sent.searchParams.get('nonce')).toBeTruthy();
  });

  it('signs a board member in, and the API accepts the issued token with their roles', async () => {
    const signedIn = await signInAs('brenda');
    expect(signedIn.returnTo).toBe('/board-pack');
    expect(signedIn.expiresAt).toBeGreaterThan(Date.now());
    const http = request(ledger.app.getHttpServer());
    const bearer = { Authorization: `Bearer ${signedIn.accessToken}` };
    await http.get('/api/v1/audit/digest').set(bearer).expect(200);
    const refused = await http.post('/api/v1/proposals').set(bearer).send(aDraftBody()).expect(403);
    expect(refused.body.detail).toMatch(/proposer/);
  });

  it('records the signed-in person from the issuer as the actor of what they do', async () => {
    const signedIn = await signInAs('priya', '/proposals/new');
    const http = request(ledger.app.getHttpServer());
    const drafted = await http
      .post('/api/v1/proposals')
      .set('Authorization', `Bearer ${signedIn.accessToken}`)
      .send(aDraftBody({ title: 'Replace the library management system' }))
      .expect(201);
    const auditor = await signInAs('aude');
    const history = await http
      .get(`/api/v1/proposals/${drafted.body.id}/history`)
      .set('Authorization', `Bearer ${auditor.accessToken}`)
      .expect(200);
    expect(history.body.events[0].actor).toEqual({ id: 'priya', name: 'Priya Proposer' });
  });

  it('refuses a callback whose state was not issued to this tab', async () => {
    const tab = tabEnvironment();
    await beginOidcSignIn(config, '/', tab);
    const callback = await new SignInBrowser().signIn(tab.visited[0], 'fay');
    callback.searchParams.set('state', 'forged');
    await expect(completeOidcSignIn(config, callback, tab)).rejects.toThrow(OidcSignInFailed);
  });

  it('completes a sign-in once: a replayed callback is refused by the tab and by the issuer', async () => {
    const tab = tabEnvironment();
    await beginOidcSignIn(config, '/', tab);
    const pending = tab.storage.getItem('ledger.oidc.pending')!;
    const callback = await new SignInBrowser().signIn(tab.visited[0], 'fay');
    await completeOidcSignIn(config, callback, tab);
    await expect(completeOidcSignIn(config, callback, tab)).rejects.toThrow(
      /not started in this browser tab|already completed/,
    );
    // Even with the tab's PKCE verifier put back, the issuer will not redeem the same code twice.
    tab.storage.setItem('ledger.oidc.pending', pending);
    await expect(completeOidcSignIn(config, callback, tab)).rejects.toThrow(/refused the code/);
  });

  it('keeps a crafted return address inside the app', async () => {
    const signedIn = await signInAs('fay', '//evil.example/steal');
    expect(signedIn.returnTo).toBe('/');
  });
});

browserSuite()('signing in with the organisation account, in Chromium', () => {
  let ledger: RunningLedger;
  let issuer: RunningIssuer;
  let browser: Browser;

  beforeAll(async () => {
    // The issuer must know the app's callback, and the app the issuer: start the app, then the
    // issuer with its callback, then restart the app pointed at the issuer.
    ledger = await startLedger();
    issuer = await startOidcIssuer([`${ledger.url}/auth/callback`]);
    await ledger.restart({
      LEDGER_JWT_JWKS_URL: `${issuer.issuer}/jwks`,
      LEDGER_JWT_ISSUER: issuer.issuer,
      LEDGER_JWT_AUDIENCE: issuer.audience,
      LEDGER_OIDC_CLIENT_ID: issuer.clientId,
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await ledger?.stop();
    await issuer?.stop();
  });

  it('goes to the issuer and back, and opens the page asked for as the person the issuer names', async () => {
    const { page, problems } = await newPage(browser);
    await page.goto(`${ledger.url}/sign-in?returnTo=${encodeURIComponent('/audit')}`);
    await expect(page.getByRole('button', { name: /Demo|Sign in as/ }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: "Sign in with your organisation's account" }).click();
    await page.waitForURL(`${issuer.issuer}/**`);
    await page.locator('input[name="login"]').fill('brenda');
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    // The issuer asks once whether the ledger may have the person's profile.
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(`${ledger.url}/audit`);
    await page.getByText('Signed in as Brenda Board').waitFor();
    await page.getByRole('heading', { name: /audit/i, level: 1 }).waitFor();
    expect(await page.evaluate<string>('JSON.stringify(sessionStorage)')).toBe('{}');
    expect(await page.evaluate<string>('JSON.stringify(localStorage)')).toBe('{}');
    expect(problems).toEqual([]);
  });
});
