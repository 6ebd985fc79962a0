import type { Provider, Type } from '@nestjs/common';
import type { LedgerConfig } from '@ledger/platform';
import { DemoSessionController, SessionController } from './session.controller';
import { demoSignInAllowed, SIGN_IN_OPTIONS, signInOptions } from './sign-in-options';

/**
 * The web app's own routes under /api/v1: how to sign in, and outside production the demo sign-in.
 * They join the application module (not a module of their own) because the demo sign-in mints
 * with the application's AccessTokens.
 */
export function webControllers(config: LedgerConfig): Type[] {
  return demoSignInAllowed(config)
    ? [SessionController, DemoSessionController]
    : [SessionController];
}

export function webProviders(config: LedgerConfig): Provider[] {
  return [{ provide: SIGN_IN_OPTIONS, useValue: signInOptions(config) }];
}
