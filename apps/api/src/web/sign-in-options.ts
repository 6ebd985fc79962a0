import { DEMO_SIGN_IN_PEOPLE, type DemoPerson, type LedgerConfig } from '@ledger/platform';

export const SIGN_IN_OPTIONS = Symbol('SIGN_IN_OPTIONS');

export type SignInOptions =
  | { readonly mode: 'demo'; readonly demoPeople: readonly DemoPerson[] }
  | {
      readonly mode: 'oidc';
      readonly issuer: string;
      readonly clientId: string;
      readonly scopes: string;
    }
  | { readonly mode: 'unavailable'; readonly reason: string };

/**
 * Demo sign-in mints tokens with the shared HS256 secret, so it exists only where that secret signs
 * the tokens and never in production; an organisation's issuer needs the web app's client id.
 */
export function signInOptions(
  config: Pick<LedgerConfig, 'production' | 'jwt' | 'oidc'>,
): SignInOptions {
  if (config.jwt.jwksUrl) {
    if (config.oidc.clientId && config.jwt.issuer) {
      return {
        mode: 'oidc',
        issuer: config.jwt.issuer,
        clientId: config.oidc.clientId,
        scopes: config.oidc.scopes,
      };
    }
    return {
      mode: 'unavailable',
      reason:
        'Tokens come from an OpenID Connect issuer, but the web app has no client there: ' +
        'an operator sets LEDGER_OIDC_CLIENT_ID and LEDGER_JWT_ISSUER.',
    };
  }
  if (config.production) {
    return {
      mode: 'unavailable',
      reason:
        'Demo sign-in is off in production. An operator connects an organisation sign-in with ' +
        'LEDGER_JWT_JWKS_URL, LEDGER_JWT_ISSUER and LEDGER_OIDC_CLIENT_ID; meanwhile programs use ' +
        'tokens minted with the shared secret.',
    };
  }
  return { mode: 'demo', demoPeople: DEMO_SIGN_IN_PEOPLE };
}

export function demoSignInAllowed(config: Pick<LedgerConfig, 'production' | 'jwt'>): boolean {
  return !config.production && !config.jwt.jwksUrl;
}
