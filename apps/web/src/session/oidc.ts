import * as oauth from 'oauth4webapi';

/** How the API says to sign in when the council's identity provider (Entra ID, ...) is configured. */
export interface OidcConfig {
  readonly issuer: string;
  readonly clientId: string;
  /** Space-separated, e.g. `openid profile api://ledger/decide`. */
  readonly scopes: string;
}

export interface OidcSignIn {
  /** Sent to the API as the bearer token; kept in memory only. */
  readonly accessToken: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
  /** The app path the person was on when sign-in began. */
  readonly returnTo: string;
}

/**
 * What the flow needs from the browser, replaceable so the same code runs against a real provider
 * from Node in tests. The PKCE verifier and state survive the redirect in sessionStorage (this tab
 * only, removed on return); tokens never go there.
 */
export interface TabStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface OidcEnvironment {
  readonly storage: TabStorage;
  readonly navigate: (url: string) => void;
  readonly redirectUri: string;
}

export class OidcSignInFailed extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OidcSignInFailed';
  }
}

const PENDING_KEY = 'ledger.oidc.pending';
export const CALLBACK_PATH = '/auth/callback';

interface Pending {
  readonly verifier: string;
  readonly state: string;
  readonly nonce: string;
  readonly returnTo: string;
  readonly redirectUri: string;
}

/** Typed here rather than from the DOM library, so tests type-check this module under Node's types. */
interface BrowserWindow {
  readonly sessionStorage: TabStorage;
  readonly location: { readonly origin: string; assign(url: string): void };
}

function browserEnvironment(): OidcEnvironment {
  const browser = globalThis as unknown as BrowserWindow;
  return {
    storage: browser.sessionStorage,
    navigate: (url) => browser.location.assign(url),
    redirectUri: new URL(CALLBACK_PATH, browser.location.origin).toString(),
  };
}

/** Plain http is accepted only for an issuer on this machine (a developer's or a test's provider). */
function requestOptions(issuer: URL): { [oauth.allowInsecureRequests]?: boolean } {
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname);
  return issuer.protocol === 'http:' && loopback ? { [oauth.allowInsecureRequests]: true } : {};
}

async function discover(config: OidcConfig): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(config.issuer);
  try {
    const response = await oauth.discoveryRequest(issuer, {
      algorithm: 'oidc',
      ...requestOptions(issuer),
    });
    return await oauth.processDiscoveryResponse(issuer, response);
  } catch (error) {
    throw new OidcSignInFailed(`The sign-in service at ${issuer.origin} could not be reached`, {
      cause: error,
    });
  }
}

/** Authorization code with PKCE (S256): sends the person to the identity provider's sign-in page. */
export async function beginOidcSignIn(
  config: OidcConfig,
  returnTo: string,
  environment: OidcEnvironment = browserEnvironment(),
): Promise<void> {
  const server = await discover(config);
  if (!server.authorization_endpoint)
    throw new OidcSignInFailed('The sign-in service publishes no authorization endpoint');
  const pending: Pending = {
    verifier: oauth.generateRandomCodeVerifier(),
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    returnTo: safeReturnPath(returnTo),
    redirectUri: environment.redirectUri,
  };
  const url = new URL(server.authorization_endpoint);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', pending.redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', config.scopes);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(pending.verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', pending.state);
  url.searchParams.set('nonce', pending.nonce);
  environment.storage.setItem(PENDING_KEY, JSON.stringify(pending));
  environment.navigate(url.toString());
}

/** Finishes sign-in on the callback page: checks state, redeems the code with the verifier. */
export async function completeOidcSignIn(
  config: OidcConfig,
  currentUrl: URL,
  environment: OidcEnvironment = browserEnvironment(),
): Promise<OidcSignIn> {
  const stored = environment.storage.getItem(PENDING_KEY);
  environment.storage.removeItem(PENDING_KEY);
  if (!stored)
    throw new OidcSignInFailed(
      'This sign-in was not started in this browser tab, or was already completed: sign in again',
    );
  const pending = JSON.parse(stored) as Pending;
  const server = await discover(config);
  const client: oauth.Client = { client_id: config.clientId };
  const options = requestOptions(new URL(config.issuer));
  try {
    const parameters = oauth.validateAuthResponse(server, client, currentUrl, pending.state);
    const response = await oauth.authorizationCodeGrantRequest(
      server,
      client,
      oauth.None(),
      parameters,
      pending.redirectUri,
      pending.verifier,
      options,
    );
    const tokens = await oauth.processAuthorizationCodeResponse(server, client, response, {
      expectedNonce: pending.nonce,
      requireIdToken: config.scopes.split(/\s+/).includes('openid'),
    });
    const lifetime = typeof tokens.expires_in === 'number' ? tokens.expires_in : 300;
    return {
      accessToken: tokens.access_token,
      expiresAt: Date.now() + lifetime * 1000,
      returnTo: pending.returnTo,
    };
  } catch (error) {
    throw new OidcSignInFailed(describe(error), { cause: error });
  }
}

/** Only a path inside this app: a crafted returnTo must not send the person elsewhere. */
function safeReturnPath(returnTo: string): string {
  return returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/';
}

function describe(error: unknown): string {
  if (error instanceof oauth.AuthorizationResponseError)
    return `The sign-in service refused: ${error.error_description ?? error.error}`;
  if (error instanceof oauth.ResponseBodyError)
    return `The sign-in service refused the code: ${error.error_description ?? error.error}`;
  if (error instanceof Error) return `Sign-in could not be completed: ${error.message}`;
  return 'Sign-in could not be completed';
}
