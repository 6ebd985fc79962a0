import type { OidcSignInConfig } from '../api/types';

export interface OidcSignInResult {
  readonly accessToken: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  /** The app path the person was on when sign-in began. */
  readonly returnTo: string;
}

/** Sends the browser to the organisation's issuer (authorization code with PKCE). */
export async function beginOidcSignIn(_config: OidcSignInConfig, _returnTo: string): Promise<void> {
  throw new Error('OIDC sign-in is not built on this branch');
}

/** Completes sign-in on /auth/callback: checks state, exchanges the code, answers the token. */
export async function completeOidcSignIn(
  _config: OidcSignInConfig,
  _callbackUrl: URL,
): Promise<OidcSignInResult> {
  throw new Error('OIDC sign-in is not built on this branch');
}
